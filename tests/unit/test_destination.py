"""Where the builder saves a routine, and when it asks first."""

from __future__ import annotations

from pathlib import Path

from legtimer.core import paths
from legtimer.core.routines import Block, Exercise, Kind, Routine, load_routine, save_routine
from legtimer.core.routines.catalog import resolve
from legtimer.core.routines.destination import (
    Conflict,
    Destination,
    Origin,
    is_built_in,
)

PLANK = Routine(
    name="Plank day",
    blocks=(Block(exercises=(Exercise(name="Plank", kind=Kind.HOLD, target=30),)),),
)


def user_file(slug: str) -> Path:
    return paths.user_routines_dir() / f"{slug}.toml"


def test_a_new_routine_goes_to_a_file_named_after_it() -> None:
    destination = Destination.of(None)
    assert destination.origin is Origin.NEW
    assert destination.own is None
    assert destination.target("Hill legs") == user_file("hill-legs")
    assert destination.describe() == "New routine"
    assert destination.conflict(user_file("hill-legs")) is None
    assert not destination.is_deletable()


def test_a_built_in_is_saved_as_the_users_copy_under_its_id() -> None:
    routine = resolve("strength")
    assert is_built_in(routine)
    destination = Destination.of(routine)
    assert destination.origin is Origin.BUILT_IN
    assert destination.target("Renamed") == user_file("strength")
    assert destination.describe() == "Your copy of a built-in"
    # Taking the built-in's place is what was asked for: no question.
    assert destination.conflict(user_file("strength")) is None


def test_a_copy_gets_a_new_file_and_asks_before_hiding_a_built_in() -> None:
    destination = Destination.of(resolve("strength"), copy=True)
    assert destination.origin is Origin.COPY
    assert destination.describe() == "New copy"
    assert destination.target("Strength (copy)") == user_file("strength-copy")
    assert destination.conflict(user_file("strength")) is Conflict.HIDES_BUILT_IN


def test_saving_over_another_file_asks(user_routines: Path) -> None:
    save_routine(PLANK, user_file("plank-day"))
    destination = Destination.of(None)
    assert destination.conflict(user_file("plank-day")) is Conflict.REPLACES_FILE


def test_a_users_routine_is_saved_in_place_and_can_be_deleted(user_routines: Path) -> None:
    save_routine(PLANK, user_file("mine"))
    routine = load_routine(user_file("mine"), source="user")
    assert not is_built_in(routine)
    destination = Destination.of(routine)
    assert destination.origin is Origin.FILE
    assert destination.own == user_file("mine")
    assert destination.target("Another name") == user_file("mine")
    assert destination.conflict(user_file("mine")) is None
    assert destination.is_deletable()


def test_once_saved_the_file_is_its_own() -> None:
    destination = Destination.of(None).saved_to(user_file("x"))
    assert destination.own == user_file("x")
    assert destination.target("Anything") == user_file("x")
    assert not destination.is_deletable()  # not written yet in this test
