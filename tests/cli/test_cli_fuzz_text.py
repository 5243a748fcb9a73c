"""Fuzz: generated names and cues through every command, as a shared routine would go.

Markup, escape sequences, bidi overrides, emoji with joiners, brackets, emoji
codes, formulas and quotes, mixed with any other text: each routine is written
to a file, then listed, shown, validated, run with ``--plain --auto-done``, and
its session looked at with ``history``, ``history show`` and ``stats``,
exported as JSON and CSV and imported back. Nothing may crash, print a
traceback, or let a raw control character or bidi override reach the output.
"""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from legtimer.cli import plain
from legtimer.cli.main import main
from legtimer.core import paths
from legtimer.core.text import safe_text
from tests.support.hostile_text import RAW, routine_toml, texts


class SteppingClock:
    """A monotonic clock that moves on by itself, a little at every reading: the plain
    runner's one-second timers pass in a few readings instead of real seconds."""

    def __init__(self) -> None:
        self.time = 1000.0

    def now(self) -> float:
        self.time += 0.25
        return self.time


@pytest.fixture
def fast_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain, "MonotonicClock", SteppingClock)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the runner's wait for input
    monkeypatch.setenv("COLUMNS", "250")


def command(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "Traceback" not in stream
        assert not RAW.search(stream), (argv, stream)
    assert code in (0, 1), (argv, code, captured.err)
    return code, captured.out, captured.err


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts())
def test_generated_text_through_every_command(
    fast_plain: None,
    user_routines: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: tuple[str, str, str],
) -> None:
    name, exercise, cue = text
    path = user_routines / "fuzz.toml"
    path.write_text(routine_toml(name, exercise, cue), "utf-8")

    command(capsys, "list")
    valid, out, err = command(capsys, "validate", str(path))
    code, shown, _ = command(capsys, "show", str(path))
    assert code == valid
    event("refused" if valid else "run")
    if valid != 0:
        assert "expected text without control characters" in err
        return
    assert shown.split("\n")[0] == safe_text(name)

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _ = command(capsys, "run", str(path), "--plain", "--auto-done")
    assert code == 0 and "session complete" in out
    saved = re.search(r"saved to history as ([0-9a-f]{8})", out)
    assert saved is not None

    command(capsys, "history")
    code, out, _ = command(capsys, "history", "show", saved[1])
    assert code == 0
    command(capsys, "history", "--json")
    command(capsys, "stats")
    code, exported, _ = command(capsys, "export")
    assert json.loads(exported)["sessions"]
    code, csv_text, _ = command(capsys, "export", "--format", "csv")
    assert code == 0
    for export, suffix in ((exported, "json"), (csv_text, "csv")):
        target = tmp_path / f"export.{suffix}"
        target.write_text(export, "utf-8")
        code, out, err = command(capsys, "import", str(target))
        assert code == 0, err
        assert "added 0" in out  # everything is already here
    assert paths.history_path().exists()
