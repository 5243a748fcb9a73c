"""The end of a session: planned versus done, then effort and a note for the history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label

from legtimer.core.history.recording import Recorder
from legtimer.core.session import State
from legtimer.core.timefmt import clock, minutes
from legtimer.tui.context import AppContext
from legtimer.tui.messages import GoHome


class SummaryScreen(Screen[None]):
    """Ctrl+Q saves what was typed, then quits (the app asks through `SavesBeforeQuit`)."""

    DEFAULT_CSS = """
    SummaryScreen {
        #summary { padding: 1 2; }
        #summary-title { text-style: bold; }
        #summary-totals { margin-bottom: 1; color: $text-muted; }
        #summary-table { height: 1fr; }
        #rating { height: 3; margin-top: 1; }
        #rating Label { padding: 1 1 0 1; }
        #effort { width: 10; }
        #note { width: 1fr; }
        #saved { color: $text-muted; }
    }
    """
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save & home", tooltip="Save effort and note, back home", id="save"
        ),
        Binding(
            "escape",
            "home",
            "Home",
            tooltip="Back to the routines (saves what you typed)",
            id="home",
        ),
        Binding("ctrl+q", "save_and_quit", "Quit", tooltip="Save and quit legtimer", id="quit"),
    ]

    def __init__(self, context: AppContext, recorder: Recorder) -> None:
        super().__init__()
        self.context = context
        self.recorder = recorder

    def compose(self) -> ComposeResult:
        summary = self.recorder.summary()
        session = self.recorder.session
        finished = session.state is State.FINISHED
        heading = "Session complete" if finished else "Session stopped early"
        with Vertical(id="summary"):
            yield Label(
                f"{heading}: {self.recorder.plan.routine.name}", id="summary-title", markup=False
            )
            yield Label(
                f"Active {minutes(summary.active_seconds)} · paused "
                f"{minutes(summary.paused_seconds)} · {summary.sets_done} of "
                f"{summary.sets_planned} sets done · {summary.sets_skipped} skipped",
                id="summary-totals",
            )
            table: DataTable[str | Text] = DataTable(
                id="summary-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Exercise", "Side", "Sets", "Planned", "Done")
            for line in summary.lines:
                if line.unit == "reps":
                    planned, done = f"{line.planned} reps", f"{line.done:.0f} reps"
                else:
                    planned, done = clock(line.planned), clock(line.done)
                sets = f"{line.sets_done}/{line.sets_planned}"
                if line.sets_skipped:
                    sets += f" ({line.sets_skipped} skipped)"
                # A string cell is read as markup: the name from the file goes in as Text.
                exercise = Text(line.exercise, no_wrap=True, end="")
                table.add_row(exercise, line.side or "", sets, planned, done)
            yield table
            with Horizontal(id="rating"):
                yield Label("Effort 1-10:")
                yield Input(placeholder="1-10", id="effort", restrict=r"[0-9]*", max_length=2)
                yield Label("Note:")
                yield Input(placeholder="how did it feel?", id="note")
            saved = (
                "Saved to your history."
                if self.recorder.save_pending()
                else "Not saved: the history could not be written."
            )
            yield Label(saved, id="saved")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#effort", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "effort":
            self.query_one("#note", Input).focus()
        else:
            self.action_save()

    def _save(self) -> bool:
        text = self.query_one("#effort", Input).value.strip()
        note = self.query_one("#note", Input).value
        effort = int(text) if text else None
        if effort is not None and not 1 <= effort <= 10:
            self.notify("Effort is rated from 1 to 10.", severity="warning")
            self.query_one("#effort", Input).focus()  # the next keys fix it, not the note
            return False
        if effort is not None or note.strip():
            self.recorder.rate(effort, note)
        return True

    def action_save(self) -> None:
        if self._save():
            self.post_message(GoHome())

    def action_home(self) -> None:
        self.action_save()

    def action_save_and_quit(self) -> None:
        if self._save():
            self.app.exit()
