"""Small modal screens: confirm, resume offer, help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmDialog(ModalScreen[bool]):
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
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ResumeDialog(ModalScreen[str]):
    """Offer an interrupted session: dismisses with "resume", "discard" or "later"."""

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", show=False),
        Binding("d", "choose('discard')", "Discard", show=False),
        Binding("escape,l", "choose('later')", "Later", show=False),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("An unfinished session was found", classes="dialog-title")
            yield Static(self.description, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume (r)", variant="success", id="resume")
                yield Button("Discard (d)", variant="error", id="discard")
                yield Button("Later (l)", id="later")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class HelpScreen(ModalScreen[None]):
    """Every key of the screen it was opened from."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: list[BindingType]) -> None:
        super().__init__()
        self.bindings = [b for b in bindings if isinstance(b, Binding)]

    def compose(self) -> ComposeResult:
        lines = []
        for binding in self.bindings:
            keys = ", ".join(_key_name(key) for key in binding.key.split(","))
            lines.append(f"[b]{keys:<16}[/b] {binding.tooltip or binding.description}")
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            yield Static("\n".join(lines), classes="dialog-body")
            yield Label("Ctrl+P opens the command palette. Esc closes this.", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


_KEY_NAMES = {
    "space": "Space",
    "enter": "Enter",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "escape": "Esc",
    "question_mark": "?",
}


def _key_name(key: str) -> str:
    return _KEY_NAMES.get(key.strip(), key.strip())
