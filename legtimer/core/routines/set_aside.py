"""Fields an exercise loses when its kind or sides change, kept to give back on changing back.

Choosing Hold or Work takes out tempo and rep_seconds (they only apply to
reps); turning per-side off takes out switch (it needs per_side). Changing
back puts them back, so a slip in the Kind menu or on the switch loses
nothing. What was set aside is kept per exercise, by its `Ref`; `follow`
carries it along when a change to the structure moves exercises around.

Nothing here knows about Textual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from legtimer.core.routines import Kind
from legtimer.core.routines.draft import (
    REPS_ONLY,
    Draft,
    Ref,
    exists,
    kind_of,
    refs,
    set_kind,
    set_per_side,
    table_at,
)


class SetAside:
    """What kind and side changes took out of each exercise of one draft."""

    def __init__(self) -> None:
        self._held: dict[Ref, dict[str, Any]] = {}

    def held(self, ref: Ref) -> dict[str, Any]:
        """A copy of what is set aside for the exercise at `ref`."""
        return dict(self._held.get(ref, {}))

    def change_kind(self, draft: Draft, ref: Ref, kind: str) -> bool:
        """Make the exercise a hold, reps or work. True when it changed."""
        exercise = table_at(draft, ref)
        if kind_of(exercise) == kind:
            return False
        held = self._held.setdefault(ref, {})
        held.update(set_kind(exercise, kind))
        if kind == Kind.REPS.value:
            for key in REPS_ONLY:
                if key in held:
                    exercise[key] = held.pop(key)
        return True

    def change_per_side(self, draft: Draft, ref: Ref, per_side: bool) -> bool:
        """Turn per-side on or off. True when it changed."""
        exercise = table_at(draft, ref)
        if (exercise.get("per_side") is True) == per_side:
            return False
        held = self._held.setdefault(ref, {})
        held.update(set_per_side(exercise, per_side))
        if per_side and "switch" in held:
            exercise["switch"] = held.pop("switch")
        return True

    def clear(self) -> None:
        """Forget everything (the draft was replaced by another)."""
        self._held.clear()

    @contextmanager
    def follow(self, draft: Draft) -> Iterator[None]:
        """Keep what was set aside with its exercise through a change to the structure.

        Refs are positions, so an exercise added, moved or removed shifts the
        others. The tables themselves are held during the change and found
        again afterwards by identity; what belonged to a removed exercise goes.
        """
        before = [
            (table_at(draft, ref), held)
            for ref, held in self._held.items()
            if held and exists(draft, ref)
        ]
        try:
            yield
        finally:
            self._held = {}
            for ref in refs(draft):
                if ref.kind != "exercise" or not before:
                    continue
                table = table_at(draft, ref)
                for index, (old, held) in enumerate(before):
                    if old is table:
                        self._held[ref] = held
                        del before[index]
                        break
