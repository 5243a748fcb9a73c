"""The rules for `progression` and `load`, on an exercise and in [defaults].

Kept apart from the rest of the validator because they are the only keys whose
meaning depends on the exercise's kind and target *after* inheritance: a
`max` from [defaults] can be below one exercise's target and fine for another.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal

from legtimer.core.routines.model import (
    LIMITS,
    MAX_LOAD,
    MAX_LOAD_STEP,
    PROGRESSION_KEYS,
    Kind,
    Progression,
    describe_amount,
    format_number,
)
from legtimer.core.routines.model import join_path as _join
from legtimer.core.routines.wording import describe as _describe
from legtimer.core.routines.wording import suggest as _suggest

Report = Callable[[str, str], None]
# [defaults] cannot know each exercise's unit: its step and max are checked loosely
# here and against the kind's own range on every exercise that inherits them.
_ANY_UNIT = (1, LIMITS["work"][1])


class ProgressionChecks:
    def __init__(self, add: Report) -> None:
        self.add = add

    def load(self, table: Mapping[str, Any], path: str) -> float | None:
        if "load" not in table:
            return None
        value = table["load"]
        number = self._number(value)
        if number is None or not 0 <= number <= MAX_LOAD:
            self.add(
                _join(path, "load"),
                f"expected a load from 0 to {MAX_LOAD} (a number in your units, kg or lb), "
                f"found {_describe(value)}",
            )
            return None
        return number

    def table(
        self, table: Mapping[str, Any], path: str, *, kind: Kind | None
    ) -> Progression | Literal[False] | None:
        """`progression` as written; `kind` None for [defaults], where false is no use."""
        if "progression" not in table:
            return None
        where = _join(path, "progression")
        raw = table["progression"]
        if raw is False and kind is not None:
            return False
        if not isinstance(raw, Mapping):
            off = "" if kind is None else ", or false to leave out the one from [defaults]"
            self.add(
                where,
                "expected a table such as { step = 5, max = 60 }"
                + off
                + f", found {_describe(raw)}",
            )
            return None
        for key in raw:
            if key not in PROGRESSION_KEYS:
                self.add(_join(where, key), f"unknown key '{key}'{_suggest(key, PROGRESSION_KEYS)}")
        low, high, unit = (*_ANY_UNIT, "seconds or repetitions") if kind is None else LIMITS[kind]
        amounts = {key: self._whole(raw, key, where, low, high, unit) for key in ("step", "max")}
        load_step = self._load_step(raw, where)
        if kind is not None and "load_step" in raw and kind is not Kind.REPS:
            self.add(
                _join(where, "load_step"),
                f"load_step raises the load once the reps reach max; it does not apply to '{kind}'",
            )
        return Progression(step=amounts["step"], max=amounts["max"], load_step=load_step)

    def inherited(
        self,
        own: Progression | Literal[False] | None,
        inherited: Progression | None,
        path: str,
        *,
        kind: Kind,
        target: int,
        has_load: bool,
        written: object,
    ) -> None:
        """Check the progression an exercise ends up with, its own keys over [defaults].

        `written` is the exercise's own table as found: a key it gives with a bad value
        was reported already and is not reported again as missing.
        """
        if own is False or (own is None and inherited is None):
            return
        mine, base = own or Progression(), inherited or Progression()
        low, high, unit = LIMITS[kind]
        where = _join(path, "progression")
        given = written if isinstance(written, Mapping) else {}
        step = mine.step if mine.step is not None else base.step
        misspelt = any(key not in PROGRESSION_KEYS for key in given)  # reported as unknown
        if step is None and "step" not in given and not misspelt:
            self.add(
                _join(where, "step"),
                f"missing; give the step in {unit} here or in [defaults].progression",
            )
        elif step is not None and mine.step is None and step > high:
            self.add(
                _join(path, kind.value),
                f"the progression step {step} from [defaults] is more than a {kind} allows "
                f"({low} to {high} {unit}); give this exercise its own progression.step",
            )
        ceiling = mine.max if mine.max is not None else base.max
        if ceiling is not None and ceiling < target:
            shown = describe_amount(target, kind)
            if mine.max is not None:
                self.add(
                    _join(where, "max"),
                    f"expected at least the exercise's target of {shown}, found {ceiling}",
                )
            else:
                self.add(
                    _join(path, kind.value),
                    f"{shown} is above the progression max of {describe_amount(ceiling, kind)} "
                    "from [defaults]; "
                    "give this exercise its own progression.max",
                )
        elif ceiling is not None and mine.max is None and ceiling > high:
            self.add(
                _join(path, kind.value),
                f"the progression max {ceiling} from [defaults] is more than a {kind} allows "
                f"({low} to {high} {unit}); give this exercise its own progression.max",
            )
        if "load_step" in given and kind is Kind.REPS and not has_load:
            self.add(
                _join(where, "load_step"),
                "load_step needs a 'load' to raise; write load = 0 to start from bodyweight",
            )

    # -- values

    @staticmethod
    def _number(value: object) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    def _whole(
        self, table: Mapping[str, Any], key: str, path: str, low: int, high: int, unit: str
    ) -> int | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            found = _describe(value)
            if isinstance(value, float) and value.is_integer():
                found += " (write it without the decimal point)"
            self.add(
                _join(path, key),
                f"expected a whole number of {unit} from {low} to {high}, found {found}",
            )
            return None
        return value

    def _load_step(self, table: Mapping[str, Any], path: str) -> float | None:
        if "load_step" not in table:
            return None
        value = table["load_step"]
        number = self._number(value)
        if number is None or not 0 < number <= MAX_LOAD_STEP:
            self.add(
                _join(path, "load_step"),
                f"expected a load step above 0 and at most {format_number(MAX_LOAD_STEP)}, "
                f"found {_describe(value)}",
            )
            return None
        return number
