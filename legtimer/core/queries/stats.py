"""Totals, streaks and minutes per day or week: every one an SQL aggregate.

Only sessions with at least one set done count (see docs/history.md,
"Streaks"); a week is labelled by its Monday, in local time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from legtimer.core.history import HistoryStore
from legtimer.core.history.schema import TRAINED
from legtimer.core.queries.periods import Span, day_of, group_key, monday_of
from legtimer.core.queries.sessions import SessionFilter, first_started

# The weekly goal the week streak counts.
SESSIONS_PER_WEEK = 2


@dataclass(frozen=True)
class PeriodTotal:
    period: str  # a day "2026-11-22", a week by its Monday "2026-11-16", a month "2026-11"
    sessions: int
    active_seconds: float
    sets_done: int


@dataclass(frozen=True)
class Streaks:
    current_days: int
    longest_days: int
    current_weeks: int
    longest_weeks: int
    sessions_per_week: int  # the weekly goal the week streak counts


@dataclass(frozen=True)
class Overview:
    """This week's, this month's and all-time totals, as of `today`."""

    today: date
    this_week: PeriodTotal
    this_month: PeriodTotal
    all_time: PeriodTotal
    first_started: datetime | None  # the first session of all, counted or not

    @property
    def monday(self) -> date:
        return monday_of(self.today)

    @property
    def first_of_month(self) -> date:
        return self.today.replace(day=1)


def totals(
    store: HistoryStore, span: Span | str, *, since: date | None = None
) -> list[PeriodTotal]:
    """Sessions, active time and sets per local day, week or month, oldest first."""
    key = group_key(span)
    where, params = SessionFilter(since=since).where(TRAINED)
    rows = store.connection.execute(
        f"SELECT {key} AS period, count(*), sum(active_seconds), sum(sets_done) "
        f"FROM sessions{where} GROUP BY period ORDER BY period",
        params,
    ).fetchall()
    return [
        PeriodTotal(row[0], row[1], row[2] or 0.0, row[3] or 0)
        for row in rows
        if day_of(row[0]) is not None
    ]


def total_of(found: Sequence[PeriodTotal], period: str) -> PeriodTotal:
    """The total labelled `period`, or zeros."""
    return next(
        (total for total in found if total.period == period), PeriodTotal(period, 0, 0.0, 0)
    )


def overview(store: HistoryStore, today: date) -> Overview:
    monday, first_of_month = monday_of(today), today.replace(day=1)
    week_key, month_key = monday.isoformat(), first_of_month.strftime("%Y-%m")
    months = totals(store, Span.MONTH)
    return Overview(
        today=today,
        this_week=total_of(totals(store, Span.WEEK, since=monday), week_key),
        this_month=total_of(totals(store, Span.MONTH, since=first_of_month), month_key),
        all_time=PeriodTotal(
            "all",
            sum(month.sessions for month in months),
            sum(month.active_seconds for month in months),
            sum(month.sets_done for month in months),
        ),
        first_started=first_started(store),
    )


def minutes_per_day(store: HistoryStore, *, since: date) -> dict[date, float]:
    """The active minutes of each day trained since `since`."""
    return {
        date.fromisoformat(total.period): total.active_seconds / 60
        for total in totals(store, Span.DAY, since=since)
    }


def minutes_per_week(store: HistoryStore, *, since: date) -> dict[date, float]:
    """The active minutes of each week trained since `since`, keyed by its Monday."""
    return {
        date.fromisoformat(total.period): total.active_seconds / 60
        for total in totals(store, Span.WEEK, since=since)
    }


def streaks(
    store: HistoryStore, *, today: date | None = None, sessions_per_week: int = SESSIONS_PER_WEEK
) -> Streaks:
    """Day and week streaks (see docs/history.md for the definitions)."""
    today = today or datetime.now().date()
    days = [
        day
        for row in store.connection.execute(
            f"SELECT DISTINCT {group_key(Span.DAY)} AS day FROM sessions "
            f"WHERE {TRAINED} ORDER BY day"
        )
        if (day := day_of(row[0])) is not None
    ]
    current_days, longest_days = _runs(days, timedelta(days=1), today)
    full_weeks = [
        monday
        for row in store.connection.execute(
            f"SELECT {group_key(Span.WEEK)} AS monday FROM sessions WHERE {TRAINED} "
            "GROUP BY monday HAVING count(*) >= ? ORDER BY monday",
            (sessions_per_week,),
        )
        if (monday := day_of(row[0])) is not None
    ]
    current_weeks, longest_weeks = _runs(full_weeks, timedelta(weeks=1), monday_of(today))
    return Streaks(current_days, longest_days, current_weeks, longest_weeks, sessions_per_week)


def _runs(points: Sequence[date], unit: timedelta, anchor: date) -> tuple[int, int]:
    """(current run, longest run) of consecutive points one `unit` apart.

    The current run counts when it reaches `anchor` or the unit before it (a
    streak is not broken by a day that has not ended yet).
    """
    longest = run = 0
    previous: date | None = None
    for point in points:
        run = run + 1 if previous is not None and point - previous == unit else 1
        longest = max(longest, run)
        previous = point
    current = run if previous is not None and anchor - previous <= unit else 0
    return current, longest
