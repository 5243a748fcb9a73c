"""The progress tab's target-against-done strips and heaviest sets, as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from legtimer.core.history import HistoryStore
from legtimer.core.queries.exercise_log import Best
from legtimer.core.records import TargetPoint, target_history
from legtimer.render.target_chart import heaviest_line, target_chart
from tests.support.synthetic_history import fill_history

START = datetime(2026, 3, 1, 7, tzinfo=UTC)


def point(day: int, side: str | None, target: int, done: float | None, full: bool) -> TargetPoint:
    return TargetPoint(
        f"s{day}", START + timedelta(days=day), side, target, None, (done,), (None,), full
    )


def test_targets_and_done_per_side_on_one_scale() -> None:
    points = [
        point(0, "left", 30, 30, True),
        point(0, "right", 30, 20, False),
        point(2, "left", 35, 35, True),
        point(2, "right", 30, None, False),  # skipped
    ]
    lines = target_chart(points, "hold", width=80).plain.splitlines()
    assert lines[0].startswith("Target and done per session")
    assert lines[1] == " L target  ▇█  0:30 → 0:35"
    assert lines[2] == "   done    ▇█  0:30 → 0:35"
    assert lines[3] == " R target  ▇▇  0:30 → 0:30"
    assert lines[4] == "   done    ▅·  0:20 → –"
    styles = {span.style for span in target_chart(points, "hold").spans}
    assert "green" in styles and "yellow" in styles


def test_no_sessions_yet_and_a_narrow_chart_keeps_the_latest() -> None:
    assert "No session has reached" in target_chart([], "reps").plain
    many = [point(day, None, 10, 10, True) for day in range(100)]
    strip = target_chart(many, "reps", width=40).plain.splitlines()[1]
    assert len(strip) <= 40


def test_heaviest_sets_with_their_reps() -> None:
    bests = [
        Best("Lunge", "left", "reps", 40.0, 10, 20.0, 8),
        Best("Lunge", "right", "reps", 40.0, 10, 22.5, 6),
    ]
    line = heaviest_line(bests, "kg")
    assert line is not None and line.plain == "Heaviest: L 20 kg × 8 · R 22.5 kg × 6"
    assert heaviest_line([Best("Plank", None, "hold", 30.0, None, None, None)], "kg") is None


def test_target_history_can_keep_to_the_latest_sessions(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    fill_history(store, days=120, per_week=4)
    every = target_history(store, "Calf raises")
    latest = target_history(store, "Calf raises", latest=5)
    moments = sorted({point.started_at for point in every})
    assert sorted({point.started_at for point in latest}) == moments[-5:]
    assert [p for p in every if p.started_at >= moments[-5]] == latest
