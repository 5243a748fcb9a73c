"""Reliability of the history under trouble: locks, read-only files, a full disk, two writers.

The rule throughout: storage trouble gives a clear message, never a
traceback; it never stops a workout (the session runs to its end and exits by
how the session went); it never damages the file; and what could not be saved
is saved once the trouble clears.

Another process holds locks for real (`reliability_child.py lock`). A
read-only file and a full disk are real where they can be (PRAGMA query_only,
PRAGMA max_page_count, chmod when not running as root) and otherwise injected
into the store's connection with SQLite's own errors (`reliability_child.Fault`).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from legtimer.cli import main as cli
from legtimer.core import paths
from legtimer.core.history import HistoryError, HistoryStore, Status, opening
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, build_plan
from legtimer.core.queries import exchange
from legtimer.core.queries.sessions import count_sessions, list_sessions
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, State
from tests.reliability.reliability_child import Fault, install
from tests.support.factories import REPO, finish_step, recorded, run_to_end
from tests.support.processes import child_env

CHILD = Path(__file__).resolve().parent / "reliability_child.py"

# Four one-second steps: short enough to run for real.
TINY = """
name = "Tiny"
[defaults]
prepare = 0
rest_between_sets = 1
rest_after = 0
[[exercises]]
name = "Wall sit"
hold = 1
sets = 2
[[exercises]]
name = "Calf raise"
work = 1
"""
# Ten steps (a prepare, five sets, four rests), run on a FakeClock.
SHORT = """
name = "Short"
[defaults]
prepare = 5
rest_between_sets = 10
rest_after = 10
[[exercises]]
name = "Wall sit"
hold = 20
sets = 3
[[exercises]]
name = "Calf raise"
work = 15
sets = 2
"""
SHORT_TIMEOUT_MS = 200  # the busy timeout while a test waits for it to run out


# --------------------------------------------------------------------------- helpers


@contextmanager
def held_lock(
    history: Path, mode: str = "write", seconds: float = 0
) -> Iterator[Callable[[], None]]:
    """Another process holding a lock on `history`; call the yielded function to release it."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "lock", str(history), mode, str(seconds)],
        cwd=REPO,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None

    def release() -> None:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "released"
        assert child.wait(timeout=10) == 0

    try:
        assert child.stdout.readline().strip() == "held"
        yield release
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def problem_of(recorder: Recorder) -> str | None:
    """The recorder's problem now (a call, so mypy does not carry an earlier `is None` over)."""
    return recorder.problem


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        result: str = connection.execute("PRAGMA integrity_check").fetchone()[0]
        return result
    finally:
        connection.close()


def assert_saved_in_full(store: HistoryStore, recorder: Recorder) -> None:
    """The session is in the history, completed, with every step exactly once."""
    assert recorder.session_id is not None
    summary = store.session(recorder.session_id)
    assert summary is not None
    assert summary.status == Status.COMPLETED
    steps = store.steps(recorder.session_id)
    assert [row.step_index for row in steps] == list(range(len(recorder.plan.steps)))
    assert summary.sets_done == summary.sets_planned == len(recorder.plan.active_steps)


def moved_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


@pytest.fixture
def path() -> Path:
    return paths.history_path()


@pytest.fixture
def plan() -> Plan:
    return build_plan(parse_routine(SHORT))


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores opened from now on give up on a lock after SHORT_TIMEOUT_MS."""
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", SHORT_TIMEOUT_MS)


# --------------------------------------------------------------------------- a locked file


def test_a_write_waits_for_a_lock_that_another_process_releases(path: Path, plan: Plan) -> None:
    store = HistoryStore.open(path)
    with held_lock(path, seconds=1.0):
        began = time.monotonic()
        session_id = store.begin_session(plan, SHORT, datetime.now(UTC))
        waited = time.monotonic() - began
    assert waited > 0.5, "the write did not wait for the other process's lock"
    assert store.session(session_id) is not None
    store.close()
    assert integrity(path) == "ok"


@pytest.mark.usefixtures("short_timeout")
def test_a_lock_held_past_the_timeout_is_a_clear_error_and_harms_nothing(
    path: Path, plan: Plan
) -> None:
    store = HistoryStore.open(path)
    kept = recorded(store, plan)
    assert kept.session_id is not None
    with held_lock(path) as release:
        began = time.monotonic()
        with pytest.raises(HistoryError, match="is locked by another program"):
            store.begin_session(plan, SHORT, datetime.now(UTC))
        assert time.monotonic() - began >= SHORT_TIMEOUT_MS / 1000 * 0.8  # it did wait
        with pytest.raises(HistoryError, match="locked"):
            store.delete_session(kept.session_id)
        release()
    assert not store.connection.in_transaction
    assert count_sessions(store) == 1
    assert_saved_in_full(store, kept)
    store.begin_session(plan, SHORT, datetime.now(UTC))  # usable again
    assert count_sessions(store) == 2
    store.close()
    assert integrity(path) == "ok"


@pytest.mark.usefixtures("short_timeout")
def test_a_session_runs_on_through_a_lock_and_saves_every_step_once_it_is_released(
    path: Path, plan: Plan
) -> None:
    store = HistoryStore.open(path)
    clock = FakeClock()
    recorder = Recorder.new(plan, clock, store)
    recorder.start()
    finish_step(recorder, clock)
    assert recorder.problem is None
    with held_lock(path) as release:
        for _ in range(3):
            finish_step(recorder, clock)
        problem = problem_of(recorder)
        assert problem is not None and "locked by another program" in problem
        assert recorder.session.index == 4  # the workout went on
        assert recorder.session_id is not None
        assert len(store.steps(recorder.session_id)) == 1  # the rest wait to be saved
        release()
    run_to_end(recorder, clock)
    assert recorder.session.state is State.FINISHED
    assert problem_of(recorder) == problem  # reported once, not replaced
    assert_saved_in_full(store, recorder)
    store.close()
    assert integrity(path) == "ok"


@pytest.mark.usefixtures("short_timeout")
def test_a_session_begun_while_the_history_is_locked_is_saved_once_it_is_released(
    path: Path, plan: Plan
) -> None:
    store = HistoryStore.open(path)
    clock = FakeClock()
    recorder = Recorder.new(plan, clock, store)
    with held_lock(path) as release:
        recorder.start()
        finish_step(recorder, clock)
        assert recorder.problem is not None and "locked" in recorder.problem
        assert recorder.session_id is None
        release()
    run_to_end(recorder, clock)
    assert count_sessions(store) == 1
    assert_saved_in_full(store, recorder)
    store.close()


@pytest.mark.usefixtures("short_timeout")
def test_a_commit_that_finds_the_file_busy_leaves_the_store_usable(
    path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without WAL (a file system without shared memory) a reader blocks the COMMIT itself.

    The transaction must not be left open: the next write would fail forever with
    "cannot start a transaction within a transaction".
    """

    def rollback_journal(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA journal_mode = DELETE")

    monkeypatch.setattr(opening, "_enable_wal", rollback_journal)
    store = HistoryStore.open(path)
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    clock = FakeClock()
    recorder = Recorder.new(plan, clock, store)
    recorder.start()
    with held_lock(path, mode="read") as release:
        with pytest.raises(HistoryError, match="locked"):
            store.rate_session(recorder.session_id or "", 5, "")
        finish_step(recorder, clock)
        assert recorder.problem is not None and "locked" in recorder.problem
        release()
    assert not store.connection.in_transaction
    run_to_end(recorder, clock)
    assert_saved_in_full(store, recorder)
    store.close()
    assert integrity(path) == "ok"


# --------------------------------------------------------------------------- read-only, full


@pytest.mark.parametrize("kind", ["readonly", "full"])
def test_the_real_engine_errors_give_clear_messages_and_leave_the_store_usable(
    kind: str, path: Path, plan: Plan
) -> None:
    """SQLite's own read-only and disk-full failures, with no simulation in between."""
    store = HistoryStore.open(path)
    recorded(store, plan)
    connection = store.connection
    if kind == "readonly":
        connection.execute("PRAGMA query_only = ON")
        expected = "is read-only; this session is not being saved"
    else:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        expected = "is full; this session is not being saved"
    big_copy = SHORT + "#" * 50_000  # needs new pages
    with pytest.raises(HistoryError, match=expected):
        store.begin_session(plan, big_copy, datetime.now(UTC))
    assert not connection.in_transaction
    assert count_sessions(store) == 1
    connection.execute("PRAGMA query_only = OFF")
    connection.execute("PRAGMA max_page_count = 1073741823")
    store.begin_session(plan, big_copy, datetime.now(UTC))
    assert count_sessions(store) == 2
    store.close()
    assert integrity(path) == "ok"


def _chmod_stops_writes(tmp_path: Path) -> bool:
    folder = tmp_path / "probe"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "file").write_text("")
    except PermissionError:
        return True
    else:
        return False
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("what", ["folder and file", "file"])
def test_a_read_only_history_for_real(what: str, path: Path, plan: Plan, tmp_path: Path) -> None:
    if not _chmod_stops_writes(tmp_path):
        pytest.skip("running as root: chmod does not stop writes (the Fault tests cover it)")
    store = HistoryStore.open(path)
    recorded(store, plan)
    store.close()
    path.chmod(0o400)
    if what == "folder and file":
        path.parent.chmod(0o500)
    try:
        try:
            store = HistoryStore.open(path)
        except HistoryError as error:
            assert "read-only" in str(error)
        else:
            with pytest.raises(HistoryError, match="read-only; this session is not being saved"):
                store.begin_session(plan, SHORT, datetime.now(UTC))
            assert count_sessions(store) == 1
            store.close()
        assert not moved_aside(path)
    finally:
        path.parent.chmod(0o700)
        path.chmod(0o600)
    store = HistoryStore.open(path)
    assert count_sessions(store) == 1
    store.close()


@pytest.mark.parametrize(
    ("kind", "first", "last", "saved_steps"),
    [
        ("readonly", 1, 0, None),  # never writable: no session row at all
        ("full", 1, 0, None),
        ("readonly", 3, 0, [0]),  # the session row and one step, then nothing
        ("full", 3, 0, [0]),
        ("readonly", 2, 4, "all"),  # trouble that clears: everything saved in the end
        ("full", 2, 4, "all"),
    ],
)
def test_a_session_runs_to_the_end_whatever_the_history_does(
    kind: str,
    first: int,
    last: int,
    saved_steps: list[int] | str | None,
    path: Path,
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = Fault(kind, first, last)
    install(fault, monkeypatch.setattr)
    store = HistoryStore.open(path)
    clock = FakeClock()
    recorder = Recorder.new(plan, clock, store)
    recorder.start()
    run_to_end(recorder, clock)
    assert fault.failures >= 1
    assert recorder.session.state is State.FINISHED
    assert recorder.summary().sets_done == len(plan.active_steps)
    word = "read-only" if kind == "readonly" else "full"
    assert recorder.problem is not None
    assert f"{word}; this session is not being saved" in recorder.problem
    assert not store.connection.in_transaction
    if saved_steps is None:
        assert count_sessions(store) == 0
    elif saved_steps == "all":
        assert_saved_in_full(store, recorder)
    else:
        assert recorder.session_id is not None
        assert [row.step_index for row in store.steps(recorder.session_id)] == saved_steps
    store.close()
    assert integrity(path) == "ok"


@pytest.mark.parametrize(("kind", "message"), [("full", "is full"), ("readonly", "is read-only")])
def test_a_history_that_cannot_be_created_is_an_error_not_damage(
    kind: str, message: str, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh history on a full disk or in a read-only place: say so, move nothing aside."""
    install(Fault(kind, first=0), monkeypatch.setattr)
    with pytest.raises(HistoryError, match=message):
        HistoryStore.open(path)
    assert not moved_aside(path)


def test_an_io_error_on_opening_is_a_clear_error_not_damage(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only real corruption is damage: an I/O error names the file and moves nothing."""
    HistoryStore.open(path).close()
    install(Fault("ioerror", first=0), monkeypatch.setattr)
    with pytest.raises(HistoryError, match=r"cannot open the history file .*disk I/O error"):
        HistoryStore.open(path)
    assert not moved_aside(path)


def test_a_history_that_cannot_be_created_after_damage_is_an_error_not_a_crash(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged file is moved aside; if the new file fails too, say so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all " * 100)
    install(Fault("ioerror", first=0), monkeypatch.setattr)
    with pytest.raises(HistoryError, match=r"a new one cannot be started there: .*disk I/O error"):
        HistoryStore.open(path)
    assert len(moved_aside(path)) == 1  # moved, never deleted


def test_the_plain_runner_completes_and_exits_0_whatever_the_history_does(
    tmp_path: Path,
) -> None:
    """`legtimer run FILE --plain` for real (4 s of timers), three histories failing at once."""
    routine = tmp_path / "tiny.toml"
    routine.write_text(TINY, encoding="utf-8")
    cases = {
        "readonly": ("readonly", 1, 0),  # never writable
        "full": ("full", 3, 0),  # the disk fills after the first step
        "cannot-create": ("full", 0, 0),  # a fresh history on a full disk
    }
    children = {}
    for name, (kind, first, last) in cases.items():
        env = child_env()
        env[paths.DATA_DIR_ENV] = str(tmp_path / name)
        children[name] = subprocess.Popen(
            [sys.executable, str(CHILD), "plain", kind, str(first), str(last), str(routine)],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for name, child in children.items():
        out, err = child.communicate(timeout=60)
        results[name] = (child.returncode, out, err)

    expected_messages = {
        "readonly": "is read-only; this session is not being saved",
        "full": "is full; this session is not being saved",
        "cannot-create": "this session will not be saved",
    }
    for name, (status, out, err) in results.items():
        assert "Traceback" not in err, f"{name}: {err}"
        assert status == 0, f"{name}: exit {status}\n{out}\n{err}"
        assert "session complete" in out
        assert "3 of 3 sets done" in out
        assert "saved to history" not in out
        messages = [line for line in err.splitlines() if line.startswith("legtimer: ")]
        assert len(messages) == 1, f"{name}: the problem must be told once: {err}"
        assert expected_messages[name] in messages[0]

    def history_in(name: str) -> Path:
        return tmp_path / name / "history.sqlite3"

    with _opened(history_in("readonly")) as store:
        assert count_sessions(store) == 0
    with _opened(history_in("full")) as store:
        (only,) = list_sessions(store)
        assert only.status == Status.IN_PROGRESS  # its ending could not be saved
        assert [row.step_index for row in store.steps(only.id)] == [0]
    assert not moved_aside(history_in("cannot-create"))
    for name in cases:
        if history_in(name).exists() and history_in(name).stat().st_size:
            assert integrity(history_in(name)) == "ok"


@contextmanager
def _opened(path: Path) -> Iterator[HistoryStore]:
    store = HistoryStore.open(path)
    try:
        yield store
    finally:
        store.close()


# --------------------------------------------------------------------------- import


def _export_with_new_sessions(plan: Plan, count: int, copy_size: int) -> dict[str, object]:
    """An export of `count` sessions not in the history, each with a large routine copy."""
    scratch = HistoryStore.open(paths.data_dir() / "scratch.sqlite3")
    recorder = recorded(scratch, plan)
    document = exchange.export_document(scratch)
    scratch.close()
    assert recorder.session_id is not None
    (template,) = document["sessions"]
    sessions = []
    for number in range(count):
        session = json.loads(json.dumps(template))
        session["id"] = str(uuid.uuid4())
        session["routine_toml"] = SHORT + f"# {number}\n" + "#" * copy_size
        sessions.append(session)
    document["sessions"] = sessions
    return document


def test_an_import_that_fills_the_disk_part_way_writes_nothing(
    path: Path,
    plan: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = HistoryStore.open(path)
    recorded(store, plan)
    store.close()
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_export_with_new_sessions(plan, 30, 3000)), encoding="utf-8")
    capsys.readouterr()

    opener = HistoryStore.open.__func__  # type: ignore[attr-defined]
    disk = {"full": True}

    def nearly_full(cls: type[HistoryStore], where: Path, /, **options: object) -> HistoryStore:
        opened: HistoryStore = opener(cls, where, **options)
        if disk["full"]:
            pages = opened.connection.execute("PRAGMA page_count").fetchone()[0]
            opened.connection.execute(f"PRAGMA max_page_count = {pages + 8}")  # room for a few
        return opened

    monkeypatch.setattr(HistoryStore, "open", classmethod(nearly_full))
    status = cli.main(["import", str(export)])
    captured = capsys.readouterr()
    assert status == 1
    assert "is full" in captured.err
    assert "Traceback" not in captured.err
    store = HistoryStore.open(path)
    assert count_sessions(store) == 1  # not one of the sessions that did fit
    store.close()
    assert integrity(path) == "ok"

    disk["full"] = False
    assert cli.main(["import", str(export)]) == 0  # with room, the same file goes in whole
    store = HistoryStore.open(path)
    assert count_sessions(store) == 31
    store.close()


# --------------------------------------------------------------------------- two writers


ROUTINES = ("stability", "lower-body-extras")
SPEED = 900  # ~21 min routines in ~1.4 s


def test_two_processes_recording_at_once_lose_nothing(path: Path) -> None:
    HistoryStore.open(path).close()
    go = path.with_name("go")
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), "record", str(path), routine, str(SPEED), str(go)],
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for routine in ROUTINES
    ]
    store = HistoryStore.open(path)
    time.sleep(0.3)  # let both open the history and wait at the start line
    go.touch()
    # Meanwhile this process reads as the app's review screen would: a live session
    # is never taken for an interrupted one.
    while any(child.poll() is None for child in children):
        assert store.resumable() == []
        time.sleep(0.02)
    outputs = [child.communicate(timeout=60) for child in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    ids = [out.strip() for out, _ in outputs]
    for session_id, routine in zip(ids, ROUTINES, strict=True):
        plan = build_plan(resolve(routine))
        summary = store.session(session_id)
        assert summary is not None
        assert summary.status == Status.COMPLETED
        steps = store.steps(session_id)
        assert [row.step_index for row in steps] == list(range(len(plan.steps)))
        assert summary.sets_done == summary.sets_planned == len(plan.active_steps)
    total = store.connection.execute("SELECT count(*) FROM steps").fetchone()[0]
    assert total == sum(len(build_plan(resolve(r)).steps) for r in ROUTINES)
    store.close()
    assert integrity(path) == "ok"
