"""The builder's fields: which key of an item each input edits, and what the form shows.

Plain data and functions (no Textual). The forms build their inputs from the
specs; the screen uses the functions to write typed text into the draft, to
fill a form from it, and to put each problem under the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from legtimer.core.routines import DEFAULT_KEYS, Defaults, Problem, draft
from legtimer.core.routines.draft import Draft, Ref, Table
from legtimer.core.text import safe_text


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _name(value: str) -> str:
    return value  # kept even when empty: the validator then asks for a name


@dataclass(frozen=True)
class FieldSpec:
    """One input of a form: the key of the item it edits, and how its text is read."""

    form: str  # "routine", "block" or "exercise"
    key: str  # the key in the item; "defaults.prepare" for a routine default
    title: str
    parse: Callable[[str], object]
    placeholder: str = ""
    default_key: str | None = None  # the [defaults] key it inherits from, for its placeholder
    multiline: bool = False

    @property
    def ident(self) -> str:
        """The id of its input ("exercise-rest_after"); the row and messages add suffixes."""
        return f"{self.form}-{self.key.replace('.', '-')}"

    @property
    def default_of_routine(self) -> str | None:
        """For a timing of the routine's [defaults]: its key there (None for the rest)."""
        key = self.key.removeprefix("defaults.")
        return key if key != self.key and key in DEFAULT_KEYS else None


DEFAULT_TITLES = {
    "prepare": "Get ready",
    "rest_between_sets": "Between sets",
    "rest_after": "After exercise",
    "switch": "Switch sides",
    "rest_between_rounds": "Between rounds",
}

ROUTINE_FIELDS = (
    FieldSpec("routine", "name", "Name", _name, "what the routine is called"),
    FieldSpec("routine", "description", "Description", _text, multiline=True),
    FieldSpec("routine", "tags", "Tags", draft.parse_words, "comma-separated: strength, home"),
)
DEFAULT_FIELDS = tuple(
    FieldSpec("routine", f"defaults.{key}", DEFAULT_TITLES[key], draft.parse_number)
    for key in DEFAULT_KEYS
)
BLOCK_FIELDS = (
    FieldSpec("block", "name", "Block name", _text, "such as Warm-up or Circuit"),
    FieldSpec("block", "rounds", "Rounds", draft.parse_number, "1"),
    FieldSpec(
        "block",
        "rest_between_rounds",
        "Between rounds",
        draft.parse_number,
        default_key="rest_between_rounds",
    ),
    FieldSpec("block", "rest_after", "After block", draft.parse_number, default_key="rest_after"),
)
EXERCISE_FIELDS = (
    FieldSpec("exercise", "name", "Name", _name, "what the exercise is called"),
    FieldSpec("exercise", "amount", "Reps", draft.parse_amount),  # the key is the kind
    FieldSpec("exercise", "sets", "Sets", draft.parse_number, "1"),
    FieldSpec("exercise", "switch", "Switch sides", draft.parse_number, default_key="switch"),
    FieldSpec("exercise", "tempo", "Tempo", draft.parse_tempo, "in order: down 3, pause 1, up 2"),
    FieldSpec(
        "exercise", "rep_seconds", "Secs per rep", draft.parse_number, "3 (self-paced estimate)"
    ),
    FieldSpec(
        "exercise",
        "rest_between_sets",
        "Between sets",
        draft.parse_number,
        default_key="rest_between_sets",
    ),
    FieldSpec(
        "exercise", "rest_after", "After exercise", draft.parse_number, default_key="rest_after"
    ),
    FieldSpec("exercise", "prepare", "Get ready", draft.parse_number, default_key="prepare"),
    FieldSpec("exercise", "cue", "Cue", _text, multiline=True),
    FieldSpec(
        "exercise", "muscles", "Muscles", draft.parse_words, "comma-separated: quads, glutes"
    ),
)


def _progression(form: str, prefix: str, step_hint: str) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec(form, f"{prefix}progression.step", "Step", draft.parse_number, step_hint),
        FieldSpec(form, f"{prefix}progression.max", "Up to", draft.parse_number, "highest target"),
        FieldSpec(
            form,
            f"{prefix}progression.load_step",
            "Load step",
            draft.parse_number,
            "added at top reps",
        ),
    )


# After a session with every set done in full, the next target grows by the step.
EXERCISE_LOAD = FieldSpec("exercise", "load", "Load", draft.parse_number, "empty = bodyweight")
EXERCISE_PROGRESSION = (
    EXERCISE_LOAD,
    *_progression("exercise", "", "per full session"),
)
DEFAULT_PROGRESSION = _progression("routine", "defaults.", "per full session")
FORM_FIELDS: Mapping[str, tuple[FieldSpec, ...]] = {
    "routine": (*ROUTINE_FIELDS, *DEFAULT_FIELDS, *DEFAULT_PROGRESSION),
    "block": BLOCK_FIELDS,
    "exercise": (*EXERCISE_FIELDS, *EXERCISE_PROGRESSION),
}
DEFAULT_KIND = "reps"  # what the Kind menu shows for an exercise that has no kind yet


@dataclass(frozen=True)
class FormState:
    """What a form shows for one item: each field's text, and the fields left out."""

    ref: Ref
    texts: Mapping[str, str] = field(default_factory=dict)  # by FieldSpec.ident
    hidden: frozenset[str] = frozenset()  # idents of fields that do not apply
    kind: str = DEFAULT_KIND  # for an exercise
    per_side: bool = False  # for an exercise

    def typed(self, ident: str, text: str) -> FormState:
        """The same state with a field's text as just typed."""
        return replace(self, texts={**self.texts, ident: text})


@dataclass(frozen=True)
class FormErrors:
    """The problems of one item: under their fields, and the rest under the form."""

    fields: Mapping[str, str] = field(default_factory=dict)  # by FieldSpec.ident
    rest: str = ""


def locate(spec: FieldSpec, table: Table, *, create: bool = False) -> tuple[Table, str]:
    """The dict and key a field reads and writes: "defaults.prepare" lives one table down."""
    if spec.key == "amount":
        return table, draft.kind_of(table) or DEFAULT_KIND
    *tables, key = spec.key.split(".")
    holder = table
    for name in tables:
        inner = holder.get(name)
        if not isinstance(inner, dict):  # missing, or `progression = false`
            inner = {}
            if create:  # only a typed value makes the table; showing it changes nothing
                holder[name] = inner
        holder = inner
    return holder, key


def write(table: Table, spec: FieldSpec, text: str) -> bool:
    """Put a field's typed text into its item. True when the item changed."""
    holder, key = locate(spec, table, create=True)
    changed = draft.set_value(holder, key, spec.parse(text))
    *tables, _ = spec.key.split(".")
    if not holder and tables and tables[-1] == "progression":
        # The last progression value cleared: no empty `progression = {}` left behind.
        parent = table.get("defaults", {}) if tables[0] == "defaults" else table
        parent.pop("progression", None)
    return changed


def _key_path(spec: FieldSpec, table: Table) -> str:
    """The key a field edits, as the validator's path names it below the item."""
    return locate(spec, table)[1] if spec.key == "amount" else spec.key


def hidden_fields(ref: Ref, table: Table) -> frozenset[str]:
    """The idents of the fields that do not apply to this item (as it is now)."""
    if ref.kind != "exercise":
        return frozenset()
    reps = (draft.kind_of(table) or DEFAULT_KIND) == "reps"
    shown = {
        "tempo": reps or "tempo" in table,
        # A tempo paces the reps: the self-paced estimate applies only without one.
        "rep_seconds": (reps and not table.get("tempo")) or "rep_seconds" in table,
        "switch": table.get("per_side") is True or "switch" in table,
        "progression-load_step": "load" in table or _has_load_step(table),
    }
    return frozenset(f"exercise-{key}" for key, show in shown.items() if not show)


def _has_load_step(table: Table) -> bool:
    progression = table.get("progression")
    return isinstance(progression, dict) and "load_step" in progression


def form_state(document: Draft, ref: Ref) -> FormState:
    """What the form of the item at `ref` shows, read from the draft."""
    table = draft.table_at(document, ref)
    texts = {}
    for spec in FORM_FIELDS[ref.kind]:
        holder, key = locate(spec, table)
        # A control character from a file is shown as its escape, never sent to the
        # terminal; typing in the field then writes the visible text back.
        shown = draft.format_value(holder.get(key))
        texts[spec.ident] = safe_text(shown, multiline=spec.multiline)
    return FormState(
        ref,
        texts,
        hidden_fields(ref, table),
        kind=draft.kind_of(table) or DEFAULT_KIND,
        per_side=table.get("per_side") is True,
    )


def path_of(document: Draft, ref: Ref, spec: FieldSpec) -> str:
    """The validator's path of what a field edits (the amount's key is the kind)."""
    table = draft.table_at(document, ref) if draft.exists(document, ref) else {}
    return draft.field_path(ref, _key_path(spec, table))


def _field_paths(ref: Ref, table: Table, hidden: frozenset[str]) -> Iterator[tuple[str, str]]:
    """Each shown field's ident and the validator's path of what it edits."""
    for spec in FORM_FIELDS[ref.kind]:
        if spec.ident not in hidden:
            yield spec.ident, draft.field_path(ref, _key_path(spec, table))


def place_problems(
    document: Draft, ref: Ref, hidden: frozenset[str], problems: Sequence[Problem]
) -> FormErrors:
    """Each problem of the item under its field; the others (the item's own) under the form."""
    left = [problem for problem in problems if draft.owner_of(problem.path) == ref]
    placed: dict[str, str] = {}
    if draft.exists(document, ref):
        for ident, path in _field_paths(ref, draft.table_at(document, ref), hidden):
            mine = [problem for problem in left if draft.under(problem.path, path)]
            if mine:
                placed[ident] = "\n".join(
                    f"warning: {problem.message}" if problem.warning else problem.message
                    for problem in mine
                )
                left = [problem for problem in left if problem not in mine]
    return FormErrors(placed, "\n".join(problem.render() for problem in left))


def field_for(document: Draft, ref: Ref, hidden: frozenset[str], path: str) -> str | None:
    """The ident of the shown field a problem's path falls under, if any."""
    if not draft.exists(document, ref):
        return None
    for ident, field_path in _field_paths(ref, draft.table_at(document, ref), hidden):
        if draft.under(path, field_path):
            return ident
    return None


def placeholder(spec: FieldSpec, defaults: Defaults) -> str:
    """What an empty field shows: the value it inherits, or its own hint."""
    if spec.default_key is not None:
        return f"{getattr(defaults, spec.default_key)} (default)"
    routine_default = spec.default_of_routine
    if routine_default is not None:
        return f"{getattr(Defaults(), routine_default)} (built-in)"
    return spec.placeholder
