"""Periods of time the queries group by (`Span`) and filter on (`Period`)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class Span(StrEnum):
    """A length of time totals are grouped by, labelled as in `PeriodTotal.period`."""

    DAY = "day"  # "2026-11-22", local time
    WEEK = "week"  # by its Monday: "2026-11-16"
    MONTH = "month"  # "2026-11"


# The SQL that turns a row's started_at into the label of its day, week or month.
_GROUP_KEYS = {
    Span.DAY: "date(started_at, 'localtime')",
    Span.WEEK: "date(started_at, 'localtime', '-6 days', 'weekday 1')",
    Span.MONTH: "strftime('%Y-%m', started_at, 'localtime')",
}


def group_key(span: Span | str) -> str:
    """The SQL expression of a row's day, week or month; ValueError for anything else."""
    return _GROUP_KEYS[Span(span)]


class Period(StrEnum):
    """The stretch of days up to today that a list of sessions can be narrowed to."""

    ALL = "all"
    WEEK = "week"  # since this Monday
    MONTH = "month"  # since the first of this month
    LAST_30_DAYS = "30days"
    YEAR = "year"  # since the first of January

    def start(self, today: date) -> date | None:
        """The first day of the period (None: all time)."""
        if self is Period.WEEK:
            return today - timedelta(days=today.weekday())
        if self is Period.MONTH:
            return today.replace(day=1)
        if self is Period.LAST_30_DAYS:
            return today - timedelta(days=29)
        if self is Period.YEAR:
            return today.replace(month=1, day=1)
        return None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_of(text: str | None) -> date | None:
    """A day ("2026-11-22") or month ("2026-11") SQLite computed in local time, or None
    where Python has no such date: a time near year 1 or 9999 in some zones gives
    "0000-12-31" or NULL. Such times are refused on import; older files may hold them."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text)
    except ValueError:
        return None
