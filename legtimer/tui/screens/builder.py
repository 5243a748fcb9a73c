"""The routine builder: create, copy and edit routines, with live validation and preview.

The screen edits a draft (legtimer.core.routines.draft): the very dict a routine file parses
into. Every change runs `validate_document` on it, so each problem shown is
the message ``legtimer validate`` would print, placed at the field its path
names, and a valid draft is previewed as its timeline. Saving writes the
validated routine with `save_routine`, so the file reads back equal.

Layout: the outline of the routine (the routine itself, its blocks and
exercises) on the left, the form of the selected item in the middle, and the
timeline preview with every problem on the right.

Keys move between the two halves: Enter (or Tab) on the outline goes to the
selected item's form; Esc (or Shift+Tab from its first field, or Ctrl+O) goes
back to the outline, where Up/Down pick another item and Esc leaves the builder.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    Switch,
    TextArea,
)
from textual.widgets.option_list import Option

from legtimer.core import paths
from legtimer.core.plan import Plan, Step, StepKind, build_plan
from legtimer.core.routines import (
    DEFAULT_KEYS,
    Defaults,
    Problem,
    Routine,
    RoutineError,
    catalog,
    draft,
    dump_routine,
    load_routine,
    parse_routine,
    save_routine,
    slugify,
    validate_document,
)
from legtimer.core.routines.draft import ROUTINE, Draft, Ref
from legtimer.core.timefmt import clock, minutes
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen, inside

PREVIEW_STEP_LIMIT = 20_000  # beyond this many steps, the preview gives up (typing stays fast)
PREVIEW_LINES = 400
DEBOUNCE = 0.12

KIND_CHOICES = [("Hold", "hold"), ("Reps", "reps"), ("Work", "work")]
SHORT_LABELS = {StepKind.PREPARE: "READY", StepKind.SWITCH: "SWITCH"}
AMOUNT_LABELS = {"hold": "Seconds", "reps": "Reps", "work": "Seconds"}


# --------------------------------------------------------------------------- fields


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _name(value: str) -> str:
    return value


@dataclass(frozen=True)
class FieldSpec:
    """One input of a form: which key of the selected table it edits, and how to read it."""

    form: str  # "routine", "block" or "exercise"
    key: str  # the key in the table; "defaults.prepare" for a routine default
    title: str
    parse: Callable[[str], object]
    placeholder: str = ""
    default_key: str | None = None  # the [defaults] key it inherits from, for the hint


ROUTINE_FIELDS = (
    FieldSpec("routine", "name", "Name", _name, "what the routine is called"),
    FieldSpec("routine", "description", "Description", _text),
    FieldSpec("routine", "tags", "Tags", draft.parse_words, "comma-separated: strength, home"),
)
DEFAULT_FIELDS = tuple(
    FieldSpec("routine", f"defaults.{key}", title, draft.parse_number)
    for key, title in (
        ("prepare", "Get ready"),
        ("rest_between_sets", "Between sets"),
        ("rest_after", "After exercise"),
        ("switch", "Switch sides"),
        ("rest_between_rounds", "Between rounds"),
    )
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
    FieldSpec("exercise", "amount", "Reps", draft.parse_amount),
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
    FieldSpec("exercise", "cue", "Cue", _text),
    FieldSpec(
        "exercise", "muscles", "Muscles", draft.parse_words, "comma-separated: quads, glutes"
    ),
)
TEXT_AREAS = {("routine", "description"), ("exercise", "cue")}


def control_id(spec: FieldSpec) -> str:
    return f"{spec.form}-{spec.key.replace('.', '-')}"


SPECS = {
    control_id(spec): spec
    for spec in (*ROUTINE_FIELDS, *DEFAULT_FIELDS, *BLOCK_FIELDS, *EXERCISE_FIELDS)
}


def editor_command() -> list[str]:
    """The editor for "Edit as TOML": $VISUAL, then $EDITOR, then nano, then vi (notepad on Windows)."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return ["vi"]


def _describe(step: Step) -> str:
    """A short description for the narrow preview: 'Lunges, left, set 1/3, round 2/3'."""
    parts = [step.exercise.name]
    if step.side is not None:
        parts.append(step.side.value)
    if step.sets > 1:
        parts.append(f"set {step.set}/{step.sets}")
    if step.rounds > 1:
        parts.append(f"round {step.round}/{step.rounds}")
    return ", ".join(parts)


def _show(widget: Widget, visible: bool) -> None:
    if widget.display != visible:
        widget.display = visible


def _short(path: Path) -> str:
    """A path as a person reads it: routines/x.toml for their own routines, ~ for home."""
    if path.parent == paths.user_routines_dir():
        return f"routines/{path.name}"
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if home and home != "/" and text.startswith(home) else text


# --------------------------------------------------------------------------- widgets


class Outline(OptionList):
    """The routine's structure. Letter keys work here; Ctrl keys work anywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.focus_form", "Edit", tooltip="Edit the selected item's fields"),
        Binding("a", "screen.add_exercise", "Add exercise", show=False),
        Binding("b,B", "screen.add_block", "Add block", show=False),
        Binding("d", "screen.duplicate", "Duplicate", show=False),
        Binding("x,delete", "screen.remove", "Remove", show=False),
        Binding("shift+up,K", "screen.move(-1)", "Move up", show=False),
        Binding("shift+down,J", "screen.move(1)", "Move down", show=False),
    ]


# --------------------------------------------------------------------------- the screen


class BuilderScreen(Screen[Path | None]):
    """Build a new routine, or edit a routine or a copy of one.

    Dismissed with the file it saved to (so the list it returns to can select
    that routine), or None when nothing was saved or the file was deleted.
    """

    # Three panes need room: below -roomy the preview is off until F2 swaps it for the form.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (70, "-normal"),
        (100, "-roomy"),
        (140, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the routine", priority=True),
        Binding(
            "ctrl+t",
            "edit_toml",
            "TOML",
            tooltip="Edit as TOML in $VISUAL/$EDITOR, then read it back",
            priority=True,
        ),
        Binding("ctrl+n", "add_exercise", "+Exercise", tooltip="Add an exercise (a)"),
        Binding("ctrl+b", "add_block", "+Block", tooltip="Add a block (b)"),
        Binding(
            "ctrl+d",
            "duplicate",
            "Duplicate",
            tooltip="Duplicate the selected exercise or block (d)",
            show=False,
        ),
        Binding(
            "ctrl+up,alt+up",
            "move(-1)",
            "Move up",
            tooltip="Move the selected exercise or block up",
            show=False,
        ),
        Binding(
            "ctrl+down,alt+down",
            "move(1)",
            "Move down",
            tooltip="Move the selected exercise or block down",
            show=False,
        ),
        Binding(
            "ctrl+delete,f8",
            "delete_routine",
            "Delete routine",
            tooltip="Delete this routine's file (your own routines only)",
            show=False,
        ),
        Binding(
            "f2",
            "toggle_preview",
            "Preview",
            tooltip="Show or hide the timeline preview (in place of the form when narrow)",
        ),
        Binding("f1", "help", "Keys", tooltip="Show every key", show=False),
        Binding(
            "ctrl+o",
            "toggle_outline",
            "Outline",
            tooltip="Go to the outline; from the outline, back to the form",
            show=False,
            priority=True,
        ),
        # One Esc, two meanings (check_action picks): out of a field to the outline
        # first, then out of the builder. The footer names the one that applies.
        Binding("escape", "outline", "Outline", tooltip="From a field: back to the outline"),
        Binding("escape", "back", "Back", tooltip="From the outline: leave the builder"),
    ]

    HELP_KEYS: ClassVar[list[BindingType]] = [
        *BINDINGS,
        Binding("up,down", "", "", tooltip="Outline: select an item; its form shows beside"),
        Binding("enter,tab", "", "", tooltip="Outline: edit the selected item's fields"),
        Binding(
            "tab,shift+tab",
            "",
            "",
            tooltip="Form: next or previous field (Shift+Tab from the first field: the outline)",
        ),
        Binding("enter", "", "", tooltip="Form: next field; on Kind, open its menu"),
        Binding("a", "", "", tooltip="Outline: add an exercise after the selected one"),
        Binding("b", "", "", tooltip="Outline: add a block"),
        Binding("d", "", "", tooltip="Outline: duplicate the selected exercise or block"),
        Binding("x,delete", "", "", tooltip="Outline: remove the selected exercise or block"),
        Binding("shift+up,shift+down", "", "", tooltip="Outline: move the selection"),
    ]

    def __init__(self, routine: Routine | None, *, copy: bool = False) -> None:
        super().__init__()
        self.routine = routine
        self.copy = copy
        self.builtin = routine is not None and (
            routine.source == catalog.BUILT_IN
            or (routine.path is not None and inside(routine.path, paths.builtin_routines_dir()))
        )
        if routine is None:
            self.draft: Draft = draft.new_draft()
        else:
            self.draft = draft.from_routine(routine, copy_of=copy)
        # The file this draft is saved to without asking; None until it has one of its own.
        self.path: Path | None = None
        self.saved: Path | None = None  # the file saved to on this visit, if any
        if routine is not None and not copy and not self.builtin:
            self.path = routine.path
        self.baseline: Draft = deepcopy(self.draft)
        self.selected: Ref = ROUTINE
        self.problems: list[Problem] = []
        self.valid: Routine | None = None
        self.plan: Plan | None = None
        self.plan_note = ""
        self._timer: Timer | None = None
        self._stash: dict[int, dict[str, Any]] = {}  # fields a kind/side change took out
        self._outline_ids: list[str] = []
        self._outline_labels: list[Text] = []
        self._shown: dict[str, Text | Content | str] = {}

    # -- layout

    def compose(self) -> ComposeResult:
        yield Static("", id="builder-status")
        with Horizontal(id="builder"):
            with Vertical(id="builder-outline-pane"):
                yield Outline(id="builder-outline")
                with Grid(id="builder-tools"):
                    yield from self._tools()
            # Not focusable itself: Shift+Tab from the first field goes straight to the outline.
            with VerticalScroll(id="builder-form", can_focus=False):
                with Vertical(id="form-routine", classes="form"):
                    for spec in ROUTINE_FIELDS:
                        yield from self._field(spec)
                    yield Label("Defaults (seconds)", classes="form-heading")
                    for spec in DEFAULT_FIELDS:
                        yield from self._field(spec)
                    yield Label("", id="routine-errors", classes="field-error item-errors")
                with Vertical(id="form-block", classes="form"):
                    for spec in BLOCK_FIELDS:
                        yield from self._field(spec)
                    yield Label("", id="block-errors", classes="field-error item-errors")
                with Vertical(id="form-exercise", classes="form"):
                    yield from self._field(EXERCISE_FIELDS[0])
                    with Horizontal(classes="field-row"):
                        yield Label("Kind", classes="field-label")
                        yield Select(
                            KIND_CHOICES,
                            allow_blank=False,
                            value="reps",
                            id="exercise-kind",
                            compact=True,
                        )
                    for spec in EXERCISE_FIELDS[1:3]:
                        yield from self._field(spec)
                    with Horizontal(classes="field-row"):
                        yield Label("Per side", classes="field-label")
                        yield Switch(id="exercise-per_side")
                        yield Label("left then right", classes="field-hint")
                    for spec in EXERCISE_FIELDS[3:]:
                        yield from self._field(spec)
                    yield Label("", id="exercise-errors", classes="field-error item-errors")
            with VerticalScroll(id="builder-side"):
                yield Static("", id="builder-summary")
                yield Static("", id="builder-problems").with_tooltip(
                    "Click a problem to go to its field"
                )
                yield Static("", id="builder-timeline")
        yield Footer()

    @staticmethod
    def _tools() -> Iterator[Button]:
        """The mouse's way to the outline keys; kept out of Tab's way (the keys do the same)."""
        for label, ident in (
            ("+Exercise", "tool-add-exercise"),
            ("+Block", "tool-add-block"),
            ("Duplicate", "tool-duplicate"),
            ("Remove", "tool-remove"),
            ("▲ Up", "tool-up"),
            ("▼ Down", "tool-down"),
        ):
            button = Button(label, id=ident, compact=True)
            button.can_focus = False
            yield button

    def _field(self, spec: FieldSpec) -> Iterator[Widget]:
        ident = control_id(spec)
        control: Widget
        if (spec.form, spec.key) in TEXT_AREAS:
            control = TextArea(
                id=ident, soft_wrap=True, compact=True, classes="field-text", tab_behavior="focus"
            )
        else:
            control = Input(placeholder=spec.placeholder, id=ident, compact=True)
        yield Vertical(
            Horizontal(
                Label(spec.title, classes="field-label", id=f"{ident}-label"),
                control,
                classes="field-row",
            ),
            Label("", classes="field-error", id=f"{ident}-error"),
            classes="field",
            id=f"{ident}-field",
        )

    def on_mount(self) -> None:
        self.rebuild_outline()
        self.show_form()
        self.revalidate()
        if self.routine is None:
            self.query_one("#routine-name", Input).focus()
        else:
            self.query_one(Outline).focus()

    # -- what is selected

    def target_table(self, form: str) -> dict[str, Any] | None:
        """The table the selected form edits, or None when the form is not the one shown."""
        if form != self.selected.kind or not draft.exists(self.draft, self.selected):
            return None
        return draft.table_at(self.draft, self.selected)

    def _defaults(self) -> Defaults:
        values = self.draft.get("defaults")
        if not isinstance(values, dict):
            return Defaults()
        known = {
            key: value
            for key, value in values.items()
            if key in DEFAULT_KEYS and isinstance(value, int) and not isinstance(value, bool)
        }
        return Defaults(**known)

    def _key(self, spec: FieldSpec, table: dict[str, Any]) -> str:
        if spec.key == "amount":
            return draft.kind_of(table) or str(self.query_one("#exercise-kind", Select).value)
        return spec.key

    def _lookup(
        self, spec: FieldSpec, table: dict[str, Any], *, create: bool = False
    ) -> tuple[dict[str, Any], str]:
        """The dict and key a field reads and writes (defaults live one table down)."""
        if spec.key.startswith("defaults."):
            defaults = table.get("defaults")
            if not isinstance(defaults, dict):
                defaults = {}
                if create:  # only a typed value makes the table; showing it changes nothing
                    table["defaults"] = defaults
            return defaults, spec.key.split(".", 1)[1]
        return table, self._key(spec, table)

    # -- showing a form

    def show_form(self) -> None:
        """Show the form of the selected item, filled from the draft."""
        for kind in ("routine", "block", "exercise"):
            _show(self.query_one(f"#form-{kind}"), kind == self.selected.kind)
        table = self.target_table(self.selected.kind)
        if table is None:
            return
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed, Switch.Changed):
            for ident, spec in SPECS.items():
                if spec.form != self.selected.kind:
                    continue
                holder, key = self._lookup(spec, table)
                text = draft.format_value(holder.get(key))
                control = self.query_one(f"#{ident}")
                if isinstance(control, TextArea):
                    if control.text != text:
                        control.load_text(text)
                elif isinstance(control, Input):
                    control.value = text
                    control.cursor_position = 0  # show the start of a long value
            if self.selected.kind == "exercise":
                self.query_one("#exercise-kind", Select).value = draft.kind_of(table) or "reps"
                self.query_one("#exercise-per_side", Switch).value = table.get("per_side") is True
        self.update_field_visibility()
        self.update_placeholders()
        self.show_errors()

    def update_field_visibility(self) -> None:
        table = self.target_table("exercise")
        if table is None:
            return
        kind = draft.kind_of(table) or "reps"
        self._put(self.query_one("#exercise-amount-label", Label), AMOUNT_LABELS[kind])
        reps = kind == "reps"
        _show(self.query_one("#exercise-tempo-field"), reps or "tempo" in table)
        _show(self.query_one("#exercise-rep_seconds-field"), reps or "rep_seconds" in table)
        per_side = table.get("per_side") is True
        _show(self.query_one("#exercise-switch-field"), per_side or "switch" in table)

    def update_placeholders(self) -> None:
        defaults = self._defaults()
        for ident, spec in SPECS.items():
            if spec.default_key is not None:
                value = getattr(defaults, spec.default_key)
                self.query_one(f"#{ident}", Input).placeholder = f"{value} (default)"
            elif spec.key.startswith("defaults."):
                built_in = getattr(Defaults(), spec.key.split(".", 1)[1])
                self.query_one(f"#{ident}", Input).placeholder = f"{built_in} (built-in)"
        table = self.target_table("exercise")
        if table is not None:
            kind = draft.kind_of(table) or "reps"
            hint = "repetitions" if kind == "reps" else "seconds"
            self.query_one("#exercise-amount", Input).placeholder = hint

    # -- typing

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        control = event.control
        spec = SPECS.get(control.id or "")
        if spec is None:
            return
        table = self.target_table(spec.form)
        if table is None:
            return
        text = control.text if isinstance(control, TextArea) else control.value
        holder, key = self._lookup(spec, table, create=True)
        if draft.set_value(holder, key, spec.parse(text)):
            self.changed()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "") in SPECS:
            self.focus_next()

    @on(Select.Changed, "#exercise-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        table = self.target_table("exercise")
        if table is None or not isinstance(event.value, str):
            return
        if draft.kind_of(table) == event.value:
            return
        amount = self.query_one("#exercise-amount", Input).value
        removed = draft.set_kind(table, event.value)
        if event.value not in table:  # there was no kind yet: take what was typed
            table[event.value] = (
                draft.parse_number(amount) or draft.new_exercise(event.value)[event.value]
            )
        stash = self._stash.setdefault(id(table), {})
        stash.update(removed)
        if event.value == "reps":
            for key in draft.REPS_ONLY:
                if key in stash:
                    table[key] = stash.pop(key)
        self.show_form()
        self.changed(now=True)

    @on(Switch.Changed, "#exercise-per_side")
    def _per_side_changed(self, event: Switch.Changed) -> None:
        table = self.target_table("exercise")
        if table is None or (table.get("per_side") is True) == event.value:
            return
        stash = self._stash.setdefault(id(table), {})
        stash.update(draft.set_per_side(table, event.value))
        if event.value and "switch" in stash:
            table["switch"] = stash.pop("switch")
        self.show_form()
        self.changed(now=True)

    def changed(self, *, now: bool = False) -> None:
        """The draft changed: validate and preview it, at once or after a short pause in typing."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if now:
            self.revalidate()
        else:
            self._timer = self.set_timer(DEBOUNCE, self.revalidate)

    def flush(self) -> None:
        """Validate now if a change is still waiting for the typing pause."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.revalidate()

    @property
    def dirty(self) -> bool:
        return self.draft != self.baseline

    # -- validation and preview

    def _put(self, widget: Static, content: Text | Content | str) -> None:
        """Update a Static only when what it shows changes (each update costs a layout)."""
        key = widget.id or str(id(widget))
        if self._shown.get(key) != content:
            self._shown[key] = content
            widget.update(content)

    def revalidate(self) -> None:
        self._timer = None
        self.valid, self.problems = validate_document(self.draft)
        if self.valid is not None:
            self.plan, self.plan_note = self._preview(self.valid)
        self.refresh_outline()
        self.show_errors()
        self.show_side()
        self.show_status()

    @staticmethod
    def _preview(routine: Routine) -> tuple[Plan | None, str]:
        estimate = sum(
            block.rounds * sum(ex.sets * (4 if ex.per_side else 2) + 2 for ex in block.exercises)
            for block in routine.blocks
        )
        if estimate > PREVIEW_STEP_LIMIT:
            return None, f"about {estimate:,} steps: too many to preview"
        return build_plan(routine), ""

    def owned(self, ref: Ref) -> list[Problem]:
        return [p for p in self.problems if draft.owner_of(p.path) == ref]

    def show_errors(self) -> None:
        """Put each problem of the selected item under its field; the rest under the form."""
        ref = self.selected
        table = self.target_table(ref.kind)
        left = self.owned(ref)
        for ident, spec in SPECS.items():
            if spec.form != ref.kind:
                continue
            label = self.query_one(f"#{ident}-error", Label)
            field = self.query_one(f"#{ident}-field")
            path = ""
            if table is not None and field.display:
                holder_key = (
                    spec.key if spec.key.startswith("defaults.") else self._key(spec, table)
                )
                path = draft.field_path(ref, holder_key)
            mine = [p for p in left if path and draft.under(p.path, path)]
            left = [p for p in left if p not in mine]
            self._put(label, Text("\n".join(p.message for p in mine)))
            _show(label, bool(mine))
        rest = self.query_one(f"#{ref.kind}-errors", Label)
        self._put(rest, Text("\n".join(p.render() for p in left)))
        _show(rest, bool(left))

    def show_side(self) -> None:
        summary = self.query_one("#builder-summary", Static)
        problems = self.query_one("#builder-problems", Static)
        timeline = self.query_one("#builder-timeline", Static)
        if self.problems:
            count = len(self.problems)
            rows = [f"[b]{count} problem{'s' if count != 1 else ''}[/b]: not saved"]
            rows.extend(
                f"• [@click=screen.jump({i})]{escape(problem.render())}[/]"
                for i, problem in enumerate(self.problems)
            )
            self._put(problems, Content.from_markup("\n".join(rows)))
            _show(problems, True)
        else:
            self._put(problems, "")
            _show(problems, False)
        plan = self.plan
        if plan is None:
            self._put(summary, Text(self.plan_note or "No timeline yet.", style="dim"))
            self._put(timeline, "")
            return
        total = minutes(plan.total_seconds, estimated=plan.has_estimates)
        head = Text("Timeline", style="bold")
        head.append(f"  {len(plan.steps)} steps · {total}")
        if self.problems:
            head.append("\n(as last valid)", style="dim")
        self._put(summary, head)
        lines = Text(no_wrap=True, overflow="ellipsis")
        for step, start in list(zip(plan.steps, plan.starts, strict=True))[:PREVIEW_LINES]:
            length = ("~" if step.estimated else "") + clock(step.seconds)
            style = "" if step.kind.active else "dim"
            if step.kind is StepKind.SWITCH:
                style = "italic"
            lines.append(f"{clock(start):>5} ", style="dim")
            lines.append(
                f"{SHORT_LABELS.get(step.kind, step.kind.label):<6} ", style=style or "bold"
            )
            lines.append(f"{length:>5} ", style=style)
            lines.append(_describe(step) + "\n", style=style)
        if len(plan.steps) > PREVIEW_LINES:
            lines.append(f"… and {len(plan.steps) - PREVIEW_LINES} more steps\n", style="dim")
        self._put(timeline, lines)

    def show_status(self) -> None:
        status = self.query_one("#builder-status", Static)
        name = str(self.draft.get("name", "")).strip() or "(no name yet)"
        text = Text()
        if self.path is not None:
            text.append(f"Editing {name}", style="bold")
            text.append(f" · {_short(self.path)}", style="dim")
        else:
            if self.builtin and not self.copy:
                what = "Your copy of a built-in"
            elif self.copy:
                what = "New copy"
            else:
                what = "New routine"
            text.append(f"{what}: {name}", style="bold")
            text.append(f" → {_short(self.target_path())}", style="dim")
        if self.dirty:
            text.append(" · modified", style="yellow")
        if self.problems:
            count = len(self.problems)
            text.append(f" · {count} problem{'s' if count != 1 else ''}", style="red")
        elif self.plan is not None:
            total = minutes(self.plan.total_seconds, estimated=self.plan.has_estimates)
            text.append(f" · {len(self.plan.steps)} steps, {total}", style="green")
        self._put(status, text)

    # -- the outline

    def _label(self, ref: Ref) -> Text:
        table = draft.table_at(self.draft, ref)
        bad = bool(self.owned(ref))
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

    @staticmethod
    def _option_id(ref: Ref) -> str:
        return f"{ref.kind}-{ref.block}-{ref.exercise}"

    def rebuild_outline(self) -> None:
        outline = self.query_one(Outline)
        refs = draft.refs(self.draft)
        self._outline_ids = [self._option_id(ref) for ref in refs]
        self._outline_labels = [self._label(ref) for ref in refs]
        options = [
            Option(label, id=ident)
            for label, ident in zip(self._outline_labels, self._outline_ids, strict=True)
        ]
        if len(refs) == 1:
            hint = Text("  No exercises yet:\n  Ctrl+N adds one.", style="dim italic")
            options.append(Option(hint, id="hint", disabled=True))
        with self.prevent(OptionList.OptionHighlighted):
            outline.set_options(options)
            if self.selected not in refs:
                self.selected = ROUTINE
            outline.highlighted = refs.index(self.selected)

    def refresh_outline(self) -> None:
        refs = draft.refs(self.draft)
        if [self._option_id(ref) for ref in refs] != self._outline_ids:
            self.rebuild_outline()
            return
        outline = self.query_one(Outline)
        for index, ref in enumerate(refs):
            label = self._label(ref)
            if label != self._outline_labels[index]:
                self._outline_labels[index] = label
                outline.replace_option_prompt_at_index(index, label)

    def _ref_of(self, option_id: str | None) -> Ref | None:
        for ref in draft.refs(self.draft):
            if self._option_id(ref) == option_id:
                return ref
        return None

    @on(OptionList.OptionHighlighted, "#builder-outline")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ref = self._ref_of(event.option.id)
        if ref is not None and ref != self.selected:
            self.flush()
            self.selected = ref
            self.show_form()

    def action_focus_form(self) -> None:
        self.focus_form()

    def in_form(self) -> bool:
        """True when the focus is away from the outline (in a field, or the preview)."""
        focused = self.focused
        return focused is not None and not isinstance(focused, Outline)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "outline":
            return self.in_form()
        if action == "back":
            return not self.in_form()
        return True

    def action_outline(self) -> None:
        """Back to the outline, on the selected item: Up/Down pick another, Enter edits it."""
        self.flush()
        self.query_one(Outline).focus()  # its highlight is the selected item already

    def action_toggle_outline(self) -> None:
        if self.in_form():
            self.action_outline()
        else:
            self.focus_form()

    def focus_form(self) -> None:
        first = {"routine": "#routine-name", "block": "#block-name", "exercise": "#exercise-name"}
        self.query_one(first[self.selected.kind]).focus()

    def select(self, ref: Ref, *, focus: bool = False) -> None:
        """Select an item after a change to the structure."""
        self.selected = ref
        self.rebuild_outline()
        self.show_form()
        self.changed(now=True)
        if focus:
            self.focus_form()

    # -- structure actions

    def action_add_exercise(self) -> None:
        self.flush()
        self.select(draft.add_exercise(self.draft, self.selected), focus=True)

    def action_add_block(self) -> None:
        self.flush()
        self.select(draft.add_block(self.draft, self.selected), focus=True)

    def action_duplicate(self) -> None:
        self.flush()
        if self.selected.kind == "routine":
            self.notify("Select an exercise or a block to duplicate it.")
            return
        self.select(draft.duplicate(self.draft, self.selected))

    def action_jump(self, index: int) -> None:
        """Go to the item and field a problem is about."""
        if not 0 <= index < len(self.problems):
            return
        path = self.problems[index].path
        ref = draft.owner_of(path)
        if not draft.exists(self.draft, ref):
            ref = ROUTINE
        self.flush()
        if ref != self.selected:
            self.selected = ref
            self.rebuild_outline()
            self.show_form()
        target = self.field_for(path)
        if target is not None:
            target.focus()
            target.scroll_visible()
        if self.has_class("-flip-preview") and (
            self.has_class("-narrow") or self.has_class("-normal")
        ):
            self.remove_class("-flip-preview")  # the form is where the problem is fixed

    def field_for(self, path: str) -> Widget | None:
        """The visible control whose field a problem path falls under."""
        ref = self.selected
        table = self.target_table(ref.kind)
        if table is None:
            return None
        for ident, spec in SPECS.items():
            if spec.form != ref.kind or not self.query_one(f"#{ident}-field").display:
                continue
            key = spec.key if spec.key.startswith("defaults.") else self._key(spec, table)
            if draft.under(path, draft.field_path(ref, key)):
                return self.query_one(f"#{ident}")
        return None

    def action_remove(self) -> None:
        self.flush()
        if self.selected.kind == "routine":
            self.notify("Select an exercise or a block to remove it.")
            return
        table = draft.table_at(self.draft, self.selected)
        name = str(table.get("name", "") or "").strip()
        what = "exercise" if self.selected.kind == "exercise" else "block"
        self._stash.clear()  # a dict's id may be reused by the next new one
        self.select(draft.delete(self.draft, self.selected))
        self.notify(f"Removed the {what} {name!r}." if name else f"Removed the {what}.")

    def action_move(self, delta: int) -> None:
        self.flush()
        moved = draft.move(self.draft, self.selected, delta)
        if moved != self.selected:
            self.select(moved)

    @on(Button.Pressed, "#builder-tools Button")
    def _tool(self, event: Button.Pressed) -> None:
        actions: dict[str, Callable[[], None]] = {
            "tool-add-exercise": self.action_add_exercise,
            "tool-add-block": self.action_add_block,
            "tool-duplicate": self.action_duplicate,
            "tool-remove": self.action_remove,
            "tool-up": lambda: self.action_move(-1),
            "tool-down": lambda: self.action_move(1),
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    # -- saving

    def target_path(self) -> Path:
        """Where Save writes: the routine's own file, or a new file among the user's routines."""
        if self.path is not None:
            return self.path
        if self.builtin and not self.copy and self.routine is not None and self.routine.id:
            slug = self.routine.id
        else:
            slug = slugify(str(self.draft.get("name", "")))
        return paths.user_routines_dir() / f"{slug}.toml"

    @staticmethod
    def _shadows(target: Path) -> bool:
        """True when a file saved as `target` would hide a built-in routine of the same id."""
        return (paths.builtin_routines_dir() / target.name).exists()

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="builder-file")
    async def save(self) -> bool:
        self.flush()
        routine = self.valid
        if routine is None or self.problems:
            count = len(self.problems)
            first = self.problems[0].render() if self.problems else ""
            self.notify(
                f"Not saved: fix {'this problem' if count == 1 else f'{count} problems'} first.\n"
                f"{first}",
                title="Cannot save",
                severity="error",
            )
            return False
        target = self.target_path()
        if inside(target, paths.builtin_routines_dir()):  # never, but never is a strong word
            self.notify("Built-in routines are never overwritten.", severity="error")
            return False
        if self.path is None and target.exists():
            try:
                existing = load_routine(target).name
                about = f"Your routine {existing!r} is saved in {_short(target)}."
            except RoutineError:
                about = f"The file {_short(target)} already exists."
            question = ("Replace the existing file?", f"{about} Replace it with this routine?")
        elif self.path is None and not (self.builtin and not self.copy) and self._shadows(target):
            question = (
                "Use instead of a built-in?",
                f"A built-in routine has the id {target.stem!r}. Saved as {_short(target)}, "
                "this routine takes its place in your lists (the built-in itself is kept). "
                "Rename the routine to keep both.",
            )
        else:
            question = None
        if question is not None:
            title, body = question
            replace = await self.app.push_screen_wait(
                ConfirmDialog(title, body, yes="Save", no="Cancel")
            )
            if not replace:
                self.notify("Not saved.")
                return False
        try:
            save_routine(routine, target)
        except OSError as error:
            self.notify(f"Could not save {_short(target)}: {error}", severity="error")
            return False
        self.path = self.saved = target
        self.baseline = deepcopy(self.draft)
        self.show_status()
        self.notify(f"Saved {routine.name!r} to {_short(target)}.", title="Saved")
        return True

    # -- leaving

    def action_back(self) -> None:
        self.leave()

    def action_save_and_quit(self) -> None:
        """Ctrl+Q (the app calls this): ask about unsaved changes, then quit.

        Nothing is saved without being asked: a draft may not even be valid.
        """
        self.leave(quit_app=True)

    @work(exclusive=True, group="builder-file")
    async def leave(self, *, quit_app: bool = False) -> None:
        self.flush()
        if self.dirty:
            discard = await self.app.push_screen_wait(
                ConfirmDialog(
                    "Discard changes?",
                    "This routine has changes that are not saved. "
                    + ("Quit" if quit_app else "Leave")
                    + " and lose them?",
                    yes="Discard",
                    no="Keep editing",
                )
            )
            if not discard:
                return
        if quit_app:
            self.app.exit()
        else:
            self.dismiss(self.saved)

    def action_toggle_preview(self) -> None:
        self.toggle_class("-flip-preview")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP_KEYS))

    # -- edit as TOML

    def action_edit_toml(self) -> None:
        self.edit_toml()

    def run_editor(self, path: Path) -> str | None:
        """Run the editor on `path` with the app suspended; an error message, or None."""
        command = [*editor_command(), str(path)]
        try:
            try:
                with self.app.suspend():
                    result = subprocess.run(command, check=False)
            except SuspendNotSupported:  # no terminal to hand over (tests, the web)
                result = subprocess.run(command, check=False, stdin=subprocess.DEVNULL)
        except OSError as error:
            return (
                f"Could not run the editor {command[0]!r} ({error.strerror or error}). "
                "Set $VISUAL or $EDITOR."
            )
        if result.returncode != 0:
            return f"The editor exited with status {result.returncode}; nothing was read back."
        return None

    @work(exclusive=True, group="builder-file")
    async def edit_toml(self) -> None:
        self.flush()
        text = dump_routine(self.valid) if self.valid is not None else draft.to_toml(self.draft)
        folder = Path(tempfile.mkdtemp(prefix="legtimer-"))
        slug = self.target_path().stem
        path = folder / f"{slug}.toml"
        try:
            path.write_text(text, encoding="utf-8")
            while True:
                error = self.run_editor(path)
                if error is not None:
                    self.notify(error, title="Edit as TOML", severity="error", timeout=10)
                    return
                try:
                    edited = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as read_error:
                    self.notify(f"Could not read the file back: {read_error}", severity="error")
                    return
                if edited == text:
                    self.notify("No changes.", title="Edit as TOML")
                    return
                document, problems = self._read_back(edited, path.name)
                if document is not None:
                    self.take_document(document)
                    if self.problems:
                        count = len(self.problems)
                        self.notify(
                            f"{count} problem{'s' if count != 1 else ''}: shown at "
                            "the fields, marked ! in the outline.",
                            title="Read back from the editor",
                            severity="warning",
                        )
                    else:
                        self.notify("Read back from the editor.", title="Edit as TOML")
                    return
                again = await self.app.push_screen_wait(
                    ConfirmDialog(
                        "The TOML cannot be read",
                        "\n".join(problem.render(path.name) for problem in problems)
                        + "\n\nEdit it again, or throw these edits away?",
                        yes="Edit again",
                        no="Throw away",
                    )
                )
                if not again:
                    self.notify("The edits were thrown away.", title="Edit as TOML")
                    return
                text = edited
        except OSError as error:
            self.notify(f"Could not edit as TOML: {error}", severity="error")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def _read_back(text: str, name: str) -> tuple[dict[str, Any] | None, list[Problem]]:
        """The edited text as a draft (valid or not), or the problems that stop it being one."""
        try:
            routine = parse_routine(text, source_name=name)
        except RoutineError as error:
            problems = error.problems
        else:
            return draft.from_routine(routine), []
        try:
            document = tomllib.loads(text.removeprefix("\ufeff"))
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            return None, problems
        if not draft.is_structured(document):
            return None, [
                *problems,
                Problem(
                    "",
                    "the builder needs an 'exercises' list of tables, or 'blocks' each with "
                    "an 'exercises' list of tables, and [defaults] as a table",
                ),
            ]
        return document, problems

    def take_document(self, document: dict[str, Any]) -> None:
        """Replace the draft (after editing as TOML), keeping the selection where possible."""
        self.draft = document
        self._stash.clear()
        if not draft.exists(self.draft, self.selected):
            self.selected = ROUTINE
        self.rebuild_outline()
        self.show_form()
        self.changed(now=True)

    # -- deleting the routine

    def action_delete_routine(self) -> None:
        self.delete_routine()

    @work(exclusive=True, group="builder-file")
    async def delete_routine(self) -> None:
        path = self.path
        if path is None or not inside(path, paths.user_routines_dir()) or not path.exists():
            if self.builtin and not self.copy:
                message = "Built-in routines cannot be deleted."
            else:
                message = "Only your own saved routines can be deleted; this one has no file yet."
            self.notify(message, severity="warning")
            return
        name = str(self.baseline.get("name", "")).strip() or path.stem
        yes = await self.app.push_screen_wait(
            ConfirmDialog(
                f"Delete {name!r}?",
                f"The file {_short(path)} is removed. Past sessions keep their own copy of "
                "the routine in your history.",
                yes="Delete",
                no="Keep it",
            )
        )
        if not yes:
            return
        try:
            path.unlink()
        except OSError as error:
            self.notify(f"Could not delete {_short(path)}: {error}", severity="error")
            return
        self.notify(f"Deleted {name!r}.", title="Deleted")
        self.dismiss(None)
