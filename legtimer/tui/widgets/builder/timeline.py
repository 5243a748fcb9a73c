"""The builder's timeline preview: a summary line, and every step with its start and length."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from legtimer.tui.widgets.builder import timeline_text
from legtimer.tui.widgets.builder.timeline_text import Preview


class TimelineSummary(Static):
    """'Timeline  24 steps · 18 min', or why there is no timeline to show."""

    DEFAULT_CSS = """
    TimelineSummary {
        margin-bottom: 1;
    }
    """

    preview: reactive[Preview | None] = reactive(None)
    stale: reactive[bool] = reactive(False)  # the draft has problems: this is the last valid one
    summary: reactive[Text] = reactive(Text)

    def compute_summary(self) -> Text:
        return timeline_text.summary(self.preview, stale=self.stale)

    def watch_summary(self, summary: Text) -> None:
        self.update(summary)


class Timeline(Static):
    """The steps of the last valid draft, one a line."""

    DEFAULT_CSS = """
    Timeline {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    preview: reactive[Preview | None] = reactive(None, init=False)

    def watch_preview(self, preview: Preview | None) -> None:
        self.update(timeline_text.steps(preview.plan if preview is not None else None))
