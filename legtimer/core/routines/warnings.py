"""Warnings: values a valid routine sets that can never apply.

They do not stop a routine from running or being saved; ``legtimer validate``
and the builder show them with the same words as the problems.
"""

from __future__ import annotations

from legtimer.core.routines.model import Problem, Routine

NO_REST_AFTER_LAST = (
    "has no effect: the last exercise of a block is followed by {what}, not by its own rest"
)


def routine_warnings(routine: Routine) -> list[Problem]:
    """Every value of `routine` that can never take effect, at its field path."""
    found: list[Problem] = []
    for number, block in enumerate(routine.blocks, 1):
        last = len(block.exercises)
        if not last or block.exercises[-1].rest_after is None:
            continue
        prefix = "" if routine.plain else f"blocks[{number}]."
        if routine.plain:
            what = "the end of the routine"
        elif block.rounds > 1 and number == len(routine.blocks):
            what = "the block's rest between rounds, then the end of the routine"
        elif block.rounds > 1:
            what = "the block's rest between rounds, then its rest after"
        elif number == len(routine.blocks):
            what = "the end of the routine"
        else:
            what = "the block's own rest after"
        path = f"{prefix}exercises[{last}].rest_after"
        found.append(Problem(path, NO_REST_AFTER_LAST.format(what=what), warning=True))
    return found
