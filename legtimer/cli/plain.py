"""`legtimer run ROUTINE --plain`: a line-oriented runner for screen readers, pipes and scripts.

One line per event, each starting with the time since the session started;
commands are read from stdin one per line. It drives the same Recorder as the
app, so the history is written exactly as the TUI writes it.
"""

from __future__ import annotations

import math
import os
import selectors
import sqlite3
import sys
import time
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import TextIO

from legtimer.cli.history import open_store
from legtimer.cli.sounds import report, terminal_bell
from legtimer.core.after_session import AfterSession, after_session
from legtimer.core.errors import join_messages
from legtimer.core.history import HistoryError, HistoryStore
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Step, StepKind
from legtimer.core.progression import Targets, todays_targets
from legtimer.core.routines import Routine, catalog, describe_load
from legtimer.core.session import Clock, Event, EventKind, MonotonicClock, Session, State
from legtimer.core.settings import load_settings
from legtimer.core.summary import Summary
from legtimer.core.text import one_line, safe_text
from legtimer.core.timefmt import clock, elapsed, minutes
from legtimer.cues.session_cues import SessionCues
from legtimer.cues.sink_choice import open_sink
from legtimer.cues.sinks import SilentSink
from legtimer.cues.voice import speaker_for

ADJUST_SECONDS = 10
CLOSE_SECONDS = 4.0  # at the end, how long the last tone and words may take to finish
HELP = (
    "commands: Enter = set done / continue, a number + Enter = done with that many reps, "
    "p = pause/resume, s = skip, b = back, + / - = 10 s more / less, "
    "l NUMBER = the load of this set, q = stop"
)


class LineReader:
    """Reads whole lines from a file descriptor without blocking past a timeout."""

    def __init__(self, stream: TextIO | None) -> None:
        self.eof = stream is None
        self._buffer = b""
        self._lines: list[str] = []
        self._selector: selectors.BaseSelector | None = None
        self._fd = -1
        if stream is not None:
            try:
                self._fd = stream.fileno()
                self._selector = selectors.DefaultSelector()
                self._selector.register(self._fd, selectors.EVENT_READ)
            except (OSError, ValueError):
                self.eof = True  # no usable stdin (closed, or not a real file)

    def read(self, timeout: float) -> str | None:
        """The next line (without its newline), or None when none came within `timeout`."""
        if self._lines:
            return self._lines.pop(0)
        if self.eof or self._selector is None:
            time.sleep(max(0.0, timeout))  # nothing to read: just wait for the timer
            return None
        if not self._selector.select(max(0.0, timeout)):
            return None
        chunk = os.read(self._fd, 4096)
        if not chunk:
            self.eof = True
            if self._buffer:  # a last line without a newline still counts
                self._lines.append(self._buffer.decode("utf-8", "replace"))
                self._buffer = b""
        else:
            self._buffer += chunk
            *complete, self._buffer = self._buffer.split(b"\n")
            self._lines += [line.decode("utf-8", "replace").strip() for line in complete]
        return self._lines.pop(0) if self._lines else None


class OutputClosed(Exception):
    """Standard output is gone (closed, or a pipe whose reader left): nobody sees the session."""


class PlainPrinter:
    def __init__(
        self,
        session: Session,
        stream: TextIO | None,
        units: str = "kg",
        cues: SessionCues | None = None,
    ) -> None:
        self.session = session
        self.stream = stream
        self.units = units
        self.cues = cues

    def say(self, text: str, at: float | None = None) -> None:
        moment = self.session.clock.now() if at is None else at
        stamp = elapsed(self.session.since_start(moment)) if self.session.started_at else "0:00"
        # One line per event, and a name or cue from a file can never steer the terminal.
        self.write(f"[{stamp}] {one_line(text)}\n")

    def write(self, text: str) -> None:
        """Write and flush now; raises OutputClosed when the output is gone."""
        if self.stream is None:  # started with stdout closed (`>&-`)
            raise OutputClosed
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError) as error:  # a broken pipe; a stream closed under us
            raise OutputClosed from error

    def events(self, events: list[Event]) -> None:
        for event in events:
            text = self.describe(event)
            if text:
                self.say(text, event.at)
        if self.cues is not None:  # every poll, events or not: the metronome runs on the clock
            self.cues.update(events, self.session)

    def describe(self, event: Event) -> str | None:
        step = event.step
        kind = event.kind
        if kind is EventKind.STEP_STARTED:
            return self.started(step)
        if kind is EventKind.COUNTDOWN:
            return str(event.value)
        if kind is EventKind.HALFWAY:
            return "halfway"
        if kind is EventKind.SWITCH_SIDES and step.kind is not StepKind.SWITCH:
            return "switch sides"
        if kind is EventKind.LAST_SET:
            return "last set"
        if kind is EventKind.STEP_FINISHED and event.record is not None:
            record = event.record
            if not step.kind.active:
                return None  # the end of a pause is the start of the next step
            done = (
                f"{record.reps} reps" if record.reps is not None else elapsed(record.active_seconds)
            )
            return f"{record.outcome.value}: {step.exercise.name} ({done})"
        if kind is EventKind.SESSION_FINISHED:
            return "session complete"
        if kind is EventKind.SESSION_STOPPED:
            return "session stopped"
        return None

    def started(self, step: Step) -> str:
        head = f"{step.kind.label}"
        if step.kind.active:
            text = f"{head}: {step.describe(self.units)}"
            tempo = step.exercise.tempo
            if tempo is not None:
                text += f", tempo {tempo.describe()}"
            if step.estimated:
                text += " (self-paced: press Enter when done, or type the reps you did)"
            if step.exercise.cue:
                text += f". {step.exercise.cue}"
            return text
        following = self.session.plan.next_active(step.index)
        upcoming = f" next: {following.describe()}" if following else ""
        if step.kind is StepKind.PREPARE:
            nxt = f" {step.exercise.name}"
            if step.exercise.cue:
                nxt += f". {step.exercise.cue}"
            return f"{head} {clock(step.seconds)}:{nxt}"
        if step.kind is StepKind.SWITCH:
            return f"{head} {clock(step.seconds)},{upcoming}"
        return f"{head} {clock(step.seconds)},{upcoming}"

    def targets(self, targets: Targets) -> None:
        """Today's target of each exercise the history has moved or knows, and last time's."""
        for name, target in targets.by_exercise.items():
            last = targets.describe_last(name, self.units)
            if target.reason or last:
                today = f"Today: {name} {target.describe(self.units)}"
                self.say(f"{today}. {last}" if last else today)

    def next_time(self, after: AfterSession) -> None:
        """Next time's targets, the next move at a max, and the bests this session set."""
        self.write("".join(f"  {one_line(line)}\n" for line in after.lines(self.units)))

    def summary(self, summary: Summary, recorder: Recorder) -> None:
        write = self.write
        write("\nSummary\n")
        for line in summary.lines:
            side = f" ({line.side})" if line.side else ""
            done = f"{line.done:.0f}" if line.unit == "reps" else clock(line.done)
            planned = f"{line.planned}" if line.unit == "reps" else clock(line.planned)
            unit = " reps" if line.unit == "reps" else ""
            skipped = f", {line.sets_skipped} skipped" if line.sets_skipped else ""
            write(
                f"  {one_line(line.exercise)}{side}: {line.sets_done} of {line.sets_planned} sets"
                f"{skipped}, {done} of {planned}{unit}\n"
            )
        write(
            f"  active {minutes(summary.active_seconds)}, paused {minutes(summary.paused_seconds)}, "
            f"{summary.sets_done} of {summary.sets_planned} sets done\n"
        )
        if recorder.saved and recorder.session_id:
            write(f"  saved to history as {recorder.session_id[:8]}\n")
        else:
            write("  this session could not be written to the history (see above)\n")


def command(recorder: Recorder, printer: PlainPrinter, line: str) -> None:
    session = recorder.session
    word = line.strip().lower()
    if word == "" or word.isdigit():
        if not session.done(int(word) if word else None):
            printer.say("nothing to confirm")
    elif word in ("p", "pause", "resume"):
        if session.toggle_pause():
            printer.say("paused" if session.state is State.PAUSED else "resumed")
    elif word in ("s", "skip"):
        session.skip()
    elif word in ("b", "back"):
        session.back()
    elif word in ("+", "-"):
        delta = ADJUST_SECONDS if word == "+" else -ADJUST_SECONDS
        if session.adjust(delta):
            left = session.remaining()
            printer.say(f"{delta:+d} s, {clock(left or 0)} left")
        else:
            printer.say("this step has no timer to adjust")
    elif word.startswith(("l ", "load ")):
        load = _number(word.split(maxsplit=1)[1])
        if load is None or not session.set_load(load):
            printer.say("give the load as a number (0 or more) during a set, e.g. l 22.5")
        else:
            printer.say(f"load {describe_load(load, printer.units)}")
    elif word in ("q", "quit", "stop"):
        printer.events(recorder.stop())
    elif word in ("?", "h", "help"):
        printer.say(HELP)
    else:
        printer.say(f"unknown command {line.strip()!r}; {HELP}")


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _wake_in(session: Session, cues: SessionCues | None = None) -> float:
    """Sleep until the next whole second of the timer (when something shown changes),
    or the next metronome beat."""
    remaining = session.remaining()
    if remaining is None or session.state is not State.RUNNING:
        wait = 0.5
    else:
        wait = max(0.005, min(0.5, remaining - int(remaining) or 1.0))
    due = cues.next_due(session) if cues is not None else None
    return wait if due is None else max(0.005, min(wait, due))


def _targets(store: HistoryStore | None, routine: Routine, units: str) -> Targets:
    """Today's targets; the routine's own if the history cannot be read."""
    try:
        return todays_targets(store, routine, today=date.today(), units=units)
    except (HistoryError, sqlite3.Error) as error:
        print(f"legtimer: {error}; using the routine's own targets", file=sys.stderr)
        return todays_targets(None, routine, today=date.today(), units=units)


def _after(store: HistoryStore, routine: Routine, session_id: str, units: str) -> AfterSession:
    """What the session changed; nothing when the history cannot be read back."""
    try:
        return after_session(store, routine, session_id, today=date.today(), units=units)
    except (HistoryError, sqlite3.Error) as error:
        print(f"legtimer: {error}; next time's targets are not shown", file=sys.stderr)
        return AfterSession()


def open_cues(*, sound: bool, voice: bool) -> SessionCues | None:
    """Tones and speech for the plain runner: only what was asked for on the command line."""
    if not (sound or voice):
        return None
    settings = load_settings()
    for problem in settings.problems:
        report(problem)
    sink = open_sink(settings, terminal_bell, sound=True) if sound else SilentSink()
    speaker = speaker_for(replace(settings, speak=True), report) if voice else None
    return SessionCues(sink, speaker, metronome=settings.metronome, report=report)


def run_plain(
    query: str,
    *,
    auto_done: bool,
    stdin: TextIO | None = None,
    sound: bool = False,
    voice: bool = False,
    clock: Clock | None = None,
    reader: LineReader | None = None,
) -> int:
    """Run a session line by line. `clock` and `reader` are for tests (a fake clock, and
    input that moves it)."""
    routine = catalog.resolve(query)
    settings = load_settings()
    units = settings.units
    try:
        store = open_store(create=True)  # notices (a damaged file moved aside) go to stderr
    except HistoryError as error:
        store = None
        warn(join_messages(f"legtimer: {error}", "this session will not be saved"))
    targets = _targets(store, routine, units)
    plan = targets.plan(get_ready=settings.get_ready)
    recorder = Recorder.new(plan, clock or MonotonicClock(), store, background=True)
    session = recorder.session
    cues = open_cues(sound=sound, voice=voice)
    printer = PlainPrinter(session, sys.stdout, units, cues)
    reader = reader or LineReader(sys.stdin if stdin is None else stdin)
    reported = False
    try:
        # Started before the first line is written, so a closed output still ends it as stopped.
        started = recorder.start()
        printer.say(
            f"{routine.name}: {len(plan.steps)} steps, "
            f"{minutes(plan.total_seconds, estimated=plan.has_estimates)}. {HELP}",
            started[0].at if started else None,  # stamped 0:00, the moment it started
        )
        printer.targets(targets)
        printer.events(started)
        while not session.over:
            line = reader.read(_wake_in(session, cues))
            if line is not None:
                command(recorder, printer, line)
            printer.events(recorder.poll())
            if recorder.problem and not reported:
                warn(f"legtimer: {recorder.problem}")
                reported = True
            if reader.eof and session.running and not session.timed():
                if not auto_done:
                    printer.say(
                        "input ended during a self-paced set, so nobody can confirm it: "
                        "stopping (use --auto-done to complete such sets automatically)"
                    )
                    printer.events(recorder.stop())
                elif session.step_elapsed() >= session.step_length():
                    session.done()
                    printer.events(recorder.poll())
    except KeyboardInterrupt:
        printer.events(recorder.stop())
    except OutputClosed:
        return _output_closed(recorder, store, cues)
    saved = recorder.save_pending()  # the writer thread finishes (or gives up) first
    if recorder.problem and not saved and not reported:
        warn(f"legtimer: {recorder.problem}")
    try:
        printer.summary(recorder.summary(), recorder)
        if store is not None and recorder.saved and recorder.session_id:
            printer.next_time(_after(store, routine, recorder.session_id, units))
    except OutputClosed:
        return _output_closed(recorder, store, cues)
    if store is not None:
        store.close()
    if cues is not None:
        cues.close(wait=CLOSE_SECONDS)  # "session complete" is heard before the process ends
    return 0 if session.state is State.FINISHED else 1


def _output_closed(recorder: Recorder, store: HistoryStore | None, cues: SessionCues | None) -> int:
    """Nobody can see the session any more: stop it, save it as stopped, exit non-zero."""
    if cues is not None:
        cues.close()
    session = recorder.session
    if not session.over:
        recorder.stop()
    saved = recorder.save_pending()
    if store is not None:
        store.close()
    if sys.stdout is None or sys.stdout is sys.__stdout__:
        # Later writes (the interpreter's last flush) go nowhere instead of failing again.
        with suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
    if session.state is State.FINISHED:
        warn("legtimer: the output was closed after the session finished")
    else:
        kept = "saved to the history as stopped early" if saved else "not saved (see above)"
        warn(f"legtimer: the output was closed, so the session was stopped; it is {kept}")
    return 1


def warn(text: str) -> None:
    """A message on stderr, if there is still a stderr to write to."""
    if sys.stderr is None:
        return
    with suppress(OSError, ValueError):
        print(safe_text(text), file=sys.stderr, flush=True)
