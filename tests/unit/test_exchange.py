"""The export/import format: what an export holds, and every check an import makes."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from legtimer.core.history import HistoryStore
from legtimer.core.queries.exchange import (
    CSV_COLUMNS,
    FORMAT,
    SESSION_KEYS,
    STEP_KEYS,
    VERSION,
    ExchangeError,
    check_document,
    csv_rows,
    dump_json,
    export_document,
    parse_import,
    write_csv,
)
from tests.support import factories

ID = "5f3c2a1b-0c4d-4e5f-8a9b-0123456789ab"


def record(store: HistoryStore, *, steps: int | None = None) -> str:
    return factories.record(store, start=datetime(2026, 3, 2, 7, 30, tzinfo=UTC), steps=steps)


def step(index: int = 0, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "step_index": index,
        "kind": "hold",
        "exercise": "Plank",
        "exercise_number": 1,
        "block_name": "",
        "round": 1,
        "set_number": 1,
        "side": None,
        "planned_seconds": 40,
        "target": 40,
        "outcome": "done",
        "started_at": "2026-03-02T07:30:00.000+00:00",
        "ended_at": "2026-03-02T07:30:40.000+00:00",
        "active_seconds": 40.0,
        "paused_seconds": 0.0,
        "adjusted_seconds": 0.0,
        "reps": None,
    }
    base.update(changes)
    return base


def session(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ID,
        "routine_id": "plank",
        "routine_name": "Plank",
        "routine_source": "user",
        "routine_toml": 'name = "Plank"\n[[exercises]]\nname = "Plank"\nhold = 40\n',
        "started_at": "2026-03-02T07:30:00.000+00:00",
        "ended_at": "2026-03-02T07:31:00.000+00:00",
        "status": "completed",
        "planned_seconds": 40,
        "sets_planned": 1,
        "effort": 6,
        "note": "",
        "active_seconds": 40.0,
        "paused_seconds": 0.0,
        "sets_done": 1,
        "sets_skipped": 0,
        "steps": [step()],
    }
    base.update(changes)
    return base


def document(*sessions: object) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "exported_at": "x", "sessions": list(sessions)}


def problems(data: object) -> list[str]:
    text = data if isinstance(data, str | bytes) else json.dumps(data)
    with pytest.raises(ExchangeError) as info:
        parse_import(text)
    return info.value.problems


def only_problem(data: object) -> str:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- export


def test_the_json_export_holds_every_field(store: HistoryStore) -> None:
    session_id = record(store)
    store.rate_session(session_id, 8, "good")
    moment = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    exported = export_document(store, exported_at=moment)
    assert list(exported) == ["format", "version", "exported_at", "sessions"]
    assert (exported["format"], exported["version"]) == ("legtimer-history", 1)
    assert exported["exported_at"] == "2026-03-03T09:00:00.000+00:00"
    (only,) = exported["sessions"]
    assert list(only) == [*SESSION_KEYS, "steps"]
    assert only["id"] == session_id
    assert only["started_at"] == "2026-03-02T07:30:00.000+00:00"
    assert (only["status"], only["effort"], only["note"]) == ("completed", 8, "good")
    assert only["routine_toml"] == store.routine_copy(session_id)
    assert len(only["steps"]) == len(store.steps(session_id))
    first = only["steps"][0]
    assert list(first) == list(STEP_KEYS)
    assert (first["step_index"], first["kind"], first["started_at"]) == (
        0,
        "prepare",
        "2026-03-02T07:30:00.000+00:00",
    )
    json.loads(dump_json(exported))  # it is plain JSON


def test_an_empty_or_missing_history_exports_no_sessions() -> None:
    assert export_document(None)["sessions"] == []
    assert list(csv_rows(None)) == [list(CSV_COLUMNS)]


def test_csv_columns_repeat_the_session_on_every_step_row(store: HistoryStore) -> None:
    full = record(store)
    store.connection.execute(
        "INSERT INTO sessions (id, routine_id, routine_name, routine_source, routine_toml, "
        "started_at, status, planned_seconds, sets_planned) VALUES "
        f"('{ID}', 'x', 'Empty', 'user', '', '2026-03-04T10:00:00.000+00:00', 'stopped', 0, 0)"
    )
    buffer = io.StringIO()
    write_csv(store, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    header, body = rows[0], rows[1:]
    assert header == list(CSV_COLUMNS)
    assert "routine_toml" not in header
    assert header[:2] == ["session_id", "routine_id"]
    assert len(set(header)) == len(header)
    named = [dict(zip(header, row, strict=True)) for row in body]
    steps = [row for row in named if row["session_id"] == full]
    assert len(steps) == len(store.steps(full))
    assert {row["session_started_at"] for row in steps} == {"2026-03-02T07:30:00.000+00:00"}
    empty = [row for row in named if row["session_id"] == ID]
    assert len(empty) == 1 and empty[0]["step_index"] == "" and empty[0]["effort"] == ""


# --------------------------------------------------------------------------- import: good files


def test_an_export_parses_back_to_what_the_store_takes(store: HistoryStore, tmp_path: Path) -> None:
    record(store)
    record(store, steps=5)
    exported = export_document(store)
    sessions = parse_import(dump_json(exported))
    assert [s["id"] for s in sessions] == [s["id"] for s in exported["sessions"]]
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    try:
        assert other.import_sessions(sessions) == (2, 0)
        assert other.import_sessions(sessions) == (0, 2)
        again = export_document(other)
    finally:
        other.close()
    assert again["sessions"] == exported["sessions"]


def test_times_are_brought_to_the_stores_form() -> None:
    (parsed,) = check_document(
        document(
            session(
                started_at="2026-03-02T09:30:00+02:00",
                ended_at="2026-03-02T07:31:00Z",
                steps=[step(started_at="2026-03-02T07:30:00.123456+00:00")],
            )
        )
    )
    assert parsed["started_at"] == "2026-03-02T07:30:00.000+00:00"
    assert parsed["ended_at"] == "2026-03-02T07:31:00.000+00:00"
    assert parsed["steps"][0]["started_at"] == "2026-03-02T07:30:00.123+00:00"


def test_ids_are_brought_to_the_canonical_form() -> None:
    (parsed,) = check_document(document(session(id=ID.upper())))
    assert parsed["id"] == ID


def test_totals_in_the_file_are_recomputed_from_the_steps(store: HistoryStore) -> None:
    sessions = check_document(document(session(active_seconds=999.0, sets_done=9)))
    store.import_sessions(sessions)
    summary = store.session(ID)
    assert summary is not None
    assert (summary.active_seconds, summary.sets_done) == (40.0, 1)


def test_optional_totals_unknown_keys_and_a_bom_are_fine() -> None:
    lean = session(extra="from a later release")
    for key in ("active_seconds", "paused_seconds", "sets_done", "sets_skipped"):
        del lean[key]
    data = "\ufeff" + json.dumps(document(lean))
    (parsed,) = parse_import(data.encode("utf-8"))
    assert parsed["id"] == ID and "extra" not in parsed


def test_nullable_fields() -> None:
    (parsed,) = check_document(
        document(session(ended_at=None, effort=None, status="interrupted", steps=[]))
    )
    assert (parsed["ended_at"], parsed["effort"], parsed["steps"]) == (None, None, [])


# --------------------------------------------------------------------------- import: bad files


def test_not_json_says_where() -> None:
    found = only_problem('{"format": "legtimer-history",\n "version": 1,,}')
    assert "not valid JSON (line 2, column 15" in found


def test_not_utf8() -> None:
    assert "not UTF-8" in only_problem(b'{"format": "\xff"}')


def test_a_history_database_is_not_an_export(store: HistoryStore) -> None:
    record(store, steps=3)
    store.close()
    data = store.path.read_bytes()
    assert "this is a history database, not an export" in only_problem(data)


def test_totals_are_rounded_to_the_millisecond(store: HistoryStore) -> None:
    session_id = record(store)
    store.connection.execute(
        "UPDATE sessions SET active_seconds = 2191.0060000000003 WHERE id = ?", (session_id,)
    )
    (only,) = export_document(store)["sessions"]
    assert only["active_seconds"] == 2191.006


def test_nan_is_refused() -> None:
    bad = json.dumps(document(session())).replace('"planned_seconds": 40', '"planned_seconds": NaN')
    assert "NaN" in only_problem(bad)


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ([], "expected a JSON object, not a list"),
        ({"version": 1, "sessions": []}, 'has no "format"'),
        ({"format": "legtimer-routine", "version": 1, "sessions": []}, '"legtimer-routine"'),
        ({"format": FORMAT, "sessions": []}, '"version": expected a whole number, not null'),
        ({"format": FORMAT, "version": "1", "sessions": []}, 'not "1"'),
        ({"format": FORMAT, "version": 3, "sessions": []}, "newer legtimer (export version 3"),
        ({"format": FORMAT, "version": 0, "sessions": []}, "no export version 0"),
        ({"format": FORMAT, "version": 1}, '"sessions": expected a list, not null'),
        ({"format": FORMAT, "version": 1, "sessions": {}}, "not an object"),
    ],
)
def test_the_top_level_is_checked(top: object, message: str) -> None:
    assert message in only_problem(top)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "12"}, 'id: expected a UUID, not "12"'),
        ({"id": 12}, "id: expected a string, not 12"),
        ({"routine_name": " "}, "routine_name: must not be empty"),
        ({"routine_toml": None}, "routine_toml: expected a string, not null"),
        ({"started_at": "2026-03-02 07:30"}, "started_at: expected an ISO 8601 time"),
        ({"started_at": "yesterday"}, 'not "yesterday"'),
        ({"ended_at": 5}, "ended_at: expected an ISO 8601 time"),
        ({"status": "done"}, "status: expected one of in_progress, completed, stopped"),
        ({"planned_seconds": -1}, "planned_seconds: expected a number of seconds (0 or more)"),
        ({"planned_seconds": True}, "not true"),
        ({"sets_planned": 1.5}, "sets_planned: expected a whole number"),
        ({"effort": 11}, "effort: expected a whole number from 1 to 10 or null, not 11"),
        ({"effort": 0}, "effort: expected a whole number from 1 to 10"),
        ({"note": None}, "note: expected a string, not null"),
        ({"sets_done": -1}, "sets_done: expected a whole number"),
        ({"steps": {}}, "steps: expected a list, not an object"),
        ({"steps": [1]}, "steps[0]: expected an object, not 1"),
        ({"steps": [step(kind="sprint")]}, "steps[0].kind: expected one of prepare, hold"),
        ({"steps": [step(side="both")]}, "steps[0].side: expected one of left, right or null"),
        ({"steps": [step(reps=-2)]}, "steps[0].reps: expected a whole number from 0"),
        ({"steps": [step(step_index=2**70)]}, "steps[0].step_index: expected a whole number"),
        ({"steps": [step(adjusted_seconds="10")]}, "steps[0].adjusted_seconds"),
        ({"steps": [step(0), step(0)]}, "steps[1].step_index: 0 is also the index of steps[0]"),
    ],
)
def test_each_field_is_checked(changes: dict[str, Any], message: str) -> None:
    found = only_problem(document(session(**changes)))
    identifier = changes.get("id", ID)
    label = f"session 1 (id {identifier}): " if isinstance(identifier, str) else "session 1: "
    assert found.startswith(label), found
    assert message in found, found


def test_a_missing_field_is_named() -> None:
    for key in ("id", "routine_toml", "started_at", "ended_at", "status", "effort", "steps"):
        broken = session()
        del broken[key]
        assert only_problem(document(broken)).endswith(f"{key}: missing")
    broken_step = step()
    del broken_step["outcome"]
    assert only_problem(document(session(steps=[broken_step]))).endswith(
        "steps[0].outcome: missing"
    )


def test_negative_adjustments_are_fine() -> None:
    (parsed,) = check_document(document(session(steps=[step(adjusted_seconds=-10.0)])))
    assert parsed["steps"][0]["adjusted_seconds"] == -10.0


def test_every_problem_in_every_session_is_reported() -> None:
    second = "6f3c2a1b-0c4d-4e5f-8a9b-0123456789ab"
    found = problems(
        document(
            session(status="?", effort="high"),
            session(id=second),
            "not a session",
            session(id=second.upper()),
        )
    )
    assert len(found) == 4, found
    assert found[0].startswith("session 1 (id ") and "status" in found[0]
    assert "effort" in found[1]
    assert found[2] == 'session 3: session: expected an object, not "not a session"'
    assert found[3].startswith("session 4") and "the same id as session 2" in found[3]


def test_progress_is_called_once_per_session() -> None:
    calls: list[None] = []
    check_document(
        document(session(), session(id="6f3c2a1b-0c4d-4e5f-8a9b-0123456789ab")),
        progress=lambda: calls.append(None),
    )
    assert len(calls) == 2


def test_parse_import_does_not_change_its_input() -> None:
    original = document(session())
    kept = copy.deepcopy(original)
    check_document(original)
    assert original == kept
