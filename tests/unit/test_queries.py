"""The query layer: lists of sessions, totals, streaks, bests, balance and export,
against a real history file recorded the way the app records it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from legtimer.core.history import HistoryStore, SessionSummary, Status
from legtimer.core.history.records import iso_utc
from legtimer.core.queries import exchange
from legtimer.core.queries.balance import SideBalance, row_balance, side_balance
from legtimer.core.queries.bests import ExerciseBest, group_bests, personal_bests, progress
from legtimer.core.queries.export import (
    ExportError,
    ExportFormat,
    export_file,
    export_text,
    target_problem,
    write_export,
)
from legtimer.core.queries.periods import Period, Span, group_key
from legtimer.core.queries.sessions import (
    SortKey,
    count_sessions,
    first_started,
    list_sessions,
    order_by,
    routine_names,
)
from legtimer.core.queries.stats import (
    PeriodTotal,
    minutes_per_day,
    minutes_per_week,
    overview,
    streaks,
    total_of,
    totals,
)
from tests.support.factories import lopsided_plank, noon
from tests.support.factories import recorded as record


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


# --------------------------------------------------------------------------- sessions


def test_sessions_filter_page_and_order(store: HistoryStore) -> None:
    days = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]
    routines = ["stability", "strength", "stability", "strength", "stability"]
    ids = []
    for day, routine in zip(days, routines, strict=True):
        recorder = record(store, routine, start=noon(day), steps=3)
        ids.append(recorder.session_id)

    newest_first = [s.id for s in list_sessions(store)]
    assert newest_first == ids[::-1]
    assert [s.id for s in list_sessions(store, limit=2, offset=1)] == [ids[3], ids[2]]
    assert [s.id for s in list_sessions(store, descending=False)] == ids
    by_id = [s.id for s in list_sessions(store, routine="stability")]
    by_name = [s.id for s in list_sessions(store, routine="STABILITY")]
    assert by_id == by_name == [ids[4], ids[2], ids[0]]
    window = list_sessions(store, since=days[1], until=days[3])
    assert [s.id for s in window] == [ids[3], ids[2], ids[1]]
    assert count_sessions(store) == 5
    assert count_sessions(store, routine="strength") == 2
    assert count_sessions(store, since=days[3]) == 2
    assert count_sessions(store, routine="nothing like it") == 0
    with pytest.raises(ValueError):
        list_sessions(store, sort="id; DROP TABLE sessions")  # type: ignore[arg-type]


def test_totals_per_day_week_and_month(store: HistoryStore) -> None:
    monday = date(2026, 3, 2)
    assert monday.weekday() == 0
    record(store, start=noon(monday))  # complete: 15 sets
    record(store, start=noon(monday + timedelta(days=1)), steps=2)  # 1 set
    record(store, start=noon(monday + timedelta(days=6)), steps=2)  # Sunday, same week
    record(store, start=noon(monday + timedelta(days=7)), steps=2)  # next Monday
    record(store, start=noon(date(2026, 4, 1)), steps=2)
    record(store, start=noon(date(2026, 4, 2)), steps=1)  # only GET READY: no set, no count

    weeks = {t.period: (t.sessions, t.sets_done) for t in totals(store, Span.WEEK)}
    assert weeks == {"2026-03-02": (3, 17), "2026-03-09": (1, 1), "2026-03-30": (1, 1)}
    months = {t.period: (t.sessions, t.sets_done) for t in totals(store, Span.MONTH)}
    assert months == {"2026-03": (4, 18), "2026-04": (1, 1)}
    days = [t.period for t in totals(store, Span.DAY)]
    assert days == ["2026-03-02", "2026-03-03", "2026-03-08", "2026-03-09", "2026-04-01"]
    march = totals(store, Span.MONTH, since=date(2026, 3, 1))[0]
    full = list_sessions(store, limit=1, descending=False)[0]
    assert march.active_seconds > full.active_seconds
    with pytest.raises(ValueError):
        totals(store, "fortnight")


def test_day_streaks_current_and_longest(store: HistoryStore) -> None:
    today = date(2026, 3, 20)
    for back in range(1, 6):  # five days in a row, ending yesterday
        record(store, start=noon(today - timedelta(days=back)), steps=2)
    found = streaks(store, today=today)
    assert (found.current_days, found.longest_days) == (5, 5)
    # The day after tomorrow it is broken, though still the longest.
    later = streaks(store, today=today + timedelta(days=2))
    assert (later.current_days, later.longest_days) == (0, 5)


def test_a_gap_breaks_the_day_streak(store: HistoryStore) -> None:
    today = date(2026, 3, 20)
    for back in (10, 9, 8, 2, 1):
        record(store, start=noon(today - timedelta(days=back)), steps=2)
    record(store, start=noon(today - timedelta(days=3)), steps=1)  # no set done: no day
    found = streaks(store, today=today)
    assert (found.current_days, found.longest_days) == (2, 3)
    record(store, start=noon(today), steps=2)
    assert streaks(store, today=today).current_days == 3


def test_week_streaks_count_weeks_with_enough_sessions(store: HistoryStore) -> None:
    today = date(2026, 3, 18)  # a Wednesday
    this_monday = today - timedelta(days=today.weekday())
    for weeks_back, sessions in ((3, 2), (2, 1), (1, 2), (0, 2)):
        monday = this_monday - timedelta(weeks=weeks_back)
        for n in range(sessions):
            record(store, start=noon(monday + timedelta(days=n)), steps=2)
    two = streaks(store, today=today, sessions_per_week=2)
    assert (two.current_weeks, two.longest_weeks, two.sessions_per_week) == (2, 2, 2)
    one = streaks(store, today=today, sessions_per_week=1)
    assert (one.current_weeks, one.longest_weeks) == (4, 4)
    # Next week the streak still stands (this week has not ended); the week after, it is gone.
    assert streaks(store, today=today + timedelta(weeks=1)).current_weeks == 2
    assert streaks(store, today=today + timedelta(weeks=2)).current_weeks == 0


def test_bests_per_exercise_and_side(store: HistoryStore) -> None:
    lopsided_plank(store, right_seconds=22)
    record(store)  # stability: paced reps per side and a plank

    bests = {(b.exercise, b.side): b for b in personal_bests(store)}
    assert bests[("Side plank", "left")].longest_seconds == pytest.approx(30, abs=0.01)
    assert bests[("Side plank", "right")].longest_seconds == pytest.approx(22, abs=0.01)
    squats = bests[("Single-leg squats", "left")]
    assert (squats.kind, squats.most_reps, squats.sessions) == ("reps", 8, 1)
    assert bests[("Single-leg squats", "right")].most_reps == 8
    plank = bests[("Stability-ball plank", None)]
    assert (plank.kind, plank.longest_seconds, plank.most_reps) == ("hold", 40, None)
    assert all(b.kind in ("hold", "reps", "work") for b in bests.values())


def test_every_sort_key_sorts_both_ways(store: HistoryStore) -> None:
    """Each key orders as Python would; sessions that sort alike come newest first."""
    monday = date(2026, 3, 2)
    plan = [("stability", 3, 5), ("strength", 6, None), ("stability", 9, 8), ("strength", 3, 5)]
    for n, (routine, steps, effort) in enumerate(plan):
        recorder = record(store, routine, start=noon(monday + timedelta(days=n)), steps=steps)
        assert recorder.session_id is not None
        if effort is not None:
            store.rate_session(recorder.session_id, effort, "")
    everything = list_sessions(store)
    keys: dict[SortKey, Callable[[SessionSummary], Any]] = {
        SortKey.WHEN: lambda s: s.started_at,
        SortKey.ROUTINE: lambda s: s.routine_name,
        SortKey.DURATION: lambda s: s.duration_seconds,
        SortKey.SETS: lambda s: s.sets_done,
        SortKey.STATUS: lambda s: s.status.value,
        SortKey.EFFORT: lambda s: (s.effort is not None, s.effort or 0),  # NULL sorts first
    }
    assert set(keys) == set(SortKey)
    for key, value in keys.items():
        for descending in (True, False):
            found = list_sessions(store, sort=key, descending=descending)
            values = [value(s) for s in found]
            assert values == sorted(values, reverse=descending), (key, descending)
            assert sorted(s.id for s in found) == sorted(s.id for s in everything)
            if key is not SortKey.WHEN:
                for first, second in pairwise(found):
                    if value(first) == value(second):
                        assert first.started_at > second.started_at, key


def test_order_by_is_built_from_the_enum_only() -> None:
    assert order_by(SortKey.WHEN, descending=True) == "started_at DESC, id"
    assert order_by(SortKey.DURATION, descending=False) == (
        "active_seconds + paused_seconds ASC, started_at DESC, id"
    )
    assert order_by("routine", descending=True) == "routine_name DESC, started_at DESC, id"
    with pytest.raises(ValueError):
        order_by("started_at; DROP TABLE sessions", descending=True)


def test_routine_names_and_the_first_session(store: HistoryStore) -> None:
    assert routine_names(store) == [] and first_started(store) is None
    record(store, "strength", start=noon(date(2026, 3, 5)), steps=2)
    record(store, "stability", start=noon(date(2026, 3, 3)), steps=1)  # no set done: still here
    record(store, "strength", start=noon(date(2026, 3, 7)), steps=2)
    assert routine_names(store) == ["Stability", "Strength"]
    assert first_started(store) == noon(date(2026, 3, 3))


# --------------------------------------------------------------------------- stats


def test_overview_of_this_week_this_month_and_all_time(store: HistoryStore) -> None:
    today = date(2026, 3, 18)  # a Wednesday
    empty = overview(store, today)
    assert empty.this_week == PeriodTotal("2026-03-16", 0, 0.0, 0)
    assert empty.all_time.sessions == 0 and empty.first_started is None
    record(store, start=noon(date(2026, 2, 27)), steps=2)  # last month: 1 set
    record(store, start=noon(date(2026, 3, 10)), steps=4)  # this month, last week
    record(store, start=noon(date(2026, 3, 16)), steps=2)  # this week, Monday
    record(store, start=noon(date(2026, 3, 17)), steps=1)  # no set done: not counted
    found = overview(store, today)
    assert (found.monday, found.first_of_month) == (date(2026, 3, 16), date(2026, 3, 1))
    assert (found.this_week.period, found.this_week.sessions) == ("2026-03-16", 1)
    assert (found.this_month.period, found.this_month.sessions) == ("2026-03", 2)
    assert found.all_time.sessions == 3
    assert found.all_time.sets_done == sum(t.sets_done for t in totals(store, Span.DAY))
    assert found.first_started == noon(date(2026, 2, 27))


def test_minutes_per_day_and_per_week(store: HistoryStore) -> None:
    record(store, start=noon(date(2026, 3, 2)))  # a Monday, the whole routine
    record(store, start=noon(date(2026, 3, 4)), steps=2)
    record(store, start=noon(date(2026, 3, 9)), steps=2)
    days = minutes_per_day(store, since=date(2026, 3, 3))
    assert sorted(days) == [date(2026, 3, 4), date(2026, 3, 9)]
    weeks = minutes_per_week(store, since=date(2026, 3, 1))
    assert sorted(weeks) == [date(2026, 3, 2), date(2026, 3, 9)]
    by_day = minutes_per_day(store, since=date(2026, 3, 1))
    assert weeks[date(2026, 3, 2)] == pytest.approx(
        by_day[date(2026, 3, 2)] + by_day[date(2026, 3, 4)]
    )


def test_total_of_a_period_with_nothing_is_zero() -> None:
    found = [PeriodTotal("2026-03", 2, 60.0, 4)]
    assert total_of(found, "2026-03") is found[0]
    assert total_of(found, "2026-04") == PeriodTotal("2026-04", 0, 0.0, 0)


def test_periods_and_spans() -> None:
    wednesday = date(2026, 3, 18)
    starts = {period: period.start(wednesday) for period in Period}
    assert starts == {
        Period.ALL: None,
        Period.WEEK: date(2026, 3, 16),
        Period.MONTH: date(2026, 3, 1),
        Period.LAST_30_DAYS: date(2026, 2, 17),
        Period.YEAR: date(2026, 1, 1),
    }
    assert Period("30days") is Period.LAST_30_DAYS
    assert "localtime" in group_key("week")
    with pytest.raises(ValueError):
        group_key("fortnight")


# --------------------------------------------------------------------------- bests and balance


def test_bests_grouped_by_exercise_with_their_progress(store: HistoryStore) -> None:
    lopsided_plank(store, right_seconds=21)
    record(store)  # stability: paced reps per side and a plank
    rows = {row.exercise: row for row in group_bests(personal_bests(store))}
    plank = rows["Side plank"]
    assert plank.both is None and plank.left is not None and plank.right is not None
    assert (plank.key, plank.sessions) == ("hold:Side plank", 1)
    assert plank.left.value == pytest.approx(30, abs=0.01)
    squats = rows["Single-leg squats"]
    assert squats.kind == "reps" and squats.left is not None and squats.left.value == 8.0
    ball = rows["Stability-ball plank"]
    assert ball.both is not None and ball.left is None and ball.parts == [ball.both]

    balance = row_balance(plank)
    assert balance is not None and balance.ahead == "left" and balance.lopsided
    assert row_balance(ball) is None
    even = row_balance(squats)
    assert even is not None and even.even and even.ahead is None

    points = progress(store, "Side plank", span=Span.MONTH)
    assert [(p.side, round(p.longest_seconds)) for p in points] == [("left", 30), ("right", 21)]
    assert {p.period for p in points} == {noon(date.today()).strftime("%Y-%m")}
    assert progress(store, "Nothing like it") == []


def best(kind: str, seconds: float, reps: int | None, side: str = "left") -> ExerciseBest:
    return ExerciseBest("Lunge", side, kind, 1, seconds, reps, datetime(2026, 3, 1, tzinfo=UTC))


def test_side_balance() -> None:
    held = side_balance(best("hold", 30, None), best("hold", 27.4, None, "right"))
    assert held == SideBalance("hold", 30, 27.4)
    assert (held.ahead, round(held.share, 3), held.lopsided) == ("left", 0.087, False)
    behind = side_balance(best("reps", 0, 8), best("reps", 0, 10, "right"))
    assert behind is not None and (behind.ahead, behind.share, behind.lopsided) == (
        "right",
        0.2,
        True,
    )
    assert SideBalance("hold", 30, 29.6).even  # under half a second
    assert SideBalance("work", 0, 0).even and SideBalance("work", 0, 0).share == 0
    assert side_balance(best("reps", 0, None), best("reps", 0, 8, "right")) is None  # not counted
    assert side_balance(None, best("hold", 3, None, "right")) is None


# --------------------------------------------------------------------------- statuses


def test_status_is_an_enum_of_the_stored_strings(store: HistoryStore) -> None:
    assert tuple(status.value for status in Status) == Status.ALL
    assert Status.STOPPED.value == "stopped" and Status.STOPPED.label == "stopped early"
    recorder = record(store, steps=2)
    (summary,) = list_sessions(store)
    assert summary.status is Status.STOPPED and summary.status_label == "stopped early"
    stored = store.connection.execute("SELECT status FROM sessions").fetchone()[0]
    assert type(stored) is str and stored == "stopped"
    assert recorder.session_id == summary.id


def test_times_are_stored_in_utc_with_milliseconds() -> None:
    moment = datetime(2026, 3, 2, 21, 30, 0, 123456, tzinfo=UTC)
    assert iso_utc(moment) == "2026-03-02T21:30:00.123+00:00"
    assert iso_utc(moment.astimezone()) == "2026-03-02T21:30:00.123+00:00"


# --------------------------------------------------------------------------- export


def test_export_text_in_either_format(store: HistoryStore) -> None:
    recorder = record(store, steps=3)
    steps = len(store.steps(recorder.session_id or ""))
    ticks: list[int] = []
    document = json.loads(export_text(store, ExportFormat.JSON, progress=lambda: ticks.append(1)))
    assert document["format"] == exchange.FORMAT and len(document["sessions"]) == 1
    assert ticks == [1]
    lines = export_text(store, "csv").splitlines()
    assert lines[0].split(",") == list(exchange.CSV_COLUMNS) and len(lines) == 1 + steps
    assert json.loads(export_text(None, "json"))["sessions"] == []
    with pytest.raises(ValueError):
        export_text(store, "xml")


def test_an_export_refuses_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    assert target_problem(tmp_path / "out.json") is None
    assert target_problem(tmp_path) == f"{tmp_path} is a folder; give a file name to write to"
    missing = tmp_path / "nope" / "out.json"
    assert target_problem(missing) == (
        f"cannot write {missing}: the folder {missing.parent} does not exist"
    )
    with pytest.raises(ExportError, match="does not exist"):
        write_export(missing, "{}")
    write_export(tmp_path / "out.json", "{}\n")
    assert (tmp_path / "out.json").read_text() == "{}\n"


def test_export_file_reads_on_a_connection_of_its_own(store: HistoryStore, tmp_path: Path) -> None:
    ids = [record(store, steps=n).session_id or "" for n in (2, 3)]
    target = tmp_path / "out.csv"
    assert export_file(store.path, ExportFormat.CSV, target) == 2
    assert target.read_text().count("\n") == 1 + sum(len(store.steps(i)) for i in ids)
    with pytest.raises(ExportError, match="damaged"):
        broken = tmp_path / "broken.sqlite3"
        broken.write_bytes(b"not a database" * 100)
        export_file(broken, "json", tmp_path / "never.json")
    assert not (tmp_path / "never.json").exists()
