"""What a saved session changed: last time before it, its bests, next time (a real file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from legtimer.core.after_session import AfterSession, after_session, total
from legtimer.core.history import HistoryStore
from legtimer.core.progression import todays_targets
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from tests.support.factories import record

AT_MAX = parse_routine(
    'name = "Plank test"\n[[exercises]]\nname = "Plank"\nhold = 30\n'
    "progression = { step = 5, max = 35 }\n"
)


def test_a_second_session_against_the_first(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    routine = resolve("stability")
    today = date.today()
    record(store, "stability")
    second = record(store, todays_targets(store, routine, today=today).plan())
    after = after_session(store, routine, second, today=today)
    store.close()
    last = after.last_time("Single-leg squats", "left")
    assert last is not None and last.amounts == (8, 8, 8) and total(last) == 24
    assert after.last_time("Single-leg squats") is None  # per side: asked by side
    assert [b.describe() for b in after.bests_of("Single-leg squats", "left")] == [
        "Single-leg squats (left): new best 9 reps (was 8 reps)"
    ]
    assert after.lines()[0] == (
        "next time: Single-leg squats 10 reps (+1 after 3/3 sets each side at 9 reps today)"
    )
    assert "Stability-ball plank: new best 45 s (was 40 s)" in after.lines()


def test_at_the_max_the_next_move_is_suggested(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    today = date.today()
    record(store, todays_targets(store, AT_MAX, today=today).plan())  # 30 s
    at_max = record(store, todays_targets(store, AT_MAX, today=today).plan())  # 35 s
    after = after_session(store, AT_MAX, at_max, today=today)
    store.close()
    assert [(item.target, item.suggestion) for item in after.next_time()] == [
        (
            "35 s (max: 1/1 sets at 35 s today)",
            "Plank is at its max of 35 s: try a harder variation, add a set, or raise 'max'",
        )
    ]


def test_nothing_read_says_nothing() -> None:
    assert AfterSession().lines() == []
