"""Editing as TOML in the person's own editor: finding it, running it, the scratch file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from legtimer.tui.widgets.builder.editor import editor_command, run_editor, scratch_file


def test_editor_command_prefers_visual_then_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "vim")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command() == ["vim"]
    monkeypatch.delenv("EDITOR")
    assert editor_command()[0] in ("nano", "vi", "notepad")


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text("import sys\nfrom pathlib import Path\npath = Path(sys.argv[-1])\n" + body)
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")


def test_run_editor_edits_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor(tmp_path, monkeypatch, "path.write_text('edited')\n")
    target = tmp_path / "routine.toml"
    target.write_text("before")
    assert run_editor(target, attached=False) is None
    assert target.read_text() == "edited"


def test_run_editor_reports_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor(tmp_path, monkeypatch, "sys.exit(3)\n")
    message = run_editor(tmp_path / "routine.toml", attached=False)
    assert message == "The editor exited with status 3; nothing was read back."
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    message = run_editor(tmp_path / "routine.toml", attached=False)
    assert message is not None and message.startswith("Could not run the editor")
    assert "Set $VISUAL or $EDITOR." in message


def test_the_scratch_file_is_named_after_the_routine_and_cleaned_up() -> None:
    with scratch_file("hill-legs") as path:
        assert path.name == "hill-legs.toml"
        path.write_text("x")
        folder = path.parent
    assert not folder.exists()
