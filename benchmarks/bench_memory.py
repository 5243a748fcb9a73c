"""Peak memory of a session in a hold, against a one-Static Textual app.

VmHWM of `legtimer run` some seconds into a hold (tones and speech on, as by default, and
off) and of minimal_static.py, started side by side.
"""

from __future__ import annotations

import time

from benchmarks import markers
from benchmarks.harness import Bench, compare
from benchmarks.hold import hold_session
from benchmarks.processes import helper_app, peak_rss_mib

TARGET = 1.25


def run(bench: Bench) -> None:
    cfg, tmux = bench.cfg, bench.tmux
    ours: list[float] = []
    quiet: list[float] = []
    base: list[float] = []
    for rep in range(cfg.memory_reps):
        argv, env = hold_session(bench.tmp, f"memory-{rep}")
        quiet_argv, quiet_env = hold_session(bench.tmp, f"memory-quiet-{rep}", sound=False)
        session, _ = tmux.launch(argv, env)
        silent, _ = tmux.launch(quiet_argv, quiet_env)
        minimal, _ = tmux.launch(helper_app("minimal_static"), env)
        try:
            tmux.wait_for(session, markers.HOLD)
            tmux.wait_for(silent, markers.HOLD)
            tmux.wait_for(minimal, markers.STATIC)
            time.sleep(cfg.memory_settle)
            ours.append(peak_rss_mib(tmux.pid(session)))
            quiet.append(peak_rss_mib(tmux.pid(silent)))
            base.append(peak_rss_mib(tmux.pid(minimal)))
        finally:
            tmux.stop(session)
            tmux.stop(silent)
            tmux.stop(minimal)
    bench.report.add(
        compare(
            f"Peak RSS: session in a hold ({cfg.memory_settle:.0f} s) vs minimal Textual",
            ours,
            base,
            "MiB",
            digits=1,
            target=TARGET,
        )
    )
    bench.report.add(
        compare(
            "  the same session with sound and speech off",
            quiet,
            base,
            "MiB",
            digits=1,
            target=TARGET,
        )
    )
