"""Text from a file is printed literally by every command: never markup, never a raw escape.

A routine is meant to be shared as a file, so its name, description and cues,
a history's notes and a file's own name may hold markup, escape sequences or
bidi overrides. They print as they are written, and no control character
(C0, ESC, C1, DEL) or bidi override ever reaches the terminal raw.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from legtimer.cli.main import main
from legtimer.cli.plain import PlainPrinter
from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.plan import build_plan
from legtimer.core.routines import Block, Exercise, Kind, Routine
from legtimer.core.session import FakeClock, Session
from tests.support.factories import recorded

REPO = Path(__file__).resolve().parents[2]
TITLE = "\x1b]0;TITLE\x07"  # retitles the terminal
CLEAR = "\x1b[2J"  # blanks the screen
# Raw bytes that must never reach the terminal (newline and tab are layout).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKUP_NAMES = [
    "Bad [/] markup",
    "[link=file:///etc/passwd]x[/link]",
    "Squats [beginner]",
    "[@click=app.quit]Quit[/]",
    "Thumbs :thumbs_up: up",
]


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert not RAW.search(captured.out), repr(captured.out)
    assert not RAW.search(captured.err), repr(captured.err)
    return code, captured.out, captured.err


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with \\u escapes is a valid TOML basic string


def routine_file(folder: Path, stem: str, name: str, cue: str = "", description: str = "") -> Path:
    path = folder / f"{stem}.toml"
    lines = [f"name = {toml_string(name)}"]
    if description:
        lines.append(f"description = {toml_string(description)}")
    lines += ["[[exercises]]", f"name = {toml_string(name)}", "hold = 20"]
    if cue:
        lines.append(f"cue = {toml_string(cue)}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


# --------------------------------------------------------------------------- markup


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_markup_in_a_routine_prints_as_written(
    user_routines: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = routine_file(user_routines, "mine", name, cue=f"cue {name} [slowly]", description=name)
    code, out, _ = run(capsys, "list")
    assert code == 0 and name in out
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert out.count(name) >= 3  # the title, the description and the steps
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and f": {name} (1 exercise" in out


# --------------------------------------------------------------------------- escapes


def test_escape_sequences_in_a_routine_are_refused_and_shown_escaped(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = routine_file(
        user_routines, "evil", f"Evil {TITLE}", cue=f"cue {CLEAR}", description="\u202eabc"
    )
    code, _, err = run(capsys, "list")
    assert code == 0 and "skipped" in err and "evil.toml" in err
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "evil.toml:1: name: expected text without control characters, found " in err
    assert "ESC (escape) \\x1b at character 6, BEL (bell) \\x07 at character 15" in err
    assert "exercises[1].cue" in err and "\\x1b" in err
    assert "description" in err and "\\u202e" in err
    code, _, err = run(capsys, "show", str(path))
    assert code == 1 and "\\x1b" in err


def test_a_file_name_with_escapes_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = routine_file(tmp_path, f"odd{CLEAR}name", "Plain name")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "odd\\x1b[2Jname.toml" in out
    code, _, err = run(capsys, "show", f"no such {TITLE}")
    assert code == 1 and "\\x1b]0;TITLE\\x07" in err


def hostile_routine() -> Routine:
    """A routine no file could give any more (the validator refuses it): for older histories."""
    exercise = Exercise(
        name=f"Squats [beginner] {TITLE}", kind=Kind.HOLD, target=5, cue=f"[slowly] {CLEAR}"
    )
    return Routine(name=f"Bad [/] markup {CLEAR}\u202e", blocks=(Block(exercises=(exercise,)),))


def test_history_show_and_stats_escape_what_the_history_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = HistoryStore.open(paths.history_path())
    recorder = recorded(store, build_plan(hostile_routine()))
    assert recorder.session_id is not None
    store.rate_session(recorder.session_id, 5, f"note {TITLE} [b]bold[/b]")
    store.close()

    code, out, _ = run(capsys, "history")
    assert code == 0 and "Bad [/] markup \\x1b[2J\\u202e" in out
    code, out, _ = run(capsys, "history", "show", recorder.session_id[:8])
    assert code == 0
    assert "note \\x1b]0;TITLE\\x07 [b]bold[/b]" in out
    assert "Squats [beginner] \\x1b]0;TITLE\\x07" in out
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "Squats [beginner] \\x1b]0;TITLE\\x07" in out
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0 and json.loads(out)[0]["routine_name"].endswith(CLEAR + "\u202e")
    code, out, _ = run(capsys, "export")
    assert code == 0 and json.loads(out)["sessions"][0]["note"] == f"note {TITLE} [b]bold[/b]"
    # CSV is data, written as it is to a file or a pipe (to a terminal it is escaped).
    assert main(["export", "--format", "csv"]) == 0
    assert TITLE in capsys.readouterr().out


def test_the_plain_runner_prints_one_safe_line_per_event() -> None:
    clock = FakeClock()
    session = Session(build_plan(hostile_routine()), clock)
    stream = io.StringIO()
    printer = PlainPrinter(session, stream)
    printer.events(session.start())
    printer.say("multi\nline")
    text = stream.getvalue()
    assert not RAW.search(text), repr(text)
    assert "Squats [beginner] \\x1b]0;TITLE\\x07" in text
    assert "[slowly] \\x1b[2J" in text
    assert "multi line" in text


# --------------------------------------------------------------------------- closed output

QUICK = """
name = "Quick"
[defaults]
prepare = 0
rest_after = 0
[[exercises]]
name = "Squat"
reps = 1
rep_seconds = 1
[[exercises]]
name = "Plank"
hold = 30
"""


def plain_process(routine: Path, shell_tail: str) -> subprocess.CompletedProcess[str]:
    command = f"exec {sys.executable} -m legtimer run {routine} --plain --auto-done {shell_tail}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, env=env, timeout=60
    )


def statuses() -> list[str]:
    with sqlite3.connect(paths.history_path()) as db:
        return [row[0] for row in db.execute("SELECT status FROM sessions")]


def test_a_closed_stdout_stops_the_session_without_a_traceback(tmp_path: Path) -> None:
    routine = tmp_path / "quick.toml"
    routine.write_text(QUICK, "utf-8")
    result = plain_process(routine, "</dev/null >&-")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "output was closed" in result.stderr
    assert statuses() == ["stopped"]


def test_a_reader_that_leaves_stops_the_session_as_stopped(tmp_path: Path) -> None:
    routine = tmp_path / "quick.toml"
    routine.write_text(QUICK, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "legtimer", "run", str(routine), "--plain", "--auto-done"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()  # what `| head -1` does: one line, then gone
    child.stdout.close()
    error = child.stderr.read().decode()
    status = child.wait(timeout=60)
    assert b"Quick" in first
    assert status == 1, error
    assert "Traceback" not in error and "Exception ignored" not in error
    assert statuses() == ["stopped"]


def test_joined_messages_read_as_sentences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from legtimer.cli.plain import run_plain

    paths.history_path().parent.mkdir(parents=True)
    with sqlite3.connect(paths.history_path()) as db:
        db.execute("PRAGMA user_version = 99")  # a history from a newer legtimer
    routine = tmp_path / "quick.toml"
    routine.write_text(QUICK, "utf-8")
    assert run_plain(str(routine), auto_done=False, stdin=io.StringIO("")) == 1
    err = capsys.readouterr().err
    assert "left untouched. This session will not be saved." in err
    assert ".;" not in err
