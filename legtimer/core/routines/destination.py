"""Where the builder saves a routine, and what to ask before writing there.

A routine of the user's own is saved in place. Anything else (a new routine,
a copy, a built-in being edited) goes to a new file among the user's
routines, named after the routine (a built-in keeps its id, so the user's copy
takes its place in the lists). Built-in files are never written.

Nothing here knows about Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from legtimer.core import paths
from legtimer.core.routines import Routine, slugify
from legtimer.core.routines.catalog import BUILT_IN


class Origin(Enum):
    """What the builder was opened on."""

    NEW = "new"  # nothing: a routine started from scratch
    COPY = "copy"  # a copy of a routine, saved as a new one
    BUILT_IN = "built-in"  # a built-in, saved as the user's own copy of it
    FILE = "file"  # a routine of the user's, saved in place


class Conflict(Enum):
    """Why saving to a new file needs a yes first."""

    REPLACES_FILE = "replaces a file"  # another routine of the user's is saved there
    HIDES_BUILT_IN = "hides a built-in"  # a built-in has the same id


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def is_built_in(routine: Routine) -> bool:
    """True for a routine shipped with legtimer (read from the built-in folder)."""
    return routine.source == BUILT_IN or (
        routine.path is not None and _inside(routine.path, paths.builtin_routines_dir())
    )


@dataclass(frozen=True)
class Destination:
    """Where one routine is saved: its own file once it has one, else a new file."""

    origin: Origin
    own: Path | None = None  # the file saved to without asking; None until it has one
    built_in_id: str | None = None  # for Origin.BUILT_IN: the id the user's copy keeps

    @classmethod
    def of(cls, routine: Routine | None, *, copy: bool = False) -> Destination:
        if routine is None:
            return cls(Origin.NEW)
        if copy:
            return cls(Origin.COPY)
        if is_built_in(routine):
            return cls(Origin.BUILT_IN, built_in_id=routine.id or None)
        return cls(Origin.FILE, own=routine.path)

    def target(self, name: str) -> Path:
        """The file Save writes for a routine called `name`."""
        if self.own is not None:
            return self.own
        slug = self.built_in_id or slugify(name)
        return paths.user_routines_dir() / f"{slug}.toml"

    def conflict(self, target: Path) -> Conflict | None:
        """What saving to `target` would do that needs asking first, if anything."""
        if self.own is not None:
            return None
        if target.exists():
            return Conflict.REPLACES_FILE
        if self.origin is not Origin.BUILT_IN and (
            (paths.builtin_routines_dir() / target.name).exists()
        ):
            return Conflict.HIDES_BUILT_IN
        return None

    def saved_to(self, path: Path) -> Destination:
        """The destination once saved: that file, from now on without asking."""
        return replace(self, own=path)

    def is_deletable(self) -> bool:
        """True when there is a file of the user's own to delete."""
        return (
            self.own is not None
            and _inside(self.own, paths.user_routines_dir())
            and self.own.exists()
        )

    def describe(self) -> str:
        """What is being edited, for a routine with no file of its own yet."""
        return {
            Origin.BUILT_IN: "Your copy of a built-in",
            Origin.COPY: "New copy",
        }.get(self.origin, "New routine")
