"""Every file of the toml-test corpus: a Routine or a clean RoutineError, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from legtimer.cli import main as cli
from legtimer.core.routines import Routine, RoutineError, load_routine
from tests.support.factories import REPO

CORPUS = REPO.parent / "shared" / "corpora" / "toml-test" / "tests"
if not CORPUS.is_dir():
    pytest.skip(f"the toml-test corpus is not at {CORPUS}", allow_module_level=True)

FILES = sorted(CORPUS.rglob("*.toml"))


def _id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_corpus_file(path: Path) -> None:
    invalid = _id(path).startswith("invalid/")
    try:
        routine = load_routine(path)
    except RoutineError as error:
        assert error.problems, "a RoutineError always carries at least one problem"
        for problem in error.problems:
            assert problem.message.strip()
            assert problem.render(error.source).strip()
        assert str(error).strip()
        # (Files in valid/ may still fail as TOML: some use TOML 1.1, newer than tomllib.)
    else:
        assert isinstance(routine, Routine)
        assert not invalid, "an invalid TOML file was accepted as a routine"


def test_corpus_is_there() -> None:
    assert len(FILES) > 500
    assert any(_id(path).startswith("valid/") for path in FILES)
    assert any(_id(path).startswith("invalid/") for path in FILES)


def test_validate_whole_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["validate", str(CORPUS)])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.out + captured.err
    assert f"{len(FILES)} file(s) checked" in captured.err
