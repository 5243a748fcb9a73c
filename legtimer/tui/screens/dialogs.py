"""Small modal screens: confirm, resume offer, help; deleting a routine file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from legtimer.core import paths

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """The look every dialog shares: a framed box in the middle of the screen.

    Its parts go in a container of class `dialog`, with a `dialog-title`, a
    `dialog-body` and a row of `dialog-buttons`.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        .dialog {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $primary;
            background: $surface;
            padding: 1 2;
        }
        .dialog-title { text-style: bold; margin-bottom: 1; }
        .dialog-body { margin-bottom: 1; }
        .dialog-buttons { height: auto; align-horizontal: right; }
        .dialog-buttons Button { margin-left: 1; }
        .dim { color: $text-muted; }
    }
    """


class ConfirmDialog(Dialog[bool]):
    """A yes/no question. Dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, title: str, body: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Titles and bodies name routines and files: never markup.
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ResumeDialog(Dialog[str]):
    """Offer an interrupted session: dismisses with "resume", "discard" or "later".

    Typing closes it as "later" and each character goes on to `typed` (home's filter):
    someone who starts typing a routine's name never resumes or discards by accident.
    No letter is a shortcut here; Tab, the arrows and Enter pick a button."""

    BINDINGS = [
        Binding("escape", "choose('later')", "Later", show=False),
        Binding("left,up", "app.focus_previous", show=False),
        Binding("right,down", "app.focus_next", show=False),
    ]

    def __init__(self, description: str, typed: Callable[[str], None]) -> None:
        super().__init__()
        self.description = description
        self.typed = typed
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("An unfinished session was found", classes="dialog-title")
            yield Static(self.description, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", variant="success", id="resume")
                yield Button("Discard", variant="error", id="discard")
                yield Button("Later", id="later")
            yield Label("Enter picks · Esc or typing: later", classes="dim")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_key(self, event: events.Key) -> None:
        # Space too: a typed space must not press the focused button.
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.typed(event.character)  # keys typed fast arrive before the dialog goes
            self._choose("later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._choose(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        self._choose(choice)

    def _choose(self, choice: str) -> None:
        if not self._answered:  # once: a second dismiss would pop the screen below
            self._answered = True
            self.dismiss(choice)


def confirm_discard(unsaved: str, *, quit_app: bool) -> ConfirmDialog:
    """The question before leaving, or quitting, with changes not saved; `unsaved` says
    what they are."""
    return ConfirmDialog(
        "Discard changes?",
        f"{unsaved} {'Quit' if quit_app else 'Leave'} and lose them?",
        yes="Discard",
        no="Keep editing",
    )


def confirm_routine_delete(
    name: str, path: Path, *, shadows_built_in: bool = False
) -> ConfirmDialog:
    """The question asked before a routine file of the user's is deleted."""
    body = (
        f"The file {short_path(path)} is removed. Past sessions keep their own copy of "
        "the routine in your history."
    )
    if shadows_built_in:
        body += " The built-in routine with the same id is used again."
    return ConfirmDialog(f"Delete {name!r}?", body, yes="Delete", no="Keep it")


def delete_routine_file(widget: Widget, name: str, path: Path) -> bool:
    """Delete a user's routine file (never a built-in); say what happened. True if gone."""
    if not is_user_routine(path):
        widget.notify("Only your own routines can be deleted.", severity="warning")
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        pass  # already gone: what was asked for
    except OSError as error:
        widget.notify(
            f"Could not delete {short_path(path)}: {error.strerror or error}",
            severity="error",
            timeout=10,
        )
        return False
    widget.notify(f"Deleted {name!r}.", title="Deleted")
    return True


def is_user_routine(path: Path) -> bool:
    """True for a file in the user's routines folder (where deleting is allowed)."""
    return inside(path, paths.user_routines_dir()) and not inside(
        path, paths.builtin_routines_dir()
    )


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is in `folder` (False when either cannot be resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def short_path(path: Path) -> str:
    """A path as a person reads it: routines/x.toml for their own routines, ~ for home."""
    if path.parent == paths.user_routines_dir():
        return f"routines/{path.name}"
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if home and home != "/" and text.startswith(home) else text


class Waiting(ModalScreen[None]):
    """Holds the keys while the app finishes a look it must do first (Esc skips it).

    Nothing shows for the usual few milliseconds; a line says what is going on
    if it takes longer.
    """

    DEFAULT_CSS = """
    Waiting {
        align: center middle;
        background: transparent;
        #waiting { width: auto; padding: 0 2; background: $panel; visibility: hidden; }
    }
    """
    BINDINGS = [Binding("escape", "skip", "Skip", show=False)]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        yield Label(f"{self.what} (Esc skips)", id="waiting", markup=False)

    def on_mount(self) -> None:
        self.set_timer(0.3, self._say)

    def _say(self) -> None:
        self.query_one("#waiting").styles.visibility = "visible"

    def action_skip(self) -> None:
        self.dismiss(None)


class HelpScreen(Dialog[None]):
    """Every key of the screen it was opened from, under the names on the keyboard."""

    DEFAULT_CSS = """
    HelpScreen .dialog { width: 72; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: list[BindingType], *, intro: str = "") -> None:
        super().__init__()
        self.bindings = [b for b in bindings if isinstance(b, Binding)]
        self.intro = intro  # a line above the keys, for what no key says (typing filters)

    def compose(self) -> ComposeResult:
        # Two columns, so a long description wraps under itself, not into the keys.
        # Text, not markup: key names such as "[" and tooltips are shown as they are.
        keys = Table.grid(padding=(0, 1, 0, 0))
        keys.add_column(width=16, no_wrap=True, style="bold")
        keys.add_column(ratio=1)
        for binding in self.bindings:
            keys.add_row(Text(binding_label(binding)), Text(binding.tooltip or binding.description))
        with Vertical(classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="dialog-body", markup=False)
            yield Static(keys, classes="dialog-body")
            yield Label("Ctrl+P opens the command palette. Esc closes this.", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


# What a person reads on the keyboard, for the names Textual gives keys.
_KEY_NAMES = {
    "space": "Space",
    "enter": "Enter",
    "tab": "Tab",
    "escape": "Esc",
    "backspace": "Backspace",
    "delete": "Del",
    "insert": "Ins",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "question_mark": "?",
    "slash": "/",
    "backslash": "\\",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "comma": ",",
    "full_stop": ".",
    "colon": ":",
    "semicolon": ";",
    "apostrophe": "'",
    "quotation_mark": '"',
    "grave_accent": "`",
    "number_sign": "#",
    "asterisk": "*",
    "exclamation_mark": "!",
}
_MODIFIERS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta", "super": "Super"}


def key_label(key: str) -> str:
    """One Textual key name as a person reads it: ``ctrl+s`` is Ctrl+S, ``pageup`` PgUp."""
    *modifiers, name = key.strip().split("+")
    if not name and modifiers:  # "ctrl++": the key itself was "+"
        modifiers, name = modifiers[:-1], "+"
    if name in _KEY_NAMES:
        shown = _KEY_NAMES[name]
    elif re.fullmatch(r"f\d{1,2}", name):
        shown = name.upper()
    elif len(name) == 1:
        shown = name.upper() if modifiers else name
    else:
        shown = format_key(name)  # a character by its Unicode name: "full_stop" is "."
        if len(shown) > 1:
            shown = shown.replace("_", " ").capitalize()
    parts = [_MODIFIERS.get(modifier, modifier.capitalize()) for modifier in modifiers if modifier]
    return "+".join([*parts, shown])


def binding_label(binding: Binding) -> str:
    """The keys of a binding for the help: its own key_display, or each key's label."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(key_label(key) for key in binding.key.split(",") if key.strip())
