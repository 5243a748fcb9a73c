"""The shared renderers: the charts, and the tables `legtimer stats` and the review
screen both draw (compact for the screen's panels)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from legtimer.core.history import SessionSummary, Status
from legtimer.core.queries.balance import SideBalance
from legtimer.core.queries.bests import BestRow, ExerciseBest
from legtimer.core.queries.stats import Overview, PeriodTotal, Streaks
from legtimer.render.charts import heat_limits, heatmap, week_chart
from legtimer.render.formats import amount, plural, status_text
from legtimer.render.session import session_cells
from legtimer.render.stats import (
    NO_BESTS,
    balance_text,
    best_cells,
    bests_table,
    short_date,
    streaks_table,
    totals_table,
)

TODAY = date(2026, 3, 18)  # a Wednesday


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the dates shown do not depend on the machine."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def render(renderable: Any, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


# ------------------------------------------------------------------ drawing


def test_heatmap_is_a_year_of_weeks() -> None:
    days = {TODAY: 50.0, TODAY - timedelta(days=1): 20.0, date(2025, 3, 17): 5.0}
    lines = render(heatmap(days, TODAY)).splitlines()
    assert lines[1].startswith("Mon ")
    assert len(lines[1]) == 4 + 53
    wednesday = lines[3]
    assert wednesday[-1] == "█"  # today, 50 minutes
    assert lines[2][-1] == "▓"  # Tuesday, 20 minutes
    assert len(lines[4]) == 4 + 52  # Thursday has not happened yet
    assert lines[1][4] == "░"  # the first column starts 52 weeks before this Monday
    assert " ".join(lines[0].split()) == "Apr May Jun Jul Aug Sep Oct Nov Dec Jan Feb Mar"
    # The levels are the quartiles of the days trained, rounded up to round minutes.
    assert " ".join(lines[8].split()) == "· none ░ under 15 ▒ 15-20 ▓ 20-45 █ 45+ min"
    assert heat_limits([]) == (15, 30, 45)
    assert heat_limits([3.0]) == (5, 10, 15)
    assert heat_limits([4, 5, 5, 6, 6, 7, 12]) == (5, 10, 15)
    # A few sessions of about a quarter of an hour: not "under 14, 14-15, 15-16".
    assert heat_limits([14.2, 15.1, 15.6]) == (15, 20, 30)
    assert heat_limits([300.0]) == (300, 360, 420)


def test_week_chart_scales_to_the_busiest_week() -> None:
    monday = TODAY - timedelta(days=TODAY.weekday())
    weeks = {monday: 120.0, monday - timedelta(weeks=1): 60.0, monday - timedelta(weeks=15): 1.0}
    lines = render(week_chart(weeks, TODAY, weeks=16, height=6)).splitlines()
    assert lines[0].split() == ["1", "60", "120"]
    assert lines[1].strip().startswith("120 ┤")
    assert lines[1].rstrip().endswith("███")  # the busiest week fills the top row
    assert lines[4].rstrip().endswith("███ ███")
    assert "▁" in lines[6]  # one minute still shows
    assert len(lines) == 9


# ------------------------------------------------------------------ small formats


def test_plurals_amounts_and_statuses() -> None:
    assert (plural(1, "day"), plural(0, "day"), plural(3, "week")) == ("1 day", "0 days", "3 weeks")
    assert (amount(12.4, "reps"), amount(75.4, "hold"), amount(None, "work")) == (
        "12 reps",
        "1:15",
        "–",
    )
    stopped = status_text(Status.STOPPED)
    assert (str(stopped), stopped.style) == ("stopped early", "yellow")


# ------------------------------------------------------------------ stats, both ways

OVERVIEW = Overview(
    today=TODAY,
    this_week=PeriodTotal("2026-03-16", 1, 600.0, 4),
    this_month=PeriodTotal("2026-03", 3, 1800.0, 12),
    all_time=PeriodTotal("all", 30, 0.0, 120),
    first_started=datetime(2025, 6, 1, 7, tzinfo=UTC),
)


def test_totals_for_the_shell_spell_out_what_they_count() -> None:
    shown = render(totals_table(OVERVIEW))
    assert "Totals (sessions with at least one set done)" in shown
    assert "This week (from Mon 2026-03-16)" in shown and "This month (March 2026)" in shown
    assert "All time (since 2025-06-01)" in shown and "Active time" in shown
    week = next(line for line in shown.splitlines() if "This week" in line)
    assert week.split()[-3:] == ["10", "min", "4"]


def test_totals_for_the_screen_are_compact() -> None:
    shown = render(totals_table(OVERVIEW, compact=True))
    # The list shows every session; the totals say which ones they count.
    assert shown.splitlines()[0].strip() == "Totals (sessions with at least one set done)"
    assert "This week (from 16 Mar)" in shown and "This month (March)" in shown
    all_time = next(line for line in shown.splitlines() if "All time" in line)
    assert all_time.split() == ["All", "time", "30", "0", "min", "120"]  # no "(since ...)"


def test_streaks_both_ways() -> None:
    streak = Streaks(1, 3, 0, 2, 2)
    shell = " ".join(render(streaks_table(streak)).split())
    assert "Day streak 1 day now, longest 3 days" in shell
    assert "Week streak (2+ sessions a week) 0 weeks now, longest 2 weeks" in shell
    screen = " ".join(render(streaks_table(streak, compact=True)).split())
    assert screen.startswith("Streaks Days in a row 1 day now longest 3 days")
    assert "Weeks with 2+ sessions 0 weeks now longest 2 weeks" in screen


def test_balance_both_ways() -> None:
    slight = SideBalance("hold", 30, 28)
    assert (str(balance_text(slight)), balance_text(slight).style) == ("left +2 s", "yellow")
    compact = balance_text(slight, compact=True)
    assert (str(compact), compact.style) == ("L +0:02 (7%)", "")
    weak_left = SideBalance("reps", 8, 10)
    assert str(balance_text(weak_left)) == "right +2 reps"
    flagged = balance_text(weak_left, compact=True)
    assert (str(flagged), flagged.style) == ("R +2 reps (20%)", "bold yellow")
    even = balance_text(SideBalance("hold", 30, 29.8), compact=True)
    assert (str(even), even.style) == ("even", "green")
    assert str(balance_text(None)) == ""


def exercise_best(side: str | None, seconds: float, kind: str = "hold") -> ExerciseBest:
    return ExerciseBest(
        "Side plank", side, kind, 2, seconds, None, datetime(2026, 3, 2, tzinfo=UTC)
    )


def test_bests_for_the_shell_and_for_the_screen() -> None:
    left, right = exercise_best("left", 30), exercise_best("right", 20)
    shell = render(bests_table([left, right]), width=120)
    right_line = next(line for line in shell.splitlines() if "Side plank  right" in line)
    assert "0:20" in right_line and "left +10 s" in right_line
    assert str(bests_table([])) == NO_BESTS
    cells = best_cells(BestRow("Side plank", "hold", None, left, right))
    assert [str(cell) for cell in cells] == [
        "Side plank",
        "",
        "0:30",
        "0:20",
        "L +0:10 (33%)",
        "2",
        short_date(datetime(2026, 3, 2, 7, tzinfo=UTC)),
    ]
    assert isinstance(cells[2], Text) and cells[2].style == "cyan"
    assert short_date(datetime(2026, 3, 2, 7, tzinfo=UTC), date(2026, 12, 1)) == "02 Mar"
    assert short_date(datetime(2025, 3, 2, 7, tzinfo=UTC), date(2026, 12, 1)) == "Mar 2025"


def test_a_session_line_is_the_same_in_the_shell_and_on_screen() -> None:
    summary = SessionSummary(
        id="abc",
        routine_id="stability",
        routine_name="Stability [bold]",
        routine_source="built-in",
        started_at=datetime(2026, 3, 2, 21, 30, tzinfo=UTC),
        ended_at=None,
        status=Status.INTERRUPTED,
        planned_seconds=600,
        active_seconds=300.4,
        paused_seconds=20,
        sets_planned=10,
        sets_done=4,
        sets_skipped=1,
        effort=None,
        note="",
    )
    cells = [str(cell) for cell in session_cells(summary)]
    assert cells == ["Mon 2026-03-02 21:30", "Stability [bold]", "5:20", "4/10", "interrupted", "–"]
    assert str(session_cells(summary, "%Y-%m-%d %H:%M")[0]) == "2026-03-02 21:30"


def test_the_done_column_of_a_reps_step_is_reps_only() -> None:
    from legtimer.core.history import StepRow
    from legtimer.render.session import step_table

    def row(index: int, outcome: str, reps: int | None, active: float) -> StepRow:
        at = datetime(2026, 3, 1, 7, tzinfo=UTC)
        return StepRow(
            index, "reps", "Squats", 1, "", 1, index + 1, None, 40.0, 12, outcome,
            at, at, active, 0.0, 0.0, reps,
        )  # fmt: skip

    shown = render(step_table([row(0, "done", 12, 40.0), row(1, "skipped", None, 3.0)]))
    done, skipped = (line for line in shown.splitlines() if "Squats" in line)
    assert "12 reps" in done and "0:40" not in done
    assert "–" in skipped and "0:03" not in skipped  # not a time where the others give reps
