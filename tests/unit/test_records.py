"""Last time, personal bests, target against done, and loads kept through schema, export, import."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from legtimer.core.history import MIGRATIONS, SCHEMA_VERSION, HistoryStore
from legtimer.core.plan import Step
from legtimer.core.queries.exchange import CSV_COLUMNS, export_document, parse_import, write_csv
from legtimer.core.queries.exercise_log import Best, bests
from legtimer.core.records import LastTime, session_bests, target_history, when
from legtimer.core.routines import Kind, Routine, parse_routine
from tests.support.history_sessions import at, run_session

MON = date(2026, 3, 2)
TUE, WED = MON + timedelta(days=1), MON + timedelta(days=2)

ROUTINE = """
name = "Mixed"
[defaults]
prepare = 5
[[exercises]]
name = "Wall sit"
hold = 30
sets = 2
progression = { step = 10, max = 60 }
[[exercises]]
name = "Lunges"
reps = 8
per_side = true
load = 10
progression = { step = 2, max = 12 }
"""


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore.open(tmp_path / "history.sqlite3")


def mixed() -> Routine:
    return replace(parse_routine(ROUTINE), id="mixed")


def heavier_lunges(routine: Routine) -> Routine:
    """The mixed routine with its lunges at 12.5 and no progression."""
    block = routine.blocks[0]
    lunges = replace(routine.exercises[1], load=12.5, progression=False)
    return replace(routine, blocks=(replace(block, exercises=(routine.exercises[0], lunges)),))


def test_personal_bests_beat_every_earlier_session(store: HistoryStore) -> None:
    routine = mixed()
    first = run_session(store, routine, MON)
    assert session_bests(store, first) == []  # a first time has nothing to beat
    second = run_session(store, routine, TUE)  # wall sit 40 s, lunges 10 reps
    described = [best.describe() for best in session_bests(store, second)]
    assert sorted(described) == [
        "Lunges (left): new best 10 reps (was 8 reps)",
        "Lunges (right): new best 10 reps (was 8 reps)",
        "Wall sit: new best 40 s (was 30 s)",
    ]
    # The same again is no new best.
    third = run_session(store, routine, WED, "skip")
    assert session_bests(store, third) == []


def test_a_heavier_load_is_a_best(store: HistoryStore) -> None:
    routine = mixed()
    run_session(store, routine, MON)
    heavier = heavier_lunges(routine)
    session = run_session(
        store, heavier, TUE, lambda s: "skip" if s.kind.value == "hold" else "full"
    )
    heaviest = [best for best in session_bests(store, session) if best.measure == "heaviest"]
    assert [best.describe("lb") for best in heaviest] == [
        "Lunges (left): new best 12.5 lb × 8 reps (was 10 lb)",
        "Lunges (right): new best 12.5 lb × 8 reps (was 10 lb)",
    ]


def test_target_history_sets_target_against_done_per_side(store: HistoryStore) -> None:
    routine = mixed()
    run_session(store, routine, MON)
    run_session(
        store, routine, TUE, lambda s: "fewer" if s.side and s.side.value == "right" else "full"
    )
    points = target_history(store, "Lunges", routine_id="mixed")
    assert [(p.started_at.date(), p.side, p.target, p.amounts, p.full) for p in points] == [
        (MON, "left", 8, (8,), True),
        (MON, "right", 8, (8,), True),
        (TUE, "left", 10, (10,), True),
        (TUE, "right", 10, (8,), False),
    ]
    assert points[3].best == 8 and points[3].target_load == 10
    assert target_history(store, "Lunges", routine_id="other") == []
    assert len(target_history(store, "Lunges")) == 4  # every routine


def test_last_time_wording() -> None:
    def last(
        kind: Kind, amounts: tuple[float | None, ...], loads: tuple[float | None, ...] = ()
    ) -> str:
        time = LastTime("X", None, kind, "id", datetime(2026, 3, 2), 30, None, amounts, loads, ())
        return time.describe()

    assert last(Kind.HOLD, (30.0, 30.001, 29.9)) == "Last: 3 × 30 s"
    assert last(Kind.HOLD, (30.0, None, 25.4)) == "Last: 30 · – · 25 s"
    assert last(Kind.HOLD, (90.0,)) == "Last: 1:30 min"
    assert last(Kind.REPS, (12, 12, 10)) == "Last: 12 · 12 · 10 reps"
    assert last(Kind.REPS, (8, 8), (20.0, 22.5)) == "Last: 2 × 8 reps @ 20–22.5 kg"
    assert last(Kind.REPS, (None, None)) == "Last: skipped"


def test_when_a_day_was() -> None:
    today = date(2026, 3, 9)
    assert when(today, today) == "today"
    assert when(date(2026, 3, 8), today) == "yesterday"
    assert when(date(2026, 3, 3), today) == "on Tue"
    assert when(date(2026, 3, 2), today) == "on 2 Mar"
    assert when(date(2025, 12, 30), today) == "on 30 Dec 2025"


# --------------------------------------------------------------------------- loads in the history


def test_each_set_keeps_its_planned_and_used_load(store: HistoryStore) -> None:
    routine = mixed()
    session = run_session(
        store, routine, MON, lambda s: "light" if s.side and s.side.value == "left" else "full"
    )
    rows = [row for row in store.steps(session) if row.exercise == "Lunges"]
    active = [row for row in rows if row.kind == "reps"]
    assert [(row.side, row.target_load, row.load) for row in active] == [
        ("left", 10, 5),
        ("right", 10, 10),
    ]
    assert all(row.load is None and row.target_load is None for row in rows if row.kind != "reps")


def test_export_and_import_carry_the_load(store: HistoryStore, tmp_path: Path) -> None:
    routine = mixed()
    run_session(store, routine, MON)
    document = export_document(store)
    steps = document["sessions"][0]["steps"]
    lunges = [step for step in steps if step["kind"] == "reps"]
    assert [(step["target_load"], step["load"]) for step in lunges] == [(10, 10), (10, 10)]
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    other.import_sessions(parse_import(json.dumps(document)))
    imported = other.steps(document["sessions"][0]["id"])
    assert [row.load for row in imported] == [step["load"] for step in steps]
    with (tmp_path / "steps.csv").open("w") as stream:
        write_csv(store, stream)
    header = (tmp_path / "steps.csv").read_text().splitlines()[0].split(",")
    assert header == list(CSV_COLUMNS) and header[-2:] == ["target_load", "load"]


def test_an_export_from_before_loads_imports_as_bodyweight(store: HistoryStore) -> None:
    run_session(store, mixed(), MON)
    document = export_document(store)
    for step in document["sessions"][0]["steps"]:
        del step["target_load"], step["load"]
    sessions = parse_import(json.dumps(document))
    assert all(step["load"] is None for step in sessions[0]["steps"])


def test_a_bad_load_in_an_import_is_named(store: HistoryStore) -> None:
    run_session(store, mixed(), MON)
    document = export_document(store)
    document["sessions"][0]["steps"][1]["load"] = "heavy"
    with pytest.raises(Exception, match=r"steps\[1\]\.load: expected a load"):
        parse_import(json.dumps(document))


def test_a_version_2_history_gains_the_load_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO sessions (id, routine_id, routine_name, routine_source, routine_toml, "
        "started_at, status, planned_seconds, sets_planned) VALUES ('s1', 'mixed', 'Mixed', "
        f"'user', '{ROUTINE.replace(chr(39), '')}', '2026-03-02T07:00:00.000+00:00', "
        "'completed', 100, 4)"
    )
    old.execute(
        "INSERT INTO steps (session_id, step_index, kind, exercise, exercise_number, block_name, "
        "round, set_number, side, planned_seconds, target, outcome, started_at, ended_at, "
        "active_seconds, paused_seconds, adjusted_seconds, reps) VALUES ('s1', 1, 'hold', "
        "'Wall sit', 1, '', 1, 1, NULL, 30, 30, 'done', '2026-03-02T07:00:05.000+00:00', "
        "'2026-03-02T07:00:35.000+00:00', 30, 0, 0, NULL)"
    )
    old.commit()
    old.close()
    store = HistoryStore.open(path)
    assert SCHEMA_VERSION == 3
    (row,) = store.steps("s1")
    assert (row.target_load, row.load) == (None, None)


def test_bests_take_the_most_reps_done_at_the_heaviest_load(store: HistoryStore) -> None:
    """Per exercise and side: the longest, the most reps, the heaviest load and the most
    reps done at it; `before` and `exercises` narrow the sets counted."""
    routine = mixed()
    run_session(store, routine, MON)  # lunges 10 kg x 8 a side, wall sit 30 s
    run_session(store, routine, TUE, _lighter_on_the_left)
    heavier = heavier_lunges(routine)
    run_session(store, heavier, WED, lambda step: "fewer" if step.kind.value == "reps" else "skip")

    def table(found: list[Best]) -> list[tuple[object, ...]]:
        return [
            (b.exercise, b.side, b.longest_seconds, b.most_reps, b.heaviest, b.reps_at_heaviest)
            for b in found
        ]

    assert table(bests(store)) == [
        ("Lunges", "left", 0.0, 10, 12.5, 6),  # 10 reps at 5 kg; 6 at the heaviest
        ("Lunges", "right", 0.0, 10, 12.5, 6),
        ("Wall sit", None, 40.0, None, None, None),  # Wednesday's were skipped
    ]
    assert table(bests(store, before=at(WED))) == [
        ("Lunges", "left", 0.0, 10, 10.0, 8),  # Tuesday's 10 reps were at 5 kg
        ("Lunges", "right", 0.0, 10, 10.0, 10),
        ("Wall sit", None, 40.0, None, None, None),
    ]
    assert [b.exercise for b in bests(store, exercises=["Wall sit"])] == ["Wall sit"]
    assert bests(store, exercises=[]) == []


def _lighter_on_the_left(step: Step) -> str:
    return "light" if step.side and step.side.value == "left" else "full"  # 5 kg lighter
