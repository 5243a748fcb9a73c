"""A draft as TOML text to edit by hand, and the edited text read back as a draft.

A valid draft is written by the routine writer (the layout of the files
legtimer ships); one with problems is written as it is, so nothing typed is
lost. Reading back accepts any text the builder can show, valid or not: its
problems are then shown at the fields, as for anything typed in the forms.

Nothing here knows about Textual.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from legtimer.core.routines import Problem, Routine, RoutineError, dump_routine, parse_routine
from legtimer.core.routines.draft import Draft, from_routine, is_structured, to_toml

SHAPE_PROBLEM = (
    "the builder needs an 'exercises' list of tables, or 'blocks' each with "
    "an 'exercises' list of tables, and [defaults] as a table"
)


def editable_text(draft: Draft, valid: Routine | None) -> str:
    """The text to edit: the valid routine as the writer lays it out, else the draft as it is."""
    return dump_routine(valid) if valid is not None else to_toml(draft)


def read_back(text: str, name: str) -> tuple[Draft | None, list[Problem]]:
    """The edited text as a draft (valid or not), or None and the problems that stop it being one.

    `name` is the file's name, for the problems' locations.
    """
    try:
        routine = parse_routine(text, source_name=name)
    except RoutineError as error:
        problems = error.problems
    else:
        return from_routine(routine), []
    try:
        document = tomllib.loads(text.removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None, problems
    if not is_structured(document):
        return None, [*problems, Problem("", SHAPE_PROBLEM)]
    return document, problems


def read_broken(path: Path) -> tuple[Draft | None, str, list[Problem]]:
    """A routine file with problems, to fix: its draft (when the builder can show
    it, problems and all), its text, and every problem found.

    Bytes that are not UTF-8 become U+FFFD, so the text can still be edited.
    """
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        return None, "", [Problem("", f"cannot be read ({error.strerror or error})")]
    document, problems = read_back(text, path.name)
    if document is not None and not problems:
        # It reads fine now (fixed meanwhile): its own problems come from the validator.
        return document, text, []
    return document, text, problems


def with_problems_listed(text: str, problems: list[Problem], name: str) -> str:
    """The text to fix, under comments that list its problems (TOML ignores them)."""
    lines = [f"# legtimer cannot use {name} yet. Fix what is listed, save, close the editor."]
    lines += [f"#   {' '.join(problem.render(name).splitlines())}" for problem in problems]
    return "\n".join(lines) + "\n\n" + text
