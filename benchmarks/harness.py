"""What every benchmark shares: its settings, the report it adds rows to, and the arithmetic
that turns repetitions into a median, a spread and a ratio against a baseline of the same run.

A benchmark is a module `bench_NAME.py` beside this file with a docstring (its first line
is its description in `run.py --list`) and a function ``run(bench: Bench) -> None``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.terminal import Paints, Tmux


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


@dataclass
class Bench:
    """What a benchmark is given: the settings, the tmux server, a temporary folder of the
    run (removed at the end), the report, and things worth making once per run."""

    cfg: Config
    tmux: Tmux
    tmp: Path
    report: Report
    shared: dict[str, object] = field(default_factory=dict)


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


def ms(values: Sequence[float]) -> list[float]:
    """Seconds to milliseconds."""
    return [value * 1000 for value in values]


def compare(
    label: str,
    ours: Sequence[float],
    base: Sequence[float],
    unit: str,
    *,
    digits: int = 0,
    target: float | None = None,
    strictly_below: bool = False,
) -> Row:
    """A row of legtimer's repetitions against the baseline's: medians, spreads, their ratio,
    and whether the ratio is within `target` (at most, or below it with `strictly_below`)."""
    measured = ratio(median(ours), median(base))
    row = Row(label, spread(ours, unit, digits), spread(base, unit, digits), ratio_text(measured))
    if target is not None:
        row.target = f"{'<' if strictly_below else '<='} {target:.2f}x"
        row.met = measured < target if strictly_below else measured <= target
    return row


def paint_rows(
    report: Report, label: str, ours: Paints, base: Paints, target: float | None
) -> None:
    """A row for the wall time to first paint (against `target`), one until the screen is
    complete (when there was a second marker) and one for the CPU used by then."""
    report.add(compare(label, ms(ours.wall), ms(base.wall), "ms", target=target))
    if ours.complete:
        finished = base.complete or base.wall
        report.add(
            compare(
                "  until the screen is complete (same runs)",
                ms(ours.complete),
                ms(finished),
                "ms",
            )
        )
    report.add(compare("  CPU used by then (same runs)", ms(ours.cpu), ms(base.cpu), "ms"))
    report.details.append(
        f"{label}: wall ms {rounded(ms(ours.wall))} vs {rounded(ms(base.wall))}; "
        f"CPU ms {rounded(ms(ours.cpu))} vs {rounded(ms(base.cpu))}"
        + (f"; complete ms {rounded(ms(ours.complete))}" if ours.complete else "")
    )


def rounded(values: Sequence[float], digits: int | None = None) -> list[int] | list[float]:
    """For the raw numbers: whole numbers, or `digits` decimals."""
    if digits is None:
        return [round(value) for value in values]
    return [round(value, digits) for value in values]
