"""The builder's routine file: saved, deleted or edited by hand, asking first where it matters.

Not a widget: the screen's helper for what touches the disk. It uses only
Textual's own screen API (notifications, dialogs, handing the terminal to an
editor) of the screen it works for, and tells it the outcome by what it
returns. Where a routine goes is decided by `Destination`
(legtimer.core.routines.destination).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported
from textual.screen import Screen

from legtimer.core import paths
from legtimer.core.routines import Routine, RoutineError, load_routine, save_routine
from legtimer.core.routines.destination import Conflict, Destination, Origin
from legtimer.core.routines.draft import Draft
from legtimer.core.routines.toml_text import read_back
from legtimer.tui.screens.dialogs import (
    ConfirmDialog,
    confirm_routine_delete,
    delete_routine_file,
    inside,
    short_path,
)
from legtimer.tui.widgets.builder.editor import run_editor, scratch_file


def question(conflict: Conflict, target: Path) -> tuple[str, str]:
    """The title and text of the question asked before saving to `target`."""
    if conflict is Conflict.REPLACES_FILE:
        try:
            about = f"Your routine {load_routine(target).name!r} is saved in {short_path(target)}."
        except RoutineError:
            about = f"The file {short_path(target)} already exists."
        return "Replace the existing file?", f"{about} Replace it with this routine?"
    return (
        "Use instead of a built-in?",
        f"A built-in routine has the id {target.stem!r}. Saved as {short_path(target)}, "
        "this routine takes its place in your lists (the built-in itself is kept). "
        "Rename the routine to keep both.",
    )


class RoutineFile:
    """Where the routine being built is saved, and the questions on the way."""

    def __init__(self, screen: Screen[Any], destination: Destination) -> None:
        self.screen = screen
        self.destination = destination

    def target(self, name: str) -> Path:
        return self.destination.target(name)

    def describe(self, name: str) -> tuple[str, str]:
        """For the status line: what is edited, and its file (or ' → ' where it will go)."""
        shown = name.strip() or "(no name yet)"
        own = self.destination.own
        if own is not None:
            return f"Editing {shown}", f" · {short_path(own)}"
        return f"{self.destination.describe()}: {shown}", f" → {short_path(self.target(name))}"

    async def save(self, routine: Routine, name: str) -> Path | None:
        """Write the routine (asking before replacing a file or hiding a built-in): where to.

        `name` is the name as typed, which names a new file.
        """
        notify = self.screen.notify
        target = self.target(name)
        if inside(target, paths.builtin_routines_dir()):  # never, but never is a strong word
            notify("Built-in routines are never overwritten.", severity="error", markup=False)
            return None
        conflict = self.destination.conflict(target)
        if conflict is not None:
            title, body = question(conflict, target)
            dialog = ConfirmDialog(title, body, yes="Save", no="Cancel")
            if not await self.screen.app.push_screen_wait(dialog):
                notify("Not saved.", markup=False)
                return None
        try:
            # The routine's own file keeps the person's comments and layout.
            save_routine(routine, target, keep_layout=target == self.destination.own)
        except OSError as error:
            notify(f"Could not save {short_path(target)}: {error}", severity="error", markup=False)
            return None
        self.destination = self.destination.saved_to(target)
        notify(f"Saved {routine.name!r} to {short_path(target)}.", title="Saved", markup=False)
        return target

    async def delete(self, name: str) -> bool:
        """Delete the routine's own file, after a yes. True when it is gone."""
        path = self.destination.own
        if path is None or not self.destination.is_deletable():
            if self.destination.origin is Origin.BUILT_IN:
                message = "Built-in routines cannot be deleted."
            else:
                message = "Only your own saved routines can be deleted; this one has no file yet."
            self.screen.notify(message, severity="warning", markup=False)
            return False
        name = name or path.stem
        shadows = (paths.builtin_routines_dir() / path.name).exists()
        dialog = confirm_routine_delete(name, path, shadows_built_in=shadows)
        if not await self.screen.app.push_screen_wait(dialog):
            return False
        return delete_routine_file(self.screen, name, path)

    def run_editor(self, path: Path) -> str | None:
        """Run the editor on `path` with the terminal handed over; an error message, or None."""
        try:
            with self.screen.app.suspend():
                return run_editor(path)
        except SuspendNotSupported:  # no terminal to hand over (tests, the web)
            return run_editor(path, attached=False)

    async def edit(self, text: str, stem: str) -> Draft | None:
        """Let the person edit `text` until it reads back as a draft; None when they give up."""
        notify = self.screen.notify
        try:
            with scratch_file(stem) as path:
                path.write_text(text, encoding="utf-8")
                while True:
                    error = self.run_editor(path)
                    if error is not None:
                        notify(
                            error, title="Edit as TOML", severity="error", timeout=10, markup=False
                        )
                        return None
                    try:
                        edited = path.read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError) as read_error:
                        notify(
                            f"Could not read the file back: {read_error}",
                            severity="error",
                            markup=False,
                        )
                        return None
                    if edited == text:
                        notify("No changes.", title="Edit as TOML", markup=False)
                        return None
                    document, problems = read_back(edited, path.name)
                    if document is not None:
                        return document
                    again = await self.screen.app.push_screen_wait(
                        ConfirmDialog(
                            "The TOML cannot be read",
                            "\n".join(problem.render(path.name) for problem in problems)
                            + "\n\nEdit it again, or throw these edits away?",
                            yes="Edit again",
                            no="Throw away",
                        )
                    )
                    if not again:
                        notify("The edits were thrown away.", title="Edit as TOML", markup=False)
                        return None
                    text = edited
        except OSError as error:
            notify(f"Could not edit as TOML: {error}", severity="error", markup=False)
            return None
