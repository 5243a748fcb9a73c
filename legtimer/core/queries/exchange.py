"""The export/import format of the history (see docs/history.md).

`export_document` builds the JSON export of a whole `HistoryStore`,
`write_csv` the CSV one (a row per step), and `parse_import` reads a JSON
export back: it checks the *whole* file first and raises `ExchangeError`
with every problem found, so nothing is written unless all of it is good.
What it returns is what `HistoryStore.import_sessions` takes.
"""

from __future__ import annotations

import csv
import json
import math
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from legtimer.core.errors import plain_reason
from legtimer.core.history import HistoryStore, SessionSummary, Status, StepRow, iso_utc
from legtimer.core.plan import Side, StepKind
from legtimer.core.queries.csv_cells import neutralise
from legtimer.core.session import Outcome

FORMAT = "legtimer-history"
VERSION = 1

# A session's fields in the order they are written (the JSON export adds "steps").
SESSION_KEYS = (
    "id",
    "routine_id",
    "routine_name",
    "routine_source",
    "routine_toml",
    "started_at",
    "ended_at",
    "status",
    "planned_seconds",
    "sets_planned",
    "effort",
    "note",
    "active_seconds",
    "paused_seconds",
    "sets_done",
    "sets_skipped",
)
STEP_KEYS = tuple(field.name for field in fields(StepRow))

# CSV: one row per step; the session's columns (routine copy aside) come first, and
# those whose names a step also has are prefixed with "session_".
_CSV_SESSION_KEYS = tuple(key for key in SESSION_KEYS if key != "routine_toml")
CSV_COLUMNS = (
    *(f"session_{key}" if key in STEP_KEYS or key == "id" else key for key in _CSV_SESSION_KEYS),
    *STEP_KEYS,
)

# The times an import accepts: from the Unix epoch to a day ahead of the clock.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_AHEAD = timedelta(days=1)
# Bounds for whole numbers in an import (SQLite stores 64-bit integers).
MAX_COUNT = 1_000_000_000
MAX_PROBLEMS_SHOWN = 20

Progress = Callable[[], None]


def _nothing() -> None:
    pass


# --------------------------------------------------------------------------- export


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)


def session_record(summary: SessionSummary) -> dict[str, Any]:
    """One session as JSON-ready values: full id, times in ISO 8601 UTC (no routine copy)."""
    return {
        "id": summary.id,
        "routine_id": summary.routine_id,
        "routine_name": summary.routine_name,
        "routine_source": summary.routine_source,
        "started_at": _time(summary.started_at),
        "ended_at": _time(summary.ended_at),
        "status": summary.status,
        "planned_seconds": summary.planned_seconds,
        "sets_planned": summary.sets_planned,
        "effort": summary.effort,
        "note": summary.note,
        # Sums of millisecond values: rounded, so no 2191.0060000000003 appears.
        "active_seconds": round(summary.active_seconds, 3),
        "paused_seconds": round(summary.paused_seconds, 3),
        "sets_done": summary.sets_done,
        "sets_skipped": summary.sets_skipped,
    }


def step_record(step: StepRow) -> dict[str, Any]:
    record = {key: getattr(step, key) for key in STEP_KEYS}
    record["started_at"] = iso_utc(step.started_at)
    record["ended_at"] = iso_utc(step.ended_at)
    return record


def export_session(
    summary: SessionSummary, routine_toml: str, steps: list[StepRow]
) -> dict[str, Any]:
    record = session_record(summary)
    record["routine_toml"] = routine_toml
    ordered = {key: record[key] for key in SESSION_KEYS}
    ordered["steps"] = [step_record(step) for step in steps]
    return ordered


def export_document(
    store: HistoryStore | None,
    *,
    exported_at: datetime | None = None,
    progress: Progress = _nothing,
) -> dict[str, Any]:
    """The whole history as the JSON export (`store` None: an empty one)."""
    sessions = []
    if store is not None:
        for summary, routine_toml, steps in store.export_rows():
            sessions.append(export_session(summary, routine_toml, steps))
            progress()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_utc(exported_at or datetime.now(UTC)),
        "sessions": sessions,
    }


# json.dumps escapes C0 controls but writes DEL, C1 controls, bidi overrides and lone
# surrogates as they are; as \u escapes they read back the same and never reach a terminal raw.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dump_json(document: object) -> str:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, str):
        return neutralise(value)  # never a formula in a spreadsheet (csv_cells.py)
    return str(value)


def csv_rows(store: HistoryStore | None, *, progress: Progress = _nothing) -> Iterator[list[str]]:
    """The CSV export: a header, then a row per step (a session without steps: one row)."""
    yield list(CSV_COLUMNS)
    if store is None:
        return
    for summary, _routine_toml, steps in store.export_rows():
        session = session_record(summary)
        head = [_cell(session[key]) for key in _CSV_SESSION_KEYS]
        if not steps:
            yield head + [""] * len(STEP_KEYS)
        for step in steps:
            yield head + [_cell(getattr(step, key)) for key in STEP_KEYS]
        progress()


def write_csv(store: HistoryStore | None, stream: TextIO, *, progress: Progress = _nothing) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerows(csv_rows(store, progress=progress))


# --------------------------------------------------------------------------- import


class ExchangeError(Exception):
    """A file that cannot be imported, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_import(data: bytes | str, *, progress: Progress = _nothing) -> list[dict[str, Any]]:
    """Check a JSON export and return its sessions, ready for `HistoryStore.import_sessions`.

    Times come back in the store's own form (UTC, milliseconds) and ids in the
    canonical UUID form. Raises ExchangeError listing every problem.
    """
    return check_document(load_document(data), progress=progress)


def load_document(data: bytes | str) -> object:
    """The file as JSON, or ExchangeError saying where it stops being JSON."""
    return _load_json(data)


def session_count(document: object) -> int:
    """How many sessions a loaded document says it holds (0 when it is not an export)."""
    if isinstance(document, dict) and isinstance(document.get("sessions"), list):
        return len(document["sessions"])
    return 0


def check_document(
    document: object, *, progress: Progress = _nothing, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Check a loaded export: its format and version, then every session.

    Times must fall between 1970 and a day after `now` (default: the clock's now).
    """
    latest = (now or datetime.now(UTC)) + LATEST_AHEAD
    if not isinstance(document, dict):
        raise ExchangeError(
            [
                "this is not a legtimer history export: expected a JSON object, "
                f"not {_describe(document)}"
            ]
        )
    kind = document.get("format")
    if kind != FORMAT:
        found = 'has no "format"' if kind is None else f'its "format" is {_describe(kind)}'
        raise ExchangeError(
            [
                f'this is not a legtimer history export ({found}; expected "{FORMAT}"). '
                "`legtimer import` reads what `legtimer export --format json` writes."
            ]
        )
    version = document.get("version")
    if type(version) is not int:
        raise ExchangeError([f'"version": expected a whole number, not {_describe(version)}'])
    if version > VERSION:
        raise ExchangeError(
            [
                f"this export was written by a newer legtimer (export version {version}; "
                f"this legtimer reads version {VERSION}). Upgrade legtimer to import it."
            ]
        )
    if version < 1:
        raise ExchangeError([f'"version": there is no export version {version}'])
    raw_sessions = document.get("sessions")
    if not isinstance(raw_sessions, list):
        raise ExchangeError([f'"sessions": expected a list, not {_describe(raw_sessions)}'])

    problems: list[str] = []
    sessions: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(raw_sessions, 1):
        check = _Checker(_session_label(position, raw), latest=latest)
        session = check.session(raw)
        if session is not None and not check.problems:
            first = seen.setdefault(session["id"], position)
            if first != position:
                check.add("id", f"the same id as session {first}; a session appears only once")
        problems.extend(check.problems)
        if session is not None:
            sessions.append(session)
        progress()
    if problems:
        raise ExchangeError(problems)
    return sessions


def _load_json(data: bytes | str) -> object:
    if isinstance(data, bytes) and data.startswith(b"SQLite format 3\x00"):
        raise ExchangeError(
            [
                "this is a history database, not an export. To use it as your history, "
                "copy it into place while legtimer is closed (see docs/history.md); "
                "`legtimer import` reads what `legtimer export` writes."
            ]
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ExchangeError(
                [f"this is not UTF-8 text (line {line}, byte {error.start + 1}); is it an export?"]
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            [
                f"this is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
                "`legtimer import` reads the JSON or the CSV that `legtimer export` writes."
            ]
        ) from None
    except (RecursionError, ValueError) as error:
        raise ExchangeError([f"this is not usable JSON: {plain_reason(error)}"]) from None


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number a legtimer export can hold")


def _session_label(position: int, raw: object) -> str:
    label = f"session {position}"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        label += f" (id {raw['id'][:40]})"
    return label


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - json gives nothing else


_MISSING = object()


class _Checker:
    """Checks one session, collecting every problem with its field path."""

    def __init__(self, label: str, *, latest: datetime | None = None) -> None:
        self.label = label
        self.problems: list[str] = []
        self.latest = latest or datetime.now(UTC) + LATEST_AHEAD

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{self.label}: {path}: {message}")

    def _get(self, table: Mapping[str, Any], key: str, path: str) -> object:
        if key not in table:
            self.add(path, "missing")
            return _MISSING
        value: object = table[key]
        return value

    def text(
        self, table: Mapping[str, Any], key: str, path: str, *, empty_ok: bool = True
    ) -> str | None:
        value = self._get(table, key, path)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.add(path, f"expected a string, not {_describe(value)}")
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:  # JSON can spell a lone surrogate: "\ud800"
            self.add(path, f"holds {error.object[error.start]!r}, which is not a character")
            return None
        if not empty_ok and not value.strip():
            self.add(path, "must not be empty")
            return None
        return value

    def whole(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        minimum: int = 0,
        maximum: int = MAX_COUNT,
        nullable: bool = False,
    ) -> int | None:
        value = self._get(table, key, path)
        if value is _MISSING or (value is None and nullable):
            return None
        if type(value) is not int or not minimum <= value <= maximum:
            wanted = f"a whole number from {minimum} to {maximum}"
            if nullable:
                wanted += " or null"
            self.add(path, f"expected {wanted}, not {_describe(value)}")
            return None
        return value

    def seconds(
        self, table: Mapping[str, Any], key: str, path: str, *, negative_ok: bool = False
    ) -> float | None:
        value = self._get(table, key, path)
        if value is _MISSING:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or abs(value) > MAX_COUNT  # first: a huge whole number has no float to check
            or not math.isfinite(value)
            or (value < 0 and not negative_ok)
        ):
            wanted = "a number of seconds" + ("" if negative_ok else " (0 or more)")
            self.add(path, f"expected {wanted}, not {_describe(value)}")
            return None
        return float(value)

    def load(self, table: Mapping[str, Any], key: str, path: str) -> float | None:
        """A load, or null (bodyweight); left out by exports from before loads were kept."""
        value = table.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or abs(value) > MAX_COUNT
            or not math.isfinite(value)
            or value < 0
        ):
            self.add(path, f"expected a load (a number, 0 or more) or null, not {_describe(value)}")
            return None
        return float(value)

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        choices: tuple[str, ...],
        *,
        nullable: bool = False,
    ) -> str | None:
        value = self._get(table, key, path)
        if value is _MISSING or (value is None and nullable):
            return None
        if value not in choices:
            wanted = "one of " + ", ".join(choices) + (" or null" if nullable else "")
            self.add(path, f"expected {wanted}, not {_describe(value)}")
            return None
        assert isinstance(value, str)
        return value

    def time(
        self, table: Mapping[str, Any], key: str, path: str, *, nullable: bool = False
    ) -> str | None:
        value = self._get(table, key, path)
        if value is _MISSING or (value is None and nullable):
            return None
        wanted = "an ISO 8601 time with a time zone, such as 2026-11-22T07:30:00+00:00"
        if not isinstance(value, str):
            self.add(path, f"expected {wanted}, not {_describe(value)}")
            return None
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("no time zone")
            stored = iso_utc(moment)
        except (ValueError, OverflowError):
            self.add(path, f"expected {wanted}, not {_describe(value)}")
            return None
        if not EARLIEST <= moment <= self.latest:
            # Such dates are typing or clock mistakes, and local-time arithmetic on
            # them fails near the ends of the calendar (year 1, year 9999).
            self.add(
                path,
                f"{_describe(value)} is not a date legtimer accepts: a session time must be "
                f"from {EARLIEST:%Y-%m-%d} to a day from now ({self.latest:%Y-%m-%d})",
            )
            return None
        return stored

    def session(self, raw: object) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add("session", f"expected an object, not {_describe(raw)}")
            return None
        session: dict[str, Any] = {}
        identifier = self.text(raw, "id", "id")
        if identifier is not None:
            try:
                session["id"] = str(uuid.UUID(identifier))
            except ValueError:
                self.add("id", f"expected a UUID, not {_describe(identifier)}")
        session["routine_id"] = self.text(raw, "routine_id", "routine_id")
        session["routine_name"] = self.text(raw, "routine_name", "routine_name", empty_ok=False)
        session["routine_source"] = self.text(raw, "routine_source", "routine_source")
        session["routine_toml"] = self.text(raw, "routine_toml", "routine_toml")
        session["started_at"] = self.time(raw, "started_at", "started_at")
        session["ended_at"] = self.time(raw, "ended_at", "ended_at", nullable=True)
        session["status"] = self.choice(raw, "status", "status", Status.ALL)
        session["planned_seconds"] = self.seconds(raw, "planned_seconds", "planned_seconds")
        session["sets_planned"] = self.whole(raw, "sets_planned", "sets_planned")
        session["effort"] = self.whole(
            raw, "effort", "effort", minimum=1, maximum=10, nullable=True
        )
        session["note"] = self.text(raw, "note", "note")
        # Totals are recomputed from the steps; when given they must at least be numbers.
        for key in ("active_seconds", "paused_seconds"):
            if key in raw:
                self.seconds(raw, key, key)
        for key in ("sets_done", "sets_skipped"):
            if key in raw:
                self.whole(raw, key, key)
        session["steps"] = self.steps(raw)
        return session

    def steps(self, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
        value = self._get(raw, "steps", "steps")
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.add("steps", f"expected a list, not {_describe(value)}")
            return []
        steps: list[dict[str, Any]] = []
        indexes: dict[int, int] = {}
        for position, item in enumerate(value):
            path = f"steps[{position}]"
            step = self.step(item, path)
            if step is None:
                continue
            index = step["step_index"]
            if index is not None:
                earlier = indexes.setdefault(index, position)
                if earlier != position:
                    self.add(
                        f"{path}.step_index",
                        f"{index} is also the index of steps[{earlier}]; each step appears once",
                    )
            steps.append(step)
        return steps

    def step(self, raw: object, path: str) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add(path, f"expected an object, not {_describe(raw)}")
            return None

        def at(key: str) -> str:
            return f"{path}.{key}"

        kinds = tuple(kind.value for kind in StepKind)
        outcomes = tuple(outcome.value for outcome in Outcome)
        sides = tuple(side.value for side in Side)
        return {
            "step_index": self.whole(raw, "step_index", at("step_index")),
            "kind": self.choice(raw, "kind", at("kind"), kinds),
            "exercise": self.text(raw, "exercise", at("exercise")),
            "exercise_number": self.whole(raw, "exercise_number", at("exercise_number")),
            "block_name": self.text(raw, "block_name", at("block_name")),
            "round": self.whole(raw, "round", at("round")),
            "set_number": self.whole(raw, "set_number", at("set_number")),
            "side": self.choice(raw, "side", at("side"), sides, nullable=True),
            "planned_seconds": self.seconds(raw, "planned_seconds", at("planned_seconds")),
            "target": self.whole(raw, "target", at("target")),
            "outcome": self.choice(raw, "outcome", at("outcome"), outcomes),
            "started_at": self.time(raw, "started_at", at("started_at")),
            "ended_at": self.time(raw, "ended_at", at("ended_at")),
            "active_seconds": self.seconds(raw, "active_seconds", at("active_seconds")),
            "paused_seconds": self.seconds(raw, "paused_seconds", at("paused_seconds")),
            "adjusted_seconds": self.seconds(
                raw, "adjusted_seconds", at("adjusted_seconds"), negative_ok=True
            ),
            "reps": self.whole(raw, "reps", at("reps"), nullable=True),
            "target_load": self.load(raw, "target_load", at("target_load")),
            "load": self.load(raw, "load", at("load")),
        }
