"""CSV exports no spreadsheet runs as formulas, read back by import; the dates an import takes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legtimer.core.history import HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import build_plan
from legtimer.core.queries.csv_cells import neutralise, restore
from legtimer.core.queries.csv_import import is_csv_export, load_csv, load_export
from legtimer.core.queries.exchange import (
    FORMAT,
    VERSION,
    ExchangeError,
    check_document,
    dump_json,
    export_document,
    write_csv,
)
from legtimer.core.routines import Block, Exercise, Kind, Routine
from legtimer.core.session import FakeClock, Session

FORMULAS = [
    '=HYPERLINK("http://example.com/x","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "''=twice",
    "'plain quote",
    "-",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_starts_are_quoted_and_restored(text: str) -> None:
    cell = neutralise(text)
    assert cell.startswith("'")
    assert restore(cell) == text


@pytest.mark.parametrize("text", ["Plank", "", "2026-03-02", "a=b", "it's", "'"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


@given(st.text())
def test_neutralise_round_trips_anything(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(cell) == text


# --------------------------------------------------------------------------- a whole history


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def record(store: HistoryStore, name: str, exercise: str, *, stop_after: int | None = None) -> str:
    exercises = (
        Exercise(name=exercise, kind=Kind.HOLD, target=20, sets=2),
        Exercise(name="Squats", kind=Kind.REPS, target=8),
    )
    routine = Routine(name=name, blocks=(Block(exercises=exercises, name="@block"),))
    clock = FakeClock()
    start = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    recorder = Recorder(Session(build_plan(routine), clock, wall_start=start), store)
    recorder.start()
    while not recorder.session.over:
        if stop_after is not None and recorder.session.index >= stop_after:
            recorder.stop()
            break
        if recorder.session.timed():
            clock.advance((recorder.session.remaining() or 0.0) + 0.0005)
        else:
            clock.advance(30)
            recorder.session.done(7)
        recorder.poll()
    assert recorder.session_id is not None
    return recorder.session_id


def csv_text(store: HistoryStore) -> str:
    buffer = io.StringIO()
    write_csv(store, buffer)
    return buffer.getvalue()


def without_copies(document: dict[str, Any]) -> list[dict[str, Any]]:
    sessions = document["sessions"]
    return [{**item, "routine_toml": ""} for item in sessions]


def test_csv_export_quotes_formulas_and_import_reads_them_back(
    store: HistoryStore, tmp_path: Path
) -> None:
    first = record(store, FORMULAS[0], "-Plank (negative)")
    store.rate_session(first, 7, '=1+1, "quoted"\nand a second line\t@x')
    record(store, "+Lunges", "@Hold", stop_after=2)
    record(store, "'=Side plank", "'plain quote")
    text = csv_text(store)

    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(row for row in rows if row["session_id"] == first)
    assert row["routine_name"] == "'" + FORMULAS[0]
    assert row["note"].startswith("'=1+1")
    assert row["exercise"] == "'-Plank (negative)"
    assert row["block_name"] == "'@block"
    names = {row["routine_name"] for row in rows}
    assert names == {"'" + FORMULAS[0], "'+Lunges", "''=Side plank"}
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            # A number may be negative; a text cell starting with "-" is quoted.
            if cell.startswith("-"):
                float(cell)

    assert is_csv_export(text) and is_csv_export(text.encode("utf-8-sig"))
    sessions = check_document(load_csv(text.encode("utf-8")))
    fresh = HistoryStore.open(tmp_path / "fresh.sqlite3")
    try:
        assert fresh.import_sessions(sessions) == (3, 0)
        assert fresh.import_sessions(check_document(load_export(text))) == (0, 3)
        assert without_copies(export_document(fresh)) == without_copies(export_document(store))
        assert csv_text(fresh) == text
    finally:
        fresh.close()


def test_json_round_trips_formula_text_as_it_is(store: HistoryStore, tmp_path: Path) -> None:
    record(store, FORMULAS[0], "+Plank")
    exported = dump_json(export_document(store))
    assert FORMULAS[0].replace('"', '\\"') in exported  # JSON is not a spreadsheet
    fresh = HistoryStore.open(tmp_path / "fresh.sqlite3")
    try:
        fresh.import_sessions(check_document(load_export(exported)))
        assert export_document(fresh)["sessions"] == export_document(store)["sessions"]
    finally:
        fresh.close()


def test_a_csv_that_is_not_an_export_is_refused_with_the_reason(store: HistoryStore) -> None:
    record(store, "Plank", "Plank")
    text = csv_text(store)
    header, *rest = text.split("\n")
    with pytest.raises(ExchangeError, match="missing note"):
        load_csv(header.replace(",note,", ",notes,") + "\n")
    with pytest.raises(ExchangeError, match=f"expected {len(header.split(','))} cells, found 3"):
        load_csv(header + "\na,b,c\n")
    with pytest.raises(ExchangeError, match="not UTF-8"):
        load_csv(header.encode() + b"\n\xff\n")
    broken = text.replace(",hold,", ",holding,", 1)
    with pytest.raises(ExchangeError, match=r"steps\[1\]\.kind: expected one of"):
        check_document(load_csv(broken))
    damaged = text.replace(",20,", ",twenty,", 1)
    with pytest.raises(ExchangeError, match="expected a whole number"):
        check_document(load_csv(damaged))
    assert rest


# --------------------------------------------------------------------------- dates

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def document(started_at: str, step_end: str = "2026-03-02T07:31:00+00:00") -> dict[str, Any]:
    step = {
        "step_index": 0,
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
        "started_at": "2026-03-02T07:30:00+00:00",
        "ended_at": step_end,
        "active_seconds": 40.0,
        "paused_seconds": 0.0,
        "adjusted_seconds": 0.0,
        "reps": None,
    }
    session = {
        "id": "5f3c2a1b-0c4d-4e5f-8a9b-0123456789ab",
        "routine_id": "plank",
        "routine_name": "Plank",
        "routine_source": "user",
        "routine_toml": "",
        "started_at": started_at,
        "ended_at": None,
        "status": "completed",
        "planned_seconds": 40,
        "sets_planned": 1,
        "effort": None,
        "note": "",
        "steps": [step],
    }
    return {"format": FORMAT, "version": VERSION, "sessions": [session]}


@pytest.mark.parametrize(
    "started_at",
    [
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59+00:00",
        "1969-12-31T23:59:59+00:00",
        "2026-03-11T12:00:01+00:00",  # more than a day ahead of NOW
    ],
)
def test_import_refuses_dates_outside_a_sane_range(started_at: str) -> None:
    with pytest.raises(ExchangeError) as caught:
        check_document(document(started_at), now=NOW)
    (problem,) = caught.value.problems
    assert "started_at" in problem and "not a date legtimer accepts" in problem
    assert "from 1970-01-01 to a day from now (2026-03-11)" in problem


def test_import_takes_the_ends_of_the_range_and_checks_step_times_too() -> None:
    assert check_document(document("1970-01-01T00:00:00+00:00"), now=NOW)
    assert check_document(document("2026-03-11T11:59:00+00:00"), now=NOW)
    with pytest.raises(ExchangeError, match=r"steps\[0\]\.ended_at: .*not a date"):
        check_document(document("2026-03-02T07:30:00+00:00", "9999-01-01T00:00:00Z"), now=NOW)


def test_a_huge_number_in_an_import_gets_a_message_for_people() -> None:
    with pytest.raises(ExchangeError) as caught:
        load_export('{"format": "legtimer-history", "version": ' + "1" * 5000 + "}")
    (problem,) = caught.value.problems
    assert "set_int_max_str_digits" not in problem
    assert "thousands of digits" in problem
