"""The routine format's rules, run over a parsed TOML document.

`validate_document` collects *every* problem (with its field path, such as
``exercises[3].reps``) rather than stopping at the first, so ``legtimer validate``
and the routine builder show the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from legtimer.core.routines.model import (
    DEFAULT_KEYS,
    FORMAT_VERSION,
    LIMITS,
    MAX_EXERCISES,
    MAX_LIST,
    MAX_NAME,
    MAX_TEXT,
    TEMPO_PHASES,
    Block,
    Defaults,
    Exercise,
    Kind,
    Problem,
    Progression,
    Routine,
    Tempo,
)
from legtimer.core.routines.model import join_path as _join
from legtimer.core.routines.validate_progression import ProgressionChecks
from legtimer.core.routines.wording import describe as _describe
from legtimer.core.routines.wording import suggest as _suggest
from legtimer.core.text import describe_unsafe, unsafe_characters


def validate_document(document: Mapping[str, Any]) -> tuple[Routine | None, list[Problem]]:
    """Check a parsed TOML document against the routine format.

    Returns the routine (None when there are problems) and every problem found.
    """
    checker = _Checker()
    routine = checker.routine(document)
    return (None if checker.problems else routine), checker.problems


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
    "progression",
    "load",
)
_DEFAULTS_KEYS = (*DEFAULT_KEYS, "progression")


class _Checker:
    """Walks a document, collecting every problem rather than stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.exercise_count = 0
        self.progression = ProgressionChecks(self.add)
        self.inherited: Progression | None = None  # [defaults].progression
        self.defaults_ok = True  # a broken [defaults].progression is reported once, there

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
        if not self.plain_text(value, where, multiline=key != "name"):
            return None
        return value

    def plain_text(self, value: str, where: str, *, multiline: bool) -> bool:
        """Refuse what could steer a terminal: control characters, bidi overrides (a name
        is one line, so a line break or a tab there too). See legtimer.core.text."""
        found = unsafe_characters(value, multiline=multiline)
        if found:
            self.add(
                where,
                f"expected text without control characters, found {describe_unsafe(found)}",
            )
        return not found

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
            elif self.plain_text(item, f"{where}[{i}]", multiline=False):
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
            progression=self.inherited,
            blocks=tuple(blocks),
            plain=plain,
        )

    def defaults(self, raw: object) -> Defaults:
        table = self.table(raw, "defaults", "the defaults")
        if table is None:
            return Defaults()
        self.unknown_keys(table, "defaults", _DEFAULTS_KEYS)
        values = {key: self.number(table, key, "defaults", key) for key in DEFAULT_KEYS}
        before = len(self.problems)
        progression = self.progression.table(table, "defaults", kind=None)
        self.defaults_ok = len(self.problems) == before
        self.inherited = progression or None
        given = {key: value for key, value in values.items() if value is not None}
        return Defaults(**given, given=frozenset(given))

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
        load = self.progression.load(table, path)
        progression = None
        if kind is not None:
            progression = self.progression.table(table, path, kind=kind)
            if target is not None and self.defaults_ok:
                self.progression.inherited(
                    progression,
                    self.inherited,
                    path,
                    kind=kind,
                    target=target,
                    has_load="load" in table,
                    written=table.get("progression"),
                )
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
            progression=progression,
            load=load,
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
