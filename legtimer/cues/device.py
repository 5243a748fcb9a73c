"""Tones through the audio device, with miniaudio (docs/sound.md says why this library).

The caller's `play` only appends the cue's name to a queue and returns. A
worker thread opens the device (and reads the sound folder) so that nothing
slow happens on the event loop, starts the device when there is something to
play and stops it soon after, so a long hold costs no audio callbacks. The
device's own thread pulls queued cues and mixes them: no process is started
for a beep, and two cues at once are heard together.

When no device can be opened (SSH, a container, CI) the sink says so once and
hands every later cue to its fallback (the terminal bell, or nothing).
"""

from __future__ import annotations

import atexit
import ctypes
import sys
import threading
import time
import types
import weakref
from collections import deque
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from legtimer.cues.bank import CueBank, load_bank
from legtimer.cues.mixer import Mixer
from legtimer.cues.sinks import BellSink, SoundSink
from legtimer.cues.tones import SAMPLE_RATE, CueName

PERIOD_MS = 10  # the device asks for samples this often: the latency of a cue's start
# A running stream costs about 2% of a core (PulseAudio, measured: 230 us of callback
# and client work every 10 ms period) even playing silence, so it is stopped half a
# second after its last cue, even between metronome beats: restarting it costs less
# than running it (measured: a beat a second, 1.25 s/min of CPU running throughout,
# 0.73 restarting), and beats recorded from the server still came 1.000 s +/- 4 ms apart.
IDLE_STOP_SECONDS = 0.5
DRAIN_SECONDS = 2.0  # closing waits this long at most for the cues still sounding
# Linux: PulseAudio (PipeWire serves it too) or ALSA. Others: the platform's default.
LINUX_BACKENDS = ("pulseaudio", "alsa")


class State(StrEnum):
    OPENING = "opening"
    READY = "ready"
    FAILED = "failed"
    CLOSED = "closed"


class DeviceSink:
    def __init__(
        self,
        sound_dir: str | Path | None,
        volume: int,
        *,
        fallback: SoundSink,
        backends: tuple[str, ...] | None = None,
        rate: int = SAMPLE_RATE,
    ) -> None:
        self.fallback = fallback
        self.rate = rate
        self.state = State.OPENING
        self.backend = ""  # the backend's name once open: "PulseAudio", "ALSA", "Null", ...
        # (cue, asked at, first samples handed to the device at), for latency figures.
        self.started: deque[tuple[CueName, float, float]] = deque(maxlen=256)
        self._sound_dir = sound_dir
        self._volume = volume
        self._backends = backends
        self._bank: CueBank | None = None
        self._pending: deque[tuple[CueName, float]] = deque()
        self._mixer = Mixer()
        self._notices: deque[str] = deque()
        self._wake = threading.Event()
        self._ready = threading.Event()
        self._closing = threading.Event()
        self._last_sound = 0.0
        self._thread = threading.Thread(target=self._run, name="legtimer-sound", daemon=True)
        self._thread.start()
        _open_sinks.add(self)

    # ----------------------------------------------------------------- the caller's side

    @property
    def tones(self) -> bool:
        return self.state in (State.OPENING, State.READY)

    def play(self, cue: CueName) -> None:
        if self.state in (State.OPENING, State.READY):
            self._pending.append((cue, time.monotonic()))
            self._wake.set()
        elif self.state is State.FAILED:
            self.fallback.play(cue)

    def notices(self) -> list[str]:
        out = []
        while self._notices:
            out.append(self._notices.popleft())
        return out + self.fallback.notices()

    def wait_ready(self, timeout: float) -> bool:
        """Wait for the device to open or fail (for the command line, not the event loop)."""
        self._ready.wait(timeout)
        return self.state is State.READY

    @property
    def frames_played(self) -> int:
        """Frames of sound (not silence) handed to the device so far."""
        return self._mixer.frames_played

    def idle(self) -> bool:
        """Nothing queued and nothing sounding."""
        return not self._pending and not self._mixer.active

    def close(self, wait: float = 0.0) -> None:
        self._closing.set()
        self._wake.set()
        if wait:
            self._thread.join(wait)

    # ----------------------------------------------------------------- the worker thread

    def _run(self) -> None:
        try:
            device = self._open()
        except Exception as error:  # the audio library's own errors, a missing library, ...
            self._fail(_describe(error))
            return
        finally:
            self._ready.set()
        # Started at once, on silence: some servers (PulseAudio) hold back the first
        # periods after a new stream for a second or two; better now than at a pip.
        running = self._start(device)
        try:
            while True:
                closing = self._closing.is_set()
                if self._pending and not running:
                    running = self._start(device)
                elif (
                    running
                    and not closing
                    and time.monotonic() - self._last_sound > IDLE_STOP_SECONDS
                    and self.idle()
                ):
                    device.stop()
                    running = False
                if closing:
                    break
                self._wake.wait(IDLE_STOP_SECONDS / 3 if running else None)
                self._wake.clear()
            # Closing: let what is sounding finish ("session complete" at the very end).
            deadline = time.monotonic() + DRAIN_SECONDS
            while running and not self.idle() and time.monotonic() < deadline and not _exiting:
                time.sleep(PERIOD_MS / 1000)
        except Exception as error:  # a device unplugged mid-session, ...
            self._fail(_describe(error))
        finally:
            self.state = State.FAILED if self.state is State.FAILED else State.CLOSED
            device.close()

    def _start(self, device: Any) -> bool:
        self._last_sound = time.monotonic()
        stream = self._stream()
        next(stream)  # a generator takes sends only once started
        device.start(stream)
        return True

    def _open(self) -> Any:
        miniaudio = _import_miniaudio()
        names = self._backends
        if names is None and sys.platform.startswith("linux"):
            names = LINUX_BACKENDS
        backends = [_backend(miniaudio, name) for name in names] if names else None
        if sys.platform.startswith("linux"):
            _quiet_alsa()
        bank = load_bank(self._sound_dir, self._volume)
        self._notices.extend(bank.problems)
        self._bank = bank
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=self.rate,
            buffersize_msec=PERIOD_MS,
            backends=backends,
            app_name="legtimer",
        )
        self.backend = str(device.backend)
        if self.backend.lower() == "null" and "null" not in (names or ()):
            device.close()
            raise RuntimeError("no audio output device")
        self.state = State.READY
        return device

    def _fail(self, reason: str) -> None:
        self.state = State.FAILED
        self._pending.clear()
        instead = (
            "the terminal bell stands in for the tones"
            if isinstance(self.fallback, BellSink)
            else "cues are silent"
        )
        self._notices.append(f"Sound: no audio device could be used ({reason}); {instead}")

    # ----------------------------------------------------------------- the device's thread

    def _stream(self) -> Generator[bytes, int, None]:
        """Samples for each period the device asks for: the queued cues, mixed."""
        frames = yield b""
        while True:
            self._take_pending()
            if self._mixer.active:
                self._last_sound = time.monotonic()
            frames = yield self._mixer.mix(frames)

    def _take_pending(self) -> None:
        bank = self._bank
        while self._pending and bank is not None:
            self._last_sound = time.monotonic()  # before the queue empties: see _run
            name, asked = self._pending.popleft()
            self._mixer.add(name, bank.samples[name])
            self.started.append((name, asked, time.monotonic()))


_open_sinks: weakref.WeakSet[DeviceSink] = weakref.WeakSet()
_exiting = False


@atexit.register
def _close_at_exit() -> None:
    """Release the devices before the interpreter goes: an audio thread calling back
    into a finalizing interpreter can hang the exit."""
    global _exiting
    _exiting = True
    for sink in list(_open_sinks):
        sink.close(wait=1.0)


def _backend(miniaudio: Any, name: str) -> Any:
    return miniaudio.Backend[name.upper()]


def _describe(error: BaseException) -> str:
    if isinstance(error, ImportError):
        return f"the audio library cannot be loaded: {error}"
    match error.args:
        case (str(message), int(code)):  # miniaudio's errors: a message and a result code
            return f"{message}, miniaudio result {code}"
    return str(error) or type(error).__name__


@contextmanager
def _lean_imports() -> Iterator[None]:
    """Keep what miniaudio imports but legtimer never uses out of memory.

    miniaudio imports urllib.request (for its internet radio client) and numpy if
    it is installed; neither is used here, and together they can cost tens of MiB.
    Modules already loaded are left alone.
    """
    placed: dict[str, types.ModuleType | None] = {}
    if "numpy" not in sys.modules:
        placed["numpy"] = None  # `import numpy` fails: miniaudio then does without
    if "urllib.request" not in sys.modules:
        placed["urllib.request"] = types.ModuleType("urllib.request")
    sys.modules.update(placed)  # type: ignore[arg-type]
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _import_miniaudio() -> Any:
    if "miniaudio" in sys.modules:
        return sys.modules["miniaudio"]
    with _lean_imports():
        import miniaudio
    return miniaudio


_alsa_handler: Any = None


def _quiet_alsa() -> None:
    """ALSA writes its errors straight to the terminal (file descriptor 2), which would
    scribble over the app's screen when there is no sound card: give it a handler that
    drops them. The error is still returned to miniaudio, which reports it to us."""
    global _alsa_handler
    if _alsa_handler is not None:
        return
    try:
        alsa = ctypes.CDLL("libasound.so.2")
    except OSError:
        return  # no ALSA: nothing to quieten
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    _alsa_handler = handler_type(lambda *_: None)
    alsa.snd_lib_error_set_handler(_alsa_handler)
