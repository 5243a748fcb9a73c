"""The end of a session: planned versus done against last time, the personal bests,
next time's targets; then effort and a note for the history.

What the session changed is read back from the history on a worker thread (its own
connection), and shown when it is ready. A session with nothing done can be
discarded: an accidental start does not stay in the history as "stopped early".
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from legtimer.core.after_session import AfterSession, after_session
from legtimer.core.history import HistoryError
from legtimer.core.history.recording import Recorder
from legtimer.core.session import State
from legtimer.core.summary import nothing_done
from legtimer.core.timefmt import minutes
from legtimer.render.summary import next_time_text, summary_table
from legtimer.tui.context import AppContext
from legtimer.tui.messages import GoHome
from legtimer.tui.screens.dialogs import ConfirmDialog

EFFORT_PROBLEM = "Effort is rated from 1 (easy) to 10 (max): fix it or clear it."


class SummaryScreen(Screen[None]):
    """Ctrl+Q saves what was typed, then quits (the app asks through `SavesBeforeQuit`)."""

    DEFAULT_CSS = """
    SummaryScreen {
        #summary-report { height: 1fr; padding: 1 2 0 2; }
        #summary-title { text-style: bold; }
        #summary-totals { margin-bottom: 1; color: $text-muted; }
        #summary-table { height: auto; }
        #next-time { height: auto; margin-top: 1; }
        #next-time.-reading { color: $text-muted; }
        #summary-form { height: auto; padding: 0 2; }
        #rating { height: 3; }
        #rating Label { padding: 1 1 0 0; }
        #effort { width: 26; }
        #note { width: 1fr; }
        #effort-problem { color: $warning; display: none; width: 1fr; }
        #effort-problem.-shown { display: block; }
        #saved { color: $text-muted; width: 1fr; }
        #discard-row { height: auto; display: none; }
        #discard-row.-offered { display: block; }
        #discard-row Label { width: 1fr; padding: 1 1 0 0; }
    }
    SummaryScreen.-narrow {
        #summary-report { padding: 0 1; }
        #summary-form { padding: 0 1; }
        #rating Label { display: none; }
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
        # A priority key, so it works from inside the effort and note boxes; only while
        # the session can be discarded (otherwise Ctrl+D is the boxes' own).
        Binding(
            "ctrl+d",
            "discard",
            "Discard",
            tooltip="Remove this session from your history (nothing was done in it)",
            id="discard",
            priority=True,
        ),
        Binding("ctrl+q", "save_and_quit", "Quit", tooltip="Save and quit legtimer", id="quit"),
    ]

    def __init__(self, context: AppContext, recorder: Recorder) -> None:
        super().__init__()
        self.context = context
        self.recorder = recorder
        self.saved = recorder.save_pending()
        self.after: AfterSession | None = None
        self.discarded = False

    @property
    def can_discard(self) -> bool:
        """Saved, and nothing in it done in full or in part: a start by accident."""
        recorder = self.recorder
        return (
            not self.discarded
            and self.saved
            and recorder.session_id is not None
            and self.context.store is not None
            and nothing_done(recorder.plan, recorder.done)
        )

    def compose(self) -> ComposeResult:
        summary = self.recorder.summary()
        finished = self.recorder.session.state is State.FINISHED
        heading = "Session complete" if finished else "Session stopped early"
        with VerticalScroll(id="summary-report"):
            yield Label(
                f"{heading}: {self.recorder.plan.routine.name}", id="summary-title", markup=False
            )
            yield Label(
                f"Active {minutes(summary.active_seconds)} · paused "
                f"{minutes(summary.paused_seconds)} · {summary.sets_done} of "
                f"{summary.sets_planned} sets done · {summary.sets_skipped} skipped",
                id="summary-totals",
            )
            yield Static(summary_table(summary), id="summary-table")
            reading = Text("Reading your history for next time…") if self._reads() else ""
            yield Static(reading, id="next-time", classes="-reading")
        with Vertical(id="summary-form"):
            with Horizontal(id="discard-row", classes="-offered" if self.can_discard else ""):
                yield Label("Nothing was done: keep this out of your history?")
                yield Button("Discard (Ctrl+D)", id="discard", variant="warning")
            with Horizontal(id="rating"):
                yield Label("Effort:")
                yield Input(
                    placeholder="1 (easy) to 10 (max)",
                    id="effort",
                    restrict=r"[0-9]*",
                    max_length=2,
                    tooltip="How hard it felt, from 1 (easy) to 10 (max); blank to skip",
                )
                yield Label("Note:")
                yield Input(placeholder="how did it feel?", id="note")
            yield Label(EFFORT_PROBLEM, id="effort-problem")
            saved = (
                "Saved to your history."
                if self.saved
                else ("Not saved: the history could not be written.")
            )
            yield Label(saved, id="saved")
        yield Footer()

    def _reads(self) -> bool:
        """Whether there is a saved session to compare with the history."""
        return (
            self.saved and self.recorder.session_id is not None and self.context.store is not None
        )

    def on_mount(self) -> None:
        self.query_one("#effort", Input).focus()
        if self._reads():
            self.read_history()

    # ----------------------------------------------------------------- last and next time

    @work(thread=True, exclusive=True, group="summary-history")
    def read_history(self) -> None:
        """Last time, the bests and next time, on a connection of this thread's own."""
        store, session_id = self.context.store, self.recorder.session_id
        assert store is not None and session_id is not None
        try:
            own = store.sibling()
            try:
                after = after_session(
                    own,
                    self.recorder.plan.routine,
                    session_id,
                    today=self.context.today(),
                    units=self.context.settings.units,
                )
            finally:
                own.close()
        except (HistoryError, sqlite3.Error, OSError) as error:
            # A locked or damaged file: the summary stands without last and next time.
            self._hand_over(None, str(error))
            return
        self._hand_over(after, "")

    def _hand_over(self, after: AfterSession | None, problem: str) -> None:
        with suppress(RuntimeError):  # the app closed while the history was read
            self.app.call_from_thread(self._show_after, after, problem)

    def _show_after(self, after: AfterSession | None, problem: str) -> None:
        if self.discarded or not self.is_attached:
            return
        shown = self.query_one("#next-time", Static)
        shown.remove_class("-reading")
        if after is None:
            shown.update(Text(f"Last and next time are not shown: {problem}", style="yellow"))
            return
        self.after = after
        self.query_one("#summary-table", Static).update(
            summary_table(self.recorder.summary(), after)
        )
        shown.update(next_time_text(after, self.context.settings.units))

    # ----------------------------------------------------------------- effort and note

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "effort":
            if self._effort_ok():
                self.query_one("#note", Input).focus()
        else:
            self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "effort" and self._effort_ok(quiet=True):
            self.query_one("#effort-problem").remove_class("-shown")

    def _effort_ok(self, *, quiet: bool = False) -> bool:
        """A blank effort or 1-10. If not, says so under the boxes (a toast would
        follow the person home) and puts the cursor back in the effort box."""
        text = self.query_one("#effort", Input).value.strip()
        if not text or 1 <= int(text) <= 10:
            return True
        if not quiet:
            self.query_one("#effort-problem").add_class("-shown")
            self.query_one("#effort", Input).focus()  # the next keys fix it, not the note
        return False

    def _save(self) -> bool:
        if not self._effort_ok():
            return False
        text = self.query_one("#effort", Input).value.strip()
        note = self.query_one("#note", Input).value
        effort = int(text) if text else None
        if effort is not None or note.strip():
            self.recorder.rate(effort, note)
        return True

    def action_save(self) -> None:
        if self._save():
            self.post_message(GoHome())

    def action_home(self) -> None:
        self.action_save()

    def action_save_and_quit(self) -> None:
        if self.discarded or self._save():
            self.app.exit()

    # ----------------------------------------------------------------- discard

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard":
            return self.can_discard
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "discard":
            event.stop()
            self.action_discard()

    def action_discard(self) -> None:
        if not self.can_discard:
            return
        question = ConfirmDialog(
            "Discard this session?",
            f"{self.recorder.plan.routine.name}: nothing was done in it. It will be removed "
            "from your history, as if it had never started.",
            yes="Discard",
            no="Keep",
        )
        self.app.push_screen(question, self._discard_answered)

    def _discard_answered(self, yes: bool | None) -> None:
        store, session_id = self.context.store, self.recorder.session_id
        if not yes or store is None or session_id is None:
            return
        try:
            store.discard(session_id)
        except HistoryError as error:
            self.query_one("#saved", Label).update(Text(f"Not discarded: {error}", style="red"))
            return
        self.discarded = True
        # Said on home, where the person lands; nothing of the summary's goes with it.
        self.notify("Session discarded: it is not in your history.", timeout=4, markup=False)
        self.post_message(GoHome())
