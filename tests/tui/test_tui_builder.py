"""The routine builder, driven through its keys and mouse like a person would."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, Static, Switch

from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.routines import (
    Block,
    Defaults,
    Exercise,
    Kind,
    Routine,
    Tempo,
    dump_routine,
    load_routine,
    save_routine,
)
from legtimer.core.routines.catalog import resolve
from legtimer.core.routines.draft import ROUTINE, Ref
from legtimer.core.settings import Settings
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.builder import BuilderScreen
from legtimer.tui.screens.dialogs import ConfirmDialog
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.widgets.builder.problems import ProblemList

SIZE = (100, 30)
QUIET = Settings(bell=False, flash=False)


def make_app(tmp_path: Path, routine: Routine | None = None, *, start: str = "new") -> LegTimerApp:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    return LegTimerApp(settings=QUIET, store=store, routine=routine, start=start)


def builder(pilot: Pilot[None]) -> BuilderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BuilderScreen), type(screen).__name__
    return screen


def user_file(slug: str) -> Path:
    return paths.user_routines_dir() / f"{slug}.toml"


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, clear it and type into it."""
    field = builder(pilot).query_one(selector, Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()
    builder(pilot).flush()  # check now rather than after the pause in typing


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    builder(pilot).flush()


def error_at(pilot: Pilot[None], ident: str) -> str:
    label = builder(pilot).query_one(f"#{ident}-error", Label)
    return str(label.visual).strip() if label.display else ""


def static(pilot: Pilot[None], selector: str) -> str:
    return str(builder(pilot).query_one(selector, Static).visual)


async def wait_for_dialog(pilot: Pilot[None]) -> ConfirmDialog:
    for _ in range(20):
        await pilot.pause()
        if isinstance(pilot.app.screen, ConfirmDialog):
            return pilot.app.screen
    raise AssertionError(f"no dialog; on {type(pilot.app.screen).__name__}")


# --------------------------------------------------------------------------- building


async def test_build_a_routine_through_the_ui_and_save_it(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        assert screen.focused is screen.query_one("#routine-name")
        await pilot.press(*"Hill legs")
        await fill(pilot, "#routine-tags", "hills, legs")
        await fill(pilot, "#routine-defaults-rest_after", "45")

        # 1: a paced exercise with a tempo.
        await pilot.press("ctrl+n")
        assert screen.focused is screen.query_one("#exercise-name")
        await pilot.press(*"Calf raises")
        await fill(pilot, "#exercise-amount", "12")
        await fill(pilot, "#exercise-sets", "2")
        await fill(pilot, "#exercise-tempo", "up 2, hold 2, down 2")
        await fill(pilot, "#exercise-muscles", "calves")

        # 2: a per-side exercise, switched on with the mouse.
        await pilot.press("ctrl+n")
        await pilot.press(*"Lunges")
        await fill(pilot, "#exercise-amount", "8")
        assert not screen.query_one("#exercise-switch-field").display
        await pilot.click("#exercise-per_side")
        await pilot.pause()
        assert screen.query_one("#exercise-per_side", Switch).value
        assert screen.query_one("#exercise-switch-field").display
        await fill(pilot, "#exercise-switch", "3")

        # 3: a circuit block with rounds, holding a plank picked from the kind menu.
        await pilot.press("ctrl+b")
        assert screen.focused is screen.query_one("#block-name")
        await pilot.press(*"Circuit")
        await fill(pilot, "#block-rounds", "3")
        await fill(pilot, "#block-rest_between_rounds", "45")
        await pilot.click("#builder-outline", offset=(4, 5))  # block 2, exercise 1
        await pilot.pause()
        assert screen.selected.kind == "exercise"
        await fill(pilot, "#exercise-name", "Plank")
        screen.query_one("#exercise-kind", Select).focus()
        await pilot.press("enter", "up", "enter")  # reps -> hold
        await pilot.pause()
        assert screen.query_one("#exercise-kind", Select).value == "hold"
        assert screen.query_one("#exercise-amount-label", Label).visual is not None
        assert not screen.query_one("#exercise-tempo-field").display
        await fill(pilot, "#exercise-amount", "40")

        assert screen.problems == []
        assert "steps" in static(pilot, "#builder-summary")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.dirty

    saved = load_routine(user_file("hill-legs"))
    assert saved == Routine(
        name="Hill legs",
        tags=("hills", "legs"),
        defaults=Defaults(rest_after=45),
        plain=False,
        blocks=(
            Block(
                exercises=(
                    Exercise(
                        name="Calf raises",
                        kind=Kind.REPS,
                        target=12,
                        sets=2,
                        tempo=Tempo((("up", 2), ("hold", 2), ("down", 2))),
                        muscles=("calves",),
                    ),
                    Exercise(name="Lunges", kind=Kind.REPS, target=8, per_side=True, switch=3),
                )
            ),
            Block(
                name="Circuit",
                rounds=3,
                rest_between_rounds=45,
                exercises=(Exercise(name="Plank", kind=Kind.HOLD, target=40),),
            ),
        ),
    )
    # Written by the routine writer: readable, stable key order.
    assert user_file("hill-legs").read_text(encoding="utf-8") == dump_routine(saved)


async def test_keys_in_the_outline_add_duplicate_move_and_remove(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Keys")
        screen.query_one("#builder-outline").focus()
        await pilot.press("a")
        await pilot.press(*"First")
        screen.query_one("#builder-outline").focus()
        await pilot.press("d")  # duplicate: "First" twice
        await pilot.press("a")
        await pilot.press(*"Last")
        screen.query_one("#builder-outline").focus()
        await pilot.press("ctrl+up")  # "Last" moves above the copy
        await settle(pilot)
        names = [ex["name"] for ex in screen.draft["exercises"]]
        assert names == ["First", "Last", "First"]
        assert screen.selected.exercise == 1
        await pilot.press("x")
        await settle(pilot)
        assert [ex["name"] for ex in screen.draft["exercises"]] == ["First", "First"]
        await pilot.press("b")  # add a block: the list becomes block 1
        await settle(pilot)
        assert [len(b["exercises"]) for b in screen.draft["blocks"]] == [2, 1]
        # The mouse does the same with the buttons under the outline.
        await pilot.click("#tool-remove")
        await settle(pilot)
        assert "blocks" not in screen.draft  # back to a plain list
        await pilot.click("#tool-add-exercise")
        await settle(pilot)
        assert len(screen.draft["exercises"]) == 3


async def test_enter_edits_the_selected_item_and_f1_lists_the_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path, resolve("stability"), start="edit")
    async with app.run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.pause()
        outline = screen.query_one("#builder-outline")
        assert screen.focused is outline
        await pilot.click("#builder-outline", offset=(4, 2))  # a click selects, focus stays
        await pilot.pause()
        assert screen.selected.exercise == 1
        assert screen.focused is outline
        await pilot.press("enter")
        assert screen.focused is screen.query_one("#exercise-name")
        assert (
            screen.query_one("#exercise-name", Input).value == screen.draft["exercises"][1]["name"]
        )
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


def outline_row(pilot: Pilot[None], index: int) -> str:
    return str(
        builder(pilot).query_one("#builder-outline", OptionList).get_option_at_index(index).prompt
    )


def focus(pilot: Pilot[None]) -> str:
    """The id of the focused widget (a function, so each check reads it afresh)."""
    focused = builder(pilot).focused
    return (focused.id or type(focused).__name__) if focused is not None else ""


def footer_key(pilot: Pilot[None], key: str) -> str:
    """What the footer shows for a key just now ("" when it shows nothing)."""
    active = builder(pilot).active_bindings.get(key)
    return active.binding.description if active is not None and active.binding.show else ""


async def test_escape_goes_from_a_field_to_the_outline_and_then_leaves(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")  # a new routine (home types letters into its filter)
        await pilot.pause()
        screen = builder(pilot)
        assert focus(pilot) == "routine-name"
        assert footer_key(pilot, "escape") == "Outline"
        await pilot.press(*"Legs", "ctrl+n", *"Squats", "tab", "tab")
        assert focus(pilot) == "exercise-amount"

        # Esc from a field: to the outline, on the item being edited; the builder stays.
        await pilot.press("escape")
        await pilot.pause()
        assert builder(pilot) is screen
        assert focus(pilot) == "builder-outline"
        assert screen.selected == Ref("exercise", None, 0)
        assert footer_key(pilot, "escape") == "Back"
        assert footer_key(pilot, "enter") == "Edit"

        # Up/Down select items (the routine's own fields are the first row); Enter edits.
        await pilot.press("up")
        await pilot.pause()
        assert screen.selected == ROUTINE
        assert screen.query_one("#form-routine").display
        await pilot.press("enter")
        assert focus(pilot) == "routine-name"
        await pilot.press("tab")
        await fill(pilot, "#routine-defaults-rest_after", "45")
        assert screen.draft["defaults"]["rest_after"] == 45

        # Ctrl+O goes there from any field, and back to the form.
        await pilot.press("ctrl+o")
        assert focus(pilot) == "builder-outline"
        await pilot.press("down", "ctrl+o")
        assert focus(pilot) == "exercise-name"
        # Shift+Tab from the first field reaches the outline (the buttons are for the mouse).
        await pilot.press("shift+tab")
        assert focus(pilot) == "builder-outline"
        await pilot.press("tab")
        assert focus(pilot) == "exercise-name"
        assert not any(widget.id and widget.id.startswith("tool-") for widget in screen.focus_chain)
        # The Kind menu takes Esc for itself while open.
        screen.query_one("#exercise-kind", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert focus(pilot) == "exercise-kind"

        # Esc on the outline leaves, asking first about the changes.
        await pilot.press("escape", "escape")
        dialog = await wait_for_dialog(pilot)
        assert dialog.title_text == "Discard changes?"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_tab_goes_through_the_exercise_fields_in_order(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Order", "ctrl+n")
        assert focus(pilot) == "exercise-name"
        await pilot.press(*"Mountain climbers", "tab")
        kind = screen.query_one("#exercise-kind", Select)
        assert focus(pilot) == "exercise-kind"
        await pilot.press("enter")  # opens the menu: Hold, Reps (current), Work
        await pilot.pause()
        assert kind.expanded
        await pilot.press("down", "enter")
        await pilot.pause()
        assert kind.value == "work"
        assert str(screen.query_one("#exercise-amount-label", Label).visual) == "Seconds"
        await pilot.press("tab")
        amount = screen.query_one("#exercise-amount", Input)
        assert focus(pilot) == "exercise-amount"
        assert amount.selected_text == "10"  # all of it (the 10 reps, now 10 s): typing replaces it
        await pilot.press("4", "5")
        assert amount.value == "45"
        await pilot.press("tab")
        assert focus(pilot) == "exercise-sets"
        await pilot.press("3", "tab")
        assert focus(pilot) == "exercise-per_side"
        await pilot.press("space")
        await settle(pilot)
        assert screen.draft["exercises"][0] == {
            "name": "Mountain climbers",
            "work": 45,
            "sets": 3,
            "per_side": True,
        }
        assert screen.problems == []


async def test_clearing_the_amount_keeps_the_kind(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Kinds")
        for name in ("Wall sit", "Lunges", "Climbers"):
            await pilot.press("ctrl+n", *name)
        screen.query_one("#exercise-kind", Select).value = "work"
        await pilot.pause()
        screen.query_one("#exercise-amount", Input).focus()
        await pilot.press("backspace")  # the whole amount was selected: now empty
        await settle(pilot)
        assert screen.query_one("#exercise-kind", Select).value == "work"
        assert screen.draft["exercises"][2] == {"name": "Climbers", "work": ""}
        assert [p.render() for p in screen.problems] == [
            "exercises[3].work: expected a whole number of seconds from 1 to 7200, found empty text"
        ]
        assert error_at(pilot, "exercise-amount") == (
            "expected a whole number of seconds from 1 to 7200, found empty text"
        )
        prompt = outline_row(pilot, 3)
        assert prompt.startswith("! 3. Climbers") and "? s" in prompt
        await pilot.press("5")
        await settle(pilot)
        assert screen.draft["exercises"][2] == {"name": "Climbers", "work": 5}
        assert screen.problems == []


async def test_a_routine_built_with_the_keyboard_only(tmp_path: Path) -> None:
    """The walk-through a new user takes: every step by key, as typed in a terminal."""
    app = make_app(tmp_path, start="home")
    left: list[Path | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        context = app.context
        app.push_screen(BuilderScreen(context, None), callback=left.append)
        await pilot.pause()
        await pilot.press(*"Quick legs")
        # Wall sit: hold 5 s (Enter opens the Kind menu; Up from Reps is Hold).
        await pilot.press("ctrl+n", *"Wall sit", "tab", "enter", "up", "enter", "tab", "5")
        # Lunges: 2 reps per side, self-paced (no tempo).
        await pilot.press("ctrl+n", *"Lunges", "tab", "tab", "2", "tab", "tab", "space")
        # Mountain climbers: work 5 s.
        await pilot.press(
            "ctrl+n", *"Mountain climbers", "tab", "enter", "down", "enter", "tab", "5"
        )
        await settle(pilot)
        assert builder(pilot).problems == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "escape")  # the field, then the outline: home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert left == [user_file("quick-legs")]
    assert load_routine(user_file("quick-legs")) == Routine(
        name="Quick legs",
        blocks=(
            Block(
                exercises=(
                    Exercise(name="Wall sit", kind=Kind.HOLD, target=5),
                    Exercise(name="Lunges", kind=Kind.REPS, target=2, per_side=True),
                    Exercise(name="Mountain climbers", kind=Kind.WORK, target=5),
                )
            ),
        ),
    )


async def test_invalid_input_shows_the_validators_message_and_blocks_saving(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press(*"Broken")
        await pilot.press("ctrl+n", *"Squats")
        await fill(pilot, "#exercise-amount", "0")
        assert error_at(pilot, "exercise-amount") == "expected repetitions from 1 to 500, found 0"
        await fill(pilot, "#exercise-amount", "abc")
        assert error_at(pilot, "exercise-amount") == (
            "expected a whole number of repetitions from 1 to 500, found the text 'abc'"
        )
        await fill(pilot, "#exercise-tempo", "up 2, dwn 2")
        assert error_at(pilot, "exercise-tempo") == "unknown key 'dwn'; did you mean 'down'?"
        side = static(pilot, "#builder-problems")
        assert "exercises[1].reps: expected a whole number" in side
        assert "2 problems" in side
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not user_file("broken").exists()
        assert screen.dirty

        # Fixing the fields clears their messages; then it saves.
        await fill(pilot, "#exercise-amount", "10")
        await fill(pilot, "#exercise-tempo", "up 2, down 2")
        assert error_at(pilot, "exercise-amount") == ""
        assert error_at(pilot, "exercise-tempo") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert user_file("broken").exists()


async def test_a_problem_in_another_exercise_is_marked_in_the_outline(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press(*"Marks", "ctrl+n")
        await settle(pilot)
        # The new exercise has no name yet: nothing is red until the field is left.
        assert error_at(pilot, "exercise-name") == ""
        assert not outline_row(pilot, 1).startswith("! ")
        await pilot.press("tab")
        await settle(pilot)
        assert error_at(pilot, "exercise-name") == "expected a name, found empty text"
        assert outline_row(pilot, 1).startswith("! ")


async def test_name_error_at_the_routine_field(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        # A new routine does not open in red: the name shows its problem once left.
        assert error_at(pilot, "routine-name") == ""
        assert builder(pilot).query_one("#builder-problems", ProblemList).problems == ()
        await pilot.press("tab")
        await settle(pilot)
        assert error_at(pilot, "routine-name") == "expected a name, found empty text"
        await fill(pilot, "#routine-defaults-switch", "500")
        assert error_at(pilot, "routine-defaults-switch") == (
            "expected seconds from 0 to 120, found 500"
        )


async def test_a_save_shows_every_problem(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "routine-name") == "expected a name, found empty text"


async def test_clicking_a_problem_goes_to_its_field(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press("ctrl+n", *"Squats")
        await fill(pilot, "#exercise-amount", "0")
        assert [p.path for p in screen.problems] == ["name", "exercises[1].reps"]
        await pilot.click("#builder-problems", offset=(4, 1))  # the first: the routine's name
        await pilot.pause()
        assert screen.selected.kind == "routine"
        assert screen.focused is screen.query_one("#routine-name")
        screen.action_jump(1)
        await pilot.pause()
        assert screen.selected.exercise == 0
        assert screen.focused is screen.query_one("#exercise-amount")


async def test_f2_swaps_the_form_for_the_preview_when_narrow(tmp_path: Path) -> None:
    app = make_app(tmp_path, resolve("stability"), start="edit")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = builder(pilot)
        await pilot.pause()
        assert not screen.query_one("#builder-side").display
        assert "steps" in static(pilot, "#builder-status")
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#builder-side").display
        assert not screen.query_one("#builder-form").display
        assert "Timeline" in static(pilot, "#builder-summary")


# --------------------------------------------------------------------------- saving


async def test_editing_a_built_in_saves_a_user_copy(tmp_path: Path) -> None:
    routine = resolve("strength")
    builtin_file = paths.builtin_routines_dir() / "strength.toml"
    before = builtin_file.read_bytes()
    async with make_app(tmp_path, routine, start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        assert "built-in" in static(pilot, "#builder-status")
        screen.query_one("#builder-outline").focus()
        await pilot.press("down")  # the first exercise
        await fill(pilot, "#exercise-sets", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert builtin_file.read_bytes() == before
    saved = load_routine(user_file("strength"))
    assert saved.exercises[0].sets == 5
    assert saved.name == "Strength"
    # The user's copy now shadows the built-in.
    assert resolve("strength").source == "user"


async def test_a_copy_gets_its_own_name_and_file(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+d")  # duplicate the selected (first) routine
        await pilot.pause()
        screen = builder(pilot)
        name = screen.draft["name"]
        assert name.endswith(" (copy)")
        assert not screen.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sorted(paths.user_routines_dir().glob("*.toml"))
        assert len(saved) == 1
        assert saved[0].stem.endswith("-copy")
        assert load_routine(saved[0]).name == name
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # saved: no question on leaving


async def test_overwriting_another_user_file_asks_first(tmp_path: Path) -> None:
    existing = Routine(
        name="Hill legs",
        blocks=(Block(exercises=(Exercise(name="Old", kind=Kind.HOLD, target=5),)),),
    )
    save_routine(existing, user_file("hill-legs"))
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press(*"Hill legs", "ctrl+n", *"New one")
        await settle(pilot)
        await pilot.press("ctrl+s")
        dialog = await wait_for_dialog(pilot)
        assert "Replace" in dialog.title_text
        await pilot.press("n")
        await pilot.pause()
        assert load_routine(user_file("hill-legs")) == existing
        await pilot.press("ctrl+s")
        await wait_for_dialog(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert load_routine(user_file("hill-legs")).exercises[0].name == "New one"
        # From now on it is this routine's own file: saving again does not ask.
        await fill(pilot, "#exercise-amount", "11")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert load_routine(user_file("hill-legs")).exercises[0].target == 11


async def test_a_new_routine_that_would_hide_a_built_in_asks_first(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press(*"Strength", "ctrl+n", *"Squats")
        await settle(pilot)
        await pilot.press("ctrl+s")
        dialog = await wait_for_dialog(pilot)
        assert "built-in" in dialog.title_text
        await pilot.press("n")
        await pilot.pause()
        assert not user_file("strength").exists()


async def test_editing_a_user_routine_saves_in_place_without_asking(tmp_path: Path) -> None:
    save_routine(resolve("stability"), user_file("mine"))
    routine = load_routine(user_file("mine"), source="user")
    async with make_app(tmp_path, routine, start="edit").run_test(size=SIZE) as pilot:
        await fill(pilot, "#routine-name", "Mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmDialog)
    assert load_routine(user_file("mine")).name == "Mine"
    assert sorted(p.name for p in paths.user_routines_dir().iterdir()) == ["mine.toml"]


# --------------------------------------------------------------------------- leaving


async def test_leaving_with_unsaved_changes_asks(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Draft")
        await pilot.press("escape")  # out of the name field, to the outline
        await pilot.pause()
        assert builder(pilot).focused is builder(pilot).query_one("#builder-outline")
        await pilot.press("escape")  # out of the builder
        dialog = await wait_for_dialog(pilot)
        assert dialog.title_text == "Discard changes?"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert builder(pilot).draft["name"] == "Draft"
        await pilot.press("escape")
        await wait_for_dialog(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert not paths.user_routines_dir().exists()


async def test_quitting_with_unsaved_changes_asks(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Draft", "ctrl+q")
        dialog = await wait_for_dialog(pilot)
        assert "Quit" in dialog.body
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press("ctrl+q")
        await wait_for_dialog(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_leaving_without_changes_does_not_ask(tmp_path: Path) -> None:
    app = make_app(tmp_path, resolve("stability"), start="edit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --------------------------------------------------------------------------- edit as TOML

EDITOR = """\
import sys
from pathlib import Path
path = Path(sys.argv[-1])
text = path.read_text()
path.write_text(text.replace(OLD, NEW))
"""


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text(f"OLD = {old!r}\nNEW = {new!r}\n" + EDITOR)
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")


async def test_edit_as_toml_reads_the_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_editor(tmp_path, monkeypatch, 'name = "Squats"', 'name = "Goblet squats"')
    async with make_app(tmp_path, resolve("strength"), start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause(0.5)
        assert screen.draft["exercises"][0]["name"] == "Goblet squats"
        assert screen.problems == []
        assert screen.dirty
        assert "Goblet squats" in outline_row(pilot, 1)


async def test_edit_as_toml_shows_the_problems_at_the_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_editor(tmp_path, monkeypatch, "reps = 8\n", "reps = 0\n")
    async with make_app(tmp_path, resolve("strength"), start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause(0.5)
        assert screen.problems
        assert all(
            p.message == "expected repetitions from 1 to 500, found 0" for p in screen.problems
        )
        screen.query_one("#builder-outline").focus()
        await pilot.press("down")
        await pilot.pause()
        assert error_at(pilot, "exercise-amount") == "expected repetitions from 1 to 500, found 0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not user_file("strength").exists()


async def test_edit_as_toml_with_a_syntax_error_offers_to_edit_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_editor(tmp_path, monkeypatch, 'name = "Squats"', 'name = "Squats')
    async with make_app(tmp_path, resolve("strength"), start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        before = screen.draft
        await pilot.press("ctrl+t")
        dialog = await wait_for_dialog(pilot)
        assert "invalid TOML" in dialog.body
        await pilot.press("n")  # throw the edits away
        await pilot.pause()
        assert builder(pilot).draft == before


async def test_a_missing_editor_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    async with make_app(tmp_path, resolve("strength"), start="edit").run_test(size=SIZE) as pilot:
        screen = builder(pilot)
        before = dict(screen.draft)
        await pilot.press("ctrl+t")
        await pilot.pause(0.3)
        assert screen.draft == before
        assert any("Could not run the editor" in n.message for n in pilot.app._notifications)


# --------------------------------------------------------------------------- deleting


async def test_delete_a_user_routine_after_confirming(tmp_path: Path) -> None:
    save_routine(resolve("stability"), user_file("mine"))
    routine = load_routine(user_file("mine"), source="user")
    app = make_app(tmp_path, routine, start="edit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        dialog = await wait_for_dialog(pilot)
        assert "history" in dialog.body
        await pilot.press("n")
        await pilot.pause()
        assert user_file("mine").exists()
        await pilot.press("f8")
        await wait_for_dialog(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not user_file("mine").exists()
        assert isinstance(app.screen, HomeScreen)


async def test_a_built_in_cannot_be_deleted(tmp_path: Path) -> None:
    app = make_app(tmp_path, resolve("stability"), start="edit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        assert (paths.builtin_routines_dir() / "stability.toml").exists()


# --------------------------------------------------------------------------- sizes


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (140, 40)])
async def test_small_and_large_terminals_do_not_crash(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    async with make_app(tmp_path, resolve("lower-body-extras"), start="edit").run_test(
        size=size
    ) as pilot:
        screen = builder(pilot)
        await pilot.pause()
        for key in ("down", "down", "down", "enter", "tab", "tab"):
            await pilot.press(key)
        await pilot.pause()
        assert screen.problems == []


def test_snapshot_builder_on_a_built_in(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed data directory: the status line shows where the routine will be saved.
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/tmp/legtimer-snapshot/data")
    app = make_app(tmp_path, resolve("strength"), start="edit")

    async def select_second_exercise(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=select_second_exercise)


async def test_back_home_the_saved_routine_is_selected(tmp_path: Path) -> None:
    """After saving in the builder, Enter at home runs the routine just saved."""
    from textual.widgets import DataTable

    app = make_app(tmp_path, start="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await settle(pilot)
        await fill(pilot, "#routine-name", "Zz last in the list")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await fill(pilot, "#exercise-name", "Plank")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#routines", DataTable)
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert row == str(user_file("zz-last-in-the-list"))
