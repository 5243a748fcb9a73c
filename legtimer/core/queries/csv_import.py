"""Reading an export back, JSON or CSV.

`load_export` takes what `legtimer export` wrote in either format and returns
the document `exchange.check_document` checks. A CSV export (a row per step,
see docs/history.md) is turned back into that document: its rows grouped by
session, numbers read as numbers, empty cells of nullable fields as null and
the cells `csv_cells.neutralise` quoted restored to their text. It holds no
copy of the routine, so a session imported from CSV has none.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from legtimer.core.queries import exchange
from legtimer.core.queries.csv_cells import restore

_CSV_SESSION_KEYS = tuple(key for key in exchange.SESSION_KEYS if key != "routine_toml")
# The CSV column of each session field (some carry a "session_" prefix).
SESSION_COLUMNS = dict(zip(_CSV_SESSION_KEYS, exchange.CSV_COLUMNS, strict=False))
STEP_COLUMNS = exchange.CSV_COLUMNS[len(_CSV_SESSION_KEYS) :]

WHOLE = frozenset(
    {
        "sets_planned",
        "effort",
        "sets_done",
        "sets_skipped",
        "step_index",
        "exercise_number",
        "round",
        "set_number",
        "target",
        "reps",
    }
)
NUMBER = frozenset(
    {
        "planned_seconds",
        "active_seconds",
        "paused_seconds",
        "adjusted_seconds",
        "target_load",
        "load",
    }
)
NULLABLE = frozenset({"ended_at", "effort", "side", "reps", "target_load", "load"})
_WHOLE_CELL = re.compile(r"-?[0-9]{1,18}")


def is_csv_export(data: bytes | str) -> bool:
    """True when the file starts like a CSV export (its header's first column)."""
    head = data[:64]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    return head.removeprefix("\ufeff").startswith(exchange.CSV_COLUMNS[0] + ",")


def load_export(data: bytes | str) -> object:
    """A JSON or CSV export as a document for `exchange.check_document`."""
    if is_csv_export(data):
        return load_csv(data)
    return exchange.load_document(data)


def load_csv(data: bytes | str) -> dict[str, Any]:
    """A CSV export as the JSON export's document; ExchangeError when it cannot be read."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise exchange.ExchangeError(
                [f"this is not UTF-8 text (line {line}, byte {error.start + 1})"]
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        _check_header(header)
        sessions: dict[str, dict[str, Any]] = {}
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                raise exchange.ExchangeError(
                    [
                        f"line {reader.line_num}: expected {len(header)} cells, "
                        f"found {len(row)}; is the file complete?"
                    ]
                )
            _add_row(sessions, dict(zip(header, row, strict=True)))
    except csv.Error as error:
        raise exchange.ExchangeError(
            [f"this CSV cannot be read (line {reader.line_num}: {error})"]
        ) from None
    return {
        "format": exchange.FORMAT,
        "version": exchange.VERSION,
        "sessions": list(sessions.values()),
    }


def _check_header(header: list[str]) -> None:
    if header == list(exchange.CSV_COLUMNS):
        return
    missing = [column for column in exchange.CSV_COLUMNS if column not in header]
    unknown = [column for column in header if column not in exchange.CSV_COLUMNS]
    detail = []
    if missing:
        detail.append("missing " + ", ".join(missing))
    if unknown:
        detail.append("unknown " + ", ".join(unknown[:5]))
    if not detail:
        detail.append("the columns are in another order")
    raise exchange.ExchangeError(
        [
            "this CSV does not have the columns `legtimer export --format csv` writes ("
            + "; ".join(detail)
            + ")"
        ]
    )


def _add_row(sessions: dict[str, dict[str, Any]], cells: dict[str, str]) -> None:
    session_id = cells[SESSION_COLUMNS["id"]]
    session = sessions.get(session_id)
    if session is None:
        session = {key: _value(key, cells[column]) for key, column in SESSION_COLUMNS.items()}
        session["routine_toml"] = ""  # a CSV export holds no copy of the routine
        session["steps"] = []
        sessions[session_id] = session
    if cells["step_index"] == "":
        return  # the one row of a session with no saved step
    session["steps"].append({key: _value(key, cells[key]) for key in STEP_COLUMNS})


def _value(key: str, cell: str) -> object:
    """A cell as the JSON export would hold it; a cell that is not what the field
    needs is kept as text, so the checker names the field and what it found."""
    if key in NULLABLE and cell == "":
        return None
    if key in WHOLE:
        return int(cell) if _WHOLE_CELL.fullmatch(cell) else cell
    if key in NUMBER:
        try:
            return float(cell) if len(cell) < 40 else cell
        except ValueError:
            return cell
    return restore(cell)
