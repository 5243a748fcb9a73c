"""The small dialogs: key names in the help, and the routine-file delete helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from legtimer.core import paths
from legtimer.tui.screens.dialogs import (
    HelpScreen,
    binding_label,
    confirm_routine_delete,
    is_user_routine,
    key_label,
    short_path,
)
from tests.support.tui import text


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("right_square_bracket", "]"),
        ("left_square_bracket", "["),
        ("pageup", "PgUp"),
        ("pagedown", "PgDn"),
        ("delete", "Del"),
        ("insert", "Ins"),
        ("home", "Home"),
        ("end", "End"),
        ("backspace", "Backspace"),
        ("ctrl+s", "Ctrl+S"),
        ("ctrl+delete", "Ctrl+Del"),
        ("ctrl+up", "Ctrl+↑"),
        ("alt+up", "Alt+↑"),
        ("shift+down", "Shift+↓"),
        ("shift+tab", "Shift+Tab"),
        ("ctrl+shift+x", "Ctrl+Shift+X"),
        ("ctrl+left_square_bracket", "Ctrl+["),
        ("f1", "F1"),
        ("f12", "F12"),
        ("tab", "Tab"),
        ("enter", "Enter"),
        ("escape", "Esc"),
        ("space", "Space"),
        ("question_mark", "?"),
        ("slash", "/"),
        ("plus", "+"),
        ("equals_sign", "="),
        ("minus", "-"),
        ("full_stop", "."),
        ("comma", ","),
        ("circumflex_accent", "^"),  # any other character, by its Unicode name
        ("up", "↑"),
        ("right", "→"),
        ("a", "a"),
        ("K", "K"),
        ("1", "1"),
        (" q ", "q"),
    ],
)
def test_key_label(key: str, label: str) -> None:
    assert key_label(key) == label


def test_binding_label_uses_key_display_or_every_key() -> None:
    assert binding_label(Binding("right_square_bracket", "x", "X", key_display="]")) == "]"
    assert binding_label(Binding("ctrl+delete,f8", "x", "X")) == "Ctrl+Del, F8"
    assert binding_label(Binding("n,right", "x", "X")) == "n, →"


class HelpApp(App[None]):
    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.help_bindings = bindings

    def on_mount(self) -> None:
        self.push_screen(HelpScreen(list(self.help_bindings)))


async def test_help_shows_readable_keys_and_brackets_literally() -> None:
    bindings = [
        Binding("left_square_bracket", "page(-1)", "Prev", tooltip="The [previous] page"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the routine"),
        Binding("pageup,pagedown", "edge", "Pages"),
        Binding("right_square_bracket", "page(1)", "Next", key_display="]"),
    ]
    app = HelpApp(bindings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        body = text(screen, ".dialog-body")
        lines = [line.rstrip() for line in body.splitlines()]
        assert lines == [
            "[                The [previous] page",
            "Ctrl+S           Save the routine",
            "PgUp, PgDn       Pages",
            "]                Next",
        ]
        assert isinstance(screen.query_one(".dialog-body"), Static)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_only_files_in_the_user_routines_folder_count_as_the_users(tmp_path: Path) -> None:
    own = paths.user_routines_dir() / "mine.toml"
    assert is_user_routine(own)
    assert short_path(own) == "routines/mine.toml"
    assert not is_user_routine(paths.builtin_routines_dir() / "strength.toml")
    assert not is_user_routine(tmp_path / "elsewhere.toml")


async def test_the_delete_question_says_the_history_keeps_its_copy() -> None:
    dialog = confirm_routine_delete("Hill legs", paths.user_routines_dir() / "hill-legs.toml")
    assert dialog.title_text == "Delete 'Hill legs'?"
    assert "routines/hill-legs.toml is removed" in dialog.body
    assert "Past sessions keep their own copy of the routine in your history." in dialog.body
    assert (dialog.yes, dialog.no) == ("Delete", "Keep it")
