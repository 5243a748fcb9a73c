"""The settings screen: opened from home and the palette, saved in place (comments kept),
bad numbers refused with a message, Esc asking about changes, the cues tried out
through a recording sink (never a real audio device)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Switch

from legtimer.core import paths
from legtimer.core.settings import load_settings
from legtimer.cues.tones import CueName
from legtimer.tui.app import LegTimerApp
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen, binding_label
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.settings import SettingsScreen
from legtimer.tui.widgets.settings.cue_player import CuePlayer
from tests.support.cues import RecordedSinks
from tests.support.tui import make_app, text

SIZE = (80, 24)
MINE = """\
# my settings, kept by hand
volume = 60  # quiet at night
sound = false
speak = false
bell = false
flash = false

# looks
theme = "nord"
"""


def settings_file(content: str = MINE) -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


def messages(app: LegTimerApp) -> list[str]:
    return [n.message for n in app._notifications]


def settings_screen(app: LegTimerApp) -> SettingsScreen:
    screen = app.screen
    assert isinstance(screen, SettingsScreen), f"on {type(screen).__name__}"
    return screen


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("ctrl+o")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, LegTimerApp)
    return settings_screen(app)


async def type_into(pilot: Pilot[None], screen: SettingsScreen, ident: str, value: str) -> None:
    field = screen.query_one(f"#{ident}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*value)
    await pilot.pause()


async def test_ctrl_o_on_home_opens_the_settings_and_the_help_names_it(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {binding_label(b): b.tooltip for b in app.screen.bindings}
        assert "Settings" in listed["Ctrl+O"]
        await pilot.press("escape")
        screen = await open_settings(pilot)
        assert screen.query_one("#volume", Input).value == "80"
        await pilot.press("escape")  # nothing changed: straight back
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_opens_the_settings(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"settings")
        await pilot.pause(0.3)  # the palette searches in the background
        await pilot.press("enter")
        await pilot.pause()
        settings_screen(app)
        # Not offered twice on home (its Ctrl+O is a command there already), nor on itself.
        assert [c.title for c in app.get_system_commands(app.screen)].count("Settings") == 0
        home = app.screen_stack[-2]
        assert [c.title for c in app.get_system_commands(home)].count("Settings") == 1


async def test_saving_changes_only_the_values_and_keeps_the_comments(tmp_path: Path) -> None:
    path = settings_file()
    app, _, _ = make_app(tmp_path, settings=load_settings())
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        screen = await open_settings(pilot)
        await type_into(pilot, screen, "volume", "35")
        screen.query_one("#metronome", Switch).value = False
        screen.query_one("#units", Select).value = "lb"
        screen.query_one("#theme", Select).value = "gruvbox"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Settings saved." in messages(app)
        written = path.read_text()
        assert "# my settings, kept by hand" in written
        assert "volume = 35  # quiet at night" in written
        assert "# looks" in written
        assert 'theme = "gruvbox"' in written and 'units = "lb"' in written
        assert "metronome = false" in written
        assert "get_ready" not in written  # unchanged values are not written
        saved = app.context.settings
        assert (saved.volume, saved.metronome, saved.units) == (35, False, "lb")
        assert app.theme == "gruvbox"  # at once
        assert load_settings() == saved


async def test_a_bad_number_gives_a_message_and_nothing_is_saved(tmp_path: Path) -> None:
    path = settings_file()
    app, _, _ = make_app(tmp_path, settings=load_settings())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, screen, "volume", "500")
        await type_into(pilot, screen, "get-ready", "")
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is screen
        problem = text(screen, "#settings-problem")
        assert "Volume: a whole number from 0 to 100, not '500'" in problem
        assert "Get ready: a whole number from 0 to 300, not nothing" in problem
        assert any("Volume" in message for message in messages(app))
        assert app.focused is screen.query_one("#volume", Input)
        assert path.read_text() == MINE
        assert app.context.settings.volume == 60
        await type_into(pilot, screen, "volume", "50")
        await type_into(pilot, screen, "get-ready", "5")
        assert text(screen, "#settings-problem") == ""  # gone once the numbers are right


async def test_escape_with_changes_asks_first(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#flash", Switch).value = True
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#flash", Switch).value
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.context.settings.flash
        assert not paths.settings_path().exists()


async def test_play_each_cue_plays_them_all_with_the_values_being_edited(
    tmp_path: Path,
) -> None:
    app, clock, _ = make_app(tmp_path)
    sinks = RecordedSinks(clock)
    app.context.sinks = sinks
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, screen, "volume", "35")
        await pilot.click("#play-cues")
        await pilot.pause()
        player = screen.query_one(CuePlayer)
        assert sinks.played() == [CueName.PIP]
        assert text(screen, "#cue-now") == "pip: 3, 2, 1 before a step ends"
        opened_with, sink = sinks.opened[0]
        assert opened_with.volume == 35  # the edited value, not yet saved
        while player.playing:  # each next cue comes on a timer: step by hand
            player.step()
        assert sinks.played() == list(CueName)
        assert text(screen, "#cue-now") == ""
        await type_into(pilot, screen, "volume", "90")
        # Pressed, not clicked: a button ignores a second click within 0.2 s of the first.
        button = screen.query_one("#play-cues", Button)
        button.press()
        await pilot.pause()
        assert sink.closed and len(sinks.opened) == 2  # a new volume: a new sink
        assert sinks.opened[1][0].volume == 90
        button.press()  # Stop
        await pilot.pause()
        assert not player.playing
        assert not paths.settings_path().exists()  # trying cues saves nothing
        await pilot.press("escape", "y")
        await pilot.pause()
        assert sinks.opened[1][1].closed  # the device goes with the screen


async def test_a_file_that_cannot_be_read_is_reported_and_left_alone(tmp_path: Path) -> None:
    broken = "volume = [unclosed\n# mine\n"
    path = settings_file(broken)
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#metronome", Switch).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # still open: nothing was saved
        assert any(
            message.startswith("Settings not saved:") and "not valid TOML" in message
            for message in messages(app)
        )
        assert path.read_text() == broken
        assert app.context.settings.metronome  # unchanged


async def test_voice_off_greys_out_the_speech_command(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)  # QUIET: speech off
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        command = screen.query_one("#speak-command", Input)
        assert command.disabled
        screen.query_one("#speak", Switch).value = True
        await pilot.pause()
        assert not command.disabled
        await type_into(pilot, screen, "speak-command", 'say "{text}"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.context.settings.speak_command == 'say "{text}"'
        assert load_settings().speak


async def test_ctrl_q_with_changes_asks_before_quitting(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, screen, "get-ready", "15")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
        assert not paths.settings_path().exists()
