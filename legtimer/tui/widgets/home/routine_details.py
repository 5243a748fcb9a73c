"""The selected routine in full: length, last done, tags, every exercise, then the description.

The exercises come before the description, so the list is in view at 80x24
(a description can run to a dozen lines in a narrow pane); a wrapped exercise
keeps its indent under the bullet.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from legtimer.core.plan import build_plan
from legtimer.core.progression import Targets
from legtimer.core.routines import Routine
from legtimer.core.routines.catalog import Entry
from legtimer.core.timefmt import minutes
from legtimer.render.formats import local, plural
from legtimer.render.literal import assemble, literal


class RoutineDetails(Static):
    """What the routine under the cursor holds; a broken file's problems in red."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown: tuple[Entry | None, datetime | None, Targets | None] | None = None
        self.plain = ""  # what is shown, as text (for reading it back)

    def show(
        self,
        entry: Entry | None,
        last_done: datetime | None = None,
        targets: Targets | None = None,
        *,
        get_ready: int | None = None,
        units: str = "kg",
    ) -> None:
        """`targets`: today's, from the history (the routine file's own when None)."""
        # The table highlights its row again after every fill: the same details are not
        # laid out twice.
        if self._shown == (entry, last_done, targets):
            return
        self._shown = (entry, last_done, targets)
        if entry is None:
            self._put(Text("No routine matches the filter."))
        elif entry.routine is None:
            problems = entry.error.render() if entry.error else ""
            self._put(assemble((f"{entry.path} cannot be used:\n\n{problems}", "red")))
        else:
            self._put(*describe(entry.routine, last_done, targets, get_ready, units))

    def _put(self, *parts: Text | Table) -> None:
        self.plain = "\n".join(_plain(part) for part in parts).strip()
        self.update(parts[0] if len(parts) == 1 else Group(*parts))


def describe(
    routine: Routine,
    last_done: datetime | None,
    targets: Targets | None = None,
    get_ready: int | None = None,
    units: str = "kg",
) -> list[Text | Table]:
    """A routine as the details pane shows it, with today's targets when the history has
    moved them (text from the file is never markup)."""
    plan = (
        targets.plan(get_ready=get_ready) if targets else build_plan(routine, get_ready=get_ready)
    )
    head = Text()
    head.append_text(literal(routine.name, "bold", multiline=False))
    head.append(
        f"\n{plural(len(plan.active_steps), 'set')}, "
        f"{minutes(plan.total_seconds, estimated=plan.has_estimates)} in all\n"
    )
    if last_done is not None:
        head.append(f"Last done {local(last_done, '%a %d %b %Y, %H:%M')}\n", style="green")
    else:
        head.append("Not done yet\n", style="dim")
    if routine.tags:
        head.append_text(literal("Tags: " + ", ".join(routine.tags) + "\n", "dim"))
    head.append("\nExercises", style="bold")
    parts: list[Text | Table] = [head]
    for block in routine.blocks:
        if block.name:
            rounds = f" × {block.rounds} rounds" if block.rounds > 1 else ""
            parts.append(assemble((block.name + rounds, "italic")))
        exercises = _bullets()
        for exercise in block.exercises:
            sets = f"{exercise.sets} × " if exercise.sets > 1 else ""
            side = " per side" if exercise.per_side else ""
            target = targets.target(exercise.name) if targets else None
            if target is not None and target.base != exercise.target:
                target = None  # another exercise of the same name (a second "Easy jog")
            today = target.amount(units) if target else exercise.describe_target()
            # The amount on a line of its own: "3 × 8 reps" never breaks at a narrow pane.
            amount = f"{sets}{today}{side}"
            if target is not None and target.reason:
                amount += f" ({target.reason})"
            exercises.add_row("•", assemble(exercise.name, ("\n" + amount, "dim")))
        parts.append(exercises)
    if routine.description:
        parts.append(assemble("\n", routine.description.strip()))
    return parts


def _bullets() -> Table:
    """A bulleted list whose wrapped lines stay indented under the text, not the bullet."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=3, no_wrap=True, justify="right")
    table.add_column(ratio=1)
    return table


def _plain(part: Text | Table) -> str:
    if isinstance(part, Text):
        return part.plain
    lines = []
    for bullet, label in zip(*(column.cells for column in part.columns), strict=True):
        text = label.plain if isinstance(label, Text) else str(label)
        lines.append(f"  {bullet} {text}" if bullet else text)
    return "\n".join(lines)
