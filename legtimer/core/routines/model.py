"""The routine file format: the model, its validation and its TOML round trip.

A routine is one TOML file (see docs/routines.md). `parse_routine` turns a
file's text into a `Routine` or raises `RoutineError` carrying *every* problem
found, each with a field path such as ``exercises[3].reps`` and, where the
file has one, the line it is on. `validate_document` runs the same rules on a
plain dict, so the routine builder shows exactly the messages of
``legtimer validate``. `dump_routine` writes a routine back with tomli-w; a
routine loaded, dumped and loaded again is equal to the first.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomli_w

from legtimer.core.errors import UserFacingError
from legtimer.core.files import write_atomically

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000


class Kind(StrEnum):
    """What an exercise asks for: a held position, repetitions, or timed work."""

    HOLD = "hold"
    REPS = "reps"
    WORK = "work"


# Upper bounds that catch typos (a 50-hour hold) without getting in anyone's way.
LIMITS: dict[str, tuple[int, int, str]] = {
    "hold": (1, 600, "seconds"),
    "reps": (1, 500, "repetitions"),
    "work": (1, 7200, "seconds"),
    "sets": (1, 50, "sets"),
    "rounds": (1, 50, "rounds"),
    "rep_seconds": (1, 60, "seconds"),
    "prepare": (0, 300, "seconds"),
    "switch": (0, 120, "seconds"),
    "rest_between_sets": (0, 1800, "seconds"),
    "rest_after": (0, 1800, "seconds"),
    "rest_between_rounds": (0, 1800, "seconds"),
    "tempo": (0, 30, "seconds"),
}
MAX_NAME = 80
MAX_TEXT = 2000
MAX_LIST = 20
MAX_EXERCISES = 200
TEMPO_PHASES = ("up", "down", "hold", "pause")
SELF_PACED_REP_SECONDS = 3  # estimate for a self-paced rep when rep_seconds is not given


@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of one repetition, in the order they are performed."""

    phases: tuple[tuple[str, int], ...]

    @property
    def rep_seconds(self) -> int:
        return sum(seconds for _, seconds in self.phases)

    def describe(self) -> str:
        return " · ".join(f"{name.upper()} {seconds}" for name, seconds in self.phases)


@dataclass(frozen=True)
class Defaults:
    """Values every exercise (and block) inherits unless it sets its own."""

    prepare: int = 10
    rest_between_sets: int = 30
    rest_after: int = 60
    switch: int = 5
    rest_between_rounds: int = 60


@dataclass(frozen=True)
class Exercise:
    """One exercise. Optional timings left as None inherit the routine's defaults."""

    name: str
    kind: Kind
    target: int  # seconds for hold and work, repetitions for reps
    sets: int = 1
    per_side: bool = False
    tempo: Tempo | None = None
    rep_seconds: int | None = None
    rest_between_sets: int | None = None
    rest_after: int | None = None
    switch: int | None = None
    prepare: int | None = None
    cue: str = ""
    muscles: tuple[str, ...] = ()

    @property
    def self_paced(self) -> bool:
        return self.kind is Kind.REPS and self.tempo is None

    def describe_target(self) -> str:
        if self.kind is Kind.REPS:
            return f"{self.target} reps"
        minutes, seconds = divmod(self.target, 60)
        if not minutes:
            return f"{seconds} s"
        return f"{minutes} min" if not seconds else f"{minutes}:{seconds:02d} min"


@dataclass(frozen=True)
class Block:
    """A group of exercises done for a number of rounds (a circuit when rounds > 1)."""

    exercises: tuple[Exercise, ...]
    name: str = ""
    rounds: int = 1
    rest_between_rounds: int | None = None
    rest_after: int | None = None


@dataclass(frozen=True)
class Routine:
    """A whole routine. `id`, `source` and `path` say where it came from, not what it is."""

    name: str
    blocks: tuple[Block, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Defaults = Defaults()
    plain: bool = True  # written as a top-level `exercises` list rather than `blocks`
    id: str = field(default="", compare=False)
    source: str = field(default="file", compare=False)
    path: Path | None = field(default=None, compare=False)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(ex for block in self.blocks for ex in block.exercises)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine document."""

    path: str  # field path such as "exercises[3].reps"; "" for the document as a whole
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, filename: str | None = None) -> str:
        where = filename or ""
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: " if where else ""
        field_path = f"{self.path}: " if self.path else ""
        return f"{head}{field_path}{self.message}"


class RoutineError(UserFacingError):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(problem.render(self.source) for problem in self.problems)


# --------------------------------------------------------------------------- reading


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
        raise RoutineError(source_name, [Problem("", f"is not valid TOML: {error}")]) from None
    routine, problems = validate_document(document)
    if problems or routine is None:
        lines = _key_lines(text)
        located = [_locate(problem, lines) for problem in problems]
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


# --------------------------------------------------------------------------- validation


def validate_document(document: Mapping[str, Any]) -> tuple[Routine | None, list[Problem]]:
    """Check a parsed TOML document against the routine format.

    Returns the routine (None when there are problems) and every problem found.
    """
    checker = _Checker()
    routine = checker.routine(document)
    return (None if checker.problems else routine), checker.problems


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__.replace('_', ' ')} ({value})"


def _suggest(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


DEFAULT_KEYS = ("prepare", "rest_between_sets", "rest_after", "switch", "rest_between_rounds")
_ROUTINE_KEYS = ("format", "name", "description", "tags", "defaults", "exercises", "blocks")
_BLOCK_KEYS = ("name", "rounds", "rest_between_rounds", "rest_after", "exercises")
_EXERCISE_KEYS = (
    "name",
    "hold",
    "reps",
    "work",
    "tempo",
    "rep_seconds",
    "sets",
    "per_side",
    "rest_between_sets",
    "rest_after",
    "switch",
    "prepare",
    "cue",
    "muscles",
)


class _Checker:
    """Walks a document, collecting every problem rather than stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.exercise_count = 0

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- generic fields

    def table(self, value: object, path: str, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, f"expected {what} (a table), found {_describe(value)}")
        return None

    def unknown_keys(self, table: Mapping[str, Any], path: str, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                where = _join(path, key)
                self.add(where, f"unknown key '{key}'{_suggest(key, known)}")

    def number(self, table: Mapping[str, Any], key: str, path: str, limit: str) -> int | None:
        if key not in table:
            return None
        value = table[key]
        low, high, unit = LIMITS[limit]
        where = _join(path, key)
        if isinstance(value, bool) or not isinstance(value, int):
            found = _describe(value)
            if isinstance(value, float) and value.is_integer():
                found += " (write it without the decimal point)"
            self.add(
                where, f"expected a whole number of {unit} from {low} to {high}, found {found}"
            )
            return None
        if not low <= value <= high:
            self.add(where, f"expected {unit} from {low} to {high}, found {value}")
            return None
        return value

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        longest: int = MAX_TEXT,
    ) -> str | None:
        where = _join(path, key)
        if key not in table:
            if required:
                self.add(where, f"missing; expected the {key} as text")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add(where, f"expected text, found {_describe(value)}")
            return None
        # A CRLF would not survive a multi-line string in the saved file: keep lines as \n.
        value = value.replace("\r\n", "\n")
        if key == "name":
            value = value.strip()
        if required and not value:
            self.add(where, f"expected a {key}, found empty text")
            return None
        if len(value) > longest:
            self.add(where, f"expected at most {longest} characters, found {len(value)}")
            return None
        return value

    def words(self, table: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        where = _join(path, key)
        if not isinstance(value, list):
            self.add(where, f"expected an array of text, found {_describe(value)}")
            return ()
        if len(value) > MAX_LIST:
            self.add(where, f"expected at most {MAX_LIST} entries, found {len(value)}")
            return ()
        result: list[str] = []
        for i, item in enumerate(value, 1):
            if not isinstance(item, str) or not item.strip() or len(item) > MAX_NAME:
                self.add(
                    f"{where}[{i}]",
                    f"expected a short non-empty text, found {_describe(item)}",
                )
            else:
                result.append(item.strip())
        return tuple(result)

    def flag(self, table: Mapping[str, Any], key: str, path: str) -> bool | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, bool):
            self.add(_join(path, key), f"expected true or false, found {_describe(value)}")
            return None
        return value

    def array_of_tables(self, table: Mapping[str, Any], key: str, path: str) -> list[Any] | None:
        value = table[key]
        where = _join(path, key)
        if not isinstance(value, list):
            self.add(where, f"expected an array of tables ([[{key}]]), found {_describe(value)}")
            return None
        if not value:
            self.add(where, f"expected at least one entry in '{key}', found an empty array")
            return None
        return value

    # -- the document

    def routine(self, document: Mapping[str, Any]) -> Routine | None:
        self.unknown_keys(document, "", _ROUTINE_KEYS)
        if "format" in document:
            version = document["format"]
            if isinstance(version, bool) or not isinstance(version, int):
                self.add(
                    "format", f"expected the integer {FORMAT_VERSION}, found {_describe(version)}"
                )
            elif version > FORMAT_VERSION:
                self.add(
                    "format",
                    f"this file uses routine format {version}, written for a newer legtimer; "
                    f"this version reads format {FORMAT_VERSION}. Upgrade legtimer to use it",
                )
            elif version < 1:
                self.add("format", f"expected {FORMAT_VERSION}, found {version}")
        name = self.text(document, "name", "", required=True, longest=MAX_NAME)
        description = self.text(document, "description", "") or ""
        tags = self.words(document, "tags", "")
        defaults = self.defaults(document.get("defaults", {}))

        blocks: list[Block] = []
        plain = True
        if "exercises" in document and "blocks" in document:
            self.add(
                "blocks",
                "conflicting keys: use either 'exercises' (a plain list) or 'blocks' "
                "(groups with rounds), not both",
            )
        if "blocks" in document:
            plain = False
            for i, raw in enumerate(self.array_of_tables(document, "blocks", "") or [], 1):
                block = self.block(raw, f"blocks[{i}]")
                if block is not None:
                    blocks.append(block)
        if "exercises" in document:
            exercises = self.exercises(document, "")
            if exercises is not None:
                blocks.append(Block(exercises=exercises))
        if "exercises" not in document and "blocks" not in document:
            self.add(
                "exercises",
                "missing; a routine needs an 'exercises' list ([[exercises]]) or 'blocks'",
            )
        if self.exercise_count > MAX_EXERCISES:
            self.add("", f"expected at most {MAX_EXERCISES} exercises, found {self.exercise_count}")
        if name is None or self.problems:
            return None
        return Routine(
            name=name,
            description=description,
            tags=tags,
            defaults=defaults,
            blocks=tuple(blocks),
            plain=plain,
        )

    def defaults(self, raw: object) -> Defaults:
        table = self.table(raw, "defaults", "the defaults")
        if table is None:
            return Defaults()
        self.unknown_keys(table, "defaults", DEFAULT_KEYS)
        values = {key: self.number(table, key, "defaults", key) for key in DEFAULT_KEYS}
        return Defaults(**{key: value for key, value in values.items() if value is not None})

    def block(self, raw: object, path: str) -> Block | None:
        table = self.table(raw, path, "a block")
        if table is None:
            return None
        self.unknown_keys(table, path, _BLOCK_KEYS)
        name = self.text(table, "name", path, longest=MAX_NAME) or ""
        rounds = self.number(table, "rounds", path, "rounds")
        between = self.number(table, "rest_between_rounds", path, "rest_between_rounds")
        after = self.number(table, "rest_after", path, "rest_after")
        if "exercises" not in table:
            self.add(_join(path, "exercises"), "missing; a block needs its exercises")
            return None
        exercises = self.exercises(table, path)
        if exercises is None:
            return None
        return Block(
            exercises=exercises,
            name=name,
            rounds=rounds or 1,
            rest_between_rounds=between,
            rest_after=after,
        )

    def exercises(self, table: Mapping[str, Any], path: str) -> tuple[Exercise, ...] | None:
        raw_list = self.array_of_tables(table, "exercises", path)
        if raw_list is None:
            return None
        result = []
        for i, raw in enumerate(raw_list, 1):
            self.exercise_count += 1
            exercise = self.exercise(raw, _join(path, f"exercises[{i}]"))
            if exercise is not None:
                result.append(exercise)
        return tuple(result) if len(result) == len(raw_list) else None

    def exercise(self, raw: object, path: str) -> Exercise | None:
        table = self.table(raw, path, "an exercise")
        if table is None:
            return None
        before = len(self.problems)
        self.unknown_keys(table, path, _EXERCISE_KEYS)
        name = self.text(table, "name", path, required=True, longest=MAX_NAME)
        kinds = [kind for kind in Kind if kind.value in table]
        kind: Kind | None = None
        target: int | None = None
        if not kinds:
            self.add(
                path,
                "missing the kind of exercise: give exactly one of 'hold' (seconds), "
                "'reps' (repetitions) or 'work' (seconds)",
            )
        elif len(kinds) > 1:
            named = " and ".join(f"'{k.value}'" for k in kinds)
            self.add(
                _join(path, kinds[1].value),
                f"conflicting keys: {named} are both given; an exercise is exactly one of "
                "hold, reps or work",
            )
        else:
            kind = kinds[0]
            target = self.number(table, kind.value, path, kind.value)

        tempo = self.tempo(table, path)
        if "tempo" in table and kind is not None and kind is not Kind.REPS:
            self.add(
                _join(path, "tempo"), f"a tempo paces repetitions; it does not apply to '{kind}'"
            )
        rep_seconds = self.number(table, "rep_seconds", path, "rep_seconds")
        if "rep_seconds" in table:
            if kind is not None and kind is not Kind.REPS:
                self.add(
                    _join(path, "rep_seconds"),
                    f"rep_seconds estimates self-paced repetitions; it does not apply to '{kind}'",
                )
            elif "tempo" in table:
                self.add(
                    _join(path, "rep_seconds"),
                    "conflicting keys: with a 'tempo' the time per rep is known; "
                    "remove 'rep_seconds' or the tempo",
                )
        per_side = self.flag(table, "per_side", path)
        switch = self.number(table, "switch", path, "switch")
        if switch is not None and table.get("per_side", False) is False:
            self.add(
                _join(path, "switch"),
                "'switch' is the pause between left and right; it needs per_side = true",
            )
        values = {
            key: self.number(table, key, path, key)
            for key in ("sets", "rest_between_sets", "rest_after", "prepare")
        }
        cue = self.text(table, "cue", path)
        muscles = self.words(table, "muscles", path)
        if len(self.problems) > before or name is None or kind is None or target is None:
            return None
        return Exercise(
            name=name,
            kind=kind,
            target=target,
            sets=values["sets"] or 1,
            per_side=bool(per_side),
            tempo=tempo,
            rep_seconds=rep_seconds,
            rest_between_sets=values["rest_between_sets"],
            rest_after=values["rest_after"],
            switch=switch,
            prepare=values["prepare"],
            cue=cue or "",
            muscles=muscles,
        )

    def tempo(self, table: Mapping[str, Any], path: str) -> Tempo | None:
        if "tempo" not in table:
            return None
        where = _join(path, "tempo")
        raw = table["tempo"]
        if not isinstance(raw, Mapping):
            self.add(
                where,
                "expected a table of seconds per phase such as { up = 2, hold = 1, down = 2 }, "
                f"found {_describe(raw)}",
            )
            return None
        if not raw:
            self.add(where, "expected at least one phase, such as { up = 2, down = 2 }")
            return None
        before = len(self.problems)
        self.unknown_keys(raw, where, TEMPO_PHASES)
        phases = []
        for phase in raw:
            seconds = self.number(raw, phase, where, "tempo") if phase in TEMPO_PHASES else None
            if seconds:  # a 0-second phase is no phase at all
                phases.append((phase, seconds))
        if len(self.problems) > before:
            return None
        if not phases:
            self.add(where, "expected at least one phase longer than 0 seconds")
            return None
        return Tempo(tuple(phases))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------- locating


def _key_lines(text: str) -> dict[str, int]:
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


def _locate(problem: Problem, lines: Mapping[str, int]) -> Problem:
    path = problem.path
    while path:
        if path in lines:
            return Problem(problem.path, problem.message, lines[path])
        parent = re.sub(r"(\.?[^.\[\]]+|\[\d+\])$", "", path)
        if parent == path:  # nothing left to strip: the path names no line we know
            break
        path = parent
    return problem


# --------------------------------------------------------------------------- writing


def routine_to_document(routine: Routine) -> dict[str, Any]:
    """The routine as a TOML-ready dict, in a stable, readable key order."""
    document: dict[str, Any] = {"format": FORMAT_VERSION, "name": routine.name}
    if routine.description:
        document["description"] = routine.description
    if routine.tags:
        document["tags"] = list(routine.tags)
    document["defaults"] = {key: getattr(routine.defaults, key) for key in DEFAULT_KEYS}
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


def save_routine(routine: Routine, path: Path) -> None:
    """Write a routine atomically: a crash mid-write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, dump_routine(routine))


# --------------------------------------------------------------------------- effective values


def effective(exercise: Exercise, defaults: Defaults, key: str) -> int:
    """An exercise's own value for a timing key, or the routine default it inherits."""
    own: int | None = getattr(exercise, key)
    if own is not None:
        return own
    inherited: int = getattr(defaults, key)
    return inherited


def estimated_rep_seconds(exercise: Exercise) -> int:
    if exercise.tempo is not None:
        return exercise.tempo.rep_seconds
    return exercise.rep_seconds or SELF_PACED_REP_SECONDS
