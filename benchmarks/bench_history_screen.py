"""First paint of the history and home screens with ten years of sessions.

`legtimer review` and `legtimer` (home), each with the ten years against the same with an
empty history, interleaved.
"""

from __future__ import annotations

from benchmarks import markers
from benchmarks.harness import Bench, paint_rows
from benchmarks.history_data import ten_years
from benchmarks.processes import legtimer
from benchmarks.terminal import Program, paint_rounds

TARGET = 1.5  # the history screen's; the home screen's row is for information


def run(bench: Bench) -> None:
    history = ten_years(bench)
    screens = [
        ("history screen", legtimer("review"), markers.REVIEW, TARGET),
        ("home screen", legtimer(), markers.HOME, None),
    ]
    for label, argv, shows, target in screens:
        with_history, without = paint_rounds(
            bench.tmux,
            bench.cfg.paint_reps,
            [Program(argv, history.full, shows), Program(argv, history.empty, shows)],
        )
        paint_rows(
            bench.report,
            f"First paint of the {label}, 10-year vs empty history",
            with_history,
            without,
            target,
        )
