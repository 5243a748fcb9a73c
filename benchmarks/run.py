#!/usr/bin/env python
"""legtimer benchmarks: one command, a table on the terminal, the same table in RESULTS.md.

    python benchmarks/run.py            # the full run (about 6 minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repetitions, shorter windows (about 3 minutes)
    python benchmarks/run.py --only startup,cpu

It measures the `legtimer` importable by this interpreter (``sys.executable -m legtimer``)
against baselines run the same way, in the same run, interleaved. See README.md.
Everything it writes goes to a temporary folder (removed at the end) except RESULTS.md;
every tmux server it starts uses its own socket and is killed even on failure.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
COLS, ROWS = 100, 30
POLL_SECONDS = 0.005  # how often the screen is read while waiting for something to appear
WINDOW_LEAD = 0.3  # transitions: start reading the screen this long before each is due
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Programs run with the repository as their working folder, so `python -m legtimer`
# runs this checkout's legtimer; the benchmark's own imports use the same tree.
if (REPO / "legtimer" / "__init__.py").exists():
    sys.path.insert(0, str(REPO))

# The home screen: its routine table's header is in the first frame; the filter box's
# placeholder is drawn a frame or two later, when the screen is complete.
HOME_MARKERS = ("Source", "Type to filter")
STATIC_MARKER = "legbench minimal static ready"  # benchmarks/minimal_static.py
SESSION_MARKER = "HOLD"  # the session screen's phase label during the long hold
SUMMARY_MARKER = "Session complete"
# The review screen's first paint: the first of these found in its source is the marker.
REVIEW_MARKERS = ("Sessions (1)", "History review is being built")
PHASES = ("GET READY", "HOLD", "REPS", "WORK", "REST", "SWITCH SIDES")

SECTIONS = ("startup", "cpu", "accuracy", "simulation", "history", "validate", "memory")


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    quick: bool
    startup_reps: int
    cpu_windows: int
    cpu_window_seconds: float
    command_reps: int
    paint_reps: int
    validate_reps: int
    memory_reps: int
    memory_settle: float
    sim_seeds: int

    @classmethod
    def make(cls, quick: bool) -> Config:
        if quick:
            return cls(True, 4, 2, 10.0, 3, 3, 1, 1, 5.0, 1)
        return cls(False, 10, 3, 40.0, 7, 7, 3, 3, 10.0, 5)


@dataclass
class Row:
    benchmark: str
    legtimer: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, information only


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        mark = {True: "met", False: "MISSED", None: ""}[row.met]
        shown = f"  {row.benchmark}: {row.legtimer}"
        if row.baseline:
            shown += f" vs {row.baseline}"
        if row.ratio:
            shown += f" = {row.ratio}"
        print(f"{shown} {mark}".rstrip(), flush=True)


# --------------------------------------------------------------------------- statistics


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], unit: str, digits: int = 0) -> str:
    """'412 ms (398-440)': the median, then min-max."""
    low, mid, high = min(values), median(values), max(values)
    if len(values) == 1:
        return f"{mid:.{digits}f} {unit}"
    return f"{mid:.{digits}f} {unit} ({low:.{digits}f}-{high:.{digits}f})"


def ratio(ours: float, base: float) -> float:
    return ours / base if base else math.inf


def ratio_text(value: float) -> str:
    return f"{value:.2f}x"


# --------------------------------------------------------------------------- processes


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process and its descendants (and their reaped children)."""
    total = 0.0
    for member in tree(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime are fields 14-17 of /proc/PID/stat.
        total += sum(int(value) for value in fields[11:15]) / CLK_TCK
    return total


def peak_rss_mib(pid: int) -> float:
    """VmHWM, the process's peak resident set, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return line
    except OSError:
        pass
    return "zombie"


def legtimer_env(data: Path, config: Path) -> dict[str, str]:
    return {"LEGTIMER_DATA_DIR": str(data), "LEGTIMER_CONFIG_DIR": str(config)}


def run_timed(argv: Sequence[str], env: dict[str, str], *, stdin: str | None = None) -> float:
    """Wall seconds of one command, its output discarded (it must succeed or fail cleanly)."""
    start = time.perf_counter()
    result = subprocess.run(
        argv,
        cwd=REPO,
        env={**os.environ, **env},
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{shlex.join(argv)} failed ({result.returncode}): {result.stderr}")
    return elapsed


def legtimer(*args: str) -> list[str]:
    return [PY, "-m", "legtimer", *args]


# --------------------------------------------------------------------------- tmux


class Tmux:
    """A private tmux server (its own socket); each program gets its own 100x30 session."""

    def __init__(self, folder: Path) -> None:
        self.socket = str(folder / "tmux.sock")  # goes with the temporary folder
        self.count = 0
        self.pids: dict[str, int] = {}
        self._tmux("new-session", "-d", "-s", "keep", "-x", str(COLS), "-y", str(ROWS), "sleep 1d")
        self._tmux("set-option", "-g", "status", "off")  # the whole 100x30 is the program's

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def launch(self, argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[str, float]:
        """Start a program in a new session; returns its name and the perf_counter at launch."""
        self.count += 1
        name = f"b{self.count}"
        options: list[str] = []
        for key, value in (env or {}).items():
            options += ["-e", f"{key}={value}"]
        started = time.perf_counter()
        self._tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(COLS),
            "-y",
            str(ROWS),
            "-c",
            str(REPO),
            *options,
            shlex.join(argv),
        )
        self.pids[name] = int(self._tmux("display-message", "-p", "-t", name, "#{pane_pid}"))
        return name, started

    def screen(self, name: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, marker: str, timeout: float = 30.0) -> float:
        """Poll the screen until `marker` shows; the perf_counter of the read that showed it."""
        return self.wait_for_all(name, (marker,), timeout)[0]

    def wait_for_all(self, name: str, markers: Sequence[str], timeout: float = 30.0) -> list[float]:
        """Poll the screen until every marker has shown; when each first did (perf_counter)."""
        deadline = time.perf_counter() + timeout
        seen: dict[str, float] = {}
        while True:
            text = self.screen(name)
            now = time.perf_counter()
            for marker in markers:
                if marker not in seen and marker in text:
                    seen[marker] = now
            if len(seen) == len(markers):
                return [seen[marker] for marker in markers]
            if now > deadline:
                missing = [marker for marker in markers if marker not in seen]
                raise RuntimeError(f"{missing} did not appear within {timeout:.0f} s:\n{text}")
            time.sleep(POLL_SECONDS)

    def pid(self, name: str) -> int:
        return self.pids[name]

    def stop(self, name: str) -> None:
        pid = self.pids.pop(name, None)
        with suppress(RuntimeError):
            self._tmux("kill-session", "-t", name)
        if pid is None:
            return
        for _ in range(200):  # SIGHUP from tmux should end it; give it two seconds
            if not alive(pid):
                return
            time.sleep(0.01)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        for name in list(self.pids):
            self.stop(name)
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False)


@contextmanager
def running(tmux: Tmux, argv: Sequence[str], env: dict[str, str]) -> Iterator[tuple[str, float]]:
    name, started = tmux.launch(argv, env)
    try:
        yield name, started
    finally:
        tmux.stop(name)


@dataclass
class Paints:
    """First paints of one program: wall seconds from launch, CPU seconds by then, and
    (with a second marker) wall seconds until the screen was complete."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    complete: list[float] = field(default_factory=list)


Program = tuple[Sequence[str], dict[str, str], Sequence[str]]  # argv, environment, markers


def first_paint(tmux: Tmux, program: Program) -> tuple[list[float], float]:
    """Seconds from launch until each marker showed, and CPU seconds used by the last."""
    argv, env, markers = program
    with running(tmux, argv, env) as (name, started):
        seen = tmux.wait_for_all(name, markers)
        return [moment - started for moment in seen], cpu_seconds(tmux.pid(name))


def paint_rounds(tmux: Tmux, rounds: int, programs: Sequence[Program]) -> list[Paints]:
    """First paints of each program, interleaved (ABC CBA ...) so noise hits all alike."""
    for program in programs:
        first_paint(tmux, program)  # warm the disk cache and .pyc files: not counted
    paints = [Paints() for _ in programs]
    for index in range(rounds):
        order = list(zip(programs, paints, strict=True))
        if index % 2:
            order.reverse()
        for program, kept in order:
            seen, cpu = first_paint(tmux, program)
            kept.wall.append(seen[0])
            kept.cpu.append(cpu)
            if len(seen) > 1:
                kept.complete.append(seen[-1])
    return paints


def paint_rows(
    report: Report, label: str, ours: Paints, base: Paints, target: float | None
) -> None:
    """A row for the wall time to first paint (against `target`) and one for the CPU."""
    measured = ratio(median(ours.wall), median(base.wall))
    report.add(
        Row(
            label,
            spread([t * 1000 for t in ours.wall], "ms"),
            spread([t * 1000 for t in base.wall], "ms"),
            ratio_text(measured),
            f"<= {target:.2f}x" if target else "",
            measured <= target if target else None,
        )
    )
    if ours.complete:
        finished = base.complete or base.wall
        report.add(
            Row(
                "  until the screen is complete (same runs)",
                spread([t * 1000 for t in ours.complete], "ms"),
                spread([t * 1000 for t in finished], "ms"),
                ratio_text(ratio(median(ours.complete), median(finished))),
            )
        )
    report.add(
        Row(
            "  CPU used by then (same runs)",
            spread([t * 1000 for t in ours.cpu], "ms"),
            spread([t * 1000 for t in base.cpu], "ms"),
            ratio_text(ratio(median(ours.cpu), median(base.cpu))),
        )
    )
    report.details.append(
        f"{label}: wall ms {[round(t * 1000) for t in ours.wall]} vs "
        f"{[round(t * 1000) for t in base.wall]}; CPU ms {[round(t * 1000) for t in ours.cpu]} "
        f"vs {[round(t * 1000) for t in base.cpu]}"
        + (f"; complete ms {[round(t * 1000) for t in ours.complete]}" if ours.complete else "")
    )


# --------------------------------------------------------------------------- files


HOLD_ROUTINE = """\
format = 1
name = "Long hold"

[defaults]
prepare = 1

[[exercises]]
name = "Wall sit"
hold = 600
cue = "Back flat against the wall, knees over the ankles."
"""


def write_settings(config: Path, get_ready: int) -> None:
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f"get_ready = {get_ready}\n")


def timing_routine(quick: bool) -> str:
    """Holds, rests and side switches: about 2 minutes (about 40 s with --quick)."""
    if quick:
        return """\
format = 1
name = "Timing check"

[defaults]
prepare = 3
rest_between_sets = 3
rest_after = 3
switch = 2

[[exercises]]
name = "Wall sit"
hold = 4
sets = 2
per_side = true

[[exercises]]
name = "Plank"
hold = 5
sets = 2
"""
    return """\
format = 1
name = "Timing check"

[defaults]
prepare = 3
rest_between_sets = 5
rest_after = 6
switch = 3

[[exercises]]
name = "Wall sit"
hold = 7
sets = 2
per_side = true

[[exercises]]
name = "Plank"
hold = 9
sets = 2
rest_between_sets = 4

[[exercises]]
name = "Single-leg balance"
hold = 6
sets = 2
per_side = true
switch = 2
"""


# --------------------------------------------------------------------------- 1. startup


def bench_startup(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    data, config = tmp / "startup-data", tmp / "startup-config"
    env = legtimer_env(data, config)
    home: Program = (legtimer(), env, HOME_MARKERS)
    minimal: Program = ([PY, str(HERE / "minimal_static.py")], env, (STATIC_MARKER,))
    same: Program = ([PY, str(HERE / "minimal_home.py")], env, HOME_MARKERS)
    ours, base, reference = paint_rounds(tmux, cfg.startup_reps, [home, minimal, same])
    paint_rows(report, "Startup: first paint, home vs minimal Textual (100x30)", ours, base, 1.2)
    report.add(
        Row(
            "  for reference: vs plain Textual app with the home's widgets",
            spread([t * 1000 for t in ours.wall], "ms"),
            spread([t * 1000 for t in reference.wall], "ms"),
            ratio_text(ratio(median(ours.wall), median(reference.wall))),
        )
    )
    report.add(
        Row(
            "  same, until complete / CPU by then",
            f"{median(ours.complete) * 1000:.0f} ms / {median(ours.cpu) * 1000:.0f} ms",
            f"{median(reference.complete) * 1000:.0f} ms / {median(reference.cpu) * 1000:.0f} ms",
            f"{ratio_text(ratio(median(ours.complete), median(reference.complete)))} / "
            f"{ratio_text(ratio(median(ours.cpu), median(reference.cpu)))}",
        )
    )


# --------------------------------------------------------------------------- 2. CPU


def find_termdown() -> str | None:
    beside = Path(PY).parent / "termdown"
    if beside.exists():
        return str(beside)
    return shutil.which("termdown")


def bench_cpu(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    data, config = tmp / "cpu-data", tmp / "cpu-config"
    write_settings(config, get_ready=1)
    routine = tmp / "long-hold.toml"
    routine.write_text(HOLD_ROUTINE)
    env = legtimer_env(data, config)
    seconds = "900"
    programs: dict[str, tuple[list[str], str | None]] = {
        "legtimer": (legtimer("run", str(routine)), SESSION_MARKER),
        "digits": ([PY, str(HERE / "minimal_countdown.py"), seconds], None),
    }
    termdown = find_termdown()
    if termdown:
        programs["termdown"] = ([termdown, seconds], None)
    else:
        report.notes.append(
            "termdown is not installed (`pip install termdown`), so the CPU row against it "
            "was skipped."
        )
    names: dict[str, str] = {}
    try:
        for key, (argv, marker) in programs.items():
            names[key], _ = tmux.launch(argv, env)
            if marker:
                tmux.wait_for(names[key], marker)
        time.sleep(3.0)  # let start-up work and the first redraws settle
        usage: dict[str, list[float]] = {key: [] for key in programs}
        for _ in range(cfg.cpu_windows):
            before = {key: cpu_seconds(tmux.pid(name)) for key, name in names.items()}
            start = time.perf_counter()
            time.sleep(cfg.cpu_window_seconds)
            elapsed = time.perf_counter() - start
            for key, name in names.items():
                used = cpu_seconds(tmux.pid(name)) - before[key]
                usage[key].append(used * 60 / elapsed)
        screen = tmux.screen(names["legtimer"])
        if SESSION_MARKER not in screen:
            raise RuntimeError(f"legtimer left the hold during the CPU windows:\n{screen}")
    finally:
        for name in names.values():
            tmux.stop(name)
    ours = usage["legtimer"]
    window = f"{cfg.cpu_windows} x {cfg.cpu_window_seconds:.0f} s"
    measured = ratio(median(ours), median(usage["digits"]))
    report.add(
        Row(
            f"CPU during a hold vs minimal Digits 1 Hz ({window})",
            spread(ours, "s/min", 3),
            spread(usage["digits"], "s/min", 3),
            ratio_text(measured),
            "<= 1.30x",
            measured <= 1.3,
        )
    )
    if "termdown" in usage:
        measured = ratio(median(ours), median(usage["termdown"]))
        report.add(
            Row(
                f"CPU during a hold vs termdown ({window})",
                spread(ours, "s/min", 3),
                spread(usage["termdown"], "s/min", 3),
                ratio_text(measured),
                "< 1.00x",
                measured < 1.0,
            )
        )
    report.details.append(
        "CPU s/min per window: "
        + "; ".join(f"{key}: {[round(v, 4) for v in values]}" for key, values in usage.items())
    )


# --------------------------------------------------------------------------- 3. accuracy


@dataclass
class Transitions:
    """When each step appeared (wall clock, time.time()) and when the session ended."""

    starts: list[tuple[float, str]] = field(default_factory=list)  # (time, phase label)
    ended: float | None = None


PLAIN_LINE = re.compile(r"^\[\d+:\d\d\] (GET READY|HOLD|REPS|WORK|REST|SWITCH SIDES)\b")


def watch_plain(process: subprocess.Popen[str], seen: Transitions) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        now = time.time()
        match = PLAIN_LINE.match(line)
        if match:
            seen.starts.append((now, match.group(1)))
        elif "session complete" in line:
            seen.ended = now


def shown_phase(screen: str) -> str | None:
    for line in screen.splitlines():
        text = line.strip()
        if text in PHASES:
            return text
    return None


def watch_tui(
    tmux: Tmux, name: str, seen: Transitions, offsets: Sequence[float], timeout: float
) -> None:
    """Read the screen every few ms; a change of the phase label is a transition.

    `offsets` are the planned seconds of each later transition (and of the end) after the
    first step: once the first step shows, the screen is read only from WINDOW_LEAD
    seconds before each planned transition until it shows, so the reader's own work
    (a tmux client per read) stays off the 2 cores the rest of the time. The time kept
    is when the read that first showed it *returned*: an upper bound, late by at most
    one poll interval plus one capture.
    """
    shown: str | None = None
    anchor: float | None = None
    found = 0
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if anchor is not None and found < len(offsets):
            delay = anchor + offsets[found] - WINDOW_LEAD - time.time()
            if delay > 0:
                time.sleep(delay)
        screen = tmux.screen(name)
        now = time.time()
        if SUMMARY_MARKER in screen:
            seen.ended = now
            return
        phase = shown_phase(screen)
        if phase is not None and phase != shown:
            seen.starts.append((now, phase))
            shown = phase
            if anchor is None:
                anchor = now
            else:
                found += 1
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"the TUI session did not finish within {timeout:.0f} s")


def export_of(env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        legtimer("export"),
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def transition_errors(
    seen: Transitions,
    export: dict[str, Any],
    plan_starts: Sequence[int],
    labels: Sequence[str],
    total: int,
) -> list[float]:
    """Milliseconds each transition appeared after its schedule (the session's start + plan)."""
    (session,) = export["sessions"]
    origin = datetime.fromisoformat(session["started_at"]).timestamp()
    shown = [label for _, label in seen.starts]
    if shown != list(labels):
        raise RuntimeError(f"transitions seen {shown} are not the plan's {list(labels)}")
    if seen.ended is None:
        raise RuntimeError("the end of the session was not seen")
    errors = [
        (moment - (origin + planned)) * 1000
        for (moment, _), planned in zip(seen.starts[1:], plan_starts[1:], strict=True)
    ]
    errors.append((seen.ended - (origin + total)) * 1000)
    return errors


def bench_accuracy(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    from legtimer.core.plan import build_plan
    from legtimer.core.routines import parse_routine

    text = timing_routine(cfg.quick)
    routine_path = tmp / "timing-check.toml"
    routine_path.write_text(text)
    plan = build_plan(parse_routine(text))
    labels = [step.kind.label for step in plan.steps]
    # The app's own get-ready length replaces the first step's: make them the same.
    config = tmp / "accuracy-config"
    write_settings(config, get_ready=plan.steps[0].seconds)
    plain_env = legtimer_env(tmp / "accuracy-plain", config)
    tui_env = legtimer_env(tmp / "accuracy-tui", config)
    timeout = plan.total_seconds + 30.0

    plain, tui = Transitions(), Transitions()
    process = subprocess.Popen(
        legtimer("run", str(routine_path), "--plain"),
        cwd=REPO,
        env={**os.environ, **plain_env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    reader = threading.Thread(target=watch_plain, args=(process, plain), daemon=True)
    reader.start()
    try:
        with running(tmux, legtimer("run", str(routine_path)), tui_env) as (name, _):
            offsets = [float(start) for start in plan.starts[1:]] + [float(plan.total_seconds)]
            watch_tui(tmux, name, tui, offsets, timeout)
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)

    minutes = plan.total_seconds / 60
    for label, seen, env, how in (
        ("plain", plain, plain_env, "line read from the pipe"),
        ("TUI", tui, tui_env, f"phase label on screen, read every {POLL_SECONDS * 1000:.0f} ms"),
    ):
        errors = transition_errors(seen, export_of(env), plan.starts, labels, plan.total_seconds)
        worst = max(abs(e) for e in errors)
        report.add(
            Row(
                f"Transitions vs schedule, {label} ({len(errors)} in {minutes:.1f} min; {how})",
                f"max {worst:.1f} ms, median {median([abs(e) for e in errors]):.1f} ms",
                "",
                "",
                "<= 50 ms",
                worst <= 50,
            )
        )
        report.details.append(
            f"transition errors ms ({label}, signed; last = end of session): "
            f"{[round(e, 1) for e in errors]}"
        )


# --------------------------------------------------------------------------- 3b. simulation


SIM_TICK = 1 / 1024  # the fake clock moves in whole ticks: every sum is exact in binary


def simulation_routine() -> str:
    """Every kind of step: holds, timed work, paced and self-paced reps, sides, rounds."""
    return """\
format = 1
name = "Eight hours"

[defaults]
prepare = 10
rest_between_sets = 30
rest_after = 45
switch = 5
rest_between_rounds = 60

[[blocks]]
name = "Circuit"
rounds = 40

[[blocks.exercises]]
name = "Wall sit"
hold = 45
sets = 2
per_side = true

[[blocks.exercises]]
name = "Step-ups"
work = 60

[[blocks.exercises]]
name = "Calf raises"
reps = 10
tempo = { up = 2, hold = 1, down = 2 }
sets = 2

[[blocks.exercises]]
name = "Lunges"
reps = 8
per_side = true

[[blocks]]
name = "Finisher"
rounds = 5

[[blocks.exercises]]
name = "Plank"
hold = 60
sets = 3
"""


class Model:
    """An independent reckoning of when each step must start and end, given the commands."""

    def __init__(self, lengths: list[float], timed: list[bool], start: float) -> None:
        self.lengths = lengths
        self.timed = timed
        self.index = 0
        self.started = start
        self.paused = 0.0
        self.pause_began: float | None = None
        self.over = False
        self.starts: list[tuple[int, float]] = [(0, start)]
        self.ends: list[tuple[int, float, str, float, float]] = []  # index, at, outcome, act, pause

    def advance(self, now: float) -> None:
        while not self.over and self.pause_began is None and self.timed[self.index]:
            deadline = self.started + self.paused + self.lengths[self.index]
            if now < deadline:
                return
            self._end(deadline, "done")

    def _end(self, at: float, outcome: str) -> None:
        active = at - self.started - self.paused
        self.ends.append((self.index, at, outcome, active, self.paused))
        if self.index + 1 == len(self.lengths):
            self.over = True
            return
        self.index += 1
        self.started, self.paused = at, 0.0
        self.starts.append((self.index, at))

    def pause(self, now: float) -> None:
        self.advance(now)
        if not self.over:
            self.pause_began = now

    def resume(self, now: float) -> None:
        if self.pause_began is None:  # only when the engine disagrees: reported later
            return
        self.paused += now - self.pause_began
        self.pause_began = None

    def finish(self, now: float, outcome: str) -> None:
        """Skip or done, from running or from a pause."""
        self.advance(now)
        if self.over:
            return
        if self.pause_began is not None:
            self.resume(now)
        self._end(now, outcome)


def simulate(seed: int) -> dict[str, Any]:
    """Run a long session on a fake clock with random pauses, skips and late polls."""
    from legtimer.core.plan import build_plan
    from legtimer.core.routines import parse_routine
    from legtimer.core.session import EventKind, FakeClock, Session, State

    plan = build_plan(parse_routine(simulation_routine()))
    rng = random.Random(seed)
    clock = FakeClock(start=1000.0)
    session = Session(plan, clock, wall_start=datetime(2026, 1, 1, 6, 0, tzinfo=UTC))
    timed = [not step.estimated for step in plan.steps]
    model = Model([float(step.seconds) for step in plan.steps], timed, clock.now())
    events = session.start()
    counts = {"polls": 0, "late polls": 0, "pauses": 0, "skips": 0, "dones": 0}

    def tick(low: float, high: float) -> None:
        clock.advance(rng.randint(int(low / SIM_TICK), int(high / SIM_TICK)) * SIM_TICK)

    while not session.over:
        roll = rng.random()
        if roll < 0.988:  # an ordinary redraw: a bit under or over a second away
            tick(0.0, 1.2)
            counts["polls"] += 1
        elif roll < 0.992:  # the app was busy or suspended: a poll seconds to minutes late
            tick(5.0, 240.0)
            counts["late polls"] += 1
        elif roll < 0.997:  # a pause of up to two minutes, sometimes ended by a skip
            model.pause(clock.now())
            if session.pause():
                counts["pauses"] += 1
                tick(0.0, 120.0)
                if rng.random() < 0.2:
                    model.finish(clock.now(), "skipped")
                    session.skip()
                    counts["skips"] += 1
                else:
                    model.resume(clock.now())
                    session.resume()
        else:
            tick(0.0, 3.0)
            model.finish(clock.now(), "skipped")
            session.skip()
            counts["skips"] += 1
        # A self-paced set: the person says "done" after 10 to 60 seconds.
        if (
            session.state is State.RUNNING
            and not session.timed()
            and session.step_elapsed() >= rng.uniform(10.0, 60.0)
        ):
            model.finish(clock.now(), "done")
            session.done()
            counts["dones"] += 1
        model.advance(clock.now())
        events += session.poll()

    starts = [(e.step.index, e.at) for e in events if e.kind is EventKind.STEP_STARTED]
    ends = [
        (
            e.step.index,
            e.at,
            e.record.outcome.value,
            e.record.active_seconds,
            e.record.paused_seconds,
        )
        for e in events
        if e.kind is EventKind.STEP_FINISHED and e.record is not None
    ]
    finished = [e.at for e in events if e.kind is EventKind.SESSION_FINISHED]
    problems: list[str] = []
    if [i for i, _ in starts] != [i for i, _ in model.starts]:
        problems.append("the steps started are not the expected ones")
    if [(i, o) for i, _, o, _, _ in ends] != [(i, o) for i, _, o, _, _ in model.ends]:
        problems.append("the steps finished (or their outcomes) are not the expected ones")
    errors = [abs(a - b) for (_, a), (_, b) in zip(starts, model.starts, strict=False)]
    errors += [abs(a[1] - b[1]) for a, b in zip(ends, model.ends, strict=False)]
    # Records round seconds to the millisecond; they must be exactly the rounded truth.
    record_errors = [
        abs(a[3] - round(b[3], 3)) + abs(a[4] - round(b[4], 3))
        for a, b in zip(ends, model.ends, strict=False)
    ]
    # Steps that ran out must have lasted exactly their planned length.
    for index, _, outcome, active, _ in model.ends:
        if outcome == "done" and timed[index] and active != plan.steps[index].seconds:
            problems.append(f"step {index} ran {active} s, not {plan.steps[index].seconds} s")
    # Countdown marks: each once in every step that ran out; exactly 3, 2 and 1 s before
    # its end unless it was paused (a mark fired before a pause keeps its time).
    marks: dict[int, list[tuple[int, float]]] = {}
    for e in events:
        if e.kind is EventKind.COUNTDOWN and e.value is not None:
            marks.setdefault(e.step.index, []).append((e.value, e.at))
    mark_errors = 0
    for index, at, outcome, active, paused in model.ends:
        if outcome != "done" or not timed[index] or active < 3:
            continue
        found = marks.get(index, [])
        if [value for value, _ in found] != [3, 2, 1]:
            mark_errors += 1
        elif paused == 0 and found != [(value, at - value) for value in (3, 2, 1)]:
            mark_errors += 1  # unpaused: exactly 3, 2 and 1 s before the end
    if mark_errors:
        problems.append(f"{mark_errors} steps had countdown marks at the wrong times")
    if len(finished) != 1:
        problems.append(f"SESSION_FINISHED came {len(finished)} times")
    final_error = abs(finished[0] - model.ends[-1][1]) if finished else float("inf")
    # The whole session adds up: active plus paused time of every step is the clock's span.
    span = model.ends[-1][1] - model.starts[0][1]
    accounted = sum(active + paused for _, _, _, active, paused in model.ends)
    return {
        "seed": seed,
        "planned hours": plan.total_seconds / 3600,
        "clock hours": (clock.now() - 1000.0) / 3600,
        "steps": len(plan.steps),
        "events": len(events),
        **counts,
        "max event error": max(errors, default=0.0),
        "max record error": max(record_errors, default=0.0),
        "accumulated error": final_error,
        "span minus accounted": span - accounted,
        "problems": problems,
    }


def bench_simulation(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    results = [simulate(seed) for seed in range(1, cfg.sim_seeds + 1)]
    worst = max(
        max(r["accumulated error"], r["max event error"], r["max record error"]) for r in results
    )
    problems = [p for r in results for p in r["problems"]]
    hours = median([r["clock hours"] for r in results])
    planned = results[0]["planned hours"]
    report.add(
        Row(
            f"Fake-clock session, {planned:.1f} h planned, {hours:.1f} h with pauses "
            f"({len(results)} seeds)",
            f"accumulated error {worst:g} s" + (f"; {len(problems)} problems" if problems else ""),
            "",
            "",
            "exactly 0",
            worst == 0.0 and not problems and all(r["span minus accounted"] == 0 for r in results),
        )
    )
    for r in results:
        shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
        report.details.append(f"simulation: {shown}")


# --------------------------------------------------------------------------- 4. history


def ten_year_export(days: int = 3650, seed: int = 7) -> tuple[dict[str, Any], int]:
    """A synthetic export in `legtimer export`'s format: one session a day for ten years.

    The sessions follow the built-in "Strength" routine's real plan (28 steps); about
    one in fourteen is stopped early, a few sets are skipped, some steps are paused.
    """
    from legtimer.core.plan import build_plan
    from legtimer.core.routines import catalog, dump_routine

    entry = next(e for e in catalog.discover() if e.id == "strength" and e.routine is not None)
    assert entry.routine is not None
    routine = entry.routine
    plan = build_plan(routine)
    routine_toml = dump_routine(routine)
    sets_planned = sum(1 for step in plan.steps if step.kind.active)
    rng = random.Random(seed)
    first = date.today() - timedelta(days=days)
    sessions = []
    steps_total = 0

    def iso(moment: datetime) -> str:
        return moment.isoformat(timespec="milliseconds")

    for day in range(days):
        when = datetime.combine(first + timedelta(days=day), datetime.min.time(), tzinfo=UTC)
        start = when + timedelta(hours=6, minutes=rng.randint(0, 180), seconds=rng.random())
        stopped = rng.random() < 0.07
        last = rng.randint(3, len(plan.steps) - 2) if stopped else len(plan.steps) - 1
        moment = start
        steps: list[dict[str, Any]] = []
        for step in plan.steps[: last + 1]:
            outcome = "done"
            active = float(step.seconds)
            if step.kind.active and rng.random() < 0.03:
                outcome, active = "skipped", round(rng.uniform(0, step.seconds), 3)
            if step.index == last and stopped:
                outcome, active = "partial", round(rng.uniform(0, step.seconds), 3)
            paused = round(rng.uniform(5, 90), 3) if rng.random() < 0.04 else 0.0
            reps = None
            if step.kind.value == "reps" and outcome != "skipped":
                reps = step.exercise.target - (rng.random() < 0.1)
            ended = moment + timedelta(seconds=active + paused)
            steps.append(
                {
                    "step_index": step.index,
                    "kind": step.kind.value,
                    "exercise": step.exercise.name,
                    "exercise_number": step.exercise_number,
                    "block_name": step.block_name,
                    "round": step.round,
                    "set_number": step.set,
                    "side": step.side.value if step.side else None,
                    "planned_seconds": float(step.seconds),
                    "target": step.exercise.target,
                    "outcome": outcome,
                    "started_at": iso(moment),
                    "ended_at": iso(ended),
                    "active_seconds": active,
                    "paused_seconds": paused,
                    "adjusted_seconds": 0.0,
                    "reps": reps,
                }
            )
            moment = ended
        active_steps = [s for s in steps if s["kind"] in ("hold", "reps", "work")]
        steps_total += len(steps)
        sessions.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "routine_id": entry.id,
                "routine_name": routine.name,
                "routine_source": entry.source,
                "routine_toml": routine_toml,
                "started_at": iso(start),
                "ended_at": iso(moment),
                "status": "stopped" if stopped else "completed",
                "planned_seconds": float(plan.total_seconds),
                "sets_planned": sets_planned,
                "effort": rng.randint(3, 9) if rng.random() < 0.6 else None,
                "note": "felt strong" if rng.random() < 0.05 else "",
                "active_seconds": round(sum(s["active_seconds"] for s in steps), 3),
                "paused_seconds": round(sum(s["paused_seconds"] for s in steps), 3),
                "sets_done": sum(1 for s in active_steps if s["outcome"] == "done"),
                "sets_skipped": sum(1 for s in active_steps if s["outcome"] == "skipped"),
                "steps": steps,
            }
        )
    document = {
        "format": "legtimer-history",
        "version": 1,
        "exported_at": iso(datetime.now(UTC)),
        "sessions": sessions,
    }
    return document, steps_total


def check_schema(document: dict[str, Any], real: dict[str, Any]) -> None:
    """The synthetic export has exactly the keys a real `legtimer export` writes."""
    if list(document) != list(real):
        raise RuntimeError(f"export keys {list(document)} are not {list(real)}")
    ours, theirs = document["sessions"][0], real["sessions"][0]
    if list(ours) != list(theirs):
        raise RuntimeError(f"session keys {list(ours)} are not {list(theirs)}")
    if list(ours["steps"][0]) != list(theirs["steps"][0]):
        raise RuntimeError(f"step keys {list(ours['steps'][0])} are not {list(theirs['steps'][0])}")


def real_export(tmp: Path) -> dict[str, Any]:
    """A real export of a real two-second session, for its schema."""
    routine = tmp / "schema.toml"
    routine.write_text(
        'format = 1\nname = "Schema"\n[defaults]\nprepare = 0\n\n'
        '[[exercises]]\nname = "Wall sit"\nhold = 1\n'
    )
    env = legtimer_env(tmp / "schema-data", tmp / "schema-config")
    run_timed(legtimer("run", str(routine), "--plain"), env)
    return export_of(env)


def review_marker() -> str | None:
    source = REPO / "legtimer" / "tui" / "screens" / "review.py"
    try:
        text = source.read_text()
    except OSError:
        return None
    return next((marker for marker in REVIEW_MARKERS if marker in text), None)


def bench_history(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    from legtimer.core.history import HistoryStore

    document, steps = ten_year_export()
    check_schema(document, real_export(tmp))
    export = tmp / "ten-years.json"
    export.write_text(json.dumps(document))
    size = export.stat().st_size / 2**20
    config = tmp / "history-config"
    full = legtimer_env(tmp / "history-full", config)
    empty = legtimer_env(tmp / "history-empty", config)
    # The empty history is a real (empty) history file, as after a first launch.
    (tmp / "history-empty").mkdir()
    HistoryStore.open(tmp / "history-empty" / "history.sqlite3").close()

    imported = run_timed(legtimer("import", str(export)), full)
    sessions = len(document["sessions"])
    report.add(
        Row(
            f"Import a 10-year export ({sessions:,} sessions, {steps:,} steps, {size:.0f} MiB)",
            f"{imported:.1f} s",
        )
    )
    commands = {"history": legtimer("history"), "stats": legtimer("stats")}
    times: dict[tuple[str, str], list[float]] = {}
    for argv in commands.values():  # warm up
        run_timed(argv, full)
        run_timed(argv, empty)
    for rep in range(cfg.command_reps):
        for key, argv in commands.items():
            order = [("full", full), ("empty", empty)]
            if rep % 2:
                order.reverse()
            for which, env in order:
                times.setdefault((key, which), []).append(run_timed(argv, env))
    for key in commands:
        ours, base = times[(key, "full")], times[(key, "empty")]
        report.add(
            Row(
                f"`legtimer {key}`, 10-year vs empty history",
                spread([t * 1000 for t in ours], "ms"),
                spread([t * 1000 for t in base], "ms"),
                ratio_text(ratio(median(ours), median(base))),
            )
        )
    paints: list[tuple[str, list[str], Sequence[str], bool]] = [
        ("home screen", legtimer(), HOME_MARKERS, False)
    ]
    marker = review_marker()
    if marker:
        paints.insert(0, ("history screen", legtimer("review"), (marker,), True))
        if marker == REVIEW_MARKERS[-1]:
            report.notes.append(
                "The history screen was still a placeholder when this ran, so its first "
                "paint does not load the history yet."
            )
    else:
        report.notes.append("No history screen found, so only the home screen was timed.")
    for label, argv, markers, targeted in paints:
        with_history, without = paint_rounds(
            tmux, cfg.paint_reps, [(argv, full, markers), (argv, empty, markers)]
        )
        paint_rows(
            report,
            f"First paint of the {label}, 10-year vs empty history",
            with_history,
            without,
            1.5 if targeted else None,
        )


# --------------------------------------------------------------------------- 5. validation


def routine_files(folder: Path, count: int = 1000, seed: int = 11) -> tuple[int, int]:
    """`count` routine files, one in five broken in some way; returns (valid, invalid)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    names = ["Wall sit", "Lunges", "Calf raises", "Plank", "Step-ups", "Bridges", "Squats"]
    broken = [  # out of range, two kinds, an unknown key, a wrong type, a TOML error
        "hold = 0",
        "hold = 30\nreps = 10",
        "holdd = 30",
        'hold = "long"',
        "hold = 30\nsets = 99",
        "hold = [30",
    ]
    valid = invalid = 0
    for number in range(count):
        exercises = []
        bad = number % 5 == 4
        size = rng.randint(1, 12)
        wrong = rng.randrange(size) if bad else -1
        for position in range(size):
            if position == wrong:
                body = rng.choice(broken)
            else:
                body = rng.choice(
                    [
                        f"hold = {rng.randint(10, 90)}",
                        f"reps = {rng.randint(5, 20)}",
                        f"reps = {rng.randint(5, 12)}\ntempo = {{ up = 2, down = 2 }}",
                        f"work = {rng.randint(30, 300)}",
                    ]
                )
                body += f"\nsets = {rng.randint(1, 4)}"
                if rng.random() < 0.4:
                    body += "\nper_side = true"
            exercises.append(f'[[exercises]]\nname = "{rng.choice(names)}"\n{body}\n')
        text = f'format = 1\nname = "Routine {number}"\n\n' + "\n".join(exercises)
        (folder / f"routine-{number:04d}.toml").write_text(text)
        if bad:
            invalid += 1
        else:
            valid += 1
    return valid, invalid


def bench_validate(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    folder = tmp / "routines"
    valid, invalid = routine_files(folder)
    env = legtimer_env(tmp / "validate-data", tmp / "validate-config")
    one = str(next(iter(sorted(folder.iterdir()))))
    result = subprocess.run(
        legtimer("validate", str(folder)),
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    expected = f"1000 file(s) checked: {valid} valid, {invalid} with problems"
    if expected not in result.stdout + result.stderr:
        tail = (result.stdout + result.stderr)[-500:]
        raise RuntimeError(f"`legtimer validate` did not say {expected!r}:\n{tail}")
    many: list[float] = []
    single: list[float] = []
    for _ in range(cfg.validate_reps):
        single.append(run_timed(legtimer("validate", one), env))
        many.append(run_timed(legtimer("validate", str(folder)), env))
    per_file = (median(many) - median(single)) / 999 * 1000
    report.add(
        Row(
            f"`legtimer validate` 1,000 files ({invalid} broken) vs 1 file",
            spread(many, "s", 2),
            spread([t * 1000 for t in single], "ms"),
            f"{per_file:.2f} ms/file",
        )
    )


# --------------------------------------------------------------------------- 6. memory


def bench_memory(cfg: Config, tmux: Tmux, tmp: Path, report: Report) -> None:
    config = tmp / "memory-config"
    write_settings(config, get_ready=1)
    routine = tmp / "memory-hold.toml"
    routine.write_text(HOLD_ROUTINE)
    ours: list[float] = []
    base: list[float] = []
    for rep in range(cfg.memory_reps):
        env = legtimer_env(tmp / f"memory-data-{rep}", config)
        session, _ = tmux.launch(legtimer("run", str(routine)), env)
        minimal, _ = tmux.launch([PY, str(HERE / "minimal_static.py")], env)
        try:
            tmux.wait_for(session, SESSION_MARKER)
            tmux.wait_for(minimal, STATIC_MARKER)
            time.sleep(cfg.memory_settle)
            ours.append(peak_rss_mib(tmux.pid(session)))
            base.append(peak_rss_mib(tmux.pid(minimal)))
        finally:
            tmux.stop(session)
            tmux.stop(minimal)
    measured = ratio(median(ours), median(base))
    report.add(
        Row(
            f"Peak RSS: session in a hold ({cfg.memory_settle:.0f} s) vs minimal Textual",
            spread(ours, "MiB", 1),
            spread(base, "MiB", 1),
            ratio_text(measured),
            "<= 1.25x",
            measured <= 1.25,
        )
    )


# --------------------------------------------------------------------------- output


def version_of(argv: Sequence[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    return (
        (result.stdout or result.stderr).strip().splitlines()[0]
        if result.returncode == 0
        else ("not available")
    )


def machine() -> list[tuple[str, str]]:
    import textual

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = version_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "legtimer"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    termdown = find_termdown()
    return [
        ("date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("cpus", f"{os.cpu_count()} x {cpu}"),
        ("os", platform.platform()),
        ("python", platform.python_version()),
        ("textual", textual.__version__),
        ("legtimer", version_of(legtimer("--version"))),
        ("commit", commit + (" (legtimer/ has uncommitted changes)" if dirty else "")),
        ("tmux", version_of(["tmux", "-V"])),
        ("termdown", version_of([termdown, "--version"]) if termdown else "not installed"),
    ]


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[met]


def print_table(report: Report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="legtimer benchmarks", title_justify="left")
    for column in ("Benchmark", "legtimer", "Baseline", "Ratio", "Target", "Met?"):
        table.add_column(column, overflow="fold")
    for row in report.rows:
        style = {True: "green", False: "bold red", None: ""}[row.met]
        table.add_row(
            row.benchmark,
            row.legtimer,
            row.baseline,
            row.ratio,
            row.target,
            met_text(row.met),
            style=style or None,
        )
    console = Console() if sys.stdout.isatty() else Console(width=160)
    console.print(table)
    for note in report.notes:
        console.print(f"Note: {note}", markup=False)


def write_results(report: Report, cfg: Config, seconds: float, path: Path) -> None:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# legtimer benchmark results",
        "",
        f"Written by `python benchmarks/run.py{' --quick' if cfg.quick else ''}` "
        f"in {seconds / 60:.1f} minutes. Medians with (min-max) of the repetitions; every "
        "ratio is legtimer's median over the baseline's, measured in the same run. "
        "See [README.md](README.md) for what each row measures.",
        "",
        "| Benchmark | legtimer | Baseline | Ratio | Target | Met? |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.rows:
        lines.append(
            "| "
            + " | ".join(
                cell(value)
                for value in (
                    row.benchmark,
                    row.legtimer,
                    row.baseline,
                    row.ratio,
                    row.target,
                    met_text(row.met),
                )
            )
            + " |"
        )
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in machine()]
    if report.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {note}" for note in report.notes]
    if report.details:
        lines += ["", "## Raw numbers", ""]
        lines += [f"- {detail}" for detail in report.details]
    path.write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- main


BENCHES: dict[str, Callable[[Config, Tmux, Path, Report], None]] = {
    "startup": bench_startup,
    "cpu": bench_cpu,
    "accuracy": bench_accuracy,
    "simulation": bench_simulation,
    "history": bench_history,
    "validate": bench_validate,
    "memory": bench_memory,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, shorter windows")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated: " + ", ".join(SECTIONS))
    parser.add_argument(
        "--output",
        type=Path,
        default=HERE / "RESULTS.md",
        help="where to write the results (default: benchmarks/RESULTS.md)",
    )
    args = parser.parse_args(argv)
    chosen = list(SECTIONS)
    if args.only:
        chosen = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in BENCHES]
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    if shutil.which("tmux") is None:
        parser.error("tmux is needed (apt-get install tmux)")
    try:
        import legtimer as _  # noqa: F401
    except ImportError:
        parser.error(f"{PY} cannot import legtimer: install it first (pip install -e .)")

    cfg = Config.make(args.quick)
    report = Report()
    began = time.perf_counter()
    failed = False
    with tempfile.TemporaryDirectory(prefix="legbench-") as folder:
        tmp = Path(folder)
        tmux = Tmux(tmp)
        try:
            for name in chosen:
                print(f"[{time.perf_counter() - began:5.0f} s] {name}", flush=True)
                try:
                    BENCHES[name](cfg, tmux, tmp, report)
                except Exception as error:  # one broken benchmark must not hide the others
                    failed = True
                    report.add(Row(f"{name}: FAILED", str(error).splitlines()[0][:120]))
                    report.notes.append(f"{name} failed: {error}")
        finally:
            tmux.close()
    elapsed = time.perf_counter() - began
    print_table(report)
    write_results(report, cfg, elapsed, args.output)
    print(f"Wrote {args.output} ({elapsed / 60:.1f} min).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
