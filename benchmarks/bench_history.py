"""History commands with ten years of sessions: import, `history` and `stats`.

`legtimer import` of ten years of daily sessions against importing one session, then
`legtimer history` and `legtimer stats` with those ten years against an empty history,
interleaved.
"""

from __future__ import annotations

from benchmarks.harness import Bench, Row, compare, ms
from benchmarks.history_data import ten_years
from benchmarks.processes import legtimer, run_timed


def run(bench: Bench) -> None:
    history = ten_years(bench)
    per_session = (history.import_seconds - history.import_one_seconds) / (history.sessions - 1)
    bench.report.add(
        Row(
            f"Import a 10-year export ({history.sessions:,} sessions, {history.steps:,} steps, "
            f"{history.mebibytes:.0f} MiB) vs 1 session",
            f"{history.import_seconds:.1f} s",
            f"{history.import_one_seconds * 1000:.0f} ms",
            f"{per_session * 1000:.2f} ms/session",
        )
    )
    commands = {"history": legtimer("history"), "stats": legtimer("stats")}
    times: dict[tuple[str, str], list[float]] = {}
    for argv in commands.values():  # warm up
        run_timed(argv, history.full)
        run_timed(argv, history.empty)
    for rep in range(bench.cfg.command_reps):
        for key, argv in commands.items():
            order = [("full", history.full), ("empty", history.empty)]
            if rep % 2:
                order.reverse()
            for which, env in order:
                times.setdefault((key, which), []).append(run_timed(argv, env))
    for key in commands:
        bench.report.add(
            compare(
                f"`legtimer {key}`, 10-year vs empty history",
                ms(times[(key, "full")]),
                ms(times[(key, "empty")]),
                "ms",
            )
        )
