"""The routine builder: create, copy and edit routines, with live validation and preview.

The screen edits a draft (legtimer.core.routines.draft): the very dict a
routine file parses into. Every change runs `validate_document` on it, so each
problem shown is the message ``legtimer validate`` would print, placed at the
field its path names, and a valid draft is previewed as its timeline. Saving
writes the validated routine with `save_routine`, so the file reads back equal.

The screen holds the draft and coordinates the widgets of
legtimer.tui.widgets.builder: the outline of the routine (the routine itself,
its blocks and exercises) on the left, the form of the selected item in the
middle, and the timeline preview with every problem on the right. It sets
their attributes; they post messages when the person changes something.

Keys move between the two halves: Enter (or Tab) on the outline goes to the
selected item's form; Esc (or Shift+Tab from its first field, or Ctrl+O) goes
back to the outline, where Up/Down pick another item and Esc leaves the builder.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from legtimer.core.routines import Problem, Routine, draft, routine_warnings, validate_document
from legtimer.core.routines.destination import Destination, Origin
from legtimer.core.routines.draft import ROUTINE, Draft, Ref, StructureEdit
from legtimer.core.routines.set_aside import SetAside
from legtimer.core.routines.toml_text import editable_text, read_broken, with_problems_listed
from legtimer.tui.context import AppContext
from legtimer.tui.screens.dialogs import HelpScreen, confirm_discard
from legtimer.tui.widgets.builder import fields, keys, timeline_text
from legtimer.tui.widgets.builder.block_form import BlockForm
from legtimer.tui.widgets.builder.exercise_form import ExerciseForm
from legtimer.tui.widgets.builder.item_form import ItemForm
from legtimer.tui.widgets.builder.outline import Outline, OutlinePane, StructureRequested
from legtimer.tui.widgets.builder.outline_labels import outline_rows
from legtimer.tui.widgets.builder.problems import ProblemList
from legtimer.tui.widgets.builder.routine_file import RoutineFile
from legtimer.tui.widgets.builder.routine_form import RoutineForm
from legtimer.tui.widgets.builder.status import BuilderStatus, StatusInfo
from legtimer.tui.widgets.builder.timeline import Timeline, TimelineSummary
from legtimer.tui.widgets.builder.timeline_text import Preview

DEBOUNCE = 0.12  # seconds of quiet typing before the draft is checked again
ADDS = (StructureEdit.ADD_EXERCISE, StructureEdit.ADD_BLOCK)
MOVES = (StructureEdit.MOVE_UP, StructureEdit.MOVE_DOWN)


class BuilderScreen(Screen[Path | None]):
    """Build a new routine, or edit a routine or a copy of one.

    Dismissed with the file it saved to (so the list it returns to can select
    that routine), or None when nothing was saved or the file was deleted.
    """

    DEFAULT_CSS = """
    BuilderScreen {
        & > #builder { height: 1fr; }
        #builder-form { width: 1fr; min-width: 30; padding: 0 1; }
        #builder-side { width: 1fr; max-width: 64; padding: 0 1; border-left: tall $panel; }

        /* Below 100 columns the preview is off (the status line still sums it up);
           F2 shows it in place of the form. At 100 and more, F2 hides it. */
        &.-narrow #builder-side, &.-normal #builder-side { display: none; }
        &.-narrow.-flip-preview #builder-side, &.-normal.-flip-preview #builder-side {
            display: block;
            max-width: 100%;
        }
        &.-narrow.-flip-preview #builder-form, &.-normal.-flip-preview #builder-form {
            display: none;
        }
        &.-roomy.-flip-preview #builder-side, &.-wide.-flip-preview #builder-side {
            display: none;
        }

        &.-roomy OutlinePane { width: 25%; min-width: 26; }
        &.-wide OutlinePane { width: 34; }
        &.-narrow OutlinePane { width: 40%; min-width: 14; }
        &.-narrow .field-label { width: 11; }
        &.-narrow .field-error { padding-left: 0; }
        &.-short OutlinePane > .tools { display: none; }
        &.-short .field-row { margin-top: 0; }
        &.-short .form-heading { margin-top: 0; }
    }
    """

    # Three panes need room: below -roomy the preview is off until F2 swaps it for the form.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (70, "-normal"),
        (100, "-roomy"),
        (140, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = keys.BINDINGS
    HELP_KEYS: ClassVar[list[BindingType]] = keys.HELP_KEYS

    def __init__(
        self,
        context: AppContext,
        routine: Routine | None,
        *,
        copy: bool = False,
        broken: Path | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.file = RoutineFile(self, Destination.of(routine, copy=copy))
        self.draft: Draft = (
            draft.new_draft() if routine is None else draft.from_routine(routine, copy_of=copy)
        )
        # A file with problems opens as it is: at the fields if the builder can
        # show it, else as TOML in the editor with its problems listed on top.
        self.broken: tuple[str, list[Problem]] | None = None
        if broken is not None:
            self.file = RoutineFile(self, Destination(Origin.FILE, own=broken))
            document, text, problems = read_broken(broken)
            if document is not None:
                self.draft = document
            else:
                self.broken = (text, problems)
        self.baseline: Draft = deepcopy(self.draft)
        self.saved: Path | None = None  # the file saved to on this visit, if any
        self.selected: Ref = ROUTINE
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # values of a valid draft that can never apply
        self.valid: Routine | None = None
        self.preview: Preview | None = None  # of the last valid draft
        self.set_aside = SetAside()
        self._pending: Timer | None = None  # the check waiting for a pause in typing
        self._start_in_name = routine is None and broken is None
        # A problem shows once its field was typed in or left, or after a save was
        # tried: a new routine does not open in red. A file's own problems show at once.
        self.revealed: set[str] = set()
        self.reveal_all = False

    # -- layout

    def compose(self) -> ComposeResult:
        yield BuilderStatus(id="builder-status")
        with Horizontal(id="builder"):
            yield OutlinePane(id="builder-outline-pane", outline_id="builder-outline")
            # Not focusable itself: Shift+Tab from the first field goes straight to the outline.
            with VerticalScroll(id="builder-form", can_focus=False):
                yield RoutineForm(id="form-routine")
                yield BlockForm(id="form-block")
                yield ExerciseForm(id="form-exercise")
            with VerticalScroll(id="builder-side"):
                yield TimelineSummary(id="builder-summary")
                yield ProblemList(id="builder-problems").with_tooltip(
                    "Click a problem to go to its field"
                )
                yield Timeline(id="builder-timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.show_outline(select=True)
        self.show_form()
        self.revalidate()
        if not self._start_in_name:
            self.revealed.update(problem.path for problem in self.problems)
            self.revalidate()
        if self.broken is not None:
            self.fix_as_toml(*self.broken)
        elif self.file.destination.own is not None and self.problems:
            count = len(self.problems)
            self.notify(
                f"This file has {count} problem{'s' if count != 1 else ''}: shown at the "
                "fields, marked ! in the outline. Fix them and save, or Ctrl+T for TOML.",
                title="Cannot run yet",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self._start_in_name:
            self.form_of("routine").focus_first()
        else:
            self.query_one(Outline).focus()

    def form_of(self, kind: str) -> ItemForm:
        return self.query_one(f"#form-{kind}", ItemForm)

    @property
    def dirty(self) -> bool:
        return self.draft != self.baseline

    @property
    def routine_name(self) -> str:
        """The routine's name as typed so far."""
        return str(self.draft.get("name", ""))

    # -- showing the draft

    def show_outline(self, *, select: bool = False) -> None:
        """Update the outline's rows; with `select`, move its highlight to the selected item."""
        outline = self.query_one(Outline)
        if select:
            if not draft.exists(self.draft, self.selected):
                self.selected = ROUTINE
            outline.selected = self.selected
        outline.rows = outline_rows(self.draft, [p for p in self.shown if not p.warning])

    def show_form(self) -> None:
        """Show the form of the selected item, filled from the draft."""
        if not draft.exists(self.draft, self.selected):
            self.selected = ROUTINE
        defaults = draft.defaults_of(self.draft)
        for form in self.query(ItemForm):
            form.display = self.selected.kind == form.KIND
            form.defaults = defaults
        self.form_of(self.selected.kind).state = fields.form_state(self.draft, self.selected)
        self.show_errors()

    def hidden_fields(self) -> frozenset[str]:
        state = self.form_of(self.selected.kind).state
        return state.hidden if state is not None else frozenset()

    def show_errors(self) -> None:
        """Each problem of the selected item under its field; the rest under the form."""
        self.form_of(self.selected.kind).errors = fields.place_problems(
            self.draft, self.selected, self.hidden_fields(), self.shown
        )

    @property
    def shown(self) -> list[Problem]:
        """The problems to show now: those of fields typed in or left, or all after a save."""
        if self.reveal_all:
            return [*self.problems, *self.warnings]
        return [
            problem
            for problem in self.problems
            if any(draft.under(problem.path, path) for path in self.revealed)
        ] + self.warnings

    def reveal(self, ref: Ref, spec: fields.FieldSpec) -> None:
        path = fields.path_of(self.draft, ref, spec)
        if path not in self.revealed:
            self.revealed.add(path)
            self.revalidate()

    def revalidate(self) -> None:
        self._pending = None
        self.valid, self.problems = validate_document(self.draft)
        self.warnings = routine_warnings(self.valid) if self.valid is not None else []
        if self.valid is not None and (self.preview is None or self.preview.routine != self.valid):
            self.preview = timeline_text.preview(self.valid)
        self.show_outline()
        self.show_errors()
        self.query_one(TimelineSummary).preview = self.preview
        self.query_one(TimelineSummary).stale = bool(self.problems)
        self.query_one(ProblemList).problems = tuple(self.shown)
        self.query_one(Timeline).preview = self.preview
        self.show_status()

    def show_status(self) -> None:
        heading, location = self.file.describe(self.routine_name)
        plan = self.preview.plan if self.preview is not None else None
        self.query_one(BuilderStatus).info = StatusInfo(
            heading,
            location,
            dirty=self.dirty,
            problems=len(self.shown) - len(self.warnings),
            length=timeline_text.length(plan) if plan is not None else "",
        )

    # -- changes

    def changed(self, *, now: bool = False) -> None:
        """The draft changed: check and preview it, at once or after a short pause in typing."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if now:
            self.revalidate()
        else:
            self._pending = self.set_timer(DEBOUNCE, self.revalidate)

    def flush(self) -> None:
        """Check now if a change is still waiting for the pause in typing."""
        if self._pending is not None:
            self._pending.stop()
            self.revalidate()

    def is_shown(self, ref: Ref) -> bool:
        """True when a form's message is about the item shown (not one since replaced)."""
        return ref == self.selected and draft.exists(self.draft, ref)

    @on(ItemForm.Edited)
    def _edited(self, event: ItemForm.Edited) -> None:
        table = draft.table_at(self.draft, event.ref) if self.is_shown(event.ref) else None
        if table is not None and fields.write(table, event.spec, event.text):
            self.revealed.add(fields.path_of(self.draft, event.ref, event.spec))
            self.form_of(event.ref.kind).show_hidden(fields.hidden_fields(event.ref, table))
            self.changed()

    @on(ItemForm.Left)
    def _left(self, event: ItemForm.Left) -> None:
        # The form may show another item by now (the focus moved to a new one): still its field.
        if draft.exists(self.draft, event.ref):
            self.reveal(event.ref, event.spec)

    @on(ExerciseForm.KindChanged)
    def _kind_changed(self, event: ExerciseForm.KindChanged) -> None:
        if self.is_shown(event.ref) and self.set_aside.change_kind(
            self.draft, event.ref, event.kind
        ):
            self.show_form()
            self.changed(now=True)

    @on(ExerciseForm.PerSideChanged)
    def _per_side_changed(self, event: ExerciseForm.PerSideChanged) -> None:
        if self.is_shown(event.ref) and self.set_aside.change_per_side(
            self.draft, event.ref, event.per_side
        ):
            self.show_form()
            self.changed(now=True)

    # -- the outline and the forms

    @on(Outline.Selected)
    def _outline_selected(self, event: Outline.Selected) -> None:
        if event.ref != self.selected and draft.exists(self.draft, event.ref):
            self.flush()
            self.selected = event.ref
            self.show_form()

    @on(Outline.Chosen)
    def _outline_chosen(self) -> None:
        self.focus_form()

    def select(self, ref: Ref, *, focus: bool = False) -> None:
        """Select an item after a change to the structure."""
        self.selected = ref
        self.show_outline(select=True)
        self.show_form()
        self.changed(now=True)
        if focus:
            self.focus_form()

    def focus_form(self) -> None:
        self.form_of(self.selected.kind).focus_first()

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

    def action_toggle_preview(self) -> None:
        self.toggle_class("-flip-preview")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP_KEYS))

    @on(ProblemList.Picked)
    def _problem_picked(self, event: ProblemList.Picked) -> None:
        self.action_jump(event.index)

    def action_jump(self, index: int) -> None:
        """Go to the item and field a problem is about (by its place in the list shown)."""
        shown = self.shown
        if not 0 <= index < len(shown):
            return
        path = shown[index].path
        ref = draft.owner_of(path)
        if not draft.exists(self.draft, ref):
            ref = ROUTINE
        self.flush()
        if ref != self.selected:
            self.selected = ref
            self.show_outline(select=True)
            self.show_form()
        ident = fields.field_for(self.draft, ref, self.hidden_fields(), path)
        if ident is not None:
            control = self.form_of(ref.kind).control(ident)
            control.focus()
            control.scroll_visible()
        if self.has_class("-flip-preview") and (
            self.has_class("-narrow") or self.has_class("-normal")
        ):
            self.remove_class("-flip-preview")  # the form is where the problem is fixed

    # -- structure

    def action_edit(self, edit: str) -> None:
        self.restructure(StructureEdit(edit))

    @on(StructureRequested)
    def _structure_requested(self, event: StructureRequested) -> None:
        self.restructure(event.edit)

    def restructure(self, edit: StructureEdit) -> None:
        """Add, duplicate, move or remove at the selected item, and select what results."""
        self.flush()
        ref = self.selected
        if ref.kind == "routine" and edit in (StructureEdit.DUPLICATE, StructureEdit.REMOVE):
            verb = "duplicate" if edit is StructureEdit.DUPLICATE else "remove"
            self.notify(f"Select an exercise or a block to {verb} it.", markup=False)
            return
        name = str(draft.table_at(self.draft, ref).get("name", "") or "").strip()
        with self.set_aside.follow(self.draft):
            result = draft.edit_structure(self.draft, ref, edit)
        if edit in MOVES and result == ref:
            return  # already at the edge
        self.select(result, focus=edit in ADDS)
        if edit is StructureEdit.REMOVE:
            what = "exercise" if ref.kind == "exercise" else "block"
            self.notify(
                f"Removed the {what} {name!r}." if name else f"Removed the {what}.", markup=False
            )

    # -- the file

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="builder-file")
    async def save(self) -> bool:
        self.flush()
        if self.valid is None or self.problems:
            self.reveal_all = True
            self.revalidate()
            count = len(self.problems)
            first = self.problems[0].render() if self.problems else ""
            self.notify(
                f"Not saved: fix {'this problem' if count == 1 else f'{count} problems'} first.\n"
                f"{first}",
                title="Cannot save",
                severity="error",
                markup=False,
            )
            return False
        saved = await self.file.save(self.valid, self.routine_name)
        if saved is None:
            return False
        self.saved = saved
        self.baseline = deepcopy(self.draft)
        self.show_status()
        return True

    def action_edit_toml(self) -> None:
        self.edit_toml()

    @work(exclusive=True, group="builder-file")
    async def edit_toml(self) -> None:
        self.flush()
        text = editable_text(self.draft, self.valid)
        document = await self.file.edit(text, self.file.target(self.routine_name).stem)
        if document is not None:
            self.take_document(document)

    @work(exclusive=True, group="builder-file")
    async def fix_as_toml(self, text: str, problems: list[Problem]) -> None:
        """A file the builder cannot show: edit it as TOML, its problems listed on top."""
        own = self.file.destination.own
        name = own.name if own is not None else "the routine"
        stem = own.stem if own is not None else "routine"
        document = await self.file.edit(with_problems_listed(text, problems, name), stem)
        if document is None:
            self.notify(f"{name} was left as it is.", title="Not fixed", markup=False)
            self.dismiss(None)
            return
        self.take_document(document)

    def take_document(self, document: Draft) -> None:
        """Replace the draft (after editing as TOML), keeping the selection where possible."""
        self.draft = document
        self.reveal_all = True  # the person has seen the file: every problem shows
        self.set_aside.clear()
        self.show_outline(select=True)
        self.show_form()
        self.changed(now=True)
        if self.problems:
            count = len(self.problems)
            self.notify(
                f"{count} problem{'s' if count != 1 else ''}: shown at "
                "the fields, marked ! in the outline.",
                title="Read back from the editor",
                severity="warning",
                markup=False,
            )
        else:
            self.notify("Read back from the editor.", title="Edit as TOML", markup=False)

    def action_delete_routine(self) -> None:
        self.delete_routine()

    @work(exclusive=True, group="builder-file")
    async def delete_routine(self) -> None:
        if await self.file.delete(str(self.baseline.get("name", "")).strip()):
            self.dismiss(None)

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
                confirm_discard("This routine has changes that are not saved.", quit_app=quit_app)
            )
            if not discard:
                return
        if quit_app:
            self.app.exit()
        else:
            self.dismiss(self.saved)
