"""The live session: big countdown, phase, cue, next up, progress. Glanceable from two metres."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from legtimer.core.display import SessionView, next_change, view_of
from legtimer.core.history import HistoryError
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Plan, StepKind
from legtimer.core.progression import Targets, todays_targets
from legtimer.core.records import local_day
from legtimer.core.routines import Routine
from legtimer.core.session import Event, EventKind, Session, State
from legtimer.core.session_targets import TargetLines, target_lines
from legtimer.cues.session_cues import SessionCues
from legtimer.tui.context import AppContext
from legtimer.tui.messages import SessionEnded
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.widgets.session.big_clock import BigClock
from legtimer.tui.widgets.session.lines import KeyHint, NextUp, StepTitle
from legtimer.tui.widgets.session.phase import PhaseBanner
from legtimer.tui.widgets.session.rep_pacer import RepPacer
from legtimer.tui.widgets.session.session_bar import SessionBar
from legtimer.tui.widgets.session.step_cue import StepCue
from legtimer.tui.widgets.session.step_header import StepHeader
from legtimer.tui.widgets.session.step_targets import StepTargets

ADJUST_SECONDS = 10
# Below this many rows the cue gives its room to the clock.
TINY_ROWS = 16
LOAD_STEP = {"kg": 2.5, "lb": 5.0}  # what `[` and `]` take off or add
FLASH_SECONDS = 0.25
LATE_FLASH_SECONDS = 1.5  # a step that started longer ago than this is not flashed
TIME_KEYS = Binding.Group("10s", compact=True)
REP_KEYS = Binding.Group("Reps", compact=True)
LOAD_KEYS = Binding.Group("Load", compact=True)
# Narrower than this, the footer drops the padding around its keys.
COMPACT_FOOTER_COLUMNS = 100
# Under this width the footer leaves out Back and Help (b and ? still work, and ? lists
# every key): the busiest footer needs 63 columns.
NARROW_FOOTER_COLUMNS = 64
UNLISTED_WHEN_NARROW = ("back", "help")
# The actions `check_action` shows or hides as the session goes on.
CHANGING_KEYS = (
    "toggle_pause",
    "resume",
    "mute",
    "unmute",
    "reps",
    "adjust",
    "load",
    *UNLISTED_WHEN_NARROW,
)


class ViewPart(Protocol):
    """A widget of this screen that shows its part of each new view (and repaints only if
    its part changed)."""

    def show(self, view: SessionView) -> None: ...


class SessionScreen(Screen[None]):
    DEFAULT_CSS = """
    SessionScreen {
        #session {
            height: 1fr;
            padding: 0 2;
            align: center middle;
            &.-flash { background: $boost; }
        }
        StepHeader { dock: top; }
        SessionBar { dock: bottom; margin-bottom: 1; }
        /* A compact footer runs a group's label into the next key: keep a space. */
        Footer.-compact FooterLabel { margin-right: 1; }
        /* Short terminals: keep the clock, the phase, the side, the cue and what comes
           next; drop the rest. Tiny ones keep the clock and the phase first. */
        &.-short {
            StepHeader, KeyHint, #beat { display: none; }
            BigClock, PhaseBanner, StepCue { margin: 0; }
            NextUp { margin-top: 0; }
            SessionBar { margin-bottom: 0; }
        }
        &.-tiny {
            StepCue, #tempo { display: none; }
        }
    }
    """
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", tooltip="Pause or resume the timer", id="pause"),
        # The same key while paused: the footer says what it does now.
        Binding("space", "resume", "Resume", tooltip="Resume the timer", id="resume"),
        Binding(
            "enter", "done", "Done", tooltip="The set is done; or end this timer now", id="done"
        ),
        Binding(
            "n,right", "skip", "Skip", tooltip="Skip this step (recorded as skipped)", id="skip"
        ),
        Binding(
            "b,left",
            "back",
            "Back",
            tooltip="Restart this step, or go to the previous one",
            id="back",
        ),
        # The same key, out of a narrow footer.
        Binding("b,left", "back_unlisted", "Back", show=False, id="back-unlisted"),
        # Pairs share one label in the footer ("+- 10s"), so every key fits at 80 columns.
        Binding(
            "plus,equals_sign",
            "adjust(10)",
            "+10s",
            tooltip="Add 10 seconds",
            id="more",
            group=TIME_KEYS,
        ),
        Binding(
            "minus",
            "adjust(-10)",
            "-10s",
            tooltip="Take 10 seconds off",
            id="less",
            group=TIME_KEYS,
        ),
        Binding(
            "up", "reps(1)", "Reps +1", tooltip="One more rep done", id="reps-up", group=REP_KEYS
        ),
        Binding(
            "down",
            "reps(-1)",
            "Reps -1",
            tooltip="One rep fewer done",
            id="reps-down",
            group=REP_KEYS,
        ),
        Binding(
            "left_square_bracket",
            "load(-1)",
            "Load -",
            tooltip="A lighter load for this set",
            id="load-down",
            group=LOAD_KEYS,
        ),
        Binding(
            "right_square_bracket",
            "load(1)",
            "Load +",
            tooltip="A heavier load for this set",
            id="load-up",
            group=LOAD_KEYS,
        ),
        Binding(
            "q,escape",
            "stop",
            "Stop",
            tooltip="Stop the session (saved as stopped early)",
            id="stop",
        ),
        Binding("m", "mute", "Mute", tooltip="Turn tones and speech off", id="mute"),
        Binding("m", "unmute", "Unmute", tooltip="Turn tones and speech back on", id="unmute"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding("question_mark", "help_unlisted", "Help", show=False, id="help-unlisted"),
    ]

    # A var, not a reactive: a new view must not repaint the whole screen. The
    # watcher updates only the widgets whose text changed.
    view: var[SessionView | None] = var(None)

    def __init__(
        self,
        context: AppContext,
        recorder: Recorder,
        *,
        autostart: bool = True,
        targets: Targets | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.recorder = recorder
        self.autostart = autostart
        self.targets = targets  # last time and today's targets, for `StepTargets`
        self._target_lines: TargetLines | None = None
        self._timer: Timer | None = None
        self.cues: SessionCues | None = None  # opened on mount, closed on unmount
        self._flash_pending = False
        self._problem_reported = False
        self._parts: list[ViewPart] = []
        self._keys: tuple[bool | None, ...] = ()  # what `check_action` said for the footer

    # ----------------------------------------------------------------- construction

    @classmethod
    def for_routine(cls, context: AppContext, routine: Routine | Plan) -> SessionScreen:
        """Today's plan of a routine (its targets from the history), or a plan as given."""
        targets = _targets(context, routine.routine if isinstance(routine, Plan) else routine)
        if isinstance(routine, Plan):
            plan = routine
        else:
            # The same plan `legtimer show` and the plain runner give (the routine's
            # `prepare` wins over the get-ready setting there too).
            plan = targets.plan(get_ready=context.settings.get_ready)
        recorder = Recorder.new(plan, context.clock, context.store, background=True)
        return cls(context, recorder, targets=targets)

    @classmethod
    def resumed(cls, context: AppContext, session_id: str) -> SessionScreen:
        assert context.store is not None, "only a session in the history can be resumed"
        # A resumed session waits for Space: nobody should be thrown straight into a set.
        recorder = Recorder.resume(context.store, session_id, context.clock, background=True)
        row = context.store.session(session_id)
        before = row.started_at if row is not None else None
        targets = _targets(context, recorder.plan.routine, before=before)
        return cls(context, recorder, autostart=False, targets=targets)

    @property
    def session(self) -> Session:
        return self.recorder.session

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            yield StepHeader(self.recorder.plan.routine.name, id="top")
            yield PhaseBanner(id="phase")
            yield StepTitle(id="title")
            yield StepTargets(id="targets")
            yield BigClock(id="clock")
            yield RepPacer()
            with Center():
                yield StepCue(id="cue")
            yield NextUp(id="next-up")
            yield KeyHint(id="hint")
            yield SessionBar(id="session-bar")
        # Every session key fits at 80 columns (Ctrl+P still opens the palette).
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._parts = [
            self.query_one(StepHeader),
            self.query_one(PhaseBanner),
            self.query_one(StepTitle),
            self.query_one(BigClock),
            self.query_one(RepPacer),
            self.query_one(StepCue),
            self.query_one(NextUp),
            self.query_one(KeyHint),
            self.query_one(SessionBar),
        ]
        self.cues = self.context.cues(self.context.settings, self.app.bell, self._cue_problem)
        self.cues.set_muted(self.context.muted)
        if self.autostart:
            self._handle(self.recorder.start())
        self.refresh_view()
        self._schedule()

    def on_resize(self) -> None:
        self.set_class(self.size.height < TINY_ROWS, "-tiny")
        self.query_one(Footer).compact = self.size.width < COMPACT_FOOTER_COLUMNS
        self._refresh_keys()

    # ----------------------------------------------------------------- the clock

    def _schedule(self) -> None:
        """Wake up when the display next changes (a whole second or a tempo beat) or the
        next cue is due (a metronome tick, "10 seconds"), not before."""
        if self._timer is not None:
            self._timer.stop()
        if not self.session.over:
            wait = next_change(self.session)
            due = self.cues.next_due(self.session) if self.cues is not None else None
            if due is not None:
                wait = max(0.005, min(wait, due))
            self._timer = self.set_timer(wait, self.tick)

    def tick(self) -> None:
        self._handle(self.recorder.poll())
        self.refresh_view()
        self._schedule()

    def refresh_view(self) -> None:
        self.view = view_of(self.session)
        lines = target_lines(self.session, self.targets, self.context.settings.units)
        if lines != self._target_lines:  # a new step or a new load, not every tick
            self._target_lines = lines
            self.query_one(StepTargets).show_targets(lines.last, lines.target, lines.load)

    def watch_view(self, old: SessionView | None, new: SessionView | None) -> None:
        if new is None:
            return
        for part in self._parts:
            part.show(new)  # each repaints only what changed
        flash, self._flash_pending = self._flash_pending, False
        self._refresh_keys()
        if flash or old is None or old.paused != new.paused:
            classes = {"-paused": new.paused}
            if flash:
                classes["-flash"] = True
                self.set_timer(FLASH_SECONDS, self._unflash)
            self.query_one("#session").update_classes(classes)
        if new.over and (old is None or not old.over):
            self._finished()

    # ----------------------------------------------------------------- events → cues

    def _handle(self, events: list[Event]) -> None:
        """Tones and speech for what just happened (and what the clock alone brings, even
        with no events); a flash when a step starts."""
        if self.cues is not None:
            self.cues.update(events, self.session)
        now = self.session.clock.now()
        if self.context.settings.flash and any(
            event.kind is EventKind.STEP_STARTED and now - event.at <= LATE_FLASH_SECONDS
            for event in events
        ):
            self._flash()  # not for steps a late redraw found already over
        if self.recorder.problem and not self._problem_reported:
            self._problem_reported = True
            self.notify(self.recorder.problem, title="History", severity="error", timeout=15)

    def _cue_problem(self, message: str) -> None:
        """No audio device, no speech program, a WAV file that would not load: said once."""
        title, said, rest = message.partition(": ")
        if said and title in ("Sound", "Speech"):  # the notice's own title, not twice
            self.notify(rest, title=title, severity="warning", timeout=10)
        else:
            self.notify(message, title="Sound", severity="warning", timeout=10)

    def _flash(self) -> None:
        self._flash_pending = True  # applied with the next view, in the same restyle

    def _unflash(self) -> None:
        self.query_one("#session").remove_class("-flash")

    # ----------------------------------------------------------------- commands

    def _after_command(self) -> None:
        self._handle(self.recorder.poll())
        self.refresh_view()
        self._schedule()

    def _refresh_keys(self) -> None:
        """Rebuild the footer when the keys that apply change, and only then: it rebuilds
        all its keys, 20 ms or more, at a transition."""
        keys = tuple(self.check_action(action, ()) for action in CHANGING_KEYS)
        if keys != self._keys:
            self._keys = keys
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that apply to this step (the footer stays short and true)."""
        kind = self.session.step.kind
        narrow = self.size.width < NARROW_FOOTER_COLUMNS
        if action in UNLISTED_WHEN_NARROW:
            return not narrow
        if action.removesuffix("_unlisted") in UNLISTED_WHEN_NARROW:
            return narrow
        if action in ("toggle_pause", "resume"):
            return (action == "resume") == (self.session.state is State.PAUSED)
        if action in ("mute", "unmute"):
            return (action == "unmute") == self.context.muted
        if action == "reps":
            return kind is StepKind.REPS
        if action == "adjust":
            return kind is not StepKind.REPS
        if action == "load":
            return kind.active and self.session.load is not None
        return True

    def action_toggle_pause(self) -> None:
        if self.session.state.value == "ready":
            self._handle(self.recorder.start())
        else:
            self.session.toggle_pause()
        self._after_command()

    def action_resume(self) -> None:
        self.action_toggle_pause()

    def action_done(self) -> None:
        self.session.done()
        self._after_command()

    def action_skip(self) -> None:
        self.session.skip()
        self._after_command()

    def action_back(self) -> None:
        self.session.back()
        self._after_command()

    def action_back_unlisted(self) -> None:
        self.action_back()

    def action_adjust(self, seconds: int) -> None:
        if not self.session.adjust(seconds):
            self.notify("This step has no timer to adjust.", timeout=2)
        self._after_command()

    def action_reps(self, delta: int) -> None:
        if not self.session.adjust_reps(delta):
            self.notify("Reps can be adjusted during a reps set.", timeout=2)
        self._after_command()

    def action_load(self, direction: int) -> None:
        step = LOAD_STEP.get(self.context.settings.units, LOAD_STEP["kg"])
        if not self.session.adjust_load(direction * step):
            self.notify("This set has no load to change.", timeout=2)
        self._after_command()

    def action_mute(self) -> None:
        self._set_muted(True)

    def action_unmute(self) -> None:
        self._set_muted(False)

    def _set_muted(self, muted: bool) -> None:
        self.context.muted = muted  # the next session starts as this one is left
        if self.cues is not None:
            self.cues.set_muted(muted)
        self.notify("Sound off: m turns it back on" if muted else "Sound on", timeout=2)
        self._refresh_keys()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen([b for b in self.BINDINGS if not _unlisted(b)]))

    def action_help_unlisted(self) -> None:
        self.action_help()

    def action_stop(self, *, then_quit: bool = False) -> None:
        if self.session.over:
            if then_quit:
                self.app.exit()
            return
        paused_here = self.session.pause()  # the clock does not run while they decide
        self.refresh_view()

        def answered(stop: bool | None) -> None:
            if stop:
                self._handle(self.recorder.stop())
                if then_quit:
                    self.recorder.save_pending()  # the step in progress, as stopped early
                    self.app.exit()
                    return
            elif paused_here:
                self.session.resume()
            self._after_command()

        self.app.push_screen(
            ConfirmDialog(
                "Stop this session and quit?" if then_quit else "Stop this session?",
                "What you have done so far is saved as stopped early.",
                yes="Stop and quit" if then_quit else "Stop",
                no="Keep going",
            ),
            answered,
        )

    def action_save_and_quit(self) -> None:
        """Ctrl+Q (the app's key) asks as q does, then saves the session and quits."""
        self.action_stop(then_quit=True)

    def on_unmount(self) -> None:
        # The app is closing over the session: let the writer thread finish (bounded).
        self.recorder.save_pending()
        if self.cues is not None:
            self.cues.close()  # at once: what is still sounding finishes in the background

    def _finished(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.post_message(SessionEnded(self.recorder))  # the app shows the summary instead


def _targets(context: AppContext, routine: Routine, *, before: datetime | None = None) -> Targets:
    """Today's targets from the history; the routine's own when it cannot be read."""
    settings = context.settings
    today = local_day(before) if before is not None else context.today()
    try:
        return todays_targets(
            context.store, routine, today=today, before=before, units=settings.units
        )
    except (HistoryError, sqlite3.Error):
        return todays_targets(None, routine, today=today, units=settings.units)


def _unlisted(binding: BindingType) -> bool:
    """A twin of a key that only works where the footer has no room for it."""
    return isinstance(binding, Binding) and binding.action.endswith("_unlisted")
