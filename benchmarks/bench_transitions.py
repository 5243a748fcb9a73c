"""Transitions in the app against their schedule, read from its screen in tmux.

A real-clock routine runs in the app; a step counts when the phase label on the screen
changes. The screen is read every 5 ms from 300 ms before each step is due; the time kept
is when the read that showed it returned, so it can be late by one read, never early.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from benchmarks import markers
from benchmarks.harness import Bench
from benchmarks.terminal import POLL_SECONDS, Tmux, running
from benchmarks.transitions import Transitions, report_errors, timing

WINDOW_LEAD = 0.3  # start reading the screen this long before each transition is due


def shown_phase(screen: str) -> str | None:
    for line in screen.splitlines():
        text = line.strip()
        if text in markers.PHASES:
            return text
    return None


def watch(
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
        if markers.SUMMARY in screen:
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


def run(bench: Bench) -> None:
    routine = timing(bench, "transitions-tui")
    plan = routine.plan
    seen = Transitions()
    with running(bench.tmux, routine.argv(), routine.env) as (name, _):
        offsets = [float(start) for start in plan.starts[1:]] + [float(plan.total_seconds)]
        watch(bench.tmux, name, seen, offsets, routine.timeout)
    how = f"phase label on screen, read every {POLL_SECONDS * 1000:.0f} ms"
    report_errors(bench, "TUI", how, seen, routine)
