"""The builder's text: outline rows, the timeline preview and the status line."""

from __future__ import annotations

from dataclasses import replace

from legtimer.core.plan import build_plan
from legtimer.core.routines import Problem, draft
from legtimer.core.routines.catalog import resolve
from legtimer.core.routines.draft import ROUTINE, Ref
from legtimer.tui.widgets.builder import timeline_text
from legtimer.tui.widgets.builder.outline_labels import label, outline_rows
from legtimer.tui.widgets.builder.status import StatusInfo


def test_outline_rows_mark_the_items_with_problems() -> None:
    document = draft.from_routine(resolve("lower-body-extras"))
    problems = [Problem("blocks[1].exercises[2].reps", "bad")]
    rows = outline_rows(document, problems)
    assert [row.ref for row in rows] == draft.refs(document)
    marked = [row.ref for row in rows if row.label.plain.startswith("! ")]
    assert marked == [Ref("exercise", 0, 1)]
    assert rows[0].label.plain == "  Lower-body extras"
    assert rows[1].label.plain == "  Block 1 Circuit ×3"


def test_exercise_labels_sum_up_the_amount() -> None:
    ref = Ref("exercise", None, 2)
    lunges = {"name": "Lunges", "reps": 8, "sets": 3, "per_side": True}
    assert label(lunges, ref).plain == "  3. Lunges  3×8 reps /side"
    assert label({"name": " ", "hold": ""}, ref, bad=True).plain == "! 3. (no name)  ? s"
    assert label({"name": "In a block", "work": 20}, Ref("exercise", 0, 0)).plain == (
        "    1. In a block  20 s"
    )
    assert label({}, ROUTINE).plain == "  (no name)"


def test_the_preview_gives_up_on_a_huge_routine() -> None:
    routine = resolve("strength")
    shown = timeline_text.preview(routine)
    assert shown.plan == build_plan(routine)
    block = routine.blocks[0]
    huge = replace(routine, blocks=(replace(block, rounds=9999),))
    too_big = timeline_text.preview(huge)
    assert too_big.plan is None
    assert "too many to preview" in too_big.note
    assert timeline_text.summary(too_big).plain == too_big.note


def test_summary_and_steps() -> None:
    shown = timeline_text.preview(resolve("stability"))
    plan = shown.plan
    assert plan is not None
    head = timeline_text.summary(shown).plain
    assert head.startswith(f"Timeline  {len(plan.steps)} steps · ")
    assert "(as last valid)" in timeline_text.summary(shown, stale=True).plain
    assert timeline_text.summary(None).plain == "No timeline yet."
    lines = timeline_text.steps(plan).plain.splitlines()
    assert len(lines) == min(len(plan.steps), timeline_text.PREVIEW_LINES)
    assert lines[0].split()[:2] == ["0:00", "READY"]
    assert timeline_text.steps(None).plain == ""
    assert timeline_text.length(plan).startswith(f"{len(plan.steps)} steps, ")


def test_describe_a_step() -> None:
    plan = build_plan(resolve("lower-body-extras"))
    described = {timeline_text.describe(step) for step in plan.steps}
    assert "Hip hikes, left, round 1/3" in described


def test_status_line() -> None:
    info = StatusInfo("New routine: Legs", " → routines/legs.toml", dirty=True, problems=2)
    assert info.render().plain == "New routine: Legs · modified · 2 problems → routines/legs.toml"
    done = StatusInfo("Editing Legs", " · routines/legs.toml", length="12 steps, 14 min")
    assert done.render().plain == "Editing Legs · 12 steps, 14 min · routines/legs.toml"
