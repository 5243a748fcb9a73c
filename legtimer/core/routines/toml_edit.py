"""Saving a routine into the person's own file, keeping its comments and layout.

A file legtimer writes fresh is laid out by `dump_routine`. A file the person
wrote (or edited) keeps what they put there: tomlkit edits only the values
that changed, drops the keys that went away and appends what is new, so a
comment above an exercise stays above it. Tables in arrays are matched by
position. The result is read back and checked: if it does not give the same
routine, the file is written fresh instead.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table

from legtimer.core.routines.model import Defaults, Routine
from legtimer.core.routines.toml_io import dump_routine, routine_to_document
from legtimer.core.routines.validate import validate_document


def edited_text(routine: Routine, old_text: str) -> str:
    """The routine as TOML, as an edit of `old_text` (its comments and layout kept).

    Falls back to the fresh layout when the old text is not TOML or the edit
    would not read back as the same routine.
    """
    try:
        document = tomlkit.parse(old_text)
        tomllib.loads(old_text)
    except (TOMLKitError, ValueError, RecursionError):
        return dump_routine(routine)
    new = routine_to_document(routine)
    old_defaults = document.get("defaults")
    if not isinstance(old_defaults, Mapping):
        # Built-in defaults the file never wrote stay unwritten.
        built_in = {key: getattr(Defaults(), key) for key in new["defaults"]}
        kept = {k: v for k, v in new["defaults"].items() if built_in.get(k) != v}
        if kept:
            new["defaults"] = kept
        else:
            del new["defaults"]
    try:
        _merge(document, new)
        text = document.as_string()
        again, problems = validate_document(tomllib.loads(text))
    except (TOMLKitError, ValueError, TypeError, RecursionError):
        return dump_routine(routine)
    if problems or again != routine:
        return dump_routine(routine)
    return text


def _merge(old: Any, new: Mapping[str, Any]) -> None:
    """Make the tomlkit table `old` hold `new`, touching only what differs."""
    for key in [key for key in old if key not in new]:
        del old[key]
    for key, value in new.items():
        if key not in old:
            old[key] = value
            continue
        current = old[key]
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            _merge(current, value)
        elif _is_tables(value) and isinstance(current, AoT | list) and _all_tables(current):
            _merge_list(old, key, current, value)
        elif _plain(current) != value:
            old[key] = value


def _merge_list(holder: Any, key: str, current: Any, value: list[Mapping[str, Any]]) -> None:
    for index, entry in enumerate(value):
        if index < len(current):
            _merge(current[index], entry)
        else:
            current.append(entry)
    while len(current) > len(value):
        current.pop()
    if not current:
        holder[key] = value


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _all_tables(value: Any) -> bool:
    return all(isinstance(item, Table | Mapping) for item in value)


def _plain(value: Any) -> Any:
    """A tomlkit item as plain Python, to compare with the new value."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value
