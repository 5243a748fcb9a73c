"""Start-up: the home screen's first paint against a one-Static Textual app.

Both start in a new 100x30 tmux session and the screen is read every 5 ms until a marker
shows. A plain Textual app with the home's widgets (minimal_home.py) runs in the same
rotation, for reference: what Textual itself costs for such a screen.
"""

from __future__ import annotations

from benchmarks import markers
from benchmarks.harness import Bench, Row, compare, median, ms, paint_rows, ratio, ratio_text
from benchmarks.processes import helper_app, legtimer, legtimer_env
from benchmarks.terminal import Program, paint_rounds

TARGET = 1.2


def run(bench: Bench) -> None:
    env = legtimer_env(bench.tmp / "startup-data", bench.tmp / "startup-config")
    home = Program(legtimer(), env, markers.HOME)
    minimal = Program(helper_app("minimal_static"), env, (markers.STATIC,))
    same = Program(helper_app("minimal_home"), env, markers.HOME)
    ours, base, reference = paint_rounds(bench.tmux, bench.cfg.startup_reps, [home, minimal, same])
    report = bench.report
    paint_rows(report, "Startup: first paint, home vs minimal Textual (100x30)", ours, base, TARGET)
    report.add(
        compare(
            "  for reference: vs plain Textual app with the home's widgets",
            ms(ours.wall),
            ms(reference.wall),
            "ms",
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
