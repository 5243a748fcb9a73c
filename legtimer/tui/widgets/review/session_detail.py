"""One session step by step: its header, planned versus done, and every step."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from legtimer.core.history import SessionSummary, StepRow
from legtimer.render.session import session_detail

GONE = "This session is no longer in the history."


class SessionDetail(VerticalScroll):
    """A scrolling report of one session; `show` fills it."""

    DEFAULT_CSS = """
    SessionDetail { height: 1fr; padding: 0 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-body")

    def show(
        self, summary: SessionSummary | None, routine_toml: str | None, steps: Sequence[StepRow]
    ) -> None:
        """Show a session (None: one that is gone)."""
        body = self.query_one("#detail-body", Static)
        if summary is None:
            body.update(GONE)
        else:
            body.update(session_detail(summary, routine_toml, steps))
