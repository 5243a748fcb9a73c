"""The legtimer app: builds the context, opens screens, and goes where screens ask.

Screens never import this module. They get the `AppContext` built here and
post the messages of `legtimer.tui.messages`; the handlers below act on them.
Screens are imported when first opened, not at start-up: the home screen's
first paint pays only for what it shows (`legtimer run X` never loads home).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from legtimer.core import paths
from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.plan import Plan
from legtimer.core.routines import Routine
from legtimer.core.session import Clock, MonotonicClock
from legtimer.core.settings import Settings, load_settings, save_settings
from legtimer.tui.context import AppContext, AppCues, CuesFactory, SinkFactory
from legtimer.tui.messages import (
    GoHome,
    OpenBuilder,
    OpenReview,
    OpenSettings,
    ResumeSession,
    RoutineSaved,
    SavesBeforeQuit,
    SessionEnded,
    StartSession,
)

# The audio device opens this long after home is on screen, out of its first paint's way.
WARM_SOUND_SECONDS = 0.5

SETTINGS_COMMAND = "Settings"
SETTINGS_HELP = "Sound, volume, metronome, voice, flash, bell, get ready, units and theme"


def _may_open_settings(screen: Screen[Any]) -> bool:
    """Settings open over any screen but a running session (its clock would run on
    behind them) and the settings themselves."""
    from legtimer.tui.screens.session import SessionScreen
    from legtimer.tui.screens.settings import SettingsScreen

    return not isinstance(screen, SessionScreen | SettingsScreen)


class LegTimerApp(App[None]):
    # Every screen and widget carries its own CSS; app.tcss holds what is app-wide.
    CSS_PATH = "app.tcss"
    TITLE = "legtimer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        store: HistoryStore | None = None,
        settings: Settings | None = None,
        routine: Routine | None = None,
        start: str = "home",
        open_store: bool = True,
        broken: Path | None = None,
        cues: CuesFactory | None = None,
        sinks: SinkFactory | None = None,
    ) -> None:
        super().__init__()
        self.start_routine = routine
        self.start_broken = broken  # `legtimer edit` on a file with problems
        self.start = start  # "home", "run", "review", "new" or "edit"
        self.context = AppContext(
            clock=clock or MonotonicClock(), settings=settings or load_settings()
        )
        if cues is not None:
            self.context.cues = cues
        if sinks is not None:
            self.context.sinks = sinks
        if store is None and open_store:
            try:
                store = HistoryStore.open(paths.history_path())
            except HistoryError as error:
                self.context.history_problem = f"{error}. Sessions will not be saved."
        self.context.store = store
        if self.context.settings.theme in self.available_themes:
            self.theme = self.context.settings.theme

    def on_mount(self) -> None:
        settings = self.context.settings
        if settings.theme not in self.available_themes:
            self.notify(f"unknown theme {settings.theme!r} in the settings", severity="warning")
        for problem in settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        if self.context.history_problem:
            self.notify(self.context.history_problem, title="History", severity="error", timeout=15)
        if self.context.store is not None:
            for notice in self.context.store.notices:
                self.notify(notice, title="History", severity="warning", timeout=20)
        to_run = self._routine_to_run()
        if to_run is not None:
            self._start_session(to_run)  # which opens the audio device at once
            return
        self.set_timer(WARM_SOUND_SECONDS, self._warm_sound)
        if self.start == "review":
            self._open_review()
        elif self.start in ("new", "edit"):
            self._open_builder(self.start_routine, broken=self.start_broken)

    def _warm_sound(self) -> None:
        """Open the app's audio device before the first session needs it: its first
        cue is then on time (a stream's first second or two of cues come late)."""
        cues = self.context.cues
        if isinstance(cues, AppCues):  # tests give fakes, which open nothing
            self.run_worker(
                partial(cues.warm, self.context.settings, self.bell),
                thread=True,
                group="sound",
                description="opening the audio device",
            )

    def _routine_to_run(self) -> Routine | None:
        """The routine `legtimer run X` opened the app on, if it did."""
        return self.start_routine if self.start == "run" else None

    def get_default_screen(self) -> Screen[Any]:
        """Home is the first screen, built as the app starts (no blank screen painted first).

        `legtimer run X` goes straight into the session over a blank screen instead:
        home is built only if the person goes there.
        """
        return self._home() if self._routine_to_run() is None else super().get_default_screen()

    def _home(self) -> Screen[None]:
        from legtimer.tui.screens.home import HomeScreen

        # The offer to resume an interrupted session waits when `legtimer run X` asked for X.
        return HomeScreen(self.context, offer_resume=self.start == "home")

    # ----------------------------------------------------------------- where screens ask to go

    def on_go_home(self, _: GoHome) -> None:
        """Back to the routines: pop to the home screen, or open it if it was never built."""
        from legtimer.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(self._home())

    def on_start_session(self, message: StartSession) -> None:
        self._start_session(message.routine)

    def on_resume_session(self, message: ResumeSession) -> None:
        from legtimer.tui.screens.session import SessionScreen

        try:
            screen = SessionScreen.resumed(self.context, message.session_id)
        except HistoryError as error:  # taken up by another legtimer meanwhile, or unreadable
            self.notify(str(error), title="Cannot resume", severity="error", timeout=15)
            return
        self.push_screen(screen)

    def on_session_ended(self, message: SessionEnded) -> None:
        from legtimer.tui.screens.summary import SummaryScreen

        # The help may be open over a session that ends on its timer: it goes with it.
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_screen(SummaryScreen(self.context, message.recorder))

    def on_open_review(self, _: OpenReview) -> None:
        self._open_review()

    def on_open_builder(self, message: OpenBuilder) -> None:
        self._open_builder(message.routine, copy=message.copy, broken=message.broken)

    def on_routine_saved(self, message: RoutineSaved) -> None:
        self._select_on_home(message.path)

    def on_open_settings(self, _: OpenSettings) -> None:
        self.action_open_settings()

    # ----------------------------------------------------------------- opening screens

    def _start_session(self, routine: Routine | Plan) -> None:
        from legtimer.tui.screens.session import SessionScreen

        self.push_screen(SessionScreen.for_routine(self.context, routine))

    def _open_review(self) -> None:
        from legtimer.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.context))

    def _open_builder(
        self, routine: Routine | None, *, copy: bool = False, broken: Path | None = None
    ) -> None:
        """The routine builder: on a new routine, a routine, a copy of one, or a broken file."""
        from legtimer.tui.screens.builder import BuilderScreen

        def closed(saved: Path | None) -> None:
            if saved is not None:
                self._select_on_home(saved)

        screen = BuilderScreen(self.context, routine, copy=copy, broken=broken)
        self.push_screen(screen, closed)

    def action_open_settings(self) -> None:
        from legtimer.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.context))

    def _select_on_home(self, path: Path) -> None:
        """Home puts its cursor on the routine just saved, so Enter runs that one."""
        from legtimer.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.select_routine(path)

    # ----------------------------------------------------------------- app-wide

    async def action_quit(self) -> None:
        """Ctrl+Q is a priority key (it works inside inputs), so screens never see it:
        a screen with something to save first (the summary) saves it before quitting."""
        # Over a dialog (help, a question), the screen beneath decides: the dialogs go,
        # and a session or a summary saves (or asks) before the app quits.
        beneath = next(
            (
                screen
                for screen in reversed(self.screen_stack)
                if not isinstance(screen, ModalScreen)
            ),
            self.screen,
        )
        if isinstance(beneath, SavesBeforeQuit):
            while isinstance(self.screen, ModalScreen):
                await self.pop_screen()
            beneath.action_save_and_quit()
        else:
            self.exit()

    def watch_theme(self, theme: str) -> None:
        settings = self.context.settings
        if theme != settings.theme and self.is_running:
            self.context.settings = replace(settings, theme=theme)
            try:
                save_settings(self.context.settings)
            except OSError as error:
                self.notify(f"could not save the theme: {error}", severity="warning")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's "Keys" opens a side panel that squeezes a session to half the
            # width; our Help (?) lists the keys instead.
            if command.title != "Keys":
                yield command
        # Every key of the current screen is a command in the palette too.
        titles = set()
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                help_text = binding.tooltip or binding.description
                titles.add(binding.description)
                yield SystemCommand(
                    binding.description, help_text, partial(screen.run_action, binding.action)
                )
        if SETTINGS_COMMAND not in titles and _may_open_settings(screen):
            yield SystemCommand(SETTINGS_COMMAND, SETTINGS_HELP, self.action_open_settings)

    def on_unmount(self) -> None:
        if self.context.store is not None:
            self.context.store.close()
