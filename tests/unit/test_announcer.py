"""The announcer over whole sessions on a FakeClock: every cue at its moment, once.

A session is driven the way the app drives it: wake up when the display or the
cues next need it, poll, hand the events to SessionCues. A RecordingSink keeps
each tone with the clock time it was played at; a fake speaker keeps what was
said. Nothing sleeps.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from legtimer.core.display import next_change
from legtimer.core.plan import Side, build_plan
from legtimer.core.routines import parse_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, Session, State
from legtimer.cues.announcer import (
    PIP_MARGIN_SECONDS,
    Announcement,
    Announcer,
    speech_seconds,
    spoken_seconds,
)
from legtimer.cues.session_cues import SessionCues
from legtimer.cues.sinks import RecordingSink
from legtimer.cues.tones import CueName
from tests.support.cues import FakeSpeaker

START = 1000.0
SELF_PACED_SECONDS = 25.0

C = CueName


class Run:
    def __init__(self, text: str, *, metronome: bool = True, tones: bool = True) -> None:
        routine = parse_routine(text) if "name" in text else resolve(text)
        self.clock = FakeClock(START)
        self.session = Session(build_plan(routine), self.clock)
        self.sink = RecordingSink(self.clock, tones=tones)
        self.speaker = FakeSpeaker(self.clock, START)
        self.reports: list[str] = []
        self.cues = SessionCues(
            self.sink,
            self.speaker,  # type: ignore[arg-type]
            metronome=metronome,
            report=self.reports.append,
        )
        self.announced: list[Announcement] = []

    @property
    def now(self) -> float:
        return round(self.clock.now() - START, 3)

    def update(self, events: list | None = None) -> None:  # type: ignore[type-arg]
        events = self.session.poll() if events is None else events
        self.announced += self.cues.update(events, self.session)

    def start(self) -> Run:
        self.update(self.session.start())
        return self

    def wake_in(self) -> float:
        wait = next_change(self.session)
        due = self.cues.next_due(self.session)
        return min(wait, due) if due is not None else wait

    def until(self, moment: float, *, poll: Callable[[], float] | None = None) -> Run:
        """Run to `moment` seconds after the start, waking as the app would (or at `poll`)."""
        while not self.session.over and self.now < moment - 1e-9:
            if (
                self.session.state is State.RUNNING
                and not self.session.timed()
                and self.session.step_elapsed() >= SELF_PACED_SECONDS - 1e-9
            ):
                self.session.done()
                self.update()
                continue
            wait = poll() if poll else self.wake_in()
            if not self.session.timed():
                wait = min(wait, SELF_PACED_SECONDS - self.session.step_elapsed())
            self.clock.advance(max(0.0, min(wait, moment - self.now)))
            self.update()
        return self

    def finish(self, *, poll: Callable[[], float] | None = None) -> Run:
        return self.until(1e9, poll=poll)

    def tones(self) -> list[tuple[CueName, float]]:
        return [(name, round(at - START, 3)) for name, at in self.sink.played]

    def heard(self) -> list[tuple[float, str]]:
        """Tones and words in order, as a person hears them."""
        out = [(at, str(name)) for name, at in self.tones()]
        out += [(at, f'"{text}"') for text, at in self.speaker.said]
        return sorted(out, key=lambda item: item[0])


# 0 PREPARE 10 · 1 HOLD L s1 30 · 2 SWITCH 5 · 3 HOLD R s1 30 · 4 REST 15 ·
# 5 HOLD L s2 30 · 6 SWITCH 5 · 7 HOLD R s2 30; 155 s in all
PER_SIDE = """
name = "Per side"
[defaults]
prepare = 10
switch = 5
rest_between_sets = 15
[[exercises]]
name = "Single-leg balance"
hold = 30
per_side = true
sets = 2
"""


def test_per_side_hold_every_cue_and_word_at_its_moment() -> None:
    run = Run(PER_SIDE).start().finish()
    assert run.session.state is State.FINISHED

    def pips(end: float) -> list[tuple[float, str]]:
        return [(end - 3, "pip"), (end - 2, "pip"), (end - 1, "pip")]

    def hold(start: float, cue: str, words: str) -> list[tuple[float, str]]:
        return [
            (start, cue),
            (start, f'"{words}"'),
            (start + 15, "halfway"),
            (start + 15, '"Halfway"'),
            (start + 20, '"10 seconds"'),
            *pips(start + 30),
        ]

    expected = [
        (0, "rest"),
        (0, '"Get ready: Single-leg balance, 30 seconds, left side first"'),
        *pips(10),
        *hold(10, "go", "Single-leg balance, set 1 of 2, left side"),
        (40, "switch-sides"),
        (40, '"Switch sides"'),
        *pips(45),
        *hold(45, "go", "Single-leg balance, set 1 of 2, right side"),
        (75, "rest"),
        (75, '"Rest, 15 seconds, next: set 2 of 2, left side"'),
        *pips(90),
        *hold(90, "last-set", "Single-leg balance, last set, left side"),
        (120, "switch-sides"),
        (120, '"Switch sides"'),
        *pips(125),
        *hold(125, "go", "Single-leg balance, set 2 of 2, right side"),
        (155, "session-complete"),
        (155, '"Session complete"'),
    ]
    assert run.heard() == sorted(expected, key=lambda item: item[0])
    assert run.reports == []


# 0 WORK 10 left · 1 WORK 10 right (no switch step in between)
NO_SWITCH = """
name = "No switch"
[defaults]
prepare = 0
[[exercises]]
name = "Step-ups"
work = 10
per_side = true
switch = 0
"""


def test_sides_without_a_switch_step_switch_with_the_right_sides_start() -> None:
    run = Run(NO_SWITCH).start().finish()
    assert run.heard() == [
        (0, "go"),
        (0, '"Step-ups, left side"'),
        (7, "pip"),
        (8, "pip"),
        (9, "pip"),
        (10, "switch-sides"),
        (10, '"Switch sides. Step-ups, right side"'),
        (17, "pip"),
        (18, "pip"),
        (19, "pip"),
        (20, "session-complete"),
        (20, '"Session complete"'),
    ]


# 0 REPS 30 s: 5 reps at down 3 · hold 1 · up 2
PACED = """
name = "Paced"
[defaults]
prepare = 0
[[exercises]]
name = "Squats"
reps = 5
tempo = { down = 3, hold = 1, up = 2 }
"""


def test_paced_reps_metronome_a_tick_each_second_and_a_tone_per_phase() -> None:
    run = Run(PACED).start().finish()
    per_rep = [C.TEMPO_DOWN, C.TICK, C.TICK, C.TEMPO_HOLD, C.TEMPO_UP, C.TICK]
    expected = [
        (cue, float(rep * 6 + second)) for rep in range(5) for second, cue in enumerate(per_rep)
    ]
    assert run.tones() == [*expected, (C.SESSION_COMPLETE, 30.0)]
    # The metronome stands in for the 3-2-1 and for "go": every second already sounds.
    assert run.speaker.said == [("Squats", 0.0), ("Session complete", 30.0)]


def test_paced_reps_without_metronome_get_go_and_the_countdown() -> None:
    run = Run(PACED, metronome=False).start().finish()
    assert run.tones() == [
        (C.GO, 0.0),
        (C.PIP, 27.0),
        (C.PIP, 28.0),
        (C.PIP, 29.0),
        (C.SESSION_COMPLETE, 30.0),
    ]


def test_a_bell_keeps_no_metronome() -> None:
    run = Run(PACED, tones=False).start().finish()
    assert [name for name, _ in run.tones()] == [C.GO, C.PIP, C.PIP, C.PIP, C.SESSION_COMPLETE]


def test_a_tempo_of_one_phase_marks_each_rep() -> None:
    text = PACED.replace("{ down = 3, hold = 1, up = 2 }", "{ up = 2 }")
    run = Run(text).start().finish()
    assert run.tones()[:4] == [(C.TEMPO_UP, 0.0), (C.TICK, 1.0), (C.TEMPO_UP, 2.0), (C.TICK, 3.0)]


def test_metronome_beats_are_woken_for_and_follow_pauses() -> None:
    run = Run(PACED).start()
    assert run.cues.next_due(run.session) == pytest.approx(1.0)
    run.until(7.5)
    assert run.cues.next_due(run.session) == pytest.approx(0.5)
    run.session.pause()
    run.update()
    assert run.cues.next_due(run.session) is None
    run.clock.advance(100)
    run.update()
    run.session.resume()
    run.update()
    run.until(110)
    beats = [at for _, at in run.tones()]
    assert beats[:9] == [0, 1, 2, 3, 4, 5, 6, 7, 108]  # 8 s of the set: at 8 + 100 s paused


# 0 PREPARE 5, then 3 rounds of WORK 20 · REST 5 · HOLD 10 (· REST 15 between rounds)
CIRCUIT = """
name = "Circuit"
[defaults]
prepare = 5
rest_after = 5
[[blocks]]
name = "Circuit"
rounds = 2
rest_between_rounds = 15
[[blocks.exercises]]
name = "Jumps"
work = 20
[[blocks.exercises]]
name = "Wall sit"
hold = 10
"""


def test_circuit_rests_say_what_comes_next_and_which_round() -> None:
    run = Run(CIRCUIT).start().finish()
    said = [text for text, _ in run.speaker.said]
    assert said == [
        "Get ready",  # 5 s: only what fits before its 3-2-1
        "Jumps",
        "Halfway, 10 seconds",  # a 20 s step: both at 10 s, said as one
        "Rest",
        "Wall sit",
        "Rest, 15 seconds, next: round 2 of 2, Jumps",
        "Jumps",
        "Halfway, 10 seconds",
        "Rest",
        "Wall sit",
        "Session complete",
    ]
    halfway = [at for name, at in run.tones() if name is C.HALFWAY]
    assert halfway == [15.0, 65.0]  # work of 20 s: yes; the hold of 10 s: no


def test_self_paced_reps_get_go_and_words_but_no_countdown() -> None:
    text = """
name = "Self-paced"
[defaults]
prepare = 5
[[exercises]]
name = "Leg press"
reps = 12
sets = 2
rest_between_sets = 30
"""
    run = Run(text).start().finish()
    assert run.tones() == [
        (C.REST, 0.0),
        (C.PIP, 2.0),
        (C.PIP, 3.0),
        (C.PIP, 4.0),
        (C.GO, 5.0),
        (C.REST, 30.0),
        (C.PIP, 57.0),
        (C.PIP, 58.0),
        (C.PIP, 59.0),
        (C.LAST_SET, 60.0),
        (C.SESSION_COMPLETE, 85.0),
    ]
    said = dict((at, text) for text, at in run.speaker.said)
    assert said[5.0] == "Leg press, set 1 of 2"
    assert said[30.0] == "Rest, 30 seconds, next: set 2 of 2"
    assert said[50.0] == "10 seconds"
    assert said[60.0] == "Leg press, last set"


def test_speech_is_cut_to_what_fits_before_the_countdown() -> None:
    text = """
name = "Short"
[defaults]
prepare = 4
switch = 3
[[exercises]]
name = "Single-leg Romanian deadlift"
hold = 6
per_side = true
"""
    run = Run(text).start().finish()
    # Get ready 4 s and switch 3 s: no time for words before their 3-2-1.
    assert run.speaker.said == [
        ("Left side", 4.0),
        ("Right side", 13.0),
        ("Session complete", 19.0),
    ]
    # The switch's 3 s start on its "3": the switch tone, not a pip, marks it.
    assert run.tones()[8:12] == [
        (C.SWITCH_SIDES, 10.0),
        (C.PIP, 11.0),
        (C.PIP, 12.0),
        (C.GO, 13.0),
    ]


@pytest.mark.parametrize(
    "routine",
    [
        "runners-leg-day",
        "lower-body-extras",
        "strength",
        "plyometrics",
        "stability",
        "flexibility",
        "endurance-intervals",
    ],
)
def test_built_in_routines_speech_never_overlaps_the_countdown_and_cues_fire_once(
    routine: str,
) -> None:
    run = Run(routine).start().finish()
    pips = [at for name, at in run.tones() if name is C.PIP]
    for text, at in run.speaker.said:
        later = [pip for pip in pips if pip >= at]
        if later:
            assert at + speech_seconds(text) + PIP_MARGIN_SECONDS <= later[0] + 1e-6, (text, at)
    counts = Counter(run.tones())
    assert max(counts.values()) == 1  # no cue twice at one moment
    names = Counter(name for name, _ in run.tones())
    plan = run.session.plan
    assert names[C.SESSION_COMPLETE] == 1
    last_sets = [
        s
        for s in plan.steps
        if s.kind.active and s.sets > 1 and s.set == s.sets and s.side is not Side.RIGHT
    ]
    assert names[C.LAST_SET] == len(last_sets)


def test_late_and_irregular_polls_announce_each_moment_once() -> None:
    reference = Run(PER_SIDE).start().finish()
    rng = random.Random(7)
    jittery = Run(PER_SIDE).start().finish(poll=lambda: rng.uniform(0.05, 1.2))
    assert Counter(name for name, _ in jittery.tones()) == Counter(
        name for name, _ in reference.tones()
    )
    for (name, at), (ref_name, ref_at) in zip(jittery.tones(), reference.tones(), strict=True):
        assert name == ref_name and ref_at <= at <= ref_at + 1.2


def test_a_stalled_clock_drops_stale_cues_but_not_the_end() -> None:
    run = Run(PER_SIDE).start()
    run.clock.advance(200)  # one poll, 200 s late: everything at once
    run.update()
    assert run.tones() == [(C.REST, 0.0), (C.SESSION_COMPLETE, 200.0)]
    assert run.speaker.said[-1] == ("Session complete", 200.0)


def test_more_time_says_10_seconds_again_and_restart_replays_the_start() -> None:
    run = Run(NO_SWITCH.replace("work = 10", "work = 30")).start().until(22)
    assert [text for text, _ in run.speaker.said] == [
        "Step-ups, left side",
        "Halfway",
        "10 seconds",
    ]
    run.session.adjust(10)  # 18 s left
    run.update()
    run.until(30)
    assert run.speaker.said[-1] == ("10 seconds", 30.0)
    run.session.back()  # restart the step
    run.update()
    assert run.speaker.said[-1] == ("Step-ups, left side", 30.0)
    assert run.tones()[-1] == (C.GO, 30.0)


def test_taking_time_off_past_the_mark_does_not_announce_it_late() -> None:
    run = Run(NO_SWITCH.replace("work = 10", "work = 30")).start().until(5)
    run.session.adjust(-10)  # 15 s left
    run.update()
    run.session.adjust(-10)  # 5 s left: the 10 s mark is behind
    run.update()
    run.until(9)
    assert "10 seconds" not in [text for text, _ in run.speaker.said]


def test_muting_silences_tones_and_speech_and_cuts_speech_short() -> None:
    run = Run(PER_SIDE).start()
    assert run.cues.toggle_mute() is True
    assert run.speaker.stops == 1
    run.until(39.5)
    assert len(run.tones()) == 1 and len(run.speaker.said) == 1  # only the start
    assert any(item.cue is C.GO for item in run.announced)  # still worked out
    run.cues.toggle_mute()
    run.until(41)
    assert run.tones()[-1] == (C.SWITCH_SIDES, 40.0)


def test_no_speaker_means_no_words_worked_out() -> None:
    clock = FakeClock(START)
    session = Session(build_plan(parse_routine(PER_SIDE)), clock)
    sink = RecordingSink(clock)
    cues = SessionCues(sink, None)
    announced = cues.update(session.start(), session)
    assert announced == [Announcement(START, C.REST, "")]


def test_sink_notices_are_reported_once_on_update() -> None:
    run = Run(PER_SIDE)
    run.sink.pending_notices.append("Sound: no audio device")
    run.start()
    run.until(3)
    assert run.reports == ["Sound: no audio device"]


def test_an_announcer_started_mid_step_does_not_replay_the_past() -> None:
    clock = FakeClock(START)
    session = Session(build_plan(parse_routine(PACED)), clock)
    session.start()
    clock.advance(7.5)
    session.poll()
    announcer = Announcer()
    assert announcer.update([], session) == []
    clock.advance(0.5)
    assert announcer.update(session.poll(), session) == [Announcement(START + 8, C.TICK)]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (30, "30 seconds"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (125, "2 minutes 5 seconds"),
        (0, "0 seconds"),
    ],
)
def test_durations_are_said_in_words(seconds: int, words: str) -> None:
    assert spoken_seconds(seconds) == words


def test_halfway_and_10_seconds_a_hair_apart_are_still_said_together() -> None:
    """A poll a hair before the mark must not say "10 seconds" alone, only for "Halfway"
    to cut it off one poll later (heard in a real run)."""
    run = Run(NO_SWITCH.replace("work = 10", "work = 20")).start()
    run.clock.advance(10 - 1e-7)
    run.update()
    run.clock.advance(2e-7)
    run.update()
    assert [text for text, _ in run.speaker.said] == [
        "Step-ups, left side",
        "Halfway, 10 seconds",
    ]


def test_a_shared_sink_is_left_open() -> None:
    clock = FakeClock(START)
    sink = RecordingSink(clock)
    SessionCues(sink, None, own_sink=False).close()
    assert not sink.closed
    SessionCues(sink, None).close()
    assert sink.closed
