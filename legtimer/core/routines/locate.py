"""Point a routine problem at the line of the file it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping

from legtimer.core.routines.model import Problem
from legtimer.core.routines.model import join_path as _join


def key_lines(text: str) -> dict[str, int]:
    """Map field paths ("exercises[3].reps") to the line defining them.

    A light scan of table headers and `key =` lines: good enough to point a
    person at the right place. Paths it cannot place simply get no line.
    """
    counts: dict[str, int] = {}
    lines: dict[str, int] = {}
    current = ""
    header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
    assignment = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")
    quote: str | None = None  # inside a multi-line string that opened with this quote
    for number, line in enumerate(text.split("\n"), 1):  # TOML ends lines at \n only
        if quote is not None:
            if line.count(quote) % 2:
                quote = None
            continue
        for opener in ('"""', "'''"):
            if line.count(opener) % 2:
                quote = opener
        match = header.match(line)
        if match:
            parts = [part.strip() for part in match[2].split(".")]
            current = _indexed_path(parts, counts, is_array=match[1] == "[[")
            lines.setdefault(current, number)
            lines.setdefault(re.sub(r"\[\d+\]$", "", current), number)
            continue
        match = assignment.match(line)
        if match:
            key = ".".join(part.strip() for part in match[1].split("."))
            lines.setdefault(_join(current, key), number)
    return lines


def _indexed_path(parts: list[str], counts: dict[str, int], *, is_array: bool) -> str:
    """Turn a header like blocks.exercises into blocks[2].exercises[4] using the counts so far."""
    path = ""
    for i, part in enumerate(parts):
        path = _join(path, part)
        last = i == len(parts) - 1
        if last and is_array:
            counts[path] = counts.get(path, 0) + 1
            # A new element starts afresh: forget the counts of arrays nested in the old one.
            for nested in [key for key in counts if key.startswith(path + "[")]:
                del counts[nested]
            path = f"{path}[{counts[path]}]"
        elif path in counts:
            path = f"{path}[{counts[path]}]"
    return path


def locate(problem: Problem, lines: Mapping[str, int]) -> Problem:
    path = problem.path
    while path:
        if path in lines:
            return Problem(problem.path, problem.message, lines[path])
        parent = re.sub(r"(\.?[^.\[\]]+|\[\d+\])$", "", path)
        if parent == path:  # nothing left to strip: the path names no line we know
            break
        path = parent
    return problem
