"""Finding routines: the built-ins shipped with legtimer and the user's own.

Loading is tolerant: a broken user file is listed with its problems instead
of hiding the others or crashing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from legtimer.core import paths
from legtimer.core.errors import UserFacingError
from legtimer.core.routines import Routine, RoutineError, load_routine, slugify

BUILT_IN = "built-in"
USER = "user"


@dataclass(frozen=True)
class Entry:
    """A routine file found on disk: loaded, or with the error that stopped it."""

    id: str
    path: Path
    source: str
    routine: Routine | None
    error: RoutineError | None = None

    @property
    def name(self) -> str:
        return self.routine.name if self.routine else self.id


class RoutineNotFound(UserFacingError, LookupError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        message = f"no routine called '{query}'"
        if suggestions:
            message += "; did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        message += " (`legtimer list` shows them all)"
        super().__init__(message)


def _scan(folder: Path, source: str) -> list[Entry]:
    try:
        if not folder.is_dir():
            return []
        found = sorted(folder.glob("*.toml"))
    except OSError:  # a folder we may not look into is a folder with nothing for us
        return []
    entries = []
    for path in found:
        try:
            routine = load_routine(path, source=source)
        except RoutineError as error:
            entries.append(Entry(slugify(path.stem), path, source, None, error))
        else:
            entries.append(Entry(routine.id, path, source, routine))
    return entries


def discover() -> list[Entry]:
    """Every routine: the user's first (they shadow a built-in of the same id), then built-ins."""
    user = _scan(paths.user_routines_dir(), USER)
    builtin = _scan(paths.builtin_routines_dir(), BUILT_IN)
    return user + builtin


def looks_like_path(query: str) -> bool:
    return query.endswith(".toml") or "/" in query or Path(query).is_file()


def broken_file(query: str, entries: list[Entry] | None = None) -> Path | None:
    """The file of the user's that `query` names and that has problems, to fix them.

    None for a built-in (never edited in place) or a query naming no such file.
    """
    if looks_like_path(query):
        path = Path(query).expanduser()
        return path if path.is_file() else None
    entries = discover() if entries is None else entries
    wanted = query.casefold().strip()
    for entry in entries:
        if entry.error is not None and entry.source != BUILT_IN and entry.id.casefold() == wanted:
            return entry.path
    return None


def resolve(query: str, entries: list[Entry] | None = None) -> Routine:
    """A routine from a name or id (case-insensitive) or a path to a TOML file.

    Raises RoutineNotFound (with close names) or RoutineError.
    """
    if looks_like_path(query):
        return load_routine(Path(query).expanduser())
    entries = discover() if entries is None else entries
    wanted = query.casefold().strip()
    by_id = [entry for entry in entries if entry.id.casefold() == wanted]
    by_name = [entry for entry in entries if entry.name.casefold() == wanted]
    for entry in by_id + by_name:
        if entry.error is not None:
            raise entry.error
        if entry.routine is not None:
            return entry.routine
    candidates = {entry.id: entry for entry in entries}
    candidates.update({entry.name.casefold(): entry for entry in entries})
    close = difflib.get_close_matches(wanted, list(candidates), n=3, cutoff=0.5)
    close += [key for key in candidates if wanted and wanted in key and key not in close]
    suggestions = list(dict.fromkeys(candidates[key].id for key in close))[:3]
    raise RoutineNotFound(query, suggestions)
