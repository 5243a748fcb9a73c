"""Left against right: which side of a per-side exercise is ahead, and by how much."""

from __future__ import annotations

from dataclasses import dataclass

from legtimer.core.queries.bests import BestRow, ExerciseBest

# A side this much weaker than the other (as a fraction of the stronger) is flagged.
IMBALANCE = 0.10
# Differences smaller than this (half a second or half a rep) are even.
EVEN = 0.5


@dataclass(frozen=True)
class SideBalance:
    kind: str  # "hold", "reps" or "work": the values are reps or seconds
    left: float
    right: float

    @property
    def difference(self) -> float:
        """How far the left side is ahead (negative: the right is)."""
        return self.left - self.right

    @property
    def even(self) -> bool:
        return max(self.left, self.right) <= 0 or abs(self.difference) < EVEN

    @property
    def ahead(self) -> str | None:
        """Which side is ahead ("left" or "right"); None when even."""
        if self.even:
            return None
        return "left" if self.difference > 0 else "right"

    @property
    def share(self) -> float:
        """The difference as a fraction of the stronger side."""
        stronger = max(self.left, self.right)
        return abs(self.difference) / stronger if stronger > 0 else 0.0

    @property
    def lopsided(self) -> bool:
        return not self.even and self.share >= IMBALANCE


def side_balance(left: ExerciseBest | None, right: ExerciseBest | None) -> SideBalance | None:
    """The balance of two sides' bests; None unless both have a value."""
    if left is None or right is None:
        return None
    left_value, right_value = left.value, right.value
    if left_value is None or right_value is None:
        return None
    return SideBalance(left.kind, left_value, right_value)


def row_balance(row: BestRow) -> SideBalance | None:
    return side_balance(row.left, row.right)
