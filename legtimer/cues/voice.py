"""Spoken cues: a speech program started in the background and never waited on.

With no `speak_command` set, a program is found on the machine: espeak-ng or
espeak, spd-say, `say` on macOS, Windows PowerShell's System.Speech. A newer
announcement replaces one still being spoken (a stale "Rest" must not talk over
"Go"). A missing program or a failing command is reported once and speech is
then off; nothing here can crash or block the timer.

The caller's thread is the app's event loop: a Speaker only queues requests
there. Its own worker thread looks for the program, starts, stops and reaps
the processes, and queues what went wrong; the caller hands that to `report`
on its own thread (from `say`, `stop`, `report_notices`, `close`).
"""

from __future__ import annotations

import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from legtimer.core.settings import Settings

TEXT = "{text}"
TEXT_ENV = "LEGTIMER_SPEECH"
# Windows PowerShell (5.1) has System.Speech built in; the text goes in through the
# environment so that nothing in it is ever read as PowerShell.
_POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak($env:" + TEXT_ENV + ")"
)


@dataclass(frozen=True)
class SpeechCommand:
    """A program and its arguments; "{text}" in an argument is replaced by what is said,
    and without one the text is the last argument (or, for PowerShell, an environment
    variable)."""

    argv: tuple[str, ...]
    text_in_env: bool = False

    @property
    def name(self) -> str:
        return os.path.basename(self.argv[0]) if self.argv else ""

    def words(self, text: str) -> list[str]:
        words = [part.replace(TEXT, text) for part in self.argv]
        if not self.text_in_env and not any(TEXT in part for part in self.argv):
            words.append(text)
        return words


# Programs tried in order, per platform: the platform's own voice first.
_Candidates = tuple[tuple[str, tuple[str, ...]], ...]
_LINUX: _Candidates = (
    ("espeak-ng", ("--", TEXT)),
    ("espeak", ("--", TEXT)),
    # --wait keeps spd-say running while it speaks, so a newer announcement can stop it.
    ("spd-say", ("--wait", "--", TEXT)),
)
_MACOS: _Candidates = (("say", (TEXT,)), *_LINUX[:2])
_WINDOWS: _Candidates = (
    ("powershell", ("-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_SCRIPT)),
)


def find_speech_command(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> SpeechCommand | None:
    """The first speech program on PATH, or None."""
    if platform == "darwin":
        candidates = _MACOS
    elif platform.startswith(("win", "cygwin")):
        candidates = _WINDOWS + _LINUX[:2]
    else:
        candidates = _LINUX
    for program, arguments in candidates:
        found = which(program)
        if found:
            return SpeechCommand((found, *arguments), text_in_env=program == "powershell")
    return None


NO_PROGRAM = (
    "Speech: no speech program found (espeak-ng, espeak, spd-say, say or PowerShell); "
    "spoken cues are off. Install espeak-ng, set speak_command, or set speak = false"
)
POLL_SECONDS = 0.05  # how often the worker looks at a speech program still speaking
FINISH_SECONDS = 10.0  # after `close`, how long words already started may go on


def speaker_for(settings: Settings, report: Callable[[str], None]) -> Speaker | None:
    """The speaker the settings ask for: off, the person's own command, or one found
    (looked for on the speaker's own thread; none found is reported from there)."""
    if not settings.speak:
        return None
    if settings.speak_command.strip():
        return Speaker(settings.speak_command, report)
    return Speaker(None, report)


class _Do(Enum):
    SAY = "say"
    STOP = "stop"
    CLOSE = "close"


_Request = tuple[_Do, str]


class Speaker:
    """Says one thing at a time through a speech program, from a thread of its own.

    `command` is the person's `speak_command`, a program found already, or None to
    find one (with `find`) on the worker thread before the first words.
    """

    def __init__(
        self,
        command: str | SpeechCommand | None,
        report: Callable[[str], None],
        *,
        find: Callable[[], SpeechCommand | None] = find_speech_command,
        finish_seconds: float = FINISH_SECONDS,
    ) -> None:
        self.report = report
        self.finish_seconds = finish_seconds
        self._find: Callable[[], SpeechCommand | None] | None = None
        self._parsed: SpeechCommand | None = None
        self._problem = ""
        if command is None:
            self.command = ""  # known once found
            self._label = "speech program"
            self._find = find
        elif isinstance(command, SpeechCommand):
            self._use(command)
        else:
            self.command = command.strip()
            self._label = f"speak_command {self.command!r}"
            try:
                self._parsed = SpeechCommand(tuple(shlex.split(self.command)))
            except ValueError as error:
                self._problem = str(error)
        self._usable = command is None or bool(self.command)
        self._failed = False  # set by the worker; read anywhere
        self._closed = False
        # The worker's own: the processes started and not yet reaped.
        self._running: list[subprocess.Popen[bytes]] = []
        self._replaced: set[subprocess.Popen[bytes]] = set()
        # Shared, under `_state`: what to report, requests not handled yet, whether a
        # program is still speaking (for `wait_idle`).
        self._state = threading.Condition()
        self._notices: list[str] = []
        self._pending = 1 if self._find is not None else 0
        self._busy = False
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        if self._usable:
            self._thread = threading.Thread(target=self._work, name="speech", daemon=True)
            self._thread.start()

    # ----------------------------------------------------------------- the caller's side

    @property
    def enabled(self) -> bool:
        return self._usable and not self._failed and not self._closed

    def say(self, text: str) -> None:
        """Have `text` said, cutting short whatever is still being said. Returns at once."""
        self.report_notices()
        if self.enabled:
            self._ask(_Do.SAY, text)

    def stop(self) -> None:
        """Stop any speech still going (muting). Returns at once."""
        self.report_notices()
        if self._thread is not None and not self._closed:
            self._ask(_Do.STOP)

    def report_notices(self) -> None:
        """Hand what went wrong on the worker (each once) to `report`, on this thread."""
        with self._state:
            notices, self._notices = self._notices, []
        for notice in notices:
            self.report(notice)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every request is handled and nothing is being said; False if that
        took longer than `timeout` seconds. Never from the event loop."""
        with self._state:
            return self._state.wait_for(lambda: self._pending == 0 and not self._busy, timeout)

    def close(self, wait: float = 0.0) -> None:
        """No more speech: waits up to `wait` seconds for what is being said (0 from the
        event loop), then the worker lets it finish (`finish_seconds` at most), stops it
        and ends."""
        if self._closed:
            return
        if wait > 0:
            self.wait_idle(wait)
        self.report_notices()
        if self._thread is not None:
            self._ask(_Do.CLOSE)
        self._closed = True

    def _ask(self, do: _Do, text: str = "") -> None:
        with self._state:
            self._pending += 1
            self._requests.put((do, text))

    # ----------------------------------------------------------------- the worker's side

    def _work(self) -> None:
        try:
            if self._find is not None:
                self._discover()
                self._settle(1)
            while not self._serve():
                pass
        except Exception as error:  # never silently: speech is off and said to be
            self._fail(f"{self._label} stopped working: {error}")
            with self._state:
                self._pending, self._busy = 0, False
                self._state.notify_all()

    def _serve(self) -> bool:
        """Handle what was asked since the last time (or look at what is speaking);
        True once closed."""
        batch: list[_Request] = []
        try:
            batch.append(self._requests.get(timeout=POLL_SECONDS if self._running else None))
            while True:
                batch.append(self._requests.get_nowait())
        except queue.Empty:
            pass
        self._reap()
        if any(do is not _Do.CLOSE for do, _ in batch):
            self._stop_all()  # a newer announcement, or muting
        text = _last_words(batch)
        if text is not None and not self._failed:
            self._start(text)
        closing = any(do is _Do.CLOSE for do, _ in batch)
        if closing:
            self._finish()
        self._settle(len(batch))
        return closing

    def _discover(self) -> None:
        assert self._find is not None
        found = self._find()
        if found is None:
            self._failed = True
            self._notify(NO_PROGRAM)
        else:
            self._use(found)

    def _use(self, command: SpeechCommand) -> None:
        self.command = shlex.join(command.argv)
        self._label = f"speech program {command.name!r}"
        self._parsed = command

    def _start(self, text: str) -> None:
        parsed = self._parsed
        if parsed is None or not parsed.argv:
            self._fail(f"{self._label} cannot run: {self._problem or 'it is empty'}")
            return
        env = None
        if parsed.text_in_env:
            env = {**os.environ, TEXT_ENV: text}
        try:
            process = subprocess.Popen(
                parsed.words(text),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped as a whole
                env=env,
            )
        except (OSError, ValueError) as error:
            self._fail(f"{self._label} cannot run: {error}")
            return
        self._running.append(process)

    def _stop_all(self) -> None:
        for process in self._running:
            if process.poll() is None and process not in self._replaced:
                self._replaced.add(process)
                _terminate(process)

    def _finish(self) -> None:
        """At close: the last words may finish (bounded), then whatever is left stops."""
        deadline = time.monotonic() + self.finish_seconds
        for process in self._running:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                break
        self._stop_all()
        self._reap()

    def _reap(self) -> None:
        """Collect finished speech processes; report the first failure."""
        still = []
        for process in self._running:
            code = process.poll()
            if code is None:
                still.append(process)
            elif process in self._replaced:
                self._replaced.discard(process)  # cut short on purpose: no failure
            elif code != 0:
                self._fail(f"{self._label} failed with exit status {code}")
        self._running = still

    def _settle(self, handled: int) -> None:
        with self._state:
            self._pending -= handled
            self._busy = bool(self._running)
            self._state.notify_all()

    def _fail(self, message: str) -> None:
        if not self._failed:
            self._failed = True
            self._notify(message + "; spoken cues are off for this session")

    def _notify(self, message: str) -> None:
        with self._state:
            self._notices.append(message)


def _last_words(batch: Sequence[_Request]) -> str | None:
    """What is still to be said after these requests: the newest words not stopped since."""
    text = None
    for do, words in batch:
        if do is _Do.SAY:
            text = words
        elif do is _Do.STOP:
            text = None
    return text


def _terminate(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform != "win32":
            # The whole group: a shell wrapper's speech program stops too.
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
    except (ProcessLookupError, PermissionError, OSError):
        pass  # it finished in the meantime
