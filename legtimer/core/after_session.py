"""What a session changed, read back from the history once it is saved: last time
against this time, the personal bests it set, and next time's targets.

One answer for the summary screen and the plain runner, so both say the same:
``Stability-ball plank: 45 s (+5 after 3/3 sets at 40 s today)``,
``Plank is at its max of 60 s: try a harder variation, add a set, or raise 'max'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from legtimer.core.history import HistoryStore
from legtimer.core.progression import Target, todays_targets
from legtimer.core.records import LastTime, PersonalBest, session_bests
from legtimer.core.routines import Routine


@dataclass(frozen=True)
class AfterSession:
    """Last time (before this session), the bests this session set, and next time."""

    last: Mapping[str, tuple[LastTime, ...]] = field(default_factory=dict)
    bests: tuple[PersonalBest, ...] = ()
    next_targets: Mapping[str, Target] = field(default_factory=dict)

    def last_time(self, exercise: str, side: str | None = None) -> LastTime | None:
        """Last time's sets of an exercise (of one side when it is per side)."""
        for time in self.last.get(exercise, ()):
            if time.side == side:
                return time
        return None

    def bests_of(self, exercise: str, side: str | None = None) -> tuple[PersonalBest, ...]:
        return tuple(b for b in self.bests if (b.exercise, b.side) == (exercise, side))

    def next_time(self, units: str = "kg") -> list[NextTime]:
        """Next session's target of each exercise with a progression, and why."""
        return [
            NextTime(name, target.describe(units), target.suggestion())
            for name, target in self.next_targets.items()
            if target.progressing
        ]

    def lines(self, units: str = "kg") -> list[str]:
        """Next time and the bests as lines: what the plain runner prints."""
        found = []
        for item in self.next_time(units):
            found.append(f"next time: {item.exercise} {item.target}")
            if item.suggestion:
                found.append(item.suggestion)
        found.extend(best.describe(units) for best in self.bests)
        return found


@dataclass(frozen=True)
class NextTime:
    exercise: str
    target: str  # "45 s (+5 after 3/3 sets at 40 s today)"
    suggestion: str = ""  # the next move, when the exercise is at its max


def after_session(
    store: HistoryStore, routine: Routine, session_id: str, *, today: date, units: str = "kg"
) -> AfterSession:
    """Read what a saved session changed. Raises what the store's reads raise
    (sqlite3.Error, HistoryError): the caller decides how to say so."""
    saved = store.session(session_id)
    before = (
        todays_targets(store, routine, today=today, before=saved.started_at, units=units).last
        if saved is not None
        else {}
    )
    after = todays_targets(store, routine, today=today, units=units)
    return AfterSession(before, tuple(session_bests(store, session_id)), after.by_exercise)


def total(time: LastTime) -> float:
    """Everything done in a last time's sets: reps, or seconds."""
    return sum(amount for amount in time.amounts if amount is not None)
