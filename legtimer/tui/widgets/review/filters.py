"""Which sessions the table shows: one routine or all, and a period up to today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Select

from legtimer.core.queries.periods import Period

PERIOD_LABELS = {
    Period.ALL: "All time",
    Period.WEEK: "This week",
    Period.MONTH: "This month",
    Period.LAST_30_DAYS: "Last 30 days",
    Period.YEAR: "This year",
}


class SessionFilters(Horizontal):
    """A routine list and a period list; posts `Changed` when the person picks another."""

    # Unscoped so the rules can follow the screen's breakpoint classes; each one
    # still starts from this widget's type.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    SessionFilters { height: auto; }
    SessionFilters #routine-filter { width: 1fr; max-width: 48; }
    SessionFilters #period-filter { width: 24; }
    Screen.-narrow SessionFilters #routine-filter { max-width: 100%; }
    Screen.-narrow SessionFilters #period-filter { width: 16; }
    """

    @dataclass
    class Changed(Message):
        routine: str | None
        period: Period

    def __init__(self, routines: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.routines = list(routines)
        self.routine: str | None = None
        self.period = Period.ALL

    def compose(self) -> ComposeResult:
        yield Select(
            [(name, name) for name in self.routines], prompt="All routines", id="routine-filter"
        )
        yield Select(
            [(label, period.value) for period, label in PERIOD_LABELS.items()],
            allow_blank=False,
            value=Period.ALL.value,
            id="period-filter",
        )

    def set_compact(self, compact: bool) -> None:
        """One line per list instead of three (for short terminals)."""
        for select in self.query(Select):
            select.compact = compact

    def open(self, which: str) -> None:
        """Focus a list and open it: "routine" or "period"."""
        select = self.query_one(f"#{which}-filter", Select)
        select.focus()
        select.action_show_overlay()

    def set_routines(self, names: Sequence[str]) -> bool:
        """Offer these routines; True if the one filtered on is gone (the filter is then off)."""
        self.routines = list(names)
        select: Select[str] = self.query_one("#routine-filter", Select)
        with self.prevent(Select.Changed):  # the caller reloads once, not per option
            select.set_options([(name, name) for name in names])
            if self.routine is not None and self.routine in names:
                select.value = self.routine
        if self.routine is None or self.routine in names:
            return False
        self.routine = None
        return True

    @on(Select.Changed, "#routine-filter")
    def _routine_changed(self, event: Select.Changed) -> None:
        event.stop()
        routine = event.value if isinstance(event.value, str) else None
        if routine != self.routine:
            self.routine = routine
            self.post_message(self.Changed(self.routine, self.period))

    @on(Select.Changed, "#period-filter")
    def _period_changed(self, event: Select.Changed) -> None:
        event.stop()
        period = Period(event.value) if isinstance(event.value, str) else Period.ALL
        if period != self.period:
            self.period = period
            self.post_message(self.Changed(self.routine, self.period))
