"""What the session screen shows, as plain strings computed from the session.

A pure function of the engine's state: the screen only copies these strings
into widgets, and tests can check what a person would read without Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from legtimer.core.plan import StepKind
from legtimer.core.session import Session, State
from legtimer.core.timefmt import clock, session_minutes


@dataclass(frozen=True)
class SessionView:
    phase: str  # GET READY, HOLD, REPS, WORK, REST, SWITCH SIDES
    phase_class: str  # the step kind, for colouring
    title: str
    detail: str  # set, side, round
    clock: str
    counting_up: bool  # self-paced sets count up
    tempo: str  # rep number and tempo phases of a paced set
    beat: str  # one dot per second of the tempo phase
    reps: str  # the reps that will be recorded (self-paced or adjusted)
    cue: str
    next_up: str
    hint: str
    progress: float  # 0..1 by planned time
    elapsed: str  # whole minutes: "12 min"
    remaining: str  # whole minutes, rounded up
    paused: bool
    over: bool
    side: str = ""  # LEFT or RIGHT: the side worked now, or the one that comes next
    rep: str = ""  # a paced set's rep: "7/12"
    tempo_phase: str = ""  # a paced set's tempo phase: "DOWN"


def view_of(session: Session) -> SessionView:
    step = session.step
    exercise = step.exercise
    remaining = session.remaining()
    counting_up = remaining is None
    shown = session.step_elapsed() if remaining is None else remaining
    following = session.plan.next_active(step.index)
    # A rest or a get ready shows the set it leads to (its title and "next up" do too): its
    # side too, so GET READY says which side comes first.
    leads = step.kind in (StepKind.REST, StepKind.PREPARE)
    described = following if leads and following is not None else step
    detail_parts = []
    if described.sets > 1:
        detail_parts.append(f"Set {described.set} of {described.sets}")
    if described.side is not None and described.kind is not StepKind.SWITCH:
        detail_parts.append(described.side.value.capitalize())
    if described.rounds > 1:
        detail_parts.append(f"Round {described.round} of {described.rounds}")
    if described.block_name:
        detail_parts.append(described.block_name)

    # Before a set (get ready, switch sides, rest) the side to come; during one its own.
    sided = step if step.kind.active else following
    side = sided.side.value.upper() if sided is not None and sided.side is not None else ""

    tempo = beat = rep = tempo_phase = ""
    phase = session.rep_phase()
    if phase is not None and exercise.tempo is not None:
        marks = " · ".join(
            f"[{name.upper()} {seconds}]" if name == phase.phase else f"{name.upper()} {seconds}"
            for name, seconds in exercise.tempo.phases
        )
        tempo = f"Rep {phase.rep} of {phase.reps}   {marks}"
        gone = phase.phase_seconds - math.ceil(phase.phase_remaining - 1e-9)
        beat = "●" * (gone + 1) + "○" * max(0, phase.phase_seconds - gone - 1)
        rep = f"{phase.rep}/{phase.reps}"
        tempo_phase = phase.phase.upper()

    reps = ""
    # One count on screen: a paced set's is its "Rep N of M" (corrected with Up/Down).
    if step.kind is StepKind.REPS and exercise.self_paced:
        done = session.reps_done()
        reps = f"Reps done: {done} (target {exercise.target})" if done is not None else ""

    if step.kind.active:
        title = exercise.name
        next_up = f"Next: {following.describe()}" if following else "Last set of the session"
    else:
        target = following
        if target is None and step.kind is StepKind.PREPARE:
            target = step
        title = target.exercise.name if target else exercise.name
        if step.kind is StepKind.REST and following is None:
            title = "Rest"
        next_up = f"Next: {target.describe()}" if target else ""

    if session.state is State.PAUSED:
        hint = "Paused: press Space to resume"
    elif session.state is State.READY:
        hint = "Press Space to start"
    elif counting_up:
        hint = "Press Enter when the set is done (Up/Down: reps done)"
    elif step.kind.active:
        hint = ""
    else:
        hint = "Press Enter to continue now"

    total = session.elapsed() + session.remaining_total()
    progress = session.elapsed() / total if total > 0 else 1.0
    cue = (
        exercise.cue
        if step.kind is not StepKind.REST or following is None
        else following.exercise.cue
    )
    return SessionView(
        phase="PAUSED" if session.state is State.PAUSED else step.kind.label,
        phase_class=step.kind.value,
        title=title,
        detail=" · ".join(detail_parts),
        clock=clock(shown) if not counting_up else clock(math.floor(shown)),
        counting_up=counting_up,
        tempo=tempo,
        beat=beat,
        reps=reps,
        cue=cue,
        next_up=next_up,
        hint=hint,
        progress=1.0 if session.over else min(1.0, progress),
        elapsed=session_minutes(session.elapsed()),
        remaining=session_minutes(session.remaining_total(), round_up=True),
        paused=session.state is State.PAUSED,
        over=session.over,
        side=side,
        rep=rep,
        tempo_phase=tempo_phase,
    )


def next_change(session: Session) -> float:
    """Seconds until something shown changes: the next whole second or tempo beat."""
    if session.state is not State.RUNNING:
        return 1.0
    remaining = session.remaining()
    if remaining is None:  # counting up
        elapsed = session.step_elapsed()
        return max(0.01, math.floor(elapsed) + 1 - elapsed)
    fraction = remaining - math.floor(remaining)
    return max(0.01, fraction if fraction > 1e-6 else 1.0)
