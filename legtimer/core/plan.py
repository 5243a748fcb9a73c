"""Turn a routine into its timeline: every step in order, with its planned length.

The plan is a pure function of the routine (and of today's targets, when the
history has moved an exercise on from the file's), so the same routine always
gives the same steps with the same indexes: targets change lengths, never the
steps. The history stores a copy of the routine and the index of each finished
step; a resumed session rebuilds the plan from that copy and carries on at the
first unfinished index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from legtimer.core.routines import (
    Block,
    Exercise,
    Kind,
    Routine,
    describe_load,
    effective,
    estimated_rep_seconds,
)


class StepKind(StrEnum):
    PREPARE = "prepare"
    HOLD = "hold"
    REPS = "reps"
    WORK = "work"
    REST = "rest"
    SWITCH = "switch"

    @property
    def active(self) -> bool:
        """Work the person does, as opposed to a pause between work."""
        return self in (StepKind.HOLD, StepKind.REPS, StepKind.WORK)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    StepKind.PREPARE: "GET READY",
    StepKind.HOLD: "HOLD",
    StepKind.REPS: "REPS",
    StepKind.WORK: "WORK",
    StepKind.REST: "REST",
    StepKind.SWITCH: "SWITCH SIDES",
}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Step:
    """One step of the timeline.

    Pauses (prepare, switch, rest) carry the exercise they belong to: the one
    being prepared, the one whose sides switch, the one just finished.
    """

    index: int
    kind: StepKind
    seconds: int  # planned length; an estimate for self-paced reps
    exercise: Exercise
    exercise_number: int  # 1-based position among the routine's exercises
    block_number: int
    block_name: str
    round: int
    rounds: int
    set: int
    sets: int
    side: Side | None = None

    @property
    def estimated(self) -> bool:
        """True when the length is a guess: self-paced reps end when the person says so."""
        return self.kind is StepKind.REPS and self.exercise.self_paced

    @property
    def reps(self) -> int | None:
        return self.exercise.target if self.kind is StepKind.REPS else None

    def place(self, *, short: bool = False) -> list[str]:
        """Which exercise, side, set and round this is: ['Lunges', 'left', 'set 1 of 3'];
        `short` for narrow places: 'set 1/3', 'round 2/3'."""
        of = "/" if short else " of "
        parts = [self.exercise.name]
        if self.side is not None:
            parts.append(self.side.value)
        if self.sets > 1:
            parts.append(f"set {self.set}{of}{self.sets}")
        if self.rounds > 1:
            parts.append(f"round {self.round}{of}{self.rounds}")
        return parts

    def describe(self, units: str | None = None) -> str:
        """A one-line description: 'Lunges, left, set 1 of 3, 10 reps'.

        Given the load `units` (kg or lb), a loaded exercise adds its load: '8 reps @ 20 kg'.
        """
        parts = self.place()
        target = self.exercise.describe_target()
        if units is not None and self.exercise.load is not None:
            target += f" @ {describe_load(self.exercise.load, units)}"
        parts.append(target)
        return ", ".join(parts)


@dataclass(frozen=True)
class Override:
    """Today's target (and load) for an exercise, in place of the routine file's."""

    target: int
    load: float | None = None


@dataclass(frozen=True)
class Plan:
    routine: Routine  # as written: every step's exercise carries today's target instead
    steps: tuple[Step, ...]
    # Today's targets by exercise name; the steps already carry them.
    overrides: Mapping[str, Override] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """Planned start of each step, in seconds from the start of the session."""
        offsets, total = [], 0
        for step in self.steps:
            offsets.append(total)
            total += step.seconds
        return tuple(offsets)

    @property
    def total_seconds(self) -> int:
        return self.starts[-1] + self.steps[-1].seconds if self.steps else 0

    @property
    def has_estimates(self) -> bool:
        return any(step.estimated for step in self.steps)

    @property
    def active_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.kind.active)

    def next_active(self, index: int) -> Step | None:
        """The first active step after `index` (what 'Next up' shows)."""
        for step in self.steps[index + 1 :]:
            if step.kind.active:
                return step
        return None

    def remaining_seconds(self, index: int) -> int:
        """Planned seconds of the steps after `index` (asked every tick: no re-summing)."""
        return self.total_seconds - self.starts[index] - self.steps[index].seconds


def build_plan(
    routine: Routine,
    overrides: Mapping[str, Override] | None = None,
    *,
    get_ready: int | None = None,
) -> Plan:
    """The routine's timeline; `overrides` gives today's target of exercises by name.

    `get_ready` is the person's setting for the GET READY before the first exercise:
    it applies only when the routine gives no `prepare` for it (the exercise's own or
    its `[defaults]`). The routine's word wins.
    """
    builder = _Builder(routine, overrides or {}, get_ready)
    for number, block in enumerate(routine.blocks, 1):
        builder.block(block, number, last_block=number == len(routine.blocks))
    return Plan(routine, tuple(builder.steps), dict(overrides or {}))


def with_override(exercise: Exercise, override: Override | None) -> Exercise:
    if override is None:
        return exercise
    return replace(exercise, target=override.target, load=override.load)


def active_seconds(exercise: Exercise) -> int:
    """Planned length of one set (one side) of an exercise."""
    if exercise.kind is Kind.REPS:
        return exercise.target * estimated_rep_seconds(exercise)
    return exercise.target


@dataclass(frozen=True)
class _Context:
    """Where in the routine the builder is: the fields every step of an exercise shares."""

    exercise: Exercise
    exercise_number: int
    block_number: int
    block_name: str
    round: int
    rounds: int


class _Builder:
    def __init__(
        self, routine: Routine, overrides: Mapping[str, Override], get_ready: int | None
    ) -> None:
        self.defaults = routine.defaults
        self.overrides = overrides
        self.get_ready = get_ready
        self.steps: list[Step] = []
        self.exercise_number = 0

    def add(
        self, kind: StepKind, seconds: int, at: _Context, set_: int, side: Side | None = None
    ) -> None:
        if not kind.active and seconds <= 0:
            return  # a pause of 0 seconds is no step at all
        self.steps.append(
            Step(
                index=len(self.steps),
                kind=kind,
                seconds=seconds,
                exercise=at.exercise,
                exercise_number=at.exercise_number,
                block_number=at.block_number,
                block_name=at.block_name,
                round=at.round,
                rounds=at.rounds,
                set=set_,
                sets=at.exercise.sets,
                side=side,
            )
        )

    def block(self, block: Block, number: int, *, last_block: bool) -> None:
        first_number = self.exercise_number
        for round_ in range(1, block.rounds + 1):
            self.exercise_number = first_number
            for position, written in enumerate(block.exercises):
                exercise = with_override(written, self.overrides.get(written.name))
                self.exercise_number += 1
                at = _Context(
                    exercise, self.exercise_number, number, block.name, round_, block.rounds
                )
                self.exercise(at)
                rest = self.rest_after(block, position, round_, last_block=last_block)
                self.add(StepKind.REST, rest, at, exercise.sets)

    def exercise(self, at: _Context) -> None:
        exercise, defaults = at.exercise, self.defaults
        if not self.steps or self.steps[-1].kind is not StepKind.REST:
            self.add(StepKind.PREPARE, self.prepare(exercise, first=not self.steps), at, 1)
        kind = StepKind(exercise.kind.value)
        length = active_seconds(exercise)
        sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if exercise.per_side else (None,)
        for set_ in range(1, exercise.sets + 1):
            for side in sides:
                self.add(kind, length, at, set_, side)
                if side is Side.LEFT:
                    self.add(
                        StepKind.SWITCH, effective(exercise, defaults, "switch"), at, set_, side
                    )
            if set_ < exercise.sets:
                self.add(
                    StepKind.REST, effective(exercise, defaults, "rest_between_sets"), at, set_
                )

    def prepare(self, exercise: Exercise, *, first: bool) -> int:
        """GET READY before an exercise: the routine's, or the setting before the first
        exercise when the routine gives none."""
        given = exercise.prepare is not None or "prepare" in self.defaults.given
        if first and not given and self.get_ready is not None:
            return self.get_ready
        return effective(exercise, self.defaults, "prepare")

    def rest_after(self, block: Block, position: int, round_: int, *, last_block: bool) -> int:
        exercise = block.exercises[position]
        if position < len(block.exercises) - 1:
            return effective(exercise, self.defaults, "rest_after")
        if round_ < block.rounds:
            own = block.rest_between_rounds
            return own if own is not None else self.defaults.rest_between_rounds
        if last_block:
            return 0  # the session ends here: no rest after the very last step
        return block.rest_after if block.rest_after is not None else self.defaults.rest_after
