"""The legtimer app: one factory builds it from its dependencies (the CLI and tests alike)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from legtimer.core import paths
from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.plan import Plan
from legtimer.core.routines import Routine
from legtimer.core.session import Clock, MonotonicClock
from legtimer.core.settings import Settings, load_settings, save_settings


class LegTimerApp(App[None]):
    CSS_PATH = ["app.tcss", "review.tcss"]
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
    ) -> None:
        super().__init__()
        self.clock: Clock = clock or MonotonicClock()
        self.settings = settings or load_settings()
        self.start_routine = routine
        self.start = start  # "home", "run", "review", "new" or "edit"
        self.store = store
        self.history_problem: str | None = None
        if store is None and open_store:
            try:
                self.store = HistoryStore.open(paths.history_path())
            except HistoryError as error:
                self.history_problem = f"{error}. Sessions will not be saved."
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def on_mount(self) -> None:
        if self.settings.theme not in self.available_themes:
            self.notify(
                f"unknown theme {self.settings.theme!r} in the settings", severity="warning"
            )
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        if self.history_problem:
            self.notify(self.history_problem, title="History", severity="error", timeout=15)
        if self.store is not None:
            for notice in self.store.notices:
                self.notify(notice, title="History", severity="warning", timeout=20)
        if self.start == "run" and self.start_routine is not None:
            # Straight into the session: home is built only if the person goes there.
            self.start_session(self.start_routine)
            return
        from legtimer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start == "review":
            self.open_review()
        elif self.start in ("new", "edit"):
            self.open_builder(self.start_routine)

    def go_home(self) -> None:
        """Back to the routines: pop to the home screen, or open it if it was never built."""
        from legtimer.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def start_session(self, routine: Routine | Plan) -> None:
        from legtimer.tui.screens.session import SessionScreen

        self.push_screen(SessionScreen.for_routine(routine, self))

    def resume_session(self, session_id: str) -> None:
        from legtimer.tui.screens.session import SessionScreen

        assert self.store is not None
        self.push_screen(SessionScreen.resumed(session_id, self))

    def open_review(self) -> None:
        from legtimer.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen())

    def open_builder(self, routine: Routine | None, *, copy: bool = False) -> None:
        """The routine builder: on a new routine, on a routine, or on a copy of one."""
        from legtimer.tui.context import AppContext
        from legtimer.tui.screens.builder import BuilderScreen
        from legtimer.tui.screens.home import HomeScreen

        def saved(path: Path | None) -> None:
            # Back home on the routine just saved, so Enter runs that one.
            if path is not None and isinstance(self.screen, HomeScreen):
                self.screen.select_routine(path)

        context = AppContext(clock=self.clock, settings=self.settings, store=self.store)
        self.push_screen(BuilderScreen(context, routine, copy=copy), saved)

    async def action_quit(self) -> None:
        """Ctrl+Q is a priority key (it works inside inputs), so screens never see it:
        a screen with something to save first (the summary) saves it before quitting."""
        save_and_quit = getattr(self.screen, "action_save_and_quit", None)
        if callable(save_and_quit):
            save_and_quit()
        else:
            self.exit()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme and self.is_running:
            self.settings = replace(self.settings, theme=theme)
            try:
                save_settings(self.settings)
            except OSError as error:
                self.notify(f"could not save the theme: {error}", severity="warning")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every key of the current screen is a command in the palette too.
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                help_text = binding.tooltip or binding.description
                yield SystemCommand(
                    binding.description, help_text, partial(screen.run_action, binding.action)
                )

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
