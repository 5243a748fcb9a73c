"""The builder's status line: what is edited, where it is saved, and whether it can be."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


@dataclass(frozen=True)
class StatusInfo:
    """What the status line says."""

    heading: str  # "Editing Hill legs", "New routine: Hill legs"
    location: str  # " · routines/hill-legs.toml", " → routines/hill-legs.toml"
    dirty: bool = False
    problems: int = 0
    length: str = ""  # "12 steps, 14 min" for a valid draft

    def render(self) -> Text:
        # What matters first; the file's place last, so a narrow line loses only that.
        text = Text()
        text.append(self.heading, style="bold")
        if self.dirty:
            text.append(" · modified", style="yellow")
        if self.problems:
            text.append(
                f" · {self.problems} problem{'s' if self.problems != 1 else ''}", style="red"
            )
        elif self.length:
            text.append(f" · {self.length}", style="green")
        text.append(self.location, style="dim")
        return text


class BuilderStatus(Static):
    """One line at the top of the builder."""

    DEFAULT_CSS = """
    BuilderStatus {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $boost;
    }
    """

    info: reactive[StatusInfo | None] = reactive(None, init=False)

    def watch_info(self, info: StatusInfo | None) -> None:
        self.update(info.render() if info is not None else "")
