"""The routine model: what a routine is, its limits, and the values an exercise inherits.

Reading and writing files lives in `toml_io`, the rules a document must follow in
`validate`; both build and take these frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

from legtimer.core.errors import UserFacingError

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000


class Kind(StrEnum):
    """What an exercise asks for: a held position, repetitions, or timed work."""

    HOLD = "hold"
    REPS = "reps"
    WORK = "work"


# Upper bounds that catch typos (a 50-hour hold) without getting in anyone's way.
LIMITS: dict[str, tuple[int, int, str]] = {
    "hold": (1, 600, "seconds"),
    "reps": (1, 500, "repetitions"),
    "work": (1, 7200, "seconds"),
    "sets": (1, 50, "sets"),
    "rounds": (1, 50, "rounds"),
    "rep_seconds": (1, 60, "seconds"),
    "prepare": (0, 300, "seconds"),
    "switch": (0, 120, "seconds"),
    "rest_between_sets": (0, 1800, "seconds"),
    "rest_after": (0, 1800, "seconds"),
    "rest_between_rounds": (0, 1800, "seconds"),
    "tempo": (0, 30, "seconds"),
}
MAX_NAME = 80
MAX_TEXT = 2000
MAX_LIST = 20
MAX_EXERCISES = 200
TEMPO_PHASES = ("up", "down", "hold", "pause")
SELF_PACED_REP_SECONDS = 3  # estimate for a self-paced rep when rep_seconds is not given
DEFAULT_KEYS = ("prepare", "rest_between_sets", "rest_after", "switch", "rest_between_rounds")
PROGRESSION_KEYS = ("step", "max", "load_step")
# A load is a plain number in the person's units (kg or lb, a setting); none means bodyweight.
MAX_LOAD = 1000
MAX_LOAD_STEP = 100


@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of one repetition, in the order they are performed."""

    phases: tuple[tuple[str, int], ...]

    @property
    def rep_seconds(self) -> int:
        return sum(seconds for _, seconds in self.phases)

    def describe(self) -> str:
        return " · ".join(f"{name.upper()} {seconds}" for name, seconds in self.phases)


@dataclass(frozen=True)
class Progression:
    """`progression = { step = 5, max = 60 }` as written: a key left out comes from [defaults].

    The unit of `step` and `max` is the exercise's own: seconds for hold and work,
    repetitions for reps. `load_step` raises the load once the reps are at `max`.
    """

    step: int | None = None
    max: int | None = None
    load_step: float | None = None


@dataclass(frozen=True)
class Rule:
    """An exercise's progression with everything inherited filled in (see `progression_of`)."""

    step: int
    max: int
    load_step: float | None = None


@dataclass(frozen=True)
class Defaults:
    """Values every exercise (and block) inherits unless it sets its own."""

    prepare: int = 10
    rest_between_sets: int = 30
    rest_after: int = 60
    switch: int = 5
    rest_between_rounds: int = 60
    # The keys the routine file wrote itself: a built-in value may give way to a setting
    # (the `get_ready` setting to a `prepare` the routine does not give).
    given: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class Exercise:
    """One exercise. Optional timings left as None inherit the routine's defaults."""

    name: str
    kind: Kind
    target: int  # seconds for hold and work, repetitions for reps
    sets: int = 1
    per_side: bool = False
    tempo: Tempo | None = None
    rep_seconds: int | None = None
    rest_between_sets: int | None = None
    rest_after: int | None = None
    switch: int | None = None
    prepare: int | None = None
    cue: str = ""
    muscles: tuple[str, ...] = ()
    # None inherits [defaults].progression; False opts out of it.
    progression: Progression | Literal[False] | None = None
    load: float | None = None  # in the person's units; None is bodyweight

    @property
    def self_paced(self) -> bool:
        return self.kind is Kind.REPS and self.tempo is None

    @property
    def unit(self) -> str:
        return "reps" if self.kind is Kind.REPS else "s"

    def describe_target(self) -> str:
        return describe_amount(self.target, self.kind)


def describe_amount(amount: int, kind: Kind) -> str:
    """A target in its unit: "12 reps", "45 s", "2:30 min"."""
    if kind is Kind.REPS:
        return f"{amount} reps"
    minutes, seconds = divmod(amount, 60)
    if not minutes:
        return f"{seconds} s"
    return f"{minutes} min" if not seconds else f"{minutes}:{seconds:02d} min"


def describe_load(load: float, units: str) -> str:
    """A load as a person writes it: "20 kg", "22.5 lb" (no trailing ".0")."""
    return f"{format_number(load)} {units}"


def format_number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass(frozen=True)
class Block:
    """A group of exercises done for a number of rounds (a circuit when rounds > 1)."""

    exercises: tuple[Exercise, ...]
    name: str = ""
    rounds: int = 1
    rest_between_rounds: int | None = None
    rest_after: int | None = None


@dataclass(frozen=True)
class Routine:
    """A whole routine. `id`, `source` and `path` say where it came from, not what it is."""

    name: str
    blocks: tuple[Block, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Defaults = Defaults()
    progression: Progression | None = None  # [defaults].progression, which exercises inherit
    plain: bool = True  # written as a top-level `exercises` list rather than `blocks`
    id: str = field(default="", compare=False)
    source: str = field(default="file", compare=False)
    path: Path | None = field(default=None, compare=False)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(ex for block in self.blocks for ex in block.exercises)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine document."""

    path: str  # field path such as "exercises[3].reps"; "" for the document as a whole
    message: str
    line: int | None = None
    column: int | None = None
    warning: bool = False  # a value that can never apply: the routine still runs

    def render(self, filename: str | None = None) -> str:
        where = filename or ""
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: " if where else ""
        field_path = f"{self.path}: " if self.path else ""
        severity = "warning: " if self.warning else ""
        return f"{head}{severity}{field_path}{self.message}"


class RoutineError(UserFacingError):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(problem.render(self.source) for problem in self.problems)


def join_path(path: str, key: str) -> str:
    """A field path one level down: ``exercises[3]`` and ``reps`` give ``exercises[3].reps``."""
    return f"{path}.{key}" if path else key


def effective(exercise: Exercise, defaults: Defaults, key: str) -> int:
    """An exercise's own value for a timing key, or the routine default it inherits."""
    own: int | None = getattr(exercise, key)
    if own is not None:
        return own
    inherited: int = getattr(defaults, key)
    return inherited


def progression_of(exercise: Exercise, inherited: Progression | None) -> Rule | None:
    """The exercise's progression, its own keys over those of [defaults]; None without one.

    `max` left out everywhere means the kind's upper limit. A `load_step` inherited
    by an exercise it does not apply to (not reps, or no load) is dropped.
    """
    own = exercise.progression
    if own is False or (own is None and inherited is None):
        return None
    mine, base = own or Progression(), inherited or Progression()
    step = mine.step if mine.step is not None else base.step
    if step is None:
        return None
    ceiling = mine.max if mine.max is not None else base.max
    load_step = mine.load_step if mine.load_step is not None else base.load_step
    if exercise.kind is not Kind.REPS or exercise.load is None:
        load_step = None
    return Rule(
        step=step,
        max=ceiling if ceiling is not None else LIMITS[exercise.kind.value][1],
        load_step=load_step,
    )


def estimated_rep_seconds(exercise: Exercise) -> int:
    if exercise.tempo is not None:
        return exercise.tempo.rep_seconds
    return exercise.rep_seconds or SELF_PACED_REP_SECONDS
