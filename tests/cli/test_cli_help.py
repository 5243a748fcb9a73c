"""Every command explains itself: a description, an example and help for each option."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from legtimer.cli import main as cli
from legtimer.core import paths

COMMANDS = [
    "list",
    "show",
    "validate",
    "run",
    "history",
    "stats",
    "export",
    "import",
    "new",
    "edit",
    "review",
]


def help_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_a_description_and_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_of([command], capsys)
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith(f"usage: legtimer {command}")
    description = rest.splitlines()[0]
    assert description[0].isupper() and description.endswith("."), description
    assert re.search(rf"^example:\n  legtimer {command}\b", text, re.MULTILINE), text


def test_every_argument_and_option_is_explained() -> None:
    parser = cli.build_parser()
    parsers = [(name, sub) for name, sub in subparsers(parser).items()]
    parsers += [(f"history {n}", s) for n, s in subparsers(subparsers(parser)["history"]).items()]
    for name, sub in parsers:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)


def test_history_usage_shows_the_subcommand_as_optional(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = help_of(["history"], capsys)
    assert "SUBCOMMAND" not in text
    assert "[show ID]" in text
    assert "legtimer history show" in text  # its example


def test_top_level_help_names_the_folders_and_the_docs(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of([], capsys)
    assert paths.DATA_DIR_ENV in text and paths.CONFIG_DIR_ENV in text
    assert "docs/" in text and "README.md" in text
    assert "legtimer COMMAND --help" in text


def test_validate_without_arguments_shows_short_paths(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_routines / "mine.toml").write_text(
        'name = "Mine"\n[[exercises]]\nname = "X"\nreps = 5\n', encoding="utf-8"
    )
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out
    assert f"ok  {user_routines / 'mine.toml'}: Mine (1 exercise, " in out
    assert "ok  built-in/stability.toml: Stability (3 exercises, " in out
    assert str(paths.builtin_routines_dir()) not in out
    assert "site-packages" not in out
