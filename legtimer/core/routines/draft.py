"""The routine builder's working copy: a plain, TOML-ready document being edited.

A draft is exactly the dict a routine file parses into, so `validate_document`
checks it with the rules and messages of ``legtimer validate``. Text typed by
a person goes in through `parse_number`, `parse_words` and `parse_tempo`,
which turn what they can into numbers and lists and leave anything else as
text, so the validator reports it with its own message instead of the
builder inventing one.

Exercises and blocks are addressed by 0-based positions; `item_path` gives the
1-based field path the validator uses ("blocks[2].exercises[1]"). A plain
routine (a top-level ``exercises`` list) has no blocks: its exercises have
``block=None``. Adding a block turns a plain routine into one with blocks.

Nothing here knows about Textual.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import tomli_w

from legtimer.core.routines import (
    DEFAULT_KEYS,
    FORMAT_VERSION,
    MAX_NAME,
    Defaults,
    Kind,
    Routine,
    routine_to_document,
)

Draft = dict[str, Any]
Table = dict[str, Any]

KINDS = tuple(kind.value for kind in Kind)
REPS_ONLY = ("tempo", "rep_seconds")


@dataclass(frozen=True)
class Ref:
    """What is selected: the routine itself, a block, or an exercise (0-based positions)."""

    kind: str  # "routine", "block" or "exercise"
    block: int | None = None  # None for an exercise of a plain routine
    exercise: int | None = None


ROUTINE = Ref("routine")


# --------------------------------------------------------------------------- making drafts


def new_draft() -> Draft:
    """An empty routine: no name and no exercises yet, the built-in defaults written out."""
    defaults = Defaults()
    return {
        "format": FORMAT_VERSION,
        "name": "",
        "defaults": {key: getattr(defaults, key) for key in DEFAULT_KEYS},
        "exercises": [],
    }


def from_routine(routine: Routine, *, copy_of: bool = False) -> Draft:
    """A draft of an existing routine; `copy_of` names it "<name> (copy)"."""
    draft = copy.deepcopy(routine_to_document(routine))
    if copy_of:
        draft["name"] = copy_name(routine.name)
    return draft


def copy_name(name: str) -> str:
    suffix = " (copy)"
    return name[: MAX_NAME - len(suffix)].rstrip() + suffix


def new_exercise(kind: str = Kind.REPS.value) -> Table:
    """A fresh exercise: a name still to type, and a sensible amount for its kind."""
    amount = 10 if kind == Kind.REPS.value else 30
    return {"name": "", kind: amount}


def new_block() -> Table:
    return {"name": "", "rounds": 1, "exercises": [new_exercise()]}


def is_structured(document: object) -> bool:
    """True when the builder can show this document: lists of tables where it needs them.

    The values themselves may be anything (the validator reports them); only
    the shape (a list of exercise tables, or of blocks holding such lists)
    must be what the builder's outline can walk.
    """
    if not isinstance(document, dict):
        return False
    if "exercises" in document and "blocks" in document:
        return False
    if "defaults" in document and not isinstance(document["defaults"], dict):
        return False
    if "blocks" in document:
        blocks = document["blocks"]
        return isinstance(blocks, list) and all(
            isinstance(block, dict)
            and isinstance(block.get("exercises"), list)
            and all(isinstance(ex, dict) for ex in block["exercises"])
            for block in blocks
        )
    exercises = document.get("exercises")
    return isinstance(exercises, list) and all(isinstance(ex, dict) for ex in exercises)


def to_toml(draft: Mapping[str, Any]) -> str:
    """The draft as TOML text (valid or not), for editing as a file."""
    text: str = tomli_w.dumps(draft, multiline_strings=True)
    return text


# --------------------------------------------------------------------------- reading drafts


def has_blocks(draft: Mapping[str, Any]) -> bool:
    return "blocks" in draft


def blocks(draft: Mapping[str, Any]) -> list[Table]:
    found: list[Table] = draft.get("blocks", []) if has_blocks(draft) else []
    return found


def exercises(draft: Draft, block: int | None) -> list[Table]:
    """The exercise list of a block, or of a plain routine (block None)."""
    if block is None:
        plain: list[Table] = draft.setdefault("exercises", [])
        return plain
    inner: list[Table] = blocks(draft)[block]["exercises"]
    return inner


def refs(draft: Mapping[str, Any]) -> list[Ref]:
    """Everything selectable, in outline order: the routine, then blocks and exercises."""
    found = [ROUTINE]
    if has_blocks(draft):
        for b, block in enumerate(blocks(draft)):
            found.append(Ref("block", b))
            found.extend(Ref("exercise", b, e) for e in range(len(block["exercises"])))
    else:
        found.extend(Ref("exercise", None, e) for e in range(len(draft.get("exercises", []))))
    return found


def table_at(draft: Draft, ref: Ref) -> Table:
    """The dict a Ref points at."""
    if ref.kind == "routine":
        return draft
    if ref.kind == "block":
        assert ref.block is not None
        return blocks(draft)[ref.block]
    assert ref.exercise is not None
    return exercises(draft, ref.block)[ref.exercise]


def exists(draft: Mapping[str, Any], ref: Ref) -> bool:
    return ref in refs(draft)


def item_path(ref: Ref) -> str:
    """The validator's field path of a Ref: "", "blocks[2]", "exercises[3]", ..."""
    if ref.kind == "routine":
        return ""
    block = f"blocks[{ref.block + 1}]" if ref.block is not None else ""
    if ref.kind == "block":
        return block
    exercise = f"exercises[{(ref.exercise or 0) + 1}]"
    return f"{block}.{exercise}" if block else exercise


def field_path(ref: Ref, key: str) -> str:
    base = item_path(ref)
    return f"{base}.{key}" if base else key


def under(path: str, prefix: str) -> bool:
    """True when a problem at `path` belongs to the field at `prefix`."""
    if not prefix:
        return True
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def defaults_of(draft: Mapping[str, Any]) -> Defaults:
    """The routine defaults the draft sets so far: its valid whole numbers, built-ins for the rest."""
    values = draft.get("defaults")
    if not isinstance(values, Mapping):
        return Defaults()
    known: dict[str, Any] = {
        key: value
        for key, value in values.items()
        if key in DEFAULT_KEYS and isinstance(value, int) and not isinstance(value, bool)
    }
    return Defaults(**known)


def kind_of(exercise: Mapping[str, Any]) -> str | None:
    """The exercise's kind key (the first of hold, reps, work it has), or None."""
    return next((key for key in exercise if key in KINDS), None)


# --------------------------------------------------------------------------- typed text


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?|[+-]?\d+[eE][+-]?\d+")


def parse_number(text: str) -> int | float | str | None:
    """What a number field holds: None when empty, a number when it reads as one, else the text.

    Only whole numbers are valid in a routine; a float or a word is kept so the
    validator can say exactly what is wrong with it.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if _INT.fullmatch(stripped):
        return int(stripped)
    if _FLOAT.fullmatch(stripped):
        return float(stripped)
    return stripped


def parse_amount(text: str) -> int | float | str:
    """An exercise's amount (its seconds or reps): like `parse_number`, but never None.

    An emptied amount stays in the draft as empty text: the key is the
    exercise's kind, so taking it out would lose the kind the form still
    shows. The validator then says what the field needs.
    """
    value = parse_number(text)
    return text.strip() if value is None else value


def parse_words(text: str) -> list[str] | None:
    """A comma-separated list ("quads, glutes"); None when empty. Empty entries are skipped."""
    words = [word.strip() for word in text.split(",")]
    words = [word for word in words if word]
    return words or None


_PHASE = re.compile(r"([A-Za-z_]+)\s*[=:]?\s*([^\s,;{}=:]*)")
_TEMPO_NOISE = re.compile(r"[\s,;{}]*")


def parse_tempo(text: str) -> dict[str, Any] | str | None:
    """A tempo typed as "down 3, pause 1, up 2" (or "{ up = 2, down = 2 }"), in order.

    Returns None when empty, the phases as a dict when the text reads as
    phase/number pairs, or the text itself when it does not, so the
    validator reports it.
    """
    stripped = text.strip()
    if not stripped:
        return None
    phases: dict[str, Any] = {}
    position = 0
    for match in _PHASE.finditer(stripped):
        if not _TEMPO_NOISE.fullmatch(stripped[position : match.start()]):
            return stripped
        value = parse_number(match[2])
        phases[match[1].lower()] = "" if value is None else value
        position = match.end()
    if not phases or not _TEMPO_NOISE.fullmatch(stripped[position:]):
        return stripped
    return phases


def format_value(value: object) -> str:
    """A draft value as the text of its input field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key} {format_value(item)}" for key, item in value.items())
    return str(value)


def set_value(table: Table, key: str, value: object) -> bool:
    """Set (or, for None, remove) a key. True when the table changed."""
    if value is None:
        if key in table:
            del table[key]
            return True
        return False
    if key in table and table[key] == value and type(table[key]) is type(value):
        return False
    table[key] = value
    return True


def set_kind(exercise: Table, kind: str) -> dict[str, Any]:
    """Make the exercise a hold, reps or work, keeping its amount and key position.

    Keys that only apply to reps (tempo, rep_seconds) are taken out when the
    kind is no longer reps, and returned so the caller can put them back.
    """
    current = kind_of(exercise)
    removed: dict[str, Any] = {}
    if current == kind:
        return removed
    if current is None:
        exercise[kind] = new_exercise(kind)[kind]
    else:
        items = [(kind if key == current else key, value) for key, value in exercise.items()]
        exercise.clear()
        exercise.update(items)
    if kind != Kind.REPS.value:
        for key in REPS_ONLY:
            if key in exercise:
                removed[key] = exercise.pop(key)
    return removed


def set_per_side(exercise: Table, per_side: bool) -> dict[str, Any]:
    """Turn per-side on or off; off takes out `switch` (returned), which needs per_side."""
    removed: dict[str, Any] = {}
    if per_side:
        exercise["per_side"] = True
    else:
        exercise.pop("per_side", None)
        if "switch" in exercise:
            removed["switch"] = exercise.pop("switch")
    return removed


# --------------------------------------------------------------------------- structure edits


def _to_blocks(draft: Draft) -> None:
    """Turn a plain routine into one with blocks: its exercises become the first block."""
    if has_blocks(draft):
        return
    plain = draft.pop("exercises", [])
    draft["blocks"] = [{"exercises": plain}] if plain else []


def _maybe_plain(draft: Draft) -> None:
    """A single bare block (no name, rounds or rests of its own) becomes a plain list again."""
    found = blocks(draft)
    if has_blocks(draft) and len(found) == 1 and set(found[0]) == {"exercises"}:
        draft.pop("blocks")
        draft["exercises"] = found[0]["exercises"]


def _place(container: list[Any], after: int | None, item: Any) -> int:
    index = len(container) if after is None else min(after + 1, len(container))
    container.insert(index, item)
    return index


def add_exercise(draft: Draft, at: Ref, kind: str = Kind.REPS.value) -> Ref:
    """A new exercise after the selected one (or at the end of the selected block or routine)."""
    if has_blocks(draft):
        found = blocks(draft)
        if not found:
            found.append({"exercises": []})
        block = at.block if at.block is not None else len(found) - 1
        after = at.exercise if at.kind == "exercise" else None
    else:
        block = None
        after = at.exercise if at.kind == "exercise" else None
    container = exercises(draft, block)
    index = _place(container, after, new_exercise(kind))
    if block is not None and _is_circuit(blocks(draft)[block]):
        _station_rests(container, index)
    return Ref("exercise", block, index)


CIRCUIT_REST = 15  # seconds between stations: a walk to the next one, not a full rest


def _is_circuit(block: Table) -> bool:
    rounds = block.get("rounds")
    return isinstance(rounds, int) and not isinstance(rounds, bool) and rounds > 1


def _station_rests(container: list[Any], index: int) -> None:
    """A new station of a circuit rests briefly before the next one.

    The last exercise of a block never rests on its own (the rounds' rest
    follows it), so when the new one is last, the one before it gets the rest.
    """
    station = index if index < len(container) - 1 else index - 1
    if station >= 0 and "rest_after" not in container[station]:
        container[station]["rest_after"] = CIRCUIT_REST


def add_block(draft: Draft, at: Ref) -> Ref:
    """A new block (with one new exercise) after the selected block, or at the end."""
    _to_blocks(draft)
    after = at.block if at.kind != "routine" else None
    index = _place(blocks(draft), after, new_block())
    return Ref("block", index)


def duplicate(draft: Draft, ref: Ref) -> Ref:
    """A copy of the selected exercise or block, placed right after it."""
    if ref.kind == "exercise":
        assert ref.exercise is not None
        container = exercises(draft, ref.block)
        index = _place(container, ref.exercise, copy.deepcopy(container[ref.exercise]))
        return Ref("exercise", ref.block, index)
    if ref.kind == "block":
        assert ref.block is not None
        found = blocks(draft)
        index = _place(found, ref.block, copy.deepcopy(found[ref.block]))
        return Ref("block", index)
    return ref


def delete(draft: Draft, ref: Ref) -> Ref:
    """Remove the selected exercise or block; returns what to select next."""
    if ref.kind == "exercise":
        assert ref.exercise is not None
        container = exercises(draft, ref.block)
        del container[ref.exercise]
        if container:
            return Ref("exercise", ref.block, min(ref.exercise, len(container) - 1))
        return Ref("block", ref.block) if ref.block is not None else ROUTINE
    if ref.kind == "block":
        assert ref.block is not None
        found = blocks(draft)
        del found[ref.block]
        _maybe_plain(draft)
        if not has_blocks(draft):
            return ROUTINE
        return Ref("block", min(ref.block, len(found) - 1)) if found else ROUTINE
    return ref


def move(draft: Draft, ref: Ref, delta: int) -> Ref:
    """Move the selection up (-1) or down (+1).

    An exercise at the edge of its block moves into the neighbouring block.
    """
    if ref.kind == "block":
        assert ref.block is not None
        found = blocks(draft)
        target = ref.block + delta
        if not 0 <= target < len(found):
            return ref
        found[ref.block], found[target] = found[target], found[ref.block]
        return Ref("block", target)
    if ref.kind != "exercise":
        return ref
    assert ref.exercise is not None
    container = exercises(draft, ref.block)
    target = ref.exercise + delta
    if 0 <= target < len(container):
        container[ref.exercise], container[target] = container[target], container[ref.exercise]
        return Ref("exercise", ref.block, target)
    if ref.block is None:
        return ref
    neighbour = ref.block + delta
    if not 0 <= neighbour < len(blocks(draft)):
        return ref
    item = container.pop(ref.exercise)
    other = exercises(draft, neighbour)
    index = len(other) if delta < 0 else 0
    other.insert(index, item)
    return Ref("exercise", neighbour, index)


class StructureEdit(Enum):
    """A change to the structure at the selected item (the outline's keys and buttons)."""

    ADD_EXERCISE = "add_exercise"
    ADD_BLOCK = "add_block"
    DUPLICATE = "duplicate"
    REMOVE = "remove"
    MOVE_UP = "move_up"
    MOVE_DOWN = "move_down"


def edit_structure(draft: Draft, at: Ref, edit: StructureEdit) -> Ref:
    """Make the change at `at`; returns what to select next (`at` when nothing moved)."""
    if edit is StructureEdit.ADD_EXERCISE:
        return add_exercise(draft, at)
    if edit is StructureEdit.ADD_BLOCK:
        return add_block(draft, at)
    if edit is StructureEdit.DUPLICATE:
        return duplicate(draft, at)
    if edit is StructureEdit.REMOVE:
        return delete(draft, at)
    return move(draft, at, -1 if edit is StructureEdit.MOVE_UP else 1)


_OWNER = re.compile(r"blocks\[(\d+)\](?:\.exercises\[(\d+)\])?|exercises\[(\d+)\]")


def owner_of(path: str) -> Ref:
    """The item a problem's field path belongs to: an exercise, a block, or the routine."""
    match = _OWNER.match(path)
    if match is None:
        return ROUTINE
    block, in_block, plain = match.groups()
    if plain is not None:
        return Ref("exercise", None, int(plain) - 1)
    if in_block is not None:
        return Ref("exercise", int(block) - 1, int(in_block) - 1)
    return Ref("block", int(block) - 1)
