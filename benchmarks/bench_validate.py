"""`legtimer validate` of 1,000 routine files, against one file.

One in five files is broken (out-of-range values, unknown keys, wrong types, two kinds in
one exercise, TOML errors); the summary line is checked. The difference over 999 is the
cost per file.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.harness import Bench, Row, median, ms, spread
from benchmarks.processes import legtimer, legtimer_env, run_output, run_timed

COUNT = 1000


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


def run(bench: Bench) -> None:
    folder = bench.tmp / "routines"
    valid, invalid = routine_files(folder, COUNT)
    env = legtimer_env(bench.tmp / "validate-data", bench.tmp / "validate-config")
    one = str(min(folder.iterdir()))
    said = run_output(legtimer("validate", str(folder)), env)
    expected = f"{COUNT} file(s) checked: {valid} valid, {invalid} with problems"
    if expected not in said:
        raise RuntimeError(f"`legtimer validate` did not say {expected!r}:\n{said[-500:]}")
    many: list[float] = []
    single: list[float] = []
    for _ in range(bench.cfg.validate_reps):
        single.append(run_timed(legtimer("validate", one), env))
        many.append(run_timed(legtimer("validate", str(folder)), env))
    per_file = (median(many) - median(single)) / (COUNT - 1) * 1000
    bench.report.add(
        Row(
            f"`legtimer validate` {COUNT:,} files ({invalid} broken) vs 1 file",
            spread(many, "s", 2),
            spread(ms(single), "ms"),
            f"{per_file:.2f} ms/file",
        )
    )
