"""Sessions dated at the ends of the calendar: refused on import, harmless if already held.

A history from an older legtimer (or a hand-edited file) may hold a session
dated 0001-01-01 or 9999-12-31. In a time zone either side of UTC, local-time
arithmetic on them leaves Python's calendar (OverflowError, "year 0 is out of
range", a NULL from SQLite); `history`, `history show` and `stats` must still work.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from legtimer.cli.main import main
from legtimer.core import paths
from legtimer.core.history import HistoryStore
from tests.support.factories import record

ODD = ("0001-01-01T00:00:00.000+00:00", "9999-12-31T23:59:59.000+00:00")


@pytest.fixture(params=["America/New_York", "Asia/Tokyo", "UTC"])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    monkeypatch.setenv("COLUMNS", "200")
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def recorded() -> str:
    store = HistoryStore.open(paths.history_path())
    try:
        return record(store, "stability", steps=6)
    finally:
        store.close()


def copy_at(source: str, when: str) -> str:
    """A copy of a session, and of its steps, with every time set to `when`."""
    new = str(uuid.uuid4())
    times = {"started_at": when, "ended_at": when}
    with sqlite3.connect(paths.history_path()) as db:
        _copy_rows(db, "sessions", "id", source, {"id": new, **times})
        _copy_rows(db, "steps", "session_id", source, {"session_id": new, **times})
    return new


def _copy_rows(
    db: sqlite3.Connection, table: str, key: str, source: str, changes: dict[str, str]
) -> None:
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    picked = ", ".join("?" if column in changes else column for column in columns)
    values = [changes[column] for column in columns if column in changes]
    db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} FROM {table} WHERE {key} = ?",
        [*values, source],
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def test_commands_survive_sessions_at_the_ends_of_the_calendar(
    zone: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = recorded()
    odd = [copy_at(source, when) for when in ODD]
    code, out, err = run(capsys, "history")
    assert code == 0, err
    assert out.count("stopped early") == 3
    code, out, err = run(capsys, "stats")
    assert code == 0, err
    assert "Personal bests" in out
    for session_id in odd:
        code, out, err = run(capsys, "history", "show", session_id)
        assert code == 0, err
    assert run(capsys, "export", "--format", "csv")[0] == 0
    assert run(capsys, "history", "--since", "2000-01-01")[0] == 0


def test_import_refuses_such_dates_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = recorded()
    code, out, _ = run(capsys, "export")
    document = json.loads(out)
    document["sessions"][0]["id"] = str(uuid.uuid4())
    document["sessions"][0]["started_at"] = "9999-12-31T23:59:59+00:00"
    target = tmp_path / "odd.json"
    target.write_text(json.dumps(document), "utf-8")
    code, _, err = run(capsys, "import", str(target))
    assert code == 1
    assert "started_at" in err and "not a date legtimer accepts" in err
    assert "Nothing was imported" in err
    assert source
