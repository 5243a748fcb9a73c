"""Finding routines: built-ins and the user's own, by id, name or path."""

from __future__ import annotations

from pathlib import Path

import pytest

from legtimer.core import paths
from legtimer.core.routines import RoutineError, slugify
from legtimer.core.routines.catalog import (
    BUILT_IN,
    USER,
    RoutineNotFound,
    discover,
    looks_like_path,
    resolve,
)
from tests.support.factories import BUILT_IN_IDS

BUILT_INS = set(BUILT_IN_IDS)


def routine_text(name: str, exercise: str = "Plank") -> str:
    return f'name = "{name}"\n[[exercises]]\nname = "{exercise}"\nhold = 30\n'


def test_the_seven_built_ins_ship() -> None:
    """The one place the built-ins are named: every other test reads the routines folder."""
    assert {
        "runners-leg-day",
        "lower-body-extras",
        "strength",
        "plyometrics",
        "stability",
        "flexibility",
        "endurance-intervals",
    } == BUILT_INS


def test_discover_lists_the_built_ins_without_a_user_folder() -> None:
    assert not paths.user_routines_dir().exists()
    entries = discover()
    assert {entry.id for entry in entries} == BUILT_INS
    for entry in entries:
        assert entry.source == BUILT_IN
        assert entry.error is None and entry.routine is not None
        assert entry.routine.id == entry.id
        assert entry.routine.source == BUILT_IN
        assert entry.path.parent == paths.builtin_routines_dir()


def test_discover_lists_user_routines_first(user_routines: Path) -> None:
    (user_routines / "Hill Repeats.toml").write_text(routine_text("Hill repeats"), "utf-8")
    (user_routines / "notes.txt").write_text("not a routine", "utf-8")
    entries = discover()
    assert entries[0].id == "hill-repeats"
    assert entries[0].source == USER
    assert entries[0].name == "Hill repeats"
    assert entries[0].path == user_routines / "Hill Repeats.toml"
    assert {entry.id for entry in entries[1:]} == BUILT_INS
    assert len(entries) == len(BUILT_INS) + 1


def test_resolve_by_id() -> None:
    routine = resolve("runners-leg-day")
    assert routine.name == "Runner's leg day"
    assert routine.source == BUILT_IN
    assert resolve("STRENGTH").id == "strength"


def test_resolve_by_name_ignores_case_and_spaces() -> None:
    assert resolve("runner's leg day").id == "runners-leg-day"
    assert resolve("  ENDURANCE INTERVALS ").id == "endurance-intervals"


def test_resolve_by_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "mine.toml"
    path.parent.mkdir()
    path.write_text(routine_text("Mine"), "utf-8")
    routine = resolve(str(path))
    assert routine.name == "Mine"
    assert routine.path == path
    assert routine.id == "mine"


def test_resolve_by_path_without_toml_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "workout").write_text(routine_text("Bare file"), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert looks_like_path("workout")
    assert resolve("workout").name == "Bare file"


def test_resolve_missing_path_raises_routine_error(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as info:
        resolve(str(tmp_path / "gone.toml"))
    assert info.value.problems[0].message == "no such file"


def test_user_routine_shadows_built_in(user_routines: Path) -> None:
    (user_routines / "strength.toml").write_text(routine_text("My strength"), "utf-8")
    routine = resolve("strength")
    assert routine.name == "My strength"
    assert routine.source == USER
    # The built-in is still listed, after the user's.
    ids = [(entry.id, entry.source) for entry in discover()]
    assert ids.index(("strength", USER)) < ids.index(("strength", BUILT_IN))


def test_broken_user_routine_is_listed_with_its_error(user_routines: Path) -> None:
    (user_routines / "broken.toml").write_text(
        'name = "Broken"\n[[exercises]]\nname = "A"\n', "utf-8"
    )
    (user_routines / "good.toml").write_text(routine_text("Good"), "utf-8")
    entries = {entry.id: entry for entry in discover()}
    broken = entries["broken"]
    assert broken.routine is None
    assert broken.source == USER
    assert broken.name == "broken"
    assert broken.error is not None
    assert [p.path for p in broken.error.problems] == ["exercises[1]"]
    assert entries["good"].routine is not None  # one broken file hides nothing else
    assert set(entries) >= BUILT_INS
    with pytest.raises(RoutineError) as info:
        resolve("broken")
    assert [p.path for p in info.value.problems] == ["exercises[1]"]


def test_broken_user_routine_shadows_built_in_with_its_error(user_routines: Path) -> None:
    (user_routines / "strength.toml").write_text("name = ", "utf-8")
    with pytest.raises(RoutineError) as info:
        resolve("strength")
    assert info.value.problems[0].message.startswith("invalid TOML")


def test_broken_user_routine_keeps_its_slug_id(user_routines: Path) -> None:
    (user_routines / "My Legs.toml").write_text('name = "My legs"\n', "utf-8")
    (entry,) = [entry for entry in discover() if entry.source == USER]
    assert entry.id == slugify("My Legs") == "my-legs"
    with pytest.raises(RoutineError):
        resolve("my-legs")


def test_unknown_name_suggests_close_ids() -> None:
    with pytest.raises(RoutineNotFound) as info:
        resolve("strenght")
    assert info.value.query == "strenght"
    assert "strength" in info.value.suggestions
    message = str(info.value)
    assert message.startswith("no routine called 'strenght'; did you mean 'strength'")
    assert "legtimer list" in message


def test_suggestions_from_names_and_fragments() -> None:
    with pytest.raises(RoutineNotFound) as info:
        resolve("runners leg dya")
    assert info.value.suggestions[0] == "runners-leg-day"
    with pytest.raises(RoutineNotFound) as info:
        resolve("interval")
    assert "endurance-intervals" in info.value.suggestions
    assert len(info.value.suggestions) <= 3


def test_unknown_name_without_anything_close() -> None:
    with pytest.raises(RoutineNotFound) as info:
        resolve("zzzzqqqq")
    assert info.value.suggestions == []
    assert "did you mean" not in str(info.value)


def test_resolve_uses_given_entries_only(user_routines: Path) -> None:
    (user_routines / "mine.toml").write_text(routine_text("Mine"), "utf-8")
    only_user = [entry for entry in discover() if entry.source == USER]
    assert resolve("mine", only_user).name == "Mine"
    with pytest.raises(RoutineNotFound):
        resolve("strength", only_user)


def test_looks_like_path() -> None:
    assert looks_like_path("x.toml")
    assert looks_like_path("some/dir")
    assert not looks_like_path("runners-leg-day")


def test_builtin_folder_is_found() -> None:
    folder = paths.builtin_routines_dir()
    assert folder.is_dir()
    assert {p.stem for p in folder.glob("*.toml")} == BUILT_INS
