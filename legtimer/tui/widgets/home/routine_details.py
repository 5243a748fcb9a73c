"""The selected routine in full: description, tags, length, last done, every exercise."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from legtimer.core.plan import build_plan
from legtimer.core.routines import Routine
from legtimer.core.routines.catalog import Entry
from legtimer.core.timefmt import minutes
from legtimer.render.formats import local


class RoutineDetails(Static):
    """What the routine under the cursor holds; a broken file's problems in red."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown: tuple[Entry | None, datetime | None] | None = None

    def show(self, entry: Entry | None, last_done: datetime | None = None) -> None:
        # The table highlights its row again after every fill: the same details are not
        # laid out twice.
        if self._shown == (entry, last_done):
            return
        self._shown = (entry, last_done)
        if entry is None:
            self.update("No routine matches the filter.")
        elif entry.routine is None:
            problems = entry.error.render() if entry.error else ""
            self.update(Text(f"{entry.path} cannot be used:\n\n{problems}", style="red"))
        else:
            self.update(describe(entry.routine, last_done))


def describe(routine: Routine, last_done: datetime | None) -> Text:
    """A routine as the details pane shows it (text from the file is never markup)."""
    plan = build_plan(routine)
    text = Text()
    text.append(routine.name + "\n", style="bold")
    if routine.description:
        text.append(routine.description.strip() + "\n")
    if routine.tags:
        text.append("Tags: " + ", ".join(routine.tags) + "\n", style="dim")
    text.append(
        f"\n{len(plan.active_steps)} sets, "
        f"{minutes(plan.total_seconds, estimated=plan.has_estimates)} in all\n"
    )
    if last_done is not None:
        text.append(f"Last done {local(last_done, '%a %d %b %Y, %H:%M')}\n", style="green")
    else:
        text.append("Not done yet\n", style="dim")
    text.append("\nExercises\n", style="bold")
    for block in routine.blocks:
        if block.name:
            rounds = f" × {block.rounds} rounds" if block.rounds > 1 else ""
            text.append(f"{block.name}{rounds}\n", style="italic")
        for exercise in block.exercises:
            sets = f"{exercise.sets} × " if exercise.sets > 1 else ""
            side = " per side" if exercise.per_side else ""
            text.append(f"  • {exercise.name}: {sets}{exercise.describe_target()}{side}\n")
    return text
