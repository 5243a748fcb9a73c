"""CPU during a hold, against a 1 Hz Textual Digits app and termdown.

`legtimer run` sits in a ten-minute hold (once as by default, tones and speech on; once
with both off) beside a Textual `Digits` updated once a second
(minimal_countdown.py) and, when installed, termdown, each in its own tmux session. After
they settle, the CPU of each process tree is read from /proc at the start and end of each
window, in seconds per minute.
"""

from __future__ import annotations

import time

from benchmarks import markers
from benchmarks.harness import Bench, compare, rounded
from benchmarks.hold import hold_session
from benchmarks.processes import cpu_seconds, find_termdown, helper_app

TARGET_DIGITS = 1.3
SECONDS = "900"  # the baselines' countdown: longer than any window


def run(bench: Bench) -> None:
    cfg, tmux, report = bench.cfg, bench.tmux, bench.report
    session, env = hold_session(bench.tmp, "cpu")
    quiet_session, quiet_env = hold_session(bench.tmp, "cpu-quiet", sound=False)
    programs: dict[str, tuple[list[str], str | None]] = {
        "legtimer": (session, markers.HOLD),
        "legtimer, sound off": (quiet_session, markers.HOLD),
        "digits": (helper_app("minimal_countdown", SECONDS), None),
    }
    termdown = find_termdown()
    if termdown:
        programs["termdown"] = ([termdown, SECONDS], None)
    else:
        report.notes.append(
            "termdown is not installed (`pip install termdown`), so the CPU row against it "
            "was skipped."
        )
    names: dict[str, str] = {}
    try:
        for key, (argv, marker) in programs.items():
            names[key], _ = tmux.launch(argv, quiet_env if key.endswith("sound off") else env)
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
        for key in ("legtimer", "legtimer, sound off"):
            screen = tmux.screen(names[key])
            if markers.HOLD not in screen:
                raise RuntimeError(f"{key} left the hold during the CPU windows:\n{screen}")
    finally:
        for name in names.values():
            tmux.stop(name)
    ours = usage["legtimer"]
    window = f"{cfg.cpu_windows} x {cfg.cpu_window_seconds:.0f} s"
    report.add(
        compare(
            f"CPU during a hold vs minimal Digits 1 Hz ({window})",
            ours,
            usage["digits"],
            "s/min",
            digits=3,
            target=TARGET_DIGITS,
        )
    )
    report.add(
        compare(
            "  the same hold with sound and speech off",
            usage["legtimer, sound off"],
            usage["digits"],
            "s/min",
            digits=3,
            target=TARGET_DIGITS,
        )
    )
    if "termdown" in usage:
        report.add(
            compare(
                f"CPU during a hold vs termdown ({window})",
                ours,
                usage["termdown"],
                "s/min",
                digits=3,
                target=1.0,
                strictly_below=True,
            )
        )
    report.details.append(
        "CPU s/min per window: "
        + "; ".join(f"{key}: {rounded(values, 4)}" for key, values in usage.items())
    )
