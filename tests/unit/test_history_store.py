"""The history store: schema and migrations, damaged files, resume, and the queries."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from legtimer.core.history import (
    MIGRATIONS,
    SCHEMA_VERSION,
    HistoryError,
    HistoryStore,
    Status,
)
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock
from tests.support.factories import SIDE_PLANK, dead_pid, finish_step, noon, set_pid
from tests.support.factories import recorded as record


def pragma(path: Path, name: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def moved_aside(path: Path) -> list[Path]:
    """Files moved aside as history.sqlite3.corrupt-<UTC stamp> (not their -wal/-shm)."""
    return [
        found
        for found in sorted(path.parent.glob(f"{path.name}.corrupt-*"))
        if re.fullmatch(r"history\.sqlite3\.corrupt-\d{8}T\d{6}Z(-\d+)?", found.name)
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "h" / "history.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(path)
    yield opened
    opened.close()


# --------------------------------------------------------------------------- opening


def test_fresh_file_has_the_current_schema_and_wal(path: Path) -> None:
    assert not path.exists()
    store = HistoryStore.open(path)
    store.close()
    assert path.is_file()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert pragma(path, "journal_mode") == "wal"


def test_a_version_1_file_is_migrated_keeping_its_sessions(path: Path) -> None:
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO sessions (id, routine_id, routine_name, routine_source, routine_toml, "
        "started_at, ended_at, status, planned_seconds, sets_planned, sets_done) "
        "VALUES ('11111111-2222-3333-4444-555555555555', 'stability', 'Stability', 'built-in', "
        "'name = \"S\"', '2026-03-02T12:00:00.000+00:00', '2026-03-02T12:20:00.000+00:00', "
        "'completed', 1276, 15, 15)"
    )
    old.commit()
    old.close()

    store = HistoryStore.open(path)
    try:
        assert store.notices == []
        summary = store.session("11111111")
        assert summary is not None
        assert (summary.routine_name, summary.status, summary.sets_done) == (
            "Stability",
            "completed",
            15,
        )
        assert (summary.effort, summary.note) == (None, "")  # columns added by migration 2
        store.rate_session(summary.id, 7, "felt good")
        assert store.session(summary.id).effort == 7  # type: ignore[union-attr]
    finally:
        store.close()
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_a_file_from_a_newer_legtimer_is_refused_and_untouched(path: Path) -> None:
    path.parent.mkdir(parents=True)
    newer = sqlite3.connect(path)
    newer.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, future TEXT)")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    before = path.read_bytes()

    with pytest.raises(HistoryError, match="newer legtimer"):
        HistoryStore.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # nothing moved aside


def _real_history_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "real" / "history.sqlite3"
    store = HistoryStore.open(source)
    record(store)
    store.close()  # the last connection checkpoints the WAL into the file
    data = source.read_bytes()
    assert len(data) > 8192
    return data


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder"])
def test_a_damaged_file_is_moved_aside_and_a_fresh_history_started(
    damage: str, path: Path, tmp_path: Path
) -> None:
    path.parent.mkdir(parents=True)
    if damage == "garbage":
        content = b"this is not a database\n" * 300
        path.write_bytes(content)
    elif damage == "truncated":
        content = _real_history_bytes(tmp_path)[:6000]
        path.write_bytes(content)
    else:
        path.mkdir()
        (path / "inside.txt").write_text("keep me", encoding="utf-8")

    store = HistoryStore.open(path)
    try:
        moved = moved_aside(path)
        assert len(moved) == 1, moved
        if damage == "folder":
            assert (moved[0] / "inside.txt").read_text(encoding="utf-8") == "keep me"
        else:
            assert moved[0].read_bytes() == content
        assert len(store.notices) == 1
        assert str(moved[0]) in store.notices[0]
        assert "Nothing was deleted" in store.notices[0]
        # The fresh history works.
        assert store.count() == 0
        record(store, steps=3)
        assert store.count() == 1
    finally:
        store.close()
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_damage_is_an_error_when_recovery_is_off(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 500)
    with pytest.raises(HistoryError, match="damaged"):
        HistoryStore.open(path, recover=False)
    assert path.read_bytes() == b"\x00garbage" * 500


def test_a_zero_length_file_is_an_empty_history_not_damage(path: Path) -> None:
    """SQLite reads an empty file as an empty database, and a SIGKILL during the very
    first open can leave one: there is nothing in it to keep, so it is simply set up."""
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    store = HistoryStore.open(path, recover=False)
    try:
        assert store.notices == []
        record(store, steps=2)
        assert store.count() == 1
    finally:
        store.close()
    assert list(path.parent.glob("*.corrupt-*")) == []
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_an_sqlite_database_that_is_not_a_history_is_moved_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('mine')")
    other.commit()
    other.close()

    store = HistoryStore.open(path)
    try:
        assert "not a legtimer history" in store.notices[0]
        assert store.count() == 0
    finally:
        store.close()
    (moved,) = moved_aside(path)
    kept = sqlite3.connect(moved)
    try:
        assert kept.execute("SELECT text FROM notes").fetchall() == [("mine",)]
    finally:
        kept.close()


# --------------------------------------------------------------------------- resume


def test_a_session_left_by_a_dead_process_becomes_interrupted(store: HistoryStore) -> None:
    abandoned = record(store, steps=5)
    # record() stops the session; make it look like a crash instead: still in progress.
    assert abandoned.session_id is not None
    store.connection.execute(
        "UPDATE sessions SET status = ?, ended_at = NULL WHERE id = ?",
        (Status.IN_PROGRESS, abandoned.session_id),
    )
    store.connection.execute(
        "DELETE FROM steps WHERE session_id = ? AND step_index >= 5", (abandoned.session_id,)
    )
    set_pid(store, abandoned.session_id, dead_pid())
    alive = record(store, steps=2)
    assert alive.session_id is not None
    store.connection.execute(
        "UPDATE sessions SET status = ?, ended_at = NULL WHERE id = ?",
        (Status.IN_PROGRESS, alive.session_id),
    )
    set_pid(store, alive.session_id, os.getppid())  # a process that is still running

    marked = store.mark_interrupted()
    assert [s.id for s in marked] == [abandoned.session_id]
    summary = store.session(abandoned.session_id)
    assert summary is not None and summary.status == Status.INTERRUPTED
    assert summary.ended_at == store.steps(abandoned.session_id)[-1].ended_at
    assert store.session(alive.session_id).status == Status.IN_PROGRESS  # type: ignore[union-attr]

    assert [s.id for s in store.resumable()] == [abandoned.session_id]
    store.dismiss(abandoned.session_id)
    assert store.resumable() == []
    assert store.count() == 2  # dismissed, not deleted


def test_a_resumed_session_continues_where_it_stopped_and_completes(store: HistoryStore) -> None:
    clock = FakeClock()
    plan = build_plan(resolve("stability"))
    first = Recorder.new(plan, clock, store)
    first.start()
    for _ in range(10):
        finish_step(first, clock)
    session_id = first.session_id
    assert session_id is not None
    assert [row.step_index for row in store.steps(session_id)] == list(range(10))
    del first  # the process "dies" here: the session is still in progress
    set_pid(store, session_id, dead_pid())
    assert [s.id for s in store.resumable()] == [session_id]

    later = FakeClock(start=50_000.0)
    resumed = Recorder.resume(store, session_id[:8], later)
    assert resumed.session.index == 10
    resumed.start()
    while not resumed.session.over:
        finish_step(resumed, later)

    summary = store.session(session_id)
    assert summary is not None
    assert summary.status == Status.COMPLETED
    rows = store.steps(session_id)
    assert [row.step_index for row in rows] == list(range(len(plan.steps)))
    assert summary.sets_done == len(plan.active_steps)
    assert summary.sets_skipped == 0
    assert summary.active_seconds == pytest.approx(plan.total_seconds, abs=0.1)
    assert store.resumable() == []


# --------------------------------------------------------------------------- queries


def test_sessions_filter_page_and_order(store: HistoryStore) -> None:
    days = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]
    routines = ["stability", "strength", "stability", "strength", "stability"]
    ids = []
    for day, routine in zip(days, routines, strict=True):
        recorder = record(store, routine, start=noon(day), steps=3)
        ids.append(recorder.session_id)

    newest_first = [s.id for s in store.sessions()]
    assert newest_first == ids[::-1]
    assert [s.id for s in store.sessions(limit=2, offset=1)] == [ids[3], ids[2]]
    assert [s.id for s in store.sessions(order="started_at ASC")] == ids
    by_id = [s.id for s in store.sessions(routine="stability")]
    by_name = [s.id for s in store.sessions(routine="STABILITY")]
    assert by_id == by_name == [ids[4], ids[2], ids[0]]
    window = store.sessions(since=days[1], until=days[3])
    assert [s.id for s in window] == [ids[3], ids[2], ids[1]]
    assert store.count() == 5
    assert store.count(routine="strength") == 2
    assert store.count(since=days[3]) == 2
    assert store.count(routine="nothing like it") == 0
    with pytest.raises(ValueError):
        store.sessions(order="id; DROP TABLE sessions")


def test_totals_per_day_week_and_month(store: HistoryStore) -> None:
    monday = date(2026, 3, 2)
    assert monday.weekday() == 0
    record(store, start=noon(monday))  # complete: 15 sets
    record(store, start=noon(monday + timedelta(days=1)), steps=2)  # 1 set
    record(store, start=noon(monday + timedelta(days=6)), steps=2)  # Sunday, same week
    record(store, start=noon(monday + timedelta(days=7)), steps=2)  # next Monday
    record(store, start=noon(date(2026, 4, 1)), steps=2)
    record(store, start=noon(date(2026, 4, 2)), steps=1)  # only GET READY: no set, no count

    weeks = {t.period: (t.sessions, t.sets_done) for t in store.totals("week")}
    assert weeks == {"2026-03-02": (3, 17), "2026-03-09": (1, 1), "2026-03-30": (1, 1)}
    months = {t.period: (t.sessions, t.sets_done) for t in store.totals("month")}
    assert months == {"2026-03": (4, 18), "2026-04": (1, 1)}
    days = [t.period for t in store.totals("day")]
    assert days == ["2026-03-02", "2026-03-03", "2026-03-08", "2026-03-09", "2026-04-01"]
    march = store.totals("month", since=date(2026, 3, 1))[0]
    full = store.sessions(limit=1, order="started_at ASC")[0]
    assert march.active_seconds > full.active_seconds
    with pytest.raises(ValueError):
        store.totals("fortnight")


def test_day_streaks_current_and_longest(store: HistoryStore) -> None:
    today = date(2026, 3, 20)
    for back in range(1, 6):  # five days in a row, ending yesterday
        record(store, start=noon(today - timedelta(days=back)), steps=2)
    streaks = store.streaks(today=today)
    assert (streaks.current_days, streaks.longest_days) == (5, 5)
    # The day after tomorrow it is broken, though still the longest.
    later = store.streaks(today=today + timedelta(days=2))
    assert (later.current_days, later.longest_days) == (0, 5)


def test_a_gap_breaks_the_day_streak(store: HistoryStore) -> None:
    today = date(2026, 3, 20)
    for back in (10, 9, 8, 2, 1):
        record(store, start=noon(today - timedelta(days=back)), steps=2)
    record(store, start=noon(today - timedelta(days=3)), steps=1)  # no set done: no day
    streaks = store.streaks(today=today)
    assert (streaks.current_days, streaks.longest_days) == (2, 3)
    record(store, start=noon(today), steps=2)
    assert store.streaks(today=today).current_days == 3


def test_week_streaks_count_weeks_with_enough_sessions(store: HistoryStore) -> None:
    today = date(2026, 3, 18)  # a Wednesday
    this_monday = today - timedelta(days=today.weekday())
    for weeks_back, sessions in ((3, 2), (2, 1), (1, 2), (0, 2)):
        monday = this_monday - timedelta(weeks=weeks_back)
        for n in range(sessions):
            record(store, start=noon(monday + timedelta(days=n)), steps=2)
    two = store.streaks(today=today, sessions_per_week=2)
    assert (two.current_weeks, two.longest_weeks, two.sessions_per_week) == (2, 2, 2)
    one = store.streaks(today=today, sessions_per_week=1)
    assert (one.current_weeks, one.longest_weeks) == (4, 4)
    # Next week the streak still stands (this week has not ended); the week after, it is gone.
    assert store.streaks(today=today + timedelta(weeks=1)).current_weeks == 2
    assert store.streaks(today=today + timedelta(weeks=2)).current_weeks == 0


def test_bests_per_exercise_and_side(store: HistoryStore) -> None:
    clock = FakeClock()
    recorder = Recorder.new(build_plan(parse_routine(SIDE_PLANK)), clock, store)
    recorder.start()
    finish_step(recorder, clock)  # get ready
    finish_step(recorder, clock)  # left: the full 30 s
    finish_step(recorder, clock)  # switch sides
    assert recorder.session.step.side is not None
    assert recorder.session.step.side.value == "right"
    clock.advance(22)
    recorder.session.done()  # right: done after 22 s
    recorder.poll()
    assert recorder.session.over
    record(store)  # stability: paced reps per side and a plank

    bests = {(b.exercise, b.side): b for b in store.bests()}
    assert bests[("Side plank", "left")].longest_seconds == pytest.approx(30, abs=0.01)
    assert bests[("Side plank", "right")].longest_seconds == pytest.approx(22, abs=0.01)
    squats = bests[("Single-leg squats", "left")]
    assert (squats.kind, squats.most_reps, squats.sessions) == ("reps", 8, 1)
    assert bests[("Single-leg squats", "right")].most_reps == 8
    plank = bests[("Stability-ball plank", None)]
    assert (plank.kind, plank.longest_seconds, plank.most_reps) == ("hold", 40, None)
    assert all(b.kind in ("hold", "reps", "work") for b in bests.values())


def test_skipped_sets_are_no_best(store: HistoryStore) -> None:
    clock = FakeClock()
    recorder = Recorder.new(build_plan(parse_routine(SIDE_PLANK)), clock, store)
    recorder.start()
    finish_step(recorder, clock)  # get ready
    recorder.session.skip()  # left skipped
    recorder.poll()
    recorder.stop()
    assert store.bests() == []
    summary = store.session(recorder.session_id or "")
    assert summary is not None
    assert (summary.status, summary.sets_done, summary.sets_skipped) == ("stopped", 0, 1)


def test_self_paced_sets_are_recorded_at_their_target(store: HistoryStore) -> None:
    recorder = record(store, "plyometrics")
    assert recorder.session_id is not None
    summary = store.session(recorder.session_id)
    assert summary is not None
    assert summary.status == Status.COMPLETED
    assert summary.sets_done == summary.sets_planned == len(recorder.plan.active_steps)
    reps = [row for row in store.steps(recorder.session_id) if row.kind == "reps"]
    assert reps and all(row.reps == row.target for row in reps)


def test_two_processes_opening_a_new_history_at_once_both_succeed(tmp_path: Path) -> None:
    """Both may see schema 0; the second must not re-run the migrations (and move the file aside)."""

    script = (
        "import sys; from pathlib import Path; from legtimer.core.history import HistoryStore; "
        "store = HistoryStore.open(Path(sys.argv[1])); print(len(store.notices))"
    )
    for trial in range(8):
        path = tmp_path / f"race-{trial}.sqlite3"
        children = [
            subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE)
            for _ in range(3)
        ]
        outputs = [child.communicate(timeout=60)[0].decode().strip() for child in children]
        assert all(child.returncode == 0 for child in children)
        assert outputs == ["0", "0", "0"]
        assert not list(tmp_path.glob(f"race-{trial}.sqlite3.corrupt-*"))
