"""`legtimer list`, `show`, `validate` and `--version`, through the real front door."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import legtimer
from legtimer.cli import main as cli
from legtimer.core import paths
from legtimer.core.plan import build_plan
from legtimer.core.routines import load_routine
from legtimer.core.timefmt import minutes
from tests.support.factories import BUILT_IN_IDS
from tests.support.processes import child_env

GOOD = 'name = "Good one"\n[[exercises]]\nname = "Plank"\nhold = 30\n'


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps at 80 columns when not on a terminal; keep lines whole for the asserts."""
    monkeypatch.setenv("COLUMNS", "200")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


# --------------------------------------------------------------------------- list


def test_list_shows_every_built_in(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["list"], capsys)
    assert status == 0
    for routine_id in BUILT_IN_IDS:
        assert routine_id in out
    assert "Runner's leg day" in out
    assert str(paths.user_routines_dir()) in out
    assert err == ""


def test_list_shows_user_routines_and_notes_broken_ones(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_routines / "mine.toml").write_text(GOOD.replace("Good one", "My [/] legs"), "utf-8")
    (user_routines / "broken.toml").write_text('name = "B"\n', "utf-8")
    status, out, err = run(["list"], capsys)
    assert status == 0
    mine = next(line for line in out.splitlines() if "My [/] legs" in line)
    assert "mine" in mine and "user" in mine
    assert "skipped" in err
    assert str(user_routines / "broken.toml") in err
    assert "1 problem(s)" in err


def test_list_durations_match_the_plans(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["list"], capsys)
    assert status == 0
    for path in sorted(paths.builtin_routines_dir().glob("*.toml")):
        plan = build_plan(load_routine(path))
        line = next(line for line in out.splitlines() if f" {path.stem} " in line)
        assert minutes(plan.total_seconds, estimated=plan.has_estimates) in line


# --------------------------------------------------------------------------- show


def test_show_prints_the_timeline_with_a_total(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["show", "runners-leg-day"], capsys)
    assert status == 0 and err == ""
    routine = load_routine(paths.builtin_routines_dir() / "runners-leg-day.toml")
    plan = build_plan(routine)
    assert out.splitlines()[0] == "Runner's leg day"
    total_line = next(line for line in out.splitlines() if "Total" in line)
    assert minutes(plan.total_seconds, estimated=plan.has_estimates) in total_line
    assert "GET READY" in out and "REST" in out
    assert "Calf raises, set 1 of 3, 12 reps (tempo UP 2 · HOLD 2 · DOWN 2)" in out
    assert "Lunges, left, set 1 of 3, 8 reps" in out
    # A pause says what it leads to: the switch, the right side.
    switch = next(line for line in out.splitlines() if "SWITCH SIDES" in line)
    assert "next: Lunges, right, set 1 of 3" in switch
    assert "Block" not in out  # a plain routine has no block column
    numbers = [int(m[1]) for m in re.finditer(r"^│\s*(\d+)\s*│", out, re.MULTILINE)]
    assert numbers == list(range(1, len(plan.steps) + 1))  # one numbered row per step
    assert "~ self-paced sets are estimated" in out


def test_show_blocks_routine_has_a_block_column(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["show", "Endurance Intervals"], capsys)
    assert status == 0
    assert "Block" in out
    assert "Intervals" in out and "Warm-up" in out
    assert "round 6 of 6" in out


def test_show_a_file_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, "utf-8")
    status, out, _ = run(["show", str(path)], capsys)
    assert status == 0
    assert "Good one" in out
    assert "Plank, 30 s" in out
    assert "40 s" in out  # prepare 10 + hold 30: the total


def test_show_unknown_routine(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["show", "nosuch"], capsys)
    assert status == 1
    assert out == ""
    assert err.startswith("legtimer: no routine called 'nosuch'")
    assert "legtimer list" in err


def test_show_misspelt_routine_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["show", "runners-leg-dya"], capsys)
    assert status == 1
    assert "did you mean 'runners-leg-day'?" in err


def test_show_broken_file_prints_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "Bad"\n[[exercises]]\nname = "A"\nreps = 0\n', "utf-8")
    status, out, err = run(["show", str(path)], capsys)
    assert status == 1
    assert out == ""
    assert (
        err.strip() == f"{path}:4: exercises[1].reps: expected repetitions from 1 to 500, found 0"
    )


# --------------------------------------------------------------------------- validate


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, "utf-8")
    status, out, err = run(["validate", str(path)], capsys)
    assert status == 0
    assert f"ok  {path}: Good one (1 exercise, 40 s)" in out
    assert "1 file(s) checked: 1 valid, 0 with problems" in out
    assert err == ""


BROKEN = """\
format = 1
name = "Broken"

[defaults]
rest_betwen_sets = 20

[[exercises]]
name = "Squats"
reps = 10
hold = 30

[[exercises]]
name = "Plank"
hold = 30.0

[[exercises]]
name = "Lunges"
reps = 0
tempo = { up = 2, down = 2 }
rep_seconds = 4
switch = 5
"""

BROKEN_OUTPUT = """\
broken.toml:5: defaults.rest_betwen_sets: unknown key 'rest_betwen_sets'; did you mean 'rest_between_sets'?
broken.toml:9: exercises[1].reps: conflicting keys: 'hold' and 'reps' are both given; an exercise is exactly one of hold, reps or work
broken.toml:14: exercises[2].hold: expected a whole number of seconds from 1 to 600, found the number 30.0 (write it without the decimal point)
broken.toml:18: exercises[3].reps: expected repetitions from 1 to 500, found 0
broken.toml:20: exercises[3].rep_seconds: conflicting keys: with a 'tempo' the time per rep is known; remove 'rep_seconds' or the tempo
broken.toml:21: exercises[3].switch: 'switch' is the pause between left and right; it needs per_side = true
1 file(s) checked: 0 valid, 1 with problems
"""


def test_validate_bad_file_matches_the_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example in docs/routines.md, character for character."""
    (tmp_path / "broken.toml").write_text(BROKEN, "utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["validate", "broken.toml"], capsys)
    assert status == 1
    assert out == ""
    assert err == BROKEN_OUTPUT


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "circuit.toml",
            'format = 1\nname = "C"\n[[blocks]]\nname = "Main"\n[[blocks.exercises]]\nname = "A"\n',
            "circuit.toml:5: blocks[1].exercises[1]: missing the kind of exercise: give exactly "
            "one of 'hold' (seconds), 'reps' (repetitions) or 'work' (seconds)",
        ),
        (
            "run.toml",
            'name = "Run"\n[[exercises]]\nname = "Jog"\nwork = 60\ntempo = { up = 1 }\n',
            "run.toml:5: exercises[1].tempo: a tempo paces repetitions; it does not apply to 'work'",
        ),
        (
            "oops.toml",
            'format = 1\n[[exercises]]\nname = "Squats\nreps = 5\n',
            "oops.toml:3:15: invalid TOML: Illegal character '\\n'",
        ),
        (
            "new.toml",
            'format = 2\nname = "N"\n[[exercises]]\nname = "A"\nhold = 5\n',
            "new.toml:1: format: this file uses routine format 2, written for a newer legtimer; "
            "this version reads format 1. Upgrade legtimer to use it",
        ),
    ],
)
def test_validate_messages_from_the_docs(
    name: str,
    text: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    status, _, err = run(["validate", name], capsys)
    assert status == 1
    assert err.splitlines()[0] == expected


def test_validate_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, "utf-8")
    first = tmp_path / "first.toml"
    first.write_text('name = "F"\n[[exercises]]\nname = "A"\nhold = 0\n', "utf-8")
    second = tmp_path / "second.toml"
    second.write_text('[[exercises]]\nname = "A"\nreps = "x"\n', "utf-8")
    missing = tmp_path / "missing.toml"
    status, out, err = run(["validate", str(first), str(good), str(second), str(missing)], capsys)
    assert status == 1
    assert f"ok  {good}: Good one" in out
    lines = err.splitlines()
    assert lines == [
        f"{first}:4: exercises[1].hold: expected seconds from 1 to 600, found 0",
        f"{second}: name: missing; expected the name as text",
        f"{second}:3: exercises[1].reps: expected a whole number of repetitions from 1 to 500, "
        "found the text 'x'",
        f"{missing}: no such file",
        "4 file(s) checked: 1 valid, 3 with problems",
    ]


def test_validate_folder_is_searched_recursively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "one.toml").write_text(GOOD, "utf-8")
    (tmp_path / "a" / "b" / "two.toml").write_text(GOOD, "utf-8")
    (tmp_path / "a" / "b" / "notes.txt").write_text("x", "utf-8")
    status, out, _ = run(["validate", str(tmp_path / "a")], capsys)
    assert status == 0
    assert "2 file(s) checked: 2 valid, 0 with problems" in out


def test_validate_empty_folder_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", str(tmp_path)], capsys)
    assert status == 1
    assert "0 file(s) checked" in out


def test_validate_without_arguments_checks_everything(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["validate"], capsys)
    assert status == 0
    assert "7 file(s) checked: 7 valid, 0 with problems" in out
    (user_routines / "mine.toml").write_text('name = "Mine"\n', "utf-8")
    status, out, err = run(["validate"], capsys)
    assert status == 1
    assert f"{user_routines / 'mine.toml'}: exercises: missing" in err
    assert "8 file(s) checked: 7 valid, 1 with problems" in err


def test_validate_file_name_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"caf\xe9.toml")
    (tmp_path / name).write_text('name = "x"\n', "utf-8")
    status, _, err = run(["validate", str(tmp_path)], capsys)
    assert status == 1
    assert "caf\\udce9.toml: exercises: missing" in err


def test_markup_in_names_is_printed_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.toml"
    path.write_text(GOOD.replace("Good one", "[bold]Odd[/] [/]"), "utf-8")
    status, out, _ = run(["validate", str(path)], capsys)
    assert status == 0
    assert "[bold]Odd[/] [/]" in out
    status, out, _ = run(["show", str(path)], capsys)
    assert status == 0
    assert "[bold]Odd[/] [/]" in out


def test_validate_ok_line_is_never_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COLUMNS")
    path = tmp_path / ("long-" * 15 + "name.toml")
    path.write_text(GOOD, "utf-8")
    status, out, _ = run(["validate", str(path)], capsys)
    assert status == 0
    assert f"ok  {path}: Good one (1 exercise, 40 s)\n" in out


# --------------------------------------------------------------------------- the program


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"legtimer {legtimer.__version__}"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["frobnicate"])
    assert info.value.code == 2
    assert "usage: legtimer" in capsys.readouterr().err


def _env(tmp_path: Path) -> dict[str, str]:
    return child_env(
        **{
            paths.DATA_DIR_ENV: str(tmp_path / "data"),
            paths.CONFIG_DIR_ENV: str(tmp_path / "config"),
            "COLUMNS": "200",
        }
    )


def test_python_dash_m_legtimer_list(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "legtimer", "list"],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for routine_id in BUILT_IN_IDS:
        assert routine_id in result.stdout
    assert str(tmp_path / "data" / "routines") in result.stdout
    assert not (tmp_path / "data").exists()  # listing creates nothing


def test_python_dash_m_legtimer_error_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "legtimer", "show", "nosuch"],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no routine called 'nosuch'" in result.stderr


def test_validate_warns_of_a_rest_that_never_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "last.toml"
    path.write_text(
        'name = "Last"\n[[exercises]]\nname = "Squats"\nreps = 10\nrest_after = 30\n', "utf-8"
    )
    status, out, _ = run(["validate", str(path)], capsys)
    assert status == 0  # a warning, not an error
    assert (
        f"{path}: warning: exercises[1].rest_after: has no effect: the last exercise of a "
        "block is followed by the end of the routine, not by its own rest"
    ) in " ".join(out.split())


def test_edit_opens_a_file_with_problems_to_fix_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.user_routines_dir() / "broken.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('name = "Broken"\n[[exercises]]\nname = "S"\nreps = 0\n', "utf-8")
    opened: list[tuple[object, str, object]] = []

    def fake_open(routine: object, start: str, *, broken: object = None) -> int:
        opened.append((routine, start, broken))
        return 0

    monkeypatch.setattr(cli, "_open_app", fake_open)
    assert cli.main(["edit", "broken"]) == 0
    assert cli.main(["edit", str(path)]) == 0
    assert opened == [(None, "edit", path), (None, "edit", path)]
