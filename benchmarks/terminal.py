"""A private tmux server: real pseudo-terminals to run apps in, and first paints timed in them."""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.processes import REPO, cpu_seconds, end

COLS, ROWS = 100, 30
POLL_SECONDS = 0.005  # how often the screen is read while waiting for something to appear


class Tmux:
    """A tmux server on its own socket; each program gets its own 100x30 session."""

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
        if pid is not None:
            end(pid)  # SIGHUP from tmux should end it; killed if it has not within 2 s

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


# --------------------------------------------------------------------------- first paints


@dataclass(frozen=True)
class Program:
    """A program to time: its command line, its environment, and what its screen shows."""

    argv: Sequence[str]
    env: dict[str, str]
    markers: Sequence[str]  # the first: its first paint; the last: its screen is complete


@dataclass
class Paints:
    """First paints of one program: wall seconds from launch, CPU seconds by then, and
    (with a second marker) wall seconds until the screen was complete."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    complete: list[float] = field(default_factory=list)


def first_paint(tmux: Tmux, program: Program) -> tuple[list[float], float]:
    """Seconds from launch until each marker showed, and CPU seconds used by the last."""
    with running(tmux, program.argv, program.env) as (name, started):
        seen = tmux.wait_for_all(name, program.markers)
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
