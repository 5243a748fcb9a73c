"""Helper processes (and a fault injector) for `test_reliability_storage.py`.

Usage:

``python tests/reliability_child.py lock HISTORY MODE SECONDS``
    Hold a lock on the history file, as another program might. MODE "write":
    ``BEGIN EXCLUSIVE`` (no other writer gets in); "read": an open read
    transaction (in rollback-journal mode no writer can commit). Prints "held"
    once the lock is taken, keeps it SECONDS (0: until a line or end of input
    arrives on stdin), then prints "released".

``python tests/reliability_child.py record HISTORY ROUTINE SPEED GO``
    Open the history, wait for the file GO to exist, then run the routine
    through a `Recorder` on a monotonic clock sped up SPEED times, confirming
    self-paced sets once their estimated length has passed. Prints the session
    id. Exits 0 when the session completed with no history problem, 3 otherwise.

``python tests/reliability_child.py resume HISTORY SESSION GO``
    Open the history, wait for the file GO to exist, then resume SESSION.
    Prints "claimed" or "elsewhere: <the message>".

``python tests/reliability_child.py plain FAULT FIRST LAST ROUTINE``
    ``legtimer run ROUTINE --plain`` with the history failing as FAULT
    ("readonly", "full" or "ioerror") for the write transactions numbered FIRST to LAST
    (counted from 1 once the history is open; LAST 0: to the end; FIRST 0: from
    before the history is opened, so it cannot even be created).

`Fault` and `install` are imported by the tests too: they make the store's
connection fail the way SQLite does, with its own error messages.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.clocks import FastClock

MESSAGES = {
    "readonly": "attempt to write a readonly database",
    "full": "database or disk is full",
    "ioerror": "disk I/O error",
}
# Statements that need to write to the file (a "full" disk fails them).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "PRAGMA JOURNAL_MODE")


@dataclass
class Fault:
    """Which write transactions fail, and how.

    "readonly" fails at ``BEGIN IMMEDIATE``, as SQLite does on a read-only file.
    "full" and "ioerror" fail the first statement that writes, and roll the
    transaction back first, as SQLite does on SQLITE_FULL
    (`test_the_real_engine_errors_...` checks that against the real engine).
    """

    kind: str
    first: int = 1
    last: int = 0
    armed: bool = False
    writes: int = 0  # write transactions begun since the fault was armed
    failures: int = 0

    def failing(self) -> bool:
        if not self.armed:
            return False
        return self.writes >= self.first and (self.last == 0 or self.writes <= self.last)

    def fail(self) -> None:
        self.failures += 1
        raise sqlite3.OperationalError(MESSAGES[self.kind])


def _connection_class(fault: Fault) -> type[sqlite3.Connection]:
    class FaultyConnection(sqlite3.Connection):
        def _check(self, sql: str) -> None:
            statement = " ".join(sql.split()).upper()
            if statement.startswith("BEGIN IMMEDIATE") and fault.armed:
                fault.writes += 1
                if fault.kind == "readonly" and fault.failing():
                    fault.fail()
            elif fault.kind != "readonly" and fault.failing() and statement.startswith(WRITES):
                if self.in_transaction:
                    super().execute("ROLLBACK")
                fault.fail()

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            self._check(sql)
            return super().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
            self._check(sql)
            return super().executemany(sql, *args)

    return FaultyConnection


def install(fault: Fault, setattr: Callable[[object, str, object], None]) -> None:
    """Make every connection the store opens from now on subject to `fault`.

    `setattr` is `monkeypatch.setattr` in a test, the builtin in a child. The
    fault arms itself once `HistoryStore.open` has returned, unless `first` is 0.
    """
    from legtimer.core.history import HistoryStore

    connect = functools.partial(sqlite3.connect, factory=_connection_class(fault))
    setattr(sqlite3, "connect", connect)
    opener = HistoryStore.open.__func__  # type: ignore[attr-defined]

    def open_then_arm(cls: type[HistoryStore], path: Path, /, **options: Any) -> HistoryStore:
        store: HistoryStore = opener(cls, path, **options)
        fault.armed = True
        return store

    if fault.first == 0:
        fault.armed = True
    else:
        setattr(HistoryStore, "open", classmethod(open_then_arm))


# --------------------------------------------------------------------------- modes


def lock(history: Path, mode: str, seconds: float) -> int:
    connection = sqlite3.connect(history, isolation_level=None, timeout=10)
    if mode == "write":
        connection.execute("BEGIN EXCLUSIVE")
    else:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM sessions").fetchone()
    print("held", flush=True)
    if seconds > 0:
        time.sleep(seconds)
    else:
        sys.stdin.readline()
    connection.execute("ROLLBACK")
    connection.close()
    print("released", flush=True)
    return 0


def record(history: Path, routine_id: str, speed: float, go: Path) -> int:
    from legtimer.core.history import HistoryStore
    from legtimer.core.history.recording import Recorder
    from legtimer.core.plan import build_plan
    from legtimer.core.routines.catalog import resolve

    plan = build_plan(resolve(routine_id))
    store = HistoryStore.open(history)
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    recorder = Recorder.new(plan, FastClock(speed), store)
    session = recorder.session
    recorder.start()
    while not session.over:
        recorder.poll()
        if not session.timed() and session.step_elapsed() >= session.step_length():
            session.done()
            continue
        time.sleep(0.001)
    store.close()
    print(recorder.session_id, flush=True)
    if recorder.problem is not None:
        print(f"reliability_child: history problem: {recorder.problem}", file=sys.stderr)
        return 3
    return 0


def resume(history: Path, session_id: str, go: Path) -> int:
    from legtimer.core.history import HistoryStore, RunningElsewhere
    from legtimer.core.history.recording import Recorder

    store = HistoryStore.open(history)
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    try:
        Recorder.resume(store, session_id, FastClock(1))
    except RunningElsewhere as error:
        print(f"elsewhere: {error}", flush=True)
    else:
        print("claimed", flush=True)
    store.close()
    return 0


def plain(kind: str, first: int, last: int, routine: str) -> int:
    import builtins

    from legtimer.cli import main as cli

    install(Fault(kind, first, last), builtins.setattr)
    return cli.main(["run", routine, "--plain"])


def main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "lock":
        return lock(Path(rest[0]), rest[1], float(rest[2]))
    if mode == "record":
        return record(Path(rest[0]), rest[1], float(rest[2]), Path(rest[3]))
    if mode == "resume":
        return resume(Path(rest[0]), rest[1], Path(rest[2]))
    if mode == "plain":
        return plain(rest[0], int(rest[1]), int(rest[2]), rest[3])
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
