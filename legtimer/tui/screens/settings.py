"""Settings: sound, volume, metronome, voice, flash, bell, get ready, units and theme.

The form starts from the app's settings and changes nothing until Save:
`save_settings` then changes only the values that differ, in place, so the
comments and layout of settings.toml stay as the person wrote them. The app's
settings are replaced (never mutated) and the theme is applied at once. A file
that cannot be read or written is reported and the form stays open.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, Label, Select, Switch

from legtimer.core import paths
from legtimer.core.settings import UNITS, Settings, SettingsFileError, save_settings
from legtimer.tui.context import AppContext
from legtimer.tui.screens.dialogs import confirm_discard, short_path
from legtimer.tui.widgets.settings.cue_player import CuePlayer


@dataclass(frozen=True)
class WholeNumber:
    """A whole-number field: its id, its title and the range it takes."""

    ident: str
    title: str
    low: int
    high: int

    def problem(self, value: str) -> str | None:
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:
            shown = f"{text!r}" if text else "nothing"
            return f"{self.title}: a whole number from {self.low} to {self.high}, not {shown}"
        return None


VOLUME = WholeNumber("volume", "Volume", 0, 100)
GET_READY = WholeNumber("get-ready", "Get ready", 0, 300)
NUMBERS = (VOLUME, GET_READY)
SWITCHES = ("sound", "metronome", "speak", "flash", "bell")  # each the id of its Switch


class SettingsScreen(Screen[bool]):
    """Edit the settings; dismisses with True once saved, False when left without."""

    AUTO_FOCUS = "#sound"
    DEFAULT_CSS = """
    SettingsScreen {
        #settings-form { height: 1fr; padding: 1 1 0 1; }
        .setting { height: auto; }
        .setting-label { width: 22; }
        .setting-hint { width: 1fr; margin-left: 2; color: $text-muted; }
        Switch {
            border: none;
            height: 1;
            padding: 0 1;
            &:focus { border: none; background-tint: $foreground 20%; }
        }
        .number { width: 8; }
        #speak-command { width: 1fr; }
        #units { width: 10; }
        #theme { width: 30; }
        #settings-problem { width: 1fr; color: $error; margin-top: 1; }
        #cue-player { margin: 1 0; }
        #settings-buttons { height: auto; }
        #settings-buttons Button { margin-right: 2; min-width: 10; }
        #settings-file { width: 1fr; margin-top: 1; color: $text-muted; }
        &.-short #settings-form { padding: 0 1; }
        /* Below 70 columns the hints would wrap every row in two: the titles say enough. */
        &.-narrow .setting-hint { display: none; }
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the settings", priority=True),
        Binding("escape", "cancel", "Cancel", tooltip="Leave without saving (asks if changed)"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._initial: dict[str, object] = {}

    # ----------------------------------------------------------------- the form

    def compose(self) -> ComposeResult:
        settings = self.context.settings
        themes = sorted(self.app.available_themes)
        theme = settings.theme if settings.theme in themes else self.app.theme
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield self._row(
                "Sound", Switch(settings.sound, id="sound"), "tones through the audio device"
            )
            yield self._row("Volume", self._number(VOLUME, settings.volume), "0 to 100")
            yield self._row(
                "Metronome",
                Switch(settings.metronome, id="metronome"),
                "ticks and tempo tones in paced reps",
            )
            yield self._row("Voice", Switch(settings.speak, id="speak"), "spoken cues")
            command = Input(
                settings.speak_command,
                placeholder="empty: found on its own",
                id="speak-command",
                compact=True,
                disabled=not settings.speak,
            )
            yield self._row("Own speech command", command)
            yield self._row(
                "Flash", Switch(settings.flash, id="flash"), "flash the screen on transitions"
            )
            yield self._row(
                "Bell when no tones",
                Switch(settings.bell, id="bell"),
                "terminal bell on 3-2-1 and transitions",
            )
            yield self._row(
                "Get ready (seconds)",
                self._number(GET_READY, settings.get_ready),
                "before the first step, 0 to 300",
            )
            units = settings.units if settings.units in UNITS else UNITS[0]
            yield self._row(
                "Units",
                Select(
                    [(unit, unit) for unit in UNITS],
                    value=units,
                    allow_blank=False,
                    id="units",
                    compact=True,
                ),
                "of every load",
            )
            yield self._row(
                "Theme",
                Select(
                    [(name, name) for name in themes],
                    value=theme,
                    allow_blank=False,
                    id="theme",
                    compact=True,
                ),
            )
            yield Label("", id="settings-problem")
            yield CuePlayer(self.context.sinks, self.edited, id="cue-player")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)
            yield Label(Text(f"Kept in {short_path(paths.settings_path())}"), id="settings-file")
        yield Footer()

    @staticmethod
    def _row(title: str, control: Widget, hint: str = "") -> Horizontal:
        parts: list[Widget] = [Label(title, classes="setting-label"), control]
        if hint:
            parts.append(Label(hint, classes="setting-hint"))
        return Horizontal(*parts, classes="setting")

    @staticmethod
    def _number(field: WholeNumber, value: int) -> Input:
        return Input(str(value), id=field.ident, classes="number", compact=True, type="integer")

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one("#settings-problem", Label).display = False
        self._initial = self._values()

    def _values(self) -> dict[str, object]:
        """What the form holds now, as typed: to tell whether anything changed."""
        values: dict[str, object] = {
            ident: self.query_one(f"#{ident}", Switch).value for ident in SWITCHES
        }
        for ident in ("volume", "get-ready", "speak-command"):
            values[ident] = self.query_one(f"#{ident}", Input).value
        for ident in ("units", "theme"):
            values[ident] = self.query_one(f"#{ident}", Select).value
        return values

    @property
    def changed(self) -> bool:
        return self._values() != self._initial

    def problems(self) -> list[tuple[WholeNumber, str]]:
        found = []
        for field in NUMBERS:
            problem = field.problem(self.query_one(f"#{field.ident}", Input).value)
            if problem is not None:
                found.append((field, problem))
        return found

    def _show_problems(self) -> list[tuple[WholeNumber, str]]:
        found = self.problems()
        label = self.query_one("#settings-problem", Label)
        label.update(Text("\n".join(problem for _, problem in found)))
        label.display = bool(found)
        return found

    def edited(self) -> Settings | None:
        """The settings as the form has them, or None (and the problem said) if a
        number is not one."""
        found = self._show_problems()
        if found:
            field, problem = found[0]
            self.notify(problem, title="Not a valid setting", severity="error", markup=False)
            self.query_one(f"#{field.ident}", Input).focus()
            return None

        def switch(ident: str) -> bool:
            return self.query_one(f"#{ident}", Switch).value

        def number(field: WholeNumber) -> int:
            return int(self.query_one(f"#{field.ident}", Input).value)

        return replace(
            self.context.settings,
            sound=switch("sound"),
            volume=number(VOLUME),
            metronome=switch("metronome"),
            speak=switch("speak"),
            speak_command=self.query_one("#speak-command", Input).value.strip(),
            flash=switch("flash"),
            bell=switch("bell"),
            get_ready=number(GET_READY),
            units=str(self.query_one("#units", Select).value),
            theme=str(self.query_one("#theme", Select).value),
        )

    @on(Input.Changed, ".number")
    def _number_changed(self) -> None:
        if self.query_one("#settings-problem", Label).display:
            self._show_problems()  # the message goes as soon as the number is right

    @on(Switch.Changed, "#speak")
    def _voice_changed(self, event: Switch.Changed) -> None:
        self.query_one("#speak-command", Input).disabled = not event.value

    # ----------------------------------------------------------------- save, leave

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        settings = self.edited()
        if settings is None:
            return
        try:
            save_settings(settings)
        except SettingsFileError as error:
            self._not_saved(str(error))
            return
        except OSError as error:
            self._not_saved(f"{paths.settings_path()}: {error.strerror or error}")
            return
        self.context.settings = settings
        if settings.theme in self.app.available_themes:
            self.app.theme = settings.theme  # the app sees it is already the saved one
        self.notify("Settings saved.", title="Settings")
        self.dismiss(True)

    def _not_saved(self, reason: str) -> None:
        self.notify(
            f"Settings not saved: {reason}",
            title="Settings",
            severity="error",
            timeout=15,
            markup=False,
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.leave()

    def action_save_and_quit(self) -> None:
        """Ctrl+Q (the app calls this): ask about unsaved changes, then quit."""
        self.leave(quit_app=True)

    @work(exclusive=True, group="settings-leave")
    async def leave(self, *, quit_app: bool = False) -> None:
        if self.changed:
            discard = await self.app.push_screen_wait(
                confirm_discard("Your changes to the settings are not saved.", quit_app=quit_app)
            )
            if not discard:
                return
        self.query_one(CuePlayer).close()
        if quit_app:
            self.app.exit()
        else:
            self.dismiss(False)
