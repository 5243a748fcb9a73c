"""`legtimer sounds`: hear every cue with its name, or write them out as WAV files."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from legtimer.core.errors import UserFacingError
from legtimer.core.settings import load_settings
from legtimer.cues.sink_choice import open_sink
from legtimer.cues.sinks import SoundSink
from legtimer.cues.tones import CueName, render
from legtimer.cues.wavfile import write_wav

GAP_SECONDS = 0.6  # quiet between two cues, so each is heard on its own
OPEN_SECONDS = 3.0  # how long to wait for the audio device to open

pause: Callable[[float], None] = time.sleep  # tests replace it: nothing here should sleep there


def terminal_bell() -> None:
    """Ring the bell of the terminal the person sees, never into a pipe."""
    for stream in (sys.stdout, sys.stderr):
        if stream.isatty():
            stream.write("\a")
            stream.flush()
            return


def report(message: str) -> None:
    print(f"legtimer: {message}", file=sys.stderr)


def cue_names(names: Sequence[str]) -> list[CueName]:
    known = {name.value: name for name in CueName}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UserFacingError(
            f"no cue named {', '.join(map(repr, unknown))} (cues: {', '.join(known)})"
        )
    return [known[name] for name in names] or list(CueName)


def play(names: Sequence[str], *, sink: SoundSink | None = None) -> int:
    """Play each cue through the same sink a session uses, printing its name first."""
    cues = cue_names(names)
    settings = load_settings()
    for problem in settings.problems:
        report(problem)
    sink = sink or open_sink(settings, terminal_bell, sound=True)
    wait_ready = getattr(sink, "wait_ready", None)
    if wait_ready is not None and wait_ready(OPEN_SECONDS):  # a session never waits; we may
        print(
            f"Playing through {getattr(sink, 'backend', 'the audio device')}, "
            f"volume {settings.volume}"
        )
    width = max(len(name) for name in cues)
    for name in cues:
        for notice in sink.notices():
            report(notice)
        print(f"{name.value:<{width}}  {name.description}", flush=True)
        sink.play(name)
        pause(len(render(name)) / 44_100 + GAP_SECONDS)
    for notice in sink.notices():
        report(notice)
    sink.close(wait=OPEN_SECONDS)
    return 0


def export(folder: str, names: Sequence[str], *, force: bool) -> int:
    """Write the built-in tones as WAV files named after their cues (a start for your own)."""
    cues = cue_names(names)
    target = Path(folder).expanduser()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserFacingError(f"cannot create {target}: {error.strerror}") from None
    skipped = 0
    for name in cues:
        path = target / f"{name.value}.wav"
        if path.exists() and not force:
            report(f"{path} exists; left as it is (--force replaces it)")
            skipped += 1
            continue
        try:
            _write(path, name)
        except OSError as error:
            raise UserFacingError(f"cannot write {path}: {error.strerror}") from None
        print(path)
    return 1 if skipped else 0


def _write(path: Path, name: CueName) -> None:
    """Write beside the target and move it into place: never half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write_wav(Path(temporary), render(name))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
