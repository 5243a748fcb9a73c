"""`legtimer history`, `history show`, `stats`, `export` and `import`, run as a user would."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from legtimer.cli import history as history_command
from legtimer.cli.main import main
from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.queries.exchange import CSV_COLUMNS, STEP_KEYS
from tests.cli.test_cli_fuzz_text import fast_plain  # noqa: F401 (a fixture)
from tests.support.factories import lopsided_plank, noon, record


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "220")  # Rich tables without wrapped cells


@pytest.fixture
def three(store: HistoryStore) -> list[str]:
    """Three sessions: a complete one rated 7, one stopped early, a lopsided side plank."""
    today = datetime.now().date()
    complete = record(store, start=noon(today - timedelta(days=2)))
    store.rate_session(complete, 7, "steady on the left")
    stopped = record(store, "strength", start=noon(today - timedelta(days=1)), steps=4)
    plank = lopsided_plank(store, right_seconds=20, start=noon(today))
    assert plank.session_id is not None
    return [complete, stopped, plank.session_id]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def exported(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(capsys, "export")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


# --------------------------------------------------------------------------- a fresh install


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["history"], "No sessions yet"),
        (["history", "--routine", "stability"], "No sessions match"),
        (["stats"], "No sessions yet"),
    ],
)
def test_read_only_commands_create_nothing_on_a_fresh_install(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert expected in out
    assert not paths.history_path().exists()
    assert not paths.data_dir().exists()


def test_json_and_export_on_a_fresh_install(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "--json")
    assert (code, json.loads(out)) == (0, [])
    document = exported(capsys)
    assert (document["format"], document["version"], document["sessions"]) == (
        "legtimer-history",
        1,
        [],
    )
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    assert out.splitlines() == [",".join(CSV_COLUMNS)]
    code, _, err = run(capsys, "history", "show", "abcd")
    assert code == 1 and "no session 'abcd'" in err
    assert not paths.data_dir().exists()


# --------------------------------------------------------------------------- history


def test_history_lists_sessions_newest_first(
    capsys: pytest.CaptureFixture[str], three: list[str], store: HistoryStore
) -> None:
    code, out, err = run(capsys, "history")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    rows = [line for line in lines if any(i[:8] in line for i in three)]
    assert [next(i[:8] for i in three if i[:8] in row) for row in rows] == [
        i[:8] for i in three[::-1]
    ]
    complete = next(row for row in rows if three[0][:8] in row)
    assert "Stability" in complete and "15/15" in complete
    assert "completed" in complete and "7/10" in complete
    started = store.session(three[0]).started_at  # type: ignore[union-attr]
    assert started.astimezone().strftime("%Y-%m-%d %H:%M") in complete
    stopped = next(row for row in rows if three[1][:8] in row)
    assert "Strength" in stopped and "stopped early" in stopped


def test_history_filters_and_limit(capsys: pytest.CaptureFixture[str], three: list[str]) -> None:
    code, out, _ = run(capsys, "history", "--routine", "strength")
    assert code == 0 and three[1][:8] in out and three[0][:8] not in out
    code, out, _ = run(capsys, "history", "--routine", "Stability")  # by name
    assert three[0][:8] in out and three[1][:8] not in out
    code, out, _ = run(capsys, "history", "--limit", "1")
    assert three[2][:8] in out and three[0][:8] not in out
    assert "Showing 1 of 3" in out
    today = datetime.now().date()
    code, out, _ = run(capsys, "history", "--since", str(today - timedelta(days=1)))
    assert three[1][:8] in out and three[2][:8] in out and three[0][:8] not in out
    code, out, _ = run(capsys, "history", "--until", str(today - timedelta(days=2)))
    assert three[0][:8] in out and three[1][:8] not in out
    code, out, _ = run(capsys, "history", "--routine", "stabilty")
    assert "No sessions match" in out and "Stability" in out  # a close name is suggested


def test_history_refuses_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "history", "--limit", "0")
    assert code == 1 and "--limit" in err
    code, _, err = run(capsys, "history", "--since", "2026-03-05", "--until", "2026-03-01")
    assert code == 1 and "after" in err
    with pytest.raises(SystemExit) as info:
        main(["history", "--since", "last tuesday"])
    assert info.value.code == 2


def test_history_json(capsys: pytest.CaptureFixture[str], three: list[str]) -> None:
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0
    sessions = json.loads(out)
    assert [s["id"] for s in sessions] == three[::-1]
    first = sessions[-1]
    assert first["routine_name"] == "Stability"
    assert first["status"] == "completed"
    assert (first["effort"], first["note"]) == (7, "steady on the left")
    assert first["started_at"].endswith("+00:00")
    assert datetime.fromisoformat(first["ended_at"]) > datetime.fromisoformat(first["started_at"])
    assert "routine_toml" not in first


# --------------------------------------------------------------------------- history show


def test_history_show_by_prefix(capsys: pytest.CaptureFixture[str], three: list[str]) -> None:
    code, out, err = run(capsys, "history", "show", three[0][:6].upper())
    assert (code, err) == (0, "")
    assert three[0] in out
    assert "Stability" in out and "completed" in out and "7/10" in out
    assert "steady on the left" in out
    assert "Planned vs done" in out and "Every step" in out
    squat_lines = [line for line in out.splitlines() if "Single-leg squats" in line]
    assert any("left" in line and "3/3" in line and "24 reps" in line for line in squat_lines)
    assert any("right" in line for line in squat_lines)
    assert any("Single-leg squats, left, set 1" in line for line in out.splitlines())


def test_history_show_of_a_stopped_session(
    capsys: pytest.CaptureFixture[str], three: list[str]
) -> None:
    code, out, _ = run(capsys, "history", "show", three[1])
    assert code == 0
    assert "stopped early" in out
    assert "partial" in out  # the step in progress when it was stopped


def test_history_show_of_an_unknown_or_ambiguous_id(
    capsys: pytest.CaptureFixture[str], three: list[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "history", "show", "ffffffff-0000")
    assert code == 1 and out == ""
    assert "no session 'ffffffff-0000'" in err
    code, _, err = run(capsys, "history", "show", "not an id")
    assert code == 1 and "not a session id" in err
    # Two sessions whose ids share a prefix.
    document = exported(capsys)
    twins = []
    for n, base in enumerate(document["sessions"][:2]):
        twins.append({**base, "id": f"abcdef00-0000-4000-8000-00000000000{n}"})
    source = tmp_path / "twins.json"
    source.write_text(json.dumps({**document, "sessions": twins}), encoding="utf-8")
    assert run(capsys, "import", str(source))[0] == 0
    code, _, err = run(capsys, "history", "show", "abcdef")
    assert code == 1 and "more than one" in err
    code, out, _ = run(capsys, "history", "show", "abcdef00-0000-4000-8000-000000000001")
    assert code == 0 and "Strength" in out


# --------------------------------------------------------------------------- stats


def test_stats(capsys: pytest.CaptureFixture[str], three: list[str]) -> None:
    code, out, err = run(capsys, "stats")
    assert (code, err) == (0, "")
    assert "This week" in out and "This month" in out and "All time" in out
    all_time = next(line for line in out.splitlines() if "All time" in line)
    assert " 3 " in all_time  # sessions
    assert "Day streak" in out and "3 days now, longest 3 days" in out
    assert "Week streak (2+ sessions a week)" in out
    assert "Personal bests" in out
    plank_lines = [line for line in out.splitlines() if line.count("Side plank")]
    left = next(line for line in plank_lines if " left " in line)
    right = next(line for line in plank_lines if " right " in line)
    assert "0:30" in left and "0:20" in right
    assert "left +10 s" in right  # the imbalance, on the weaker side's row
    squats = next(line for line in out.splitlines() if "Single-leg squats" in line)
    assert "8 reps" in squats


def test_stats_streak_ended(capsys: pytest.CaptureFixture[str], store: HistoryStore) -> None:
    today = datetime.now().date()
    for back in (9, 8, 7):
        record(store, start=noon(today - timedelta(days=back)), steps=2)
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "0 days now, longest 3 days" in out


# --------------------------------------------------------------------------- export / import


def test_export_then_import_into_a_fresh_history_round_trips(
    capsys: pytest.CaptureFixture[str],
    three: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "backup.json"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 0 and out == ""
    assert "3 sessions" in err
    first = json.loads(target.read_text(encoding="utf-8"))
    assert [s["id"] for s in first["sessions"]] == three  # oldest first
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "elsewhere"))
    code, out, err = run(capsys, "import", str(target))
    assert (code, err) == (0, "")
    assert "added 3, already present 0" in out
    again = exported(capsys)
    first.pop("exported_at")
    again.pop("exported_at")
    assert again == first

    code, out, _ = run(capsys, "import", str(target))
    assert code == 0 and "added 0, already present 3" in out
    assert len(exported(capsys)["sessions"]) == 3
    # The imported history works like any other.
    code, out, _ = run(capsys, "history", "show", three[0][:8])
    assert code == 0 and "Planned vs done" in out


def test_export_to_stdout_matches_the_file(
    capsys: pytest.CaptureFixture[str], three: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("an older export", encoding="utf-8")
    assert run(capsys, "export", "--output", str(target))[0] == 0
    from_file = json.loads(target.read_text(encoding="utf-8"))
    to_stdout = exported(capsys)
    from_file.pop("exported_at")
    to_stdout.pop("exported_at")
    assert from_file == to_stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


def test_export_to_a_missing_folder_fails_cleanly(
    capsys: pytest.CaptureFixture[str], three: list[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "nope" / "out.json"))
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == 1 and "folder" in err


def test_csv_export_has_a_header_and_a_row_per_step(
    capsys: pytest.CaptureFixture[str], three: list[str], store: HistoryStore
) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(CSV_COLUMNS)
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == sum(len(store.steps(i)) for i in three)
    complete = [row for row in body if row["session_id"] == three[0]]
    assert [int(row["step_index"]) for row in complete] == list(range(len(complete)))
    assert {row["routine_name"] for row in complete} == {"Stability"}
    assert {row["effort"] for row in complete} == {"7"}
    squat = next(row for row in complete if row["kind"] == "reps")
    assert (squat["side"], squat["reps"], squat["outcome"]) == ("left", "8", "done")
    assert all(set(STEP_KEYS) <= set(row) for row in body)


# --------------------------------------------------------------------------- bad imports


def write(tmp_path: Path, document: object) -> Path:
    target = tmp_path / "in.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def assert_refused(capsys: pytest.CaptureFixture[str], source: Path, *messages: str) -> None:
    before = paths.history_path().exists()
    code, out, err = run(capsys, "import", str(source))
    assert code == 1, out
    for message in messages:
        assert message in err, err
    assert "Nothing was imported" in err
    assert paths.history_path().exists() == before


def test_import_of_a_file_that_is_not_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text('{\n  "format": "legtimer-history",\n  oops\n}', encoding="utf-8")
    assert_refused(capsys, source, "not valid JSON", "line 3, column 3")
    source.write_text("session_id,routine_id\n", encoding="utf-8")
    assert_refused(capsys, source, "does not have the columns", "missing routine_name")


def test_import_of_a_file_of_the_wrong_format_or_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert_refused(
        capsys,
        write(tmp_path, {"format": "something-else", "version": 1, "sessions": []}),
        'its "format" is "something-else"',
    )
    assert_refused(capsys, write(tmp_path, [1, 2]), "expected a JSON object")
    assert_refused(
        capsys,
        write(tmp_path, {"format": "legtimer-history", "version": 2, "sessions": []}),
        "newer legtimer",
    )


def test_a_bad_session_stops_the_whole_import(
    capsys: pytest.CaptureFixture[str], three: list[str], tmp_path: Path
) -> None:
    document = exported(capsys)
    count_before = len(document["sessions"])
    fresh = dict(document)
    # New ids, so that a good session would be added if anything were written.
    fresh["sessions"] = [
        {**s, "id": f"00000000-0000-4000-8000-00000000000{n}"}
        for n, s in enumerate(document["sessions"])
    ]
    del fresh["sessions"][1]["status"]
    fresh["sessions"][2]["sets_planned"] = "ten"
    fresh["sessions"][2]["steps"][1]["outcome"] = "finished"
    assert_refused(
        capsys,
        write(tmp_path, fresh),
        "session 2 (id 00000000-0000-4000-8000-000000000001): status: missing",
        "session 3 (id 00000000-0000-4000-8000-000000000002): sets_planned: "
        'expected a whole number from 0 to 1000000000, not "ten"',
        'steps[1].outcome: expected one of done, skipped, partial, not "finished"',
    )
    assert len(exported(capsys)["sessions"]) == count_before


def test_a_wrong_type_is_refused_on_a_fresh_install(
    capsys: pytest.CaptureFixture[str],
    three: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = exported(capsys)
    document["sessions"][0]["started_at"] = 1700000000
    source = write(tmp_path, document)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "fresh"))
    assert_refused(capsys, source, "session 1", "started_at: expected an ISO 8601 time")
    assert not (tmp_path / "fresh").exists()


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nothing.json"))
    assert code == 1 and "no such file" in err


def test_import_of_an_empty_export_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write(tmp_path, {"format": "legtimer-history", "version": 1, "sessions": []})
    code, out, _ = run(capsys, "import", str(source))
    assert code == 0 and "nothing to import" in out
    assert not paths.history_path().exists()


# --------------------------------------------------------------------------- notices, progress


def test_a_damaged_history_is_reported_and_only_a_writing_command_moves_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    history = paths.history_path()
    history.parent.mkdir(parents=True)
    history.write_bytes(b"not sqlite at all" * 100)
    for command in (["history"], ["stats"], ["export"]):
        code, _, err = run(capsys, *command)
        assert code == 1
        assert "is damaged" in err and "left untouched" in err and "Traceback" not in err
        assert [p.name for p in history.parent.iterdir()] == ["history.sqlite3"]
    HistoryStore.open(history).close()  # what the app and `run` do: moved, never deleted
    (moved,) = [p for p in history.parent.iterdir() if ".corrupt-" in p.name]
    assert moved.read_bytes() == b"not sqlite at all" * 100


@pytest.mark.parametrize("companion", ["history.sqlite3-wal", "history.sqlite3-shm"])
def test_a_wal_or_shm_that_cannot_be_opened_is_named_not_taken_for_damage(
    companion: str, store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder (or a file another user left) beside the history: say which, move nothing."""
    record(store)
    store.close()
    history = paths.history_path()
    (history.parent / companion).mkdir()
    code, out, err = run(capsys, "history")
    if code == 0:  # SQLite got by without this one (a -shm it could rebuild in memory)
        assert "Stability" in out
    else:
        assert f"{companion} beside it cannot be used (it is a folder)" in err
        assert "left untouched" in err and "Traceback" not in err
    assert not [p for p in history.parent.iterdir() if ".corrupt-" in p.name]


def test_read_only_commands_read_a_history_that_cannot_be_written(
    store: HistoryStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session left by a dead process cannot be marked interrupted: the commands say so
    and list the history all the same; nothing is said about a session not being saved."""
    from tests.reliability.reliability_child import Fault, install
    from tests.support.factories import dead_pid, set_pid

    kept = record(store)
    left = record(store, "strength", steps=3, stop=False)
    set_pid(store, left, dead_pid())
    store.close()
    install(Fault("readonly"), monkeypatch.setattr)
    for command in (["history"], ["stats"], ["export"], ["history", "show", kept[:8]]):
        code, out, err = run(capsys, *command)
        assert code == 0, err
        assert "is read-only: sessions left unfinished cannot be marked interrupted now" in err
        assert "not being saved" not in err + out
    code, out, _ = run(capsys, "history")
    assert kept[:8] in out and left[:8] in out


def test_a_history_from_a_newer_legtimer_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    history = paths.history_path()
    history.parent.mkdir(parents=True)
    connection = sqlite3.connect(history)
    connection.execute("PRAGMA user_version = 99")
    connection.execute("CREATE TABLE sessions (id TEXT)")
    connection.commit()
    connection.close()
    before = history.read_bytes()
    code, _, err = run(capsys, "stats")
    assert code == 1 and "newer legtimer" in err
    assert history.read_bytes() == before


def test_progress_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    three: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(history_command, "PROGRESS_THRESHOLD", 1)
    # In a pipe (as here): nothing but the data.
    code, out, err = run(capsys, "export")
    assert code == 0 and err == ""
    json.loads(out)
    # On a terminal: a progress bar on stderr.
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(history_command, "err", lambda: terminal)
    code, out, _ = run(capsys, "export")
    assert code == 0
    json.loads(out)  # stdout stays clean
    assert "Exporting sessions" in screen.getvalue()
    source = tmp_path / "backup.json"
    source.write_text(out, encoding="utf-8")
    screen.truncate(0)
    code, out, _ = run(capsys, "import", str(source))
    assert code == 0 and "already present 3" in out
    assert "Checking sessions" in screen.getvalue()


@pytest.fixture
def new_york_hours() -> Iterator[None]:
    """Local time five hours behind UTC (a POSIX rule: no time zone database needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "XST+5"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_days_and_times_are_local(
    capsys: pytest.CaptureFixture[str], store: HistoryStore, new_york_hours: None
) -> None:
    # 02:30 UTC on 3 March is still 2 March, 21:30, five hours behind.
    late = record(store, start=datetime(2026, 3, 3, 2, 30, tzinfo=UTC), steps=2)
    code, out, _ = run(capsys, "history")
    assert code == 0 and "2026-03-02 21:30" in out
    code, out, _ = run(capsys, "history", "--since", "2026-03-03")
    assert "No sessions match" in out
    code, out, _ = run(capsys, "history", "--until", "2026-03-02")
    assert late[:8] in out
    code, out, _ = run(capsys, "history", "--json")
    assert json.loads(out)[0]["started_at"] == "2026-03-03T02:30:00.000+00:00"
    code, out, _ = run(capsys, "history", "show", late)
    assert "Mon 2026-03-02 21:30" in out


def test_show_of_a_session_whose_routine_copy_is_unreadable(
    capsys: pytest.CaptureFixture[str], three: list[str], tmp_path: Path
) -> None:
    document = exported(capsys)
    broken = {
        **document["sessions"][0],
        "id": "abcdef00-0000-4000-8000-000000000009",
        "routine_toml": "this is not = = toml",
    }
    source = write(tmp_path, {**document, "sessions": [broken]})
    assert run(capsys, "import", str(source))[0] == 0
    code, out, _ = run(capsys, "history", "show", "abcdef00")
    assert code == 0
    assert "cannot be read" in out and "Planned vs done" not in out
    assert "Single-leg squats, left, set 1" in out  # the steps are still shown


def test_a_session_left_by_a_dead_process_shows_as_interrupted(
    capsys: pytest.CaptureFixture[str], store: HistoryStore
) -> None:
    session_id = record(store, steps=3)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    store.connection.execute(
        "UPDATE sessions SET status = 'in_progress', ended_at = NULL, pid = ? WHERE id = ?",
        (int(finished.stdout), session_id),
    )
    code, out, _ = run(capsys, "history")
    assert code == 0
    row = next(line for line in out.splitlines() if session_id[:8] in line)
    assert "interrupted" in row


@pytest.mark.usefixtures("fast_plain")
def test_a_damaged_history_that_cannot_be_moved_aside_runs_the_session_unsaved(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged file in a folder that cannot be written: no PermissionError reaches the
    person; the session runs without saving, and the file is left as it was."""
    history = paths.history_path()
    history.parent.mkdir(parents=True)
    garbage = b"not sqlite at all" * 100
    history.write_bytes(garbage)
    rename = Path.rename

    def refused(self: Path, target: Path) -> Path:
        if ".corrupt-" in str(target):
            raise PermissionError(13, "Permission denied")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run(capsys, "run", "stability", "--plain", "--auto-done")
    assert code == 0 and "session complete" in out
    assert "cannot be moved aside: Permission denied" in err
    assert "this session will not be saved" in err.lower() and "Traceback" not in err
    for command in (["history"], ["stats"], ["export"]):
        code, _, err = run(capsys, *command)
        assert code == 1 and "is damaged" in err and "Traceback" not in err
    assert history.read_bytes() == garbage
