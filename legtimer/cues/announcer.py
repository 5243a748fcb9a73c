"""What a person hears, and when: session events and the clock turned into tones and words.

Plain Python, no I/O: `Announcer.update(events, session)` takes what the
engine's `poll()` returned and the session itself, and returns the
announcements due now, each with the session-clock time it belongs to. A
front end (the app, `--plain`) plays them through a sink and a speaker; see
`SessionCues` in `legtimer.cues.session_cues`.

Two kinds of moments:
- the engine's events: a step starts (with its set, its side, "last set",
  "switch sides"), the 3-2-1, halfway, the end of the session;
- moments only the clock knows: "10 seconds" left, and for paced reps the
  metronome (a tick each second, a distinct tone when a tempo phase starts).
  They are found by comparing the clock with the last call, so a late call
  still announces each moment once, and one too late to be of use is dropped.

Speech never overlaps the 3-2-1: what is said at a step's start is shortened,
or left out, when it would still be going when the pips begin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from legtimer.core.plan import Plan, Step, StepKind
from legtimer.core.routines import Exercise, Kind
from legtimer.core.session import (
    COUNTDOWN_FROM,
    HALFWAY_MIN_SECONDS,
    Event,
    EventKind,
    Session,
    State,
)
from legtimer.cues.tones import TEMPO_CUES, CueName

TEN_SECONDS = 10  # "10 seconds" is said this long before a step ends...
TEN_SECONDS_MIN = 20  # ...in steps at least this long
STALE_SECONDS = 1.5  # an announcement this late (a stalled redraw) would only confuse
BEAT_STALE_SECONDS = 0.25  # a metronome beat this late is worse than none
# Speech time, estimated from espeak-ng at its default rate (measured: 0.8 s for
# "Halfway", 4.5 s for "Rest, 45 seconds. Next: squats, set 2 of 3"), rounded up.
SPEECH_BASE_SECONDS = 0.35
SPEECH_SECONDS_PER_CHARACTER = 0.1
PIP_MARGIN_SECONDS = 0.3  # quiet between the end of speech and the first pip
_EPSILON = 1e-6


@dataclass(frozen=True)
class Announcement:
    at: float  # session clock time of the moment it belongs to
    cue: CueName | None = None
    speech: str = ""


# ----------------------------------------------------------------- words


def spoken_seconds(seconds: float) -> str:
    """A duration as it is said: '45 seconds', '1 minute', '2 minutes 30 seconds'."""
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("s" if secs != 1 else ""))
    return " ".join(parts)


def spoken_target(exercise: Exercise) -> str:
    if exercise.kind is Kind.REPS:
        return f"{exercise.target} rep" + ("s" if exercise.target != 1 else "")
    return spoken_seconds(exercise.target)


def speech_seconds(text: str) -> float:
    """How long saying `text` takes, estimated (on the long side)."""
    return SPEECH_BASE_SECONDS + SPEECH_SECONDS_PER_CHARACTER * len(text) if text else 0.0


def _side(step: Step) -> str:
    return f"{step.side.value} side" if step.side is not None else ""


def _join(*parts: str) -> str:
    text = ", ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def get_ready_phrases(step: Step, plan: Plan) -> list[str]:
    following = plan.next_active(step.index)
    first_side = f"{_side(following)} first" if following and following.side else ""
    name = step.exercise.name
    return [
        "Get ready: " + _join(name, spoken_target(step.exercise), first_side),
        "Get ready: " + _join(name, first_side),
        "Get ready",
    ]


def rest_phrases(step: Step, plan: Plan) -> list[str]:
    following = plan.next_active(step.index)
    length = spoken_seconds(step.seconds)
    if following is None:
        return ["Rest"]
    same_exercise = (
        following.exercise_number == step.exercise_number and following.round == step.round
    )
    new_round = (
        f"round {following.round} of {following.rounds}" if following.round != step.round else ""
    )
    what = "" if same_exercise else following.exercise.name
    its_set = f"set {following.set} of {following.sets}" if following.sets > 1 else ""
    nxt = ", ".join(part for part in (new_round, what, its_set, _side(following)) if part)
    return [f"Rest, {length}, next: {nxt}", f"Rest, {length}", "Rest"]


def active_phrases(step: Step, *, switch: bool, last_set: bool) -> list[str]:
    """What is said when a hold, a set of reps or timed work starts."""
    prefix = "Switch sides. " if switch else ""
    if last_set:
        its_set = "last set"
    elif step.sets > 1:
        its_set = f"set {step.set} of {step.sets}"
    else:
        its_set = ""
    side = _side(step)
    phrases = [
        prefix + _join(step.exercise.name, its_set, side),
        prefix + _join(its_set, side),
        prefix + _join(side),
    ]
    if switch:
        phrases.append("Switch sides")
    return [phrase.strip() for phrase in phrases]


def fitting(phrases: Sequence[str], budget: float) -> str:
    """The first (longest) phrase that is said within `budget` seconds, or nothing."""
    for phrase in phrases:
        if phrase and speech_seconds(phrase) <= budget:
            return phrase
    return ""


def pips_from(length: float) -> int:
    """How many seconds before its end a step's 3-2-1 begins (0: no pips)."""
    return min(COUNTDOWN_FROM, math.floor(length + _EPSILON))


def _ten_at_halfway(step: Step, length: float) -> bool:
    """Whether "10 seconds" falls on halfway (a 20 s hold). Then both are said with the
    engine's HALFWAY event: the clock and the engine could otherwise see the moment a
    poll apart, and the second announcement would cut off the first."""
    return (
        step.kind in (StepKind.HOLD, StepKind.WORK)
        and abs(length - 2 * TEN_SECONDS) < _EPSILON
        and length >= HALFWAY_MIN_SECONDS
    )


def _paced(step: Step) -> bool:
    return step.kind is StepKind.REPS and step.exercise.tempo is not None


# ----------------------------------------------------------------- the announcer


class Announcer:
    def __init__(self, *, metronome: bool = True, speech: bool = True) -> None:
        self.metronome = metronome
        self.speech = speech
        self._index: int | None = None  # the step the clock marks below belong to
        self._next_beat = 0  # the next metronome beat (whole seconds into the step)
        self._last_remaining = math.inf  # remaining time at the last call

    def update(self, events: Sequence[Event], session: Session) -> list[Announcement]:
        """The announcements due now for these events and the clock, oldest first."""
        out = self._for_events(events, session)
        out += self._clock_marks(session)
        now = session.clock.now()
        fresh = [
            item
            for item in out
            if now - item.at <= STALE_SECONDS or item.cue is CueName.SESSION_COMPLETE
        ]
        return _merge_speech(sorted(fresh, key=lambda item: item.at))

    def next_due(self, session: Session) -> float | None:
        """Seconds until the next moment only the clock knows, or None."""
        if session.state is not State.RUNNING or session.index != self._index:
            return None
        step = session.step
        due: list[float] = []
        if self._beats(step):
            due.append(self._next_beat - session.step_elapsed())
        remaining = session.remaining()
        if (
            remaining is not None
            and remaining > TEN_SECONDS + _EPSILON
            and self._ten_seconds(step, session.step_length())
        ):
            due.append(remaining - TEN_SECONDS)
        return max(0.0, min(due)) if due else None

    # ----------------------------------------------------------------- engine events

    def _for_events(self, events: Sequence[Event], session: Session) -> list[Announcement]:
        plan = session.plan
        out: list[Announcement] = []
        for position, event in enumerate(events):
            kind = event.kind
            if kind is EventKind.STEP_STARTED:
                together = {
                    other.kind
                    for other in events[position + 1 : position + 3]
                    if other.step.index == event.step.index and other.at == event.at
                }
                out.append(self._step_started(event, plan, together))
                self._index = event.step.index
                self._next_beat = 0
                self._last_remaining = math.inf
            elif kind is EventKind.COUNTDOWN:
                counted = self.metronome and _paced(event.step)  # the metronome counts there
                # A step of 3 s or less starts on its "3": its own start tone says it.
                starting = any(item.at == event.at and item.cue for item in out[-1:])
                if not (counted or starting):
                    out.append(Announcement(event.at, CueName.PIP))
            elif kind is EventKind.HALFWAY:
                current = event.step.index == session.index
                length = session.step_length() if current else event.step.seconds
                words = "Halfway, 10 seconds" if _ten_at_halfway(event.step, length) else "Halfway"
                out.append(Announcement(event.at, CueName.HALFWAY, self._say([words])))
            elif kind is EventKind.SESSION_FINISHED:
                out.append(
                    Announcement(
                        event.at, CueName.SESSION_COMPLETE, self._say(["Session complete"])
                    )
                )
        return out

    def _step_started(self, event: Event, plan: Plan, together: set[EventKind]) -> Announcement:
        step = event.step
        budget = self._budget(step, step.seconds)
        if step.kind is StepKind.PREPARE:
            return Announcement(
                event.at, CueName.REST, self._say(get_ready_phrases(step, plan), budget)
            )
        if step.kind is StepKind.REST:
            return Announcement(event.at, CueName.REST, self._say(rest_phrases(step, plan), budget))
        if step.kind is StepKind.SWITCH:
            return Announcement(event.at, CueName.SWITCH_SIDES, self._say(["Switch sides"], budget))
        switch = EventKind.SWITCH_SIDES in together
        last_set = EventKind.LAST_SET in together
        cue: CueName | None = CueName.GO
        if last_set:
            cue = CueName.LAST_SET
        elif switch:
            cue = CueName.SWITCH_SIDES
        elif self.metronome and _paced(step):
            cue = None  # the first tempo tone is the start signal
        phrases = active_phrases(step, switch=switch, last_set=last_set)
        return Announcement(event.at, cue, self._say(phrases, budget))

    def _budget(self, step: Step, length: float, elapsed: float = 0.0) -> float:
        """Seconds of speech that end before the step's 3-2-1 begins."""
        if step.estimated or (self.metronome and _paced(step)):
            return math.inf  # no pips: self-paced, or the metronome instead
        pips = pips_from(length)
        if not pips:
            return math.inf
        return length - pips - elapsed - PIP_MARGIN_SECONDS

    def _say(self, phrases: Sequence[str], budget: float = math.inf) -> str:
        return fitting(phrases, budget) if self.speech else ""

    # ----------------------------------------------------------------- clock marks

    def _beats(self, step: Step) -> bool:
        return self.metronome and _paced(step)

    @staticmethod
    def _ten_seconds(step: Step, length: float) -> bool:
        return step.kind is not StepKind.REPS and length >= TEN_SECONDS_MIN - _EPSILON

    def _clock_marks(self, session: Session) -> list[Announcement]:
        if session.state is not State.RUNNING:
            return []
        step = session.step
        elapsed = session.step_elapsed()
        if session.index != self._index:  # a step whose start this announcer did not see
            self._index = session.index
            self._next_beat = math.ceil(elapsed - _EPSILON)
            self._last_remaining = session.remaining() or math.inf
        now = session.clock.now()
        out: list[Announcement] = []
        if self._beats(step):
            out += self._metronome(step, elapsed, session.step_length(), now)
        remaining = session.remaining()
        length = session.step_length()
        if (
            remaining is not None
            and self._ten_seconds(step, length)
            and not _ten_at_halfway(step, length)  # said with "Halfway" (see there)
        ):
            if self._last_remaining > TEN_SECONDS + _EPSILON >= remaining:
                late = TEN_SECONDS - remaining
                budget = self._budget(
                    step, session.step_length(), session.step_length() - TEN_SECONDS
                )
                speech = self._say(["10 seconds"], budget)
                if speech:
                    out.append(Announcement(now - late, None, speech))
            self._last_remaining = remaining
        return out

    def _metronome(
        self, step: Step, elapsed: float, length: float, now: float
    ) -> list[Announcement]:
        tempo = step.exercise.tempo
        assert tempo is not None
        starts: dict[int, str] = {}
        offset = 0
        for name, seconds in tempo.phases:
            starts.setdefault(offset, name)
            offset += seconds
        out = []
        last = min(math.floor(elapsed + _EPSILON), math.ceil(length - _EPSILON) - 1)
        for beat in range(self._next_beat, last + 1):
            late = elapsed - beat
            if late > BEAT_STALE_SECONDS:
                continue
            phase = starts.get(beat % tempo.rep_seconds)
            cue = TEMPO_CUES.get(phase, CueName.TICK) if phase else CueName.TICK
            out.append(Announcement(now - late, cue))
        self._next_beat = max(self._next_beat, last + 1)
        return out


def _merge_speech(items: list[Announcement]) -> list[Announcement]:
    """Words due at the same moment are said as one phrase ("Halfway, 10 seconds")."""
    out: list[Announcement] = []
    for item in items:
        if item.speech and out:
            for position in range(len(out) - 1, -1, -1):
                earlier = out[position]
                if abs(earlier.at - item.at) > _EPSILON:
                    break
                if earlier.speech:
                    out[position] = replace(earlier, speech=f"{earlier.speech}, {item.speech}")
                    item = replace(item, speech="")
                    break
        if item.cue is not None or item.speech:
            out.append(item)
    return out
