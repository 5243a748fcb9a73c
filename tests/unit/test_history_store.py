"""The history store: schema and migrations, damaged files, recording, resume, one session.

The lists and aggregates are tested with the query layer (test_queries.py)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
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
from legtimer.core.queries.bests import personal_bests
from legtimer.core.queries.sessions import count_sessions
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock
from tests.support.factories import SIDE_PLANK, dead_pid, finish_step, set_pid
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
        assert count_sessions(store) == 0
        record(store, steps=3)
        assert count_sessions(store) == 1
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
        assert count_sessions(store) == 1
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
        assert count_sessions(store) == 0
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
    assert count_sessions(store) == 2  # dismissed, not deleted


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


# --------------------------------------------------------------------------- one session


def test_skipped_sets_are_no_best(store: HistoryStore) -> None:
    clock = FakeClock()
    recorder = Recorder.new(build_plan(parse_routine(SIDE_PLANK)), clock, store)
    recorder.start()
    finish_step(recorder, clock)  # get ready
    recorder.session.skip()  # left skipped
    recorder.poll()
    recorder.stop()
    assert personal_bests(store) == []
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


def test_an_accidental_start_is_discarded_with_its_steps(path: Path) -> None:
    """Stopped during the get-ready and after a skipped set: nothing done, so it goes,
    steps and all; a session with a set in part is kept."""
    store = HistoryStore.open(path)
    try:
        kept = record(store, "stability", steps=2).session_id  # set 1 cut short: in part
        clock = FakeClock()
        recorder = Recorder.new(build_plan(parse_routine(SIDE_PLANK)), clock, store)
        recorder.start()
        finish_step(recorder, clock)  # get ready
        recorder.session.skip()  # left skipped
        recorder.poll()
        recorder.stop()
        accident = recorder.session_id
        assert accident is not None and kept is not None
        assert [row.kind for row in store.steps(accident)] == ["prepare", "hold", "switch"]
        assert store.discard(accident)
        with pytest.raises(HistoryError, match="has sets done"):
            store.discard(kept)
        assert not store.discard(accident)  # already gone
    finally:
        store.close()
    # Read back through a new connection, without the foreign keys on: the steps went too.
    connection = sqlite3.connect(path)
    try:
        sessions = [row[0] for row in connection.execute("SELECT id FROM sessions")]
        steps = connection.execute(
            "SELECT count(*) FROM steps WHERE session_id = ?", (accident,)
        ).fetchone()[0]
    finally:
        connection.close()
    assert (sessions, steps) == ([kept], 0)


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
