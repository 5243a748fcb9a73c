"""The rows of the builder's outline: the routine, its blocks and exercises (no Textual here).

Names come from the person's file, so rows are Rich `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from legtimer.core.routines import Problem, draft
from legtimer.core.routines.draft import Draft, Ref


@dataclass(frozen=True)
class OutlineRow:
    """One row: the item it stands for, and what it shows."""

    ref: Ref
    label: Text


def outline_rows(document: Draft, problems: Sequence[Problem]) -> tuple[OutlineRow, ...]:
    """Every item of the draft in outline order; an item with problems is marked '!'."""
    bad = {draft.owner_of(problem.path) for problem in problems}
    return tuple(
        OutlineRow(ref, label(draft.table_at(document, ref), ref, bad=ref in bad))
        for ref in draft.refs(document)
    )


def label(table: Mapping[str, Any], ref: Ref, *, bad: bool = False) -> Text:
    """'! Block 2 Circuit ×3' or '  1. Lunges  3×8 reps /side'."""
    mark = Text("! ", style="bold red") if bad else Text("  ")
    if ref.kind == "routine":
        name = str(table.get("name", "")).strip() or "(no name)"
        return mark + Text(name, style="bold")
    if ref.kind == "block":
        name = str(table.get("name", "") or "").strip()
        text = mark + Text(f"Block {(ref.block or 0) + 1}", style="bold")
        if name:
            text.append(f" {name}")
        rounds = table.get("rounds", 1)
        if rounds != 1:
            text.append(f" ×{draft.format_value(rounds)}", style="dim")
        return text
    indent = "  " if ref.block is not None else ""
    name = str(table.get("name", "")).strip() or "(no name)"
    text = mark + Text(f"{indent}{(ref.exercise or 0) + 1}. {name}")
    kind = draft.kind_of(table)
    if kind is not None:
        amount = draft.format_value(table[kind]) or "?"
        unit = " reps" if kind == "reps" else " s"
        sets = table.get("sets", 1)
        times = f"{draft.format_value(sets)}×" if sets != 1 else ""
        side = " /side" if table.get("per_side") is True else ""
        text.append(f"  {times}{amount}{unit}{side}", style="dim")
    return text
