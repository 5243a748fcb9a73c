"""Spoken cues: a speech program started in the background and never waited on.

With no `speak_command` set, a program is found on the machine: espeak-ng or
espeak, spd-say, `say` on macOS, Windows PowerShell's System.Speech. A newer
announcement replaces one still being spoken (a stale "Rest" must not talk over
"Go"). A missing program or a failing command is reported once and speech is
then off; nothing here can crash or block the timer.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

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


def speaker_for(settings: Settings, report: Callable[[str], None]) -> Speaker | None:
    """The speaker the settings ask for: off, the person's own command, or one found."""
    if not settings.speak:
        return None
    if settings.speak_command.strip():
        return Speaker(settings.speak_command, report)
    found = find_speech_command()
    if found is None:
        report(
            "Speech: no speech program found (espeak-ng, espeak, spd-say, say or PowerShell); "
            "spoken cues are off. Install espeak-ng, set speak_command, or set speak = false"
        )
        return None
    return Speaker(found, report)


class Speaker:
    def __init__(self, command: str | SpeechCommand, report: Callable[[str], None]) -> None:
        self.report = report
        self._parsed: SpeechCommand | None = None
        self._problem = ""
        if isinstance(command, SpeechCommand):
            self.command = shlex.join(command.argv)
            self._label = f"speech program {command.name!r}"
            self._parsed = command
        else:
            self.command = command.strip()
            self._label = f"speak_command {self.command!r}"
            try:
                self._parsed = SpeechCommand(tuple(shlex.split(self.command)))
            except ValueError as error:
                self._problem = str(error)
        self._running: list[subprocess.Popen[bytes]] = []
        self._replaced: set[subprocess.Popen[bytes]] = set()
        self._failed = False

    @property
    def enabled(self) -> bool:
        return bool(self.command) and not self._failed

    def say(self, text: str) -> None:
        """Start saying `text`, cutting short whatever is still being said."""
        if not self.enabled:
            return
        self._reap()
        if self._failed:
            return
        self.stop()
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

    def stop(self) -> None:
        """Stop any speech still going (a newer announcement, or muting)."""
        for process in self._running:
            if process.poll() is None and process not in self._replaced:
                self._replaced.add(process)
                _terminate(process)

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

    def _fail(self, message: str) -> None:
        if not self._failed:
            self._failed = True
            self.report(message + "; spoken cues are off for this session")


def _terminate(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform != "win32":
            # The whole group: a shell wrapper's speech program stops too.
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
    except (ProcessLookupError, PermissionError, OSError):
        pass  # it finished in the meantime
