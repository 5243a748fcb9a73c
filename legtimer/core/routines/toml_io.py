"""Routine files: reading TOML into a `Routine` and writing one back.

`parse_routine` turns a file's text into a `Routine` or raises `RoutineError`
carrying every problem found, each located on its line where the file has one.
`dump_routine` writes a routine back; a routine loaded, dumped and loaded again is
equal to the first.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w

from legtimer.core.errors import plain_reason
from legtimer.core.routines.locate import key_lines, locate
from legtimer.core.routines.model import (
    DEFAULT_KEYS,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    Block,
    Exercise,
    Problem,
    Progression,
    Routine,
    RoutineError,
)
from legtimer.core.routines.model import join_path as _join
from legtimer.core.routines.validate import validate_document


def load_routine(path: Path, *, source: str = "file") -> Routine:
    """Read and validate a routine file. Raises RoutineError, never anything else."""
    name = str(path)
    try:
        if path.is_dir():
            raise RoutineError(name, [Problem("", "is a directory, not a routine file")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RoutineError(
                name, [Problem("", f"is {size:,} bytes; a routine file is at most 1 MB")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise RoutineError(name, [Problem("", "no such file")]) from None
    except PermissionError:
        raise RoutineError(name, [Problem("", "permission denied")]) from None
    except OSError as error:
        raise RoutineError(name, [Problem("", f"cannot be read: {error.strerror}")]) from None
    except ValueError as error:  # e.g. a NUL byte in the path
        raise RoutineError(name, [Problem("", f"cannot be read: {error}")]) from None
    routine = parse_routine(data, source_name=name)
    return _with_origin(routine, routine_id=slugify(path.stem), source=source, path=path)


def parse_routine(data: bytes | str, *, source_name: str = "<routine>") -> Routine:
    """Parse TOML text (or bytes) into a Routine, or raise RoutineError."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise RoutineError(
                source_name, [Problem("", "is not valid UTF-8 text", line=line)]
            ) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(source_name, [_syntax_problem(error)]) from None
    except (RecursionError, ValueError, OverflowError) as error:
        # tomllib can refuse absurdly deep nesting or huge numbers in other ways.
        problem = Problem("", f"is not valid TOML: {plain_reason(error)}")
        raise RoutineError(source_name, [problem]) from None
    routine, problems = validate_document(document)
    if problems or routine is None:
        lines = key_lines(text)
        located = [locate(problem, lines) for problem in problems]
        raise RoutineError(source_name, located)
    return routine


def _syntax_problem(error: tomllib.TOMLDecodeError) -> Problem:
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        text = message[: match.start()]
        return Problem("", f"invalid TOML: {text}", int(match[1]), int(match[2]))
    match = re.search(r"\s*\(at end of document\)$", message)
    if match:
        return Problem("", f"invalid TOML: {message[: match.start()]} (at end of document)")
    return Problem("", f"invalid TOML: {message}")


def _with_origin(routine: Routine, *, routine_id: str, source: str, path: Path | None) -> Routine:
    return replace(routine, id=routine_id, source=source, path=path)


def slugify(text: str) -> str:
    """A file-name friendly id: lower case letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "routine"


# --------------------------------------------------------------------------- writing


def routine_to_document(routine: Routine) -> dict[str, Any]:
    """The routine as a TOML-ready dict, in a stable, readable key order."""
    document: dict[str, Any] = {"format": FORMAT_VERSION, "name": routine.name}
    if routine.description:
        document["description"] = routine.description
    if routine.tags:
        document["tags"] = list(routine.tags)
    document["defaults"] = {key: getattr(routine.defaults, key) for key in DEFAULT_KEYS}
    if routine.progression is not None:
        document["defaults"]["progression"] = _progression_document(routine.progression)
    if routine.plain and len(routine.blocks) == 1:
        document["exercises"] = [_exercise_document(ex) for ex in routine.blocks[0].exercises]
    else:
        document["blocks"] = [_block_document(block) for block in routine.blocks]
    return document


def _block_document(block: Block) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if block.name:
        document["name"] = block.name
    if block.rounds != 1:
        document["rounds"] = block.rounds
    _put_optional(document, block, ("rest_between_rounds", "rest_after"))
    document["exercises"] = [_exercise_document(ex) for ex in block.exercises]
    return document


def _exercise_document(exercise: Exercise) -> dict[str, Any]:
    document: dict[str, Any] = {"name": exercise.name, exercise.kind.value: exercise.target}
    if exercise.load is not None:
        document["load"] = exercise.load
    if exercise.progression is False:
        document["progression"] = False
    elif exercise.progression is not None:
        document["progression"] = _progression_document(exercise.progression)
    if exercise.tempo is not None:
        document["tempo"] = dict(exercise.tempo.phases)
    if exercise.sets != 1:
        document["sets"] = exercise.sets
    if exercise.per_side:
        document["per_side"] = True
    _put_optional(
        document,
        exercise,
        ("rep_seconds", "switch", "rest_between_sets", "rest_after", "prepare"),
    )
    if exercise.cue:
        document["cue"] = exercise.cue
    if exercise.muscles:
        document["muscles"] = list(exercise.muscles)
    return document


def _progression_document(progression: Progression) -> dict[str, Any]:
    document: dict[str, Any] = {}
    _put_optional(document, progression, ("step", "max", "load_step"))
    return document


def _put_optional(document: dict[str, Any], source: object, keys: Iterable[str]) -> None:
    for key in keys:
        value = getattr(source, key)
        if value is not None:
            document[key] = value


def dump_routine(routine: Routine) -> str:
    """The routine as TOML text, laid out like the files shipped with legtimer.

    The top-level keys come first, then ``[defaults]``, then one ``[[exercises]]`` table
    per exercise (or ``[[blocks]]`` each followed by its ``[[blocks.exercises]]``), every
    table with its keys in the order of `routine_to_document`. A tempo is an inline table
    (``tempo = { up = 2, down = 2 }``) and lists are inline arrays. tomli-w still writes
    every string, so quoting and escaping are its own.
    """
    return dump_document(routine_to_document(routine))


def dump_document(document: Mapping[str, Any]) -> str:
    """A TOML document as text in the routine file layout (see `dump_routine`).

    The keys keep their order. At the top level a table becomes a ``[section]``; a
    non-empty array of tables becomes ``[[section]]`` entries at any depth; any other
    table is written inline. Simple keys of a table come before its sections, so the
    layout is valid TOML whatever the order of the dict.
    """
    lines: list[str] = []
    _write_table(lines, document, "")
    return "\n".join(lines) + "\n" if lines else ""


def _write_table(lines: list[str], table: Mapping[str, Any], path: str) -> None:
    sections: list[tuple[str, Any]] = []
    for key, value in table.items():
        if _is_table_array(value) or (not path and isinstance(value, Mapping)):
            sections.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value, multiline=True)}")
    for key, value in sections:
        name = _join(path, _toml_key(key))
        entries = [value] if isinstance(value, Mapping) else value
        for entry in entries:
            if lines:
                lines.append("")
            lines.append(f"[{name}]" if isinstance(value, Mapping) else f"[[{name}]]")
            _write_table(lines, entry, name)


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)
    )


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_value(key, multiline=False)


def _toml_value(value: object, *, multiline: bool) -> str:
    """One value in TOML syntax; arrays and tables inline, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        pairs = ", ".join(
            f"{_toml_key(key)} = {_toml_value(item, multiline=False)}"
            for key, item in value.items()
        )
        return f"{{ {pairs} }}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item, multiline=False) for item in value) + "]"
    # Strings (and anything else TOML has): let tomli-w quote and escape them.
    text: str = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    return text.removeprefix("v = ").removesuffix("\n")
