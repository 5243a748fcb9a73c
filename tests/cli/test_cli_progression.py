"""Today's targets through the front door: real plain runs, one after another, and `show`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from legtimer.cli import main as cli
from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.routines import load_routine
from tests.support.factories import REPO
from tests.support.history_sessions import run_session

QUICK = """
name = "Quick hold"
[defaults]
prepare = 0
[[exercises]]
name = "Plank"
hold = 1
progression = { step = 1, max = 5 }
"""


def plain_run(routine: Path, tmp_path: Path, stdin: str | None = None) -> str:
    env = dict(os.environ)
    env[paths.DATA_DIR_ENV] = str(tmp_path / "data")
    env[paths.CONFIG_DIR_ENV] = str(tmp_path / "config")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "legtimer", "run", str(routine), "--plain", "--auto-done"],
        env=env,
        cwd=tmp_path,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_repeated_plain_runs_grow_the_hold_and_hold_it_after_a_skip(tmp_path: Path) -> None:
    """Four real runs (about 6 s of timers): 1 s, 2 s, 3 s skipped, 3 s again."""
    routine = tmp_path / "quick.toml"
    routine.write_text(QUICK)

    first = plain_run(routine, tmp_path)
    assert "HOLD: Plank, 1 s" in first
    assert "Today:" not in first  # nothing recorded yet
    assert "next time: Plank 2 s (+1 after 1/1 sets at 1 s today)" in first

    second = plain_run(routine, tmp_path)
    assert "Today: Plank 2 s (+1 after 1/1 sets at 1 s today). Last: 1 s" in second
    assert "HOLD: Plank, 2 s" in second
    assert "Plank: new best 2 s (was 1 s)" in second

    third = plain_run(routine, tmp_path, stdin="s\n")
    assert "HOLD: Plank, 3 s" in third
    assert "skipped: Plank" in third
    assert "next time: Plank 3 s (again: 0/1 sets in full at 3 s today)" in third

    fourth = plain_run(routine, tmp_path)
    assert "Today: Plank 3 s (again: 0/1 sets in full at 3 s today). Last: skipped" in fourth
    assert "HOLD: Plank, 3 s" in fourth
    assert "done: Plank (0:03)" in fourth


def test_show_gives_todays_targets_and_last_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    routine_path = tmp_path / "quick.toml"
    routine_path.write_text(
        QUICK.replace("hold = 1", "hold = 30\nsets = 2").replace("max = 5", "max = 40")
    )
    routine = load_routine(routine_path)
    store = HistoryStore.open(paths.history_path())
    run_session(store, routine, date.today() - timedelta(days=1))
    store.close()

    assert cli.main(["show", str(routine_path)]) == 0
    out = capsys.readouterr().out
    assert "Plank, set 1 of 2, 31 s" in out  # the timeline is today's
    assert "Today's targets" in out
    assert "+1 after 2/2 sets at 30 s yesterday" in out
    assert "2 × 30 s" in out


def test_show_without_a_history_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routine_path = tmp_path / "quick.toml"
    routine_path.write_text(QUICK)
    assert cli.main(["show", str(routine_path)]) == 0
    out = capsys.readouterr().out
    assert "Plank, 1 s" in out
    assert "Today's targets" in out  # the exercise has a progression: its target is shown
    assert not paths.history_path().exists()


def test_stats_lists_the_heaviest_set_of_each_loaded_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    routine_path = tmp_path / "legs.toml"
    routine_path.write_text(
        'name = "Legs"\n[defaults]\nprepare = 0\n'
        '[[exercises]]\nname = "Squats"\nreps = 8\nsets = 2\nload = 20\n'
        "progression = { step = 2, max = 8, load_step = 2.5 }\n"
    )
    routine = load_routine(routine_path)
    store = HistoryStore.open(paths.history_path())
    day = date.today() - timedelta(days=3)
    run_session(store, routine, day)  # 2 × 8 at 20
    run_session(
        store, routine, day + timedelta(days=1), lambda step: "fewer" if step.set == 2 else "full"
    )
    store.close()
    assert cli.main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "Heaviest sets" in out
    assert "22.5 kg × 8" in out  # the heavier set, with the reps done at that load
