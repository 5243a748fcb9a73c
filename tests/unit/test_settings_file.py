"""settings.toml is the person's file: never overwritten when broken, kept as written when not."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from legtimer.core.errors import join_messages, plain_reason
from legtimer.core.settings import (
    Settings,
    SettingsFileError,
    load_settings,
    save_settings,
    update_settings_file,
)

WRITTEN = """\
# My legtimer settings.
theme = "nord"        # the one that is easy on the eyes
bell = false  # the gym is quiet

# Speech, when the room is loud:
speak_command = 'espeak-ng "{text}"'
"""


def test_a_file_with_a_syntax_error_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    broken = WRITTEN.replace("bell = false", "bell = flase")
    path.write_text(broken, "utf-8")
    settings = load_settings(path)
    assert settings.problems  # reported at start; the defaults are used
    with pytest.raises(SettingsFileError) as caught:
        save_settings(replace(settings, theme="gruvbox"), path)
    message = str(caught.value)
    assert str(path) in message and "not valid TOML" in message and "line 3" in message
    assert "not changed" in message
    assert isinstance(caught.value, OSError)  # the app's "could not save" path shows it
    assert path.read_text("utf-8") == broken
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no stray temp file


def test_a_theme_change_keeps_comments_order_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(WRITTEN, "utf-8")
    settings = load_settings(path)
    save_settings(replace(settings, theme="gruvbox"), path)
    assert path.read_text("utf-8") == WRITTEN.replace('"nord"', '"gruvbox"')
    assert load_settings(path) == replace(settings, theme="gruvbox")


def test_a_new_key_is_added_and_an_unusable_value_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('# mine\nflash = "sometimes"\n', "utf-8")
    settings = load_settings(path)
    assert settings.problems and settings.flash is True  # the default stands in
    save_settings(replace(settings, get_ready=5), path)
    assert path.read_text("utf-8") == '# mine\nflash = "sometimes"\nget_ready = 5\n'


def test_update_settings_file_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    update_settings_file({"theme": "nord"}, path)
    assert load_settings(path) == Settings(theme="nord")
    save_settings(Settings(bell=False), tmp_path / "fresh.toml")  # a new file: every key
    assert load_settings(tmp_path / "fresh.toml") == Settings(bell=False)
    assert "get_ready = 10" in (tmp_path / "fresh.toml").read_text("utf-8")


@pytest.mark.parametrize(
    "data",
    [b"theme = \xff\n", b"theme = 'a'\ntheme = 'b'\n", b"x = " + b"1" * 5000 + b"\n"],
    ids=["not-utf8", "duplicate-key", "huge-integer"],
)
def test_unreadable_files_are_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(data)
    with pytest.raises(SettingsFileError):
        update_settings_file({"theme": "nord"}, path)
    assert path.read_bytes() == data


def test_a_symlinked_settings_file_is_changed_where_it_lives(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "legtimer.toml"
    real.parent.mkdir()
    real.write_text(WRITTEN, "utf-8")
    link = tmp_path / "settings.toml"
    link.symlink_to(real)
    update_settings_file({"theme": "gruvbox"}, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_settings(link).theme == "gruvbox"


def test_a_huge_integer_gets_a_message_for_people(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("get_ready = " + "9" * 5000 + "\n", "utf-8")
    settings = load_settings(path)  # never raises
    (problem,) = settings.problems
    assert "set_int_max_str_digits" not in problem
    assert "thousands of digits" in problem
    assert plain_reason(ValueError("boom")) == "boom"


def test_joined_messages_keep_their_punctuation() -> None:
    assert join_messages("it was left untouched.", "this session will not be saved") == (
        "it was left untouched. This session will not be saved."
    )
    assert join_messages("the file is locked", "this session will not be saved") == (
        "the file is locked; this session will not be saved"
    )
