#!/usr/bin/env python
"""Sound cues: how late each cue is, what sound costs in CPU and memory.

    python benchmarks/cues.py           # about 11 minutes
    python benchmarks/cues.py --quick   # about 3 minutes
    python benchmarks/cues.py --speech  # about 20 seconds: only 4.

1. Timing: the plain runner (`run --plain --sound`) on the real clock, in this
   process, through the real audio device when one opens (else the bell
   fallback). For each cue: when it was asked for (`play()`) minus the moment
   it belongs to (the transition, the 3-2-1 mark, the metronome beat), and
   for the device, when its thread took the cue's first samples minus `play()`.
2. CPU: `legtimer run ROUTINE --plain` with and without `--sound`, during a
   hold and during paced reps (the metronome), interleaved; user + system time
   of the process from `getrusage`, in seconds per minute.
3. Memory: peak resident memory (`ru_maxrss`) of the same runs, and what
   importing the audio library adds to a process that has Textual loaded.
4. Speech on the caller's thread (the app's event loop): how long `say()`
   takes while the previous words are still being said (each one cuts the
   last short), and making the speaker when the program is looked for, in a
   process with Textual loaded. A stand-in program (`sh -c 'sleep 2'`) speaks.

Nothing is installed; everything written goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from legtimer.cli import plain  # noqa: E402
from legtimer.core.session import Event, Session  # noqa: E402
from legtimer.cues.announcer import Announcement  # noqa: E402
from legtimer.cues.session_cues import SessionCues  # noqa: E402

TIMING = """
name = "Cue timing"
[defaults]
prepare = 5
switch = 5
rest_after = 8
[[exercises]]
name = "Hold"
hold = {hold}
per_side = true
[[exercises]]
name = "Squats"
reps = {reps}
tempo = {{ down = 2, hold = 1, up = 1 }}
"""

HOLD = 'name = "Hold"\n[defaults]\nprepare = 0\n[[exercises]]\nname = "Wall sit"\nhold = {s}\n'
PACED = (
    'name = "Paced"\n[defaults]\nprepare = 0\n[[exercises]]\nname = "Squats"\n'
    "reps = {reps}\ntempo = {{ down = 2, hold = 1, up = 2 }}\n"
)


def spread(values: Sequence[float], unit: str, digits: int = 1) -> str:
    if not values:
        return "-"
    return (
        f"median {statistics.median(values):.{digits}f} {unit}, "
        f"max {max(values):.{digits}f} {unit} (n={len(values)})"
    )


# ----------------------------------------------------------------- timing


class TimedCues(SessionCues):
    """Notes, for each cue played, the moment it belongs to and when it was asked for."""

    log: list[tuple[float, float]] = []
    instances: list[SessionCues] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        TimedCues.instances.append(self)

    def update(self, events: Sequence[Event], session: Session) -> list[Announcement]:
        played = super().update(events, session)
        now = session.clock.now()
        TimedCues.log += [(item.at, now) for item in played if item.cue is not None]
        return played


def bench_timing(folder: Path, quick: bool) -> list[str]:
    routine = folder / "timing.toml"
    routine.write_text(TIMING.format(hold=20 if quick else 30, reps=4 if quick else 8))
    plain.SessionCues = TimedCues  # type: ignore[attr-defined]
    with contextlib.redirect_stdout(io.StringIO()):
        plain.run_plain(str(routine), auto_done=True, sound=True, stdin=io.StringIO(""))
    cues = TimedCues.instances[-1]
    sink: Any = cues.sink
    asked = [(now - at) * 1000 for at, now in TimedCues.log]
    rows = [f"cues asked for after their moment: {spread(asked, 'ms')}"]
    started = list(getattr(sink, "started", ()))
    if started:
        backend = getattr(sink, "backend", "?")
        first, *rest = [(taken - at) * 1000 for _, at, taken in started]
        rows.append(
            f"device ({backend}) took the samples after play(): {spread(rest, 'ms')}; "
            f"the first, asked for while the device opened: {first:.0f} ms"
        )
    else:
        rows.append(f"no audio device: the cues went to {type(sink).__name__}'s fallback")
    return rows


# ----------------------------------------------------------------- CPU and memory


# Runs the command line in a child that writes its peak memory (VmHWM) when it ends.
LAUNCHER = (
    "import atexit, sys\n"
    "def hwm():\n"
    "    status = open('/proc/self/status').read()\n"
    "    open(sys.argv[1], 'w').write(status.split('VmHWM:')[1].split()[0])\n"
    "atexit.register(hwm)\n"
    "from legtimer.cli.main import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def run_child(
    routine: Path, sound: bool, env: dict[str, str], seconds: float, settle: float
) -> tuple[float, float]:
    """(CPU seconds a minute once settled, peak RSS MiB) of one plain run."""
    hwm = routine.with_suffix(f".{sound}.hwm")
    argv = [sys.executable, "-c", LAUNCHER, str(hwm), "run", str(routine), "--plain"]
    if sound:
        argv.append("--sound")
    process = subprocess.Popen(
        argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
    )
    time.sleep(settle)  # start-up (imports, opening the device, making the tones) left out
    cpu_before, began = cpu_of(process.pid), time.monotonic()
    time.sleep(seconds - settle - 2)
    cpu_after, ended = cpu_of(process.pid), time.monotonic()
    if process.wait() != 0:
        raise RuntimeError(f"{argv} exited with {process.returncode}")
    per_minute = (cpu_after - cpu_before) / (ended - began) * 60
    return per_minute, int(hwm.read_text()) / 1024


def bench_cpu(folder: Path, quick: bool) -> list[str]:
    env = {
        **os.environ,
        "LEGTIMER_DATA_DIR": str(folder / "data"),
        "LEGTIMER_CONFIG_DIR": str(folder / "config"),
        "PYTHONPATH": str(REPO),
    }
    seconds = 30 if quick else 60
    hold = folder / "hold.toml"
    hold.write_text(HOLD.format(s=seconds))
    paced = folder / "paced.toml"
    paced.write_text(PACED.format(reps=seconds // 5))
    rows = []
    for name, routine in (("hold", hold), ("paced reps", paced)):
        results: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        order = (False, True, True, False) if not quick else (False, True)
        for sound in order:
            results[sound].append(run_child(routine, sound, env, seconds, settle=5))
        for sound in (False, True):
            per_minute = [cpu for cpu, _ in results[sound]]
            rss = [peak for _, peak in results[sound]]
            label = "sound on " if sound else "sound off"
            rows.append(
                f"{name}, {label}: CPU {spread(per_minute, 's/min', 3)} once started; "
                f"peak RSS {max(rss):.1f} MiB"
            )
    return rows


def bench_import() -> list[str]:
    """What sound adds to a process that already runs the app's code."""
    code = (
        "import time, textual.app, textual.widgets, legtimer.core.session\n"
        "import legtimer.core.settings, legtimer.cues.session_cues\n"
        "def rss():\n"
        "    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n"
        "before = rss(); t = time.perf_counter()\n"
        "from legtimer.cues.device import DeviceSink, _import_miniaudio\n"
        "_import_miniaudio()\n"
        "imported, took = rss(), (time.perf_counter() - t) * 1000\n"
        "from legtimer.cues.sinks import SilentSink\n"
        "from legtimer.cues.tones import CueName\n"
        "sink = DeviceSink(None, 80, fallback=SilentSink())\n"
        "ok = sink.wait_ready(5)\n"
        "sink.play(CueName.GO)\n"
        "time.sleep(1)\n"
        "print(imported - before, took, rss() - imported, sink.backend or 'none')\n"
        "sink.close(wait=3)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        f"the audio library imported into a process running the app's code: "
        f"+{int(out[0]) / 1024:.1f} MiB, {float(out[1]):.0f} ms; "
        f"the device ({out[3]}) opened and a cue played: +{int(out[2]) / 1024:.1f} MiB more"
    ]


# ----------------------------------------------------------------- speech


def bench_speech(rounds: int = 100) -> list[str]:
    import textual.app  # noqa: F401  # the app's process, as large as it is when it runs

    from legtimer.core.settings import Settings
    from legtimer.cues.voice import Speaker, speaker_for

    speaker = Speaker("sh -c 'sleep 2' _ {text}", lambda message: print(message))
    said = []
    for round_ in range(rounds):
        began = time.perf_counter()
        speaker.say(f"Rest, 45 seconds, round {round_}")
        said.append((time.perf_counter() - began) * 1000)
        time.sleep(0.05)  # an announcement every 50 ms: the last is still being said
    stopped = []
    for _ in range(20):
        speaker.say("Go")
        time.sleep(0.05)
        began = time.perf_counter()
        speaker.stop()
        stopped.append((time.perf_counter() - began) * 1000)
    if hasattr(speaker, "close"):
        speaker.close(wait=5)
    made = []
    for _ in range(rounds):
        began = time.perf_counter()
        found = speaker_for(Settings(), lambda message: None)
        made.append((time.perf_counter() - began) * 1000)
        if found is not None and hasattr(found, "close"):
            found.close()
    return [
        f"say() on the caller's thread, the last words still going: {spread(said, 'ms', 3)}",
        f"stop() on the caller's thread: {spread(stopped, 'ms', 3)}",
        f"speaker_for() (no speak_command: a program looked for): {spread(made, 'ms', 3)}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--speech", action="store_true", help="only the speech figures")
    args = parser.parse_args()
    if args.speech:
        print("\n".join(f"- {row}" for row in bench_speech()))
        return 0
    with tempfile.TemporaryDirectory(prefix="legtimer-cues-") as tmp:
        folder = Path(tmp)
        os.environ["LEGTIMER_DATA_DIR"] = str(folder / "data")
        os.environ["LEGTIMER_CONFIG_DIR"] = str(folder / "config")
        rows = bench_import()
        rows += bench_timing(folder, args.quick)
        rows += bench_cpu(folder, args.quick)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n".join(f"- {row}" for row in rows))
    print(f"(this process's peak RSS: {peak:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
