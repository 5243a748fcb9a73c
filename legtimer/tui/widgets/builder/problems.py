"""Every problem of the draft, each a link to the field it is about."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from legtimer.core.routines import Problem


class ProblemList(Static):
    """'2 problems: not saved', then one clickable line per problem; hidden when there are none."""

    DEFAULT_CSS = """
    ProblemList {
        margin-bottom: 1;
        color: $error;
        link-color: $error;
        display: none;
    }
    """

    @dataclass
    class Picked(Message):
        """A problem was clicked: go to its field."""

        index: int  # in `problems`

    problems: reactive[tuple[Problem, ...]] = reactive((), init=False)

    def watch_problems(self, problems: tuple[Problem, ...]) -> None:
        self.display = bool(problems)
        if not problems:
            self.update("")
            return
        count = sum(not problem.warning for problem in problems)
        warnings = len(problems) - count
        if count:
            rows = [f"[b]{count} problem{'s' if count != 1 else ''}[/b]: not saved"]
        else:  # warnings alone do not stop a save
            rows = [f"[b]{warnings} warning{'s' if warnings != 1 else ''}[/b]: saves as it is"]
        # The messages quote the person's file: escaped, so they are never read as markup.
        rows.extend(
            f"• [@click=pick({index})]{escape(problem.render())}[/]"
            for index, problem in enumerate(problems)
        )
        self.update(Content.from_markup("\n".join(rows)))

    def action_pick(self, index: int) -> None:
        self.post_message(self.Picked(index))
