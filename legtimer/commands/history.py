"""`legtimer history`, `history show`, `stats`, `export` and `import` (being written)."""

from __future__ import annotations

from datetime import date


def listing(
    *, routine: str | None, since: date | None, until: date | None, limit: int, as_json: bool
) -> int:
    raise NotImplementedError


def show(session_id: str) -> int:
    raise NotImplementedError


def stats() -> int:
    raise NotImplementedError


def export(fmt: str, output: str | None) -> int:
    raise NotImplementedError


def import_file(file: str) -> int:
    raise NotImplementedError
