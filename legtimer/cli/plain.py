"""`legtimer run ROUTINE --plain`: a line-oriented runner for screen readers, pipes and scripts.

One line per event, each starting with the time since the session started;
commands are read from stdin one per line. It drives the same Recorder as the
app, so the history is written exactly as the TUI writes it.
"""

from __future__ import annotations

import os
import selectors
import sys
import time
from dataclasses import replace
from typing import TextIO

from legtimer.cli.history import open_store
from legtimer.cli.sounds import report, terminal_bell
from legtimer.core.history import HistoryError
from legtimer.core.history.recording import Recorder
from legtimer.core.plan import Step, StepKind, build_plan
from legtimer.core.routines import catalog
from legtimer.core.session import Clock, Event, EventKind, MonotonicClock, Session, State
from legtimer.core.settings import load_settings
from legtimer.core.summary import Summary
from legtimer.core.timefmt import clock, minutes
from legtimer.cues.session_cues import SessionCues
from legtimer.cues.sinks import SilentSink, open_sink
from legtimer.cues.voice import speaker_for

ADJUST_SECONDS = 10
CLOSE_SECONDS = 2.5  # at the end, how long the last tone may take to finish
HELP = (
    "commands: Enter = set done / continue, a number + Enter = done with that many reps, "
    "p = pause/resume, s = skip, b = back, + / - = 10 s more / less, q = stop"
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


class PlainPrinter:
    def __init__(self, session: Session, stream: TextIO, cues: SessionCues | None = None) -> None:
        self.session = session
        self.stream = stream
        self.cues = cues

    def say(self, text: str, at: float | None = None) -> None:
        moment = self.session.clock.now() if at is None else at
        stamp = clock(self.session.since_start(moment)) if self.session.started_at else "0:00"
        self.stream.write(f"[{stamp}] {text}\n")
        self.stream.flush()

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
                f"{record.reps} reps" if record.reps is not None else clock(record.active_seconds)
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
            text = f"{head}: {step.describe()}"
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

    def summary(self, summary: Summary, recorder: Recorder) -> None:
        write = self.stream.write
        write("\nSummary\n")
        for line in summary.lines:
            side = f" ({line.side})" if line.side else ""
            done = f"{line.done:.0f}" if line.unit == "reps" else clock(line.done)
            planned = f"{line.planned}" if line.unit == "reps" else clock(line.planned)
            unit = " reps" if line.unit == "reps" else ""
            skipped = f", {line.sets_skipped} skipped" if line.sets_skipped else ""
            write(
                f"  {line.exercise}{side}: {line.sets_done} of {line.sets_planned} sets"
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
        self.stream.flush()


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
    elif word in ("q", "quit", "stop"):
        printer.events(recorder.stop())
    elif word in ("?", "h", "help"):
        printer.say(HELP)
    else:
        printer.say(f"unknown command {line.strip()!r}; {HELP}")


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
    plan = build_plan(routine)
    try:
        store = open_store(create=True)  # notices (a damaged file moved aside) go to stderr
    except HistoryError as error:
        store = None
        print(f"legtimer: {error}; this session will not be saved", file=sys.stderr)
    recorder = Recorder.new(plan, clock or MonotonicClock(), store)
    session = recorder.session
    cues = open_cues(sound=sound, voice=voice)
    printer = PlainPrinter(session, sys.stdout, cues)
    reader = reader or LineReader(sys.stdin if stdin is None else stdin)
    printer.say(
        f"{routine.name}: {len(plan.steps)} steps, "
        f"{minutes(plan.total_seconds, estimated=plan.has_estimates)}. {HELP}"
    )
    reported = False
    try:
        printer.events(recorder.start())
        while not session.over:
            line = reader.read(_wake_in(session, cues))
            if line is not None:
                command(recorder, printer, line)
            printer.events(recorder.poll())
            if recorder.problem and not reported:
                print(f"legtimer: {recorder.problem}", file=sys.stderr)
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
    if recorder.problem and not recorder.save_pending() and not reported:
        print(f"legtimer: {recorder.problem}", file=sys.stderr)
    printer.summary(recorder.summary(), recorder)
    if store is not None:
        store.close()
    if cues is not None:
        cues.close(wait=CLOSE_SECONDS)  # "session complete" is heard before the process ends
    return 0 if session.state is State.FINISHED else 1
