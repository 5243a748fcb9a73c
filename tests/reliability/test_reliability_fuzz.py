"""Fuzzing every file a person hands legtimer: routines, settings and history exports.

Whatever is in the file, legtimer either takes it or says what is wrong with
it, never more:

- `parse_routine` returns a Routine (which dumps and parses back the same) or
  raises RoutineError, each problem a message that names the file; `legtimer
  validate` exits 0 or 1;
- `load_settings` never raises: it lists the problems and keeps every good value;
- `legtimer import` exits 0 or 1, and on 1 it has said why and written nothing.

Documents are random (keys that are real, near misses of real ones, or
anything; values of every TOML or JSON type, huge, long, deep), mutated copies
of real routines and exports, and raw text and bytes.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import operator
import sqlite3
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from legtimer.cli import main as cli
from legtimer.core import paths
from legtimer.core.history import HistoryStore
from legtimer.core.plan import build_plan
from legtimer.core.queries import exchange
from legtimer.core.routines import (
    MAX_FILE_BYTES,
    RoutineError,
    dump_routine,
    parse_routine,
)
from legtimer.core.settings import Settings, load_settings
from tests.support.factories import recorded

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
SOURCE = "fuzzed/routine.toml"


# --------------------------------------------------------------------------- strategies


ROUTINE_KEYS = (
    *("format", "name", "description", "tags", "defaults", "exercises", "blocks"),
    *("hold", "reps", "work", "tempo", "rep_seconds", "sets", "per_side", "cue", "muscles"),
    *("prepare", "rest_between_sets", "rest_after", "switch", "rest_between_rounds", "rounds"),
    *("up", "down", "pause"),
)
SETTING_KEYS = ("bell", "flash", "speak_command", "theme", "get_ready")
EXPORT_KEYS = (
    *("format", "version", "exported_at", "sessions", "steps"),
    *exchange.SESSION_KEYS,
    *exchange.STEP_KEYS,
)


def near_misses(key: str) -> list[str]:
    """Typos a person makes: case, plurals, dashes, spaces, a letter lost or swapped."""
    variants = {
        key.upper(),
        key.title(),
        key + "s",
        key[:-1],
        key[1:],
        key.replace("_", "-"),
        key.replace("_", " "),
        key.replace("_", ""),
        f" {key}",
        f"{key} ",
        key[1] + key[0] + key[2:] if len(key) > 2 else key,
    }
    return sorted(variants - {key, ""})


def key_strategy(real: tuple[str, ...]) -> st.SearchStrategy[str]:
    misses = sorted({miss for key in real for miss in near_misses(key)})
    return st.sampled_from(sorted(set(real))) | st.sampled_from(misses) | _text


# Text TOML can hold (no lone surrogates), some of it very long.
_char = st.characters(codec="utf-8")
_text = st.text(_char, max_size=20)
_long_text = st.builds(operator.mul, _char, st.integers(1_000, 40_000))
_edge_ints = st.sampled_from(
    [
        *(0, -1, 1, 2, 49, 50, 51, 300, 301, 600, 601, 7200, 7201),
        *(2**31, 2**63 - 1, -(2**63), 2**64, 10**400, -(10**400)),
    ]
)
_huge_ints = st.integers(min_value=2**63, max_value=10**400) | st.integers(max_value=-(2**63) - 1)

toml_scalars = (
    st.booleans()
    | st.integers(-1_000, 10_000)
    | _edge_ints
    | _huge_ints
    | st.floats()
    | _text
    | _long_text
    | st.datetimes(timezones=st.none() | st.just(UTC))
    | st.dates()
    | st.times()
)


def toml_values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        toml_scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)
        ),
        max_leaves=20,
    )


routine_keys = key_strategy(ROUTINE_KEYS)
routine_values = toml_values(routine_keys)


def nest(depth: int, shape: str, leaf: Any) -> Any:
    for level in range(depth):
        if shape == "tables" or (shape == "mixed" and level % 2):
            leaf = {"exercises": leaf} if level % 3 else {"tempo": leaf}
        else:
            leaf = [leaf]
    return leaf


deep_values = st.builds(
    nest, st.integers(1, 150), st.sampled_from(["tables", "arrays", "mixed"]), toml_scalars
)


def _builtin_documents() -> list[dict[str, Any]]:
    found = sorted(paths.builtin_routines_dir().glob("*.toml"))
    assert found, "no built-in routines to mutate"
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in found]


BUILTIN_DOCUMENTS = _builtin_documents()


@st.composite
def mutated(
    draw: st.DrawFn,
    bases: list[Any],
    values: st.SearchStrategy[Any],
    keys: st.SearchStrategy[str],
    scalars: st.SearchStrategy[Any] | None = None,
) -> Any:
    """A deep copy of one of `bases` with one to four random edits at random depths.

    Half the replacements are plain `scalars` (when given), so that the awkward
    ones (huge, non-finite, not Unicode) land in real fields often.
    """
    document = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 4))):
        node = document
        while True:  # walk down to a random table or array
            items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            inner = [value for _, value in items if isinstance(value, dict | list) and value]
            if not inner or draw(st.integers(0, 3)) == 0:
                break
            node = draw(st.sampled_from(inner))
        edit = draw(st.sampled_from(["replace", "delete", "add", "rename"]))
        if isinstance(node, dict):
            if edit == "add" or not node:
                node[draw(keys)] = draw(values)
                continue
            key = draw(st.sampled_from(sorted(node)))
            if edit == "replace":
                node[key] = draw(values if scalars is None else values | scalars)
            elif edit == "delete":
                del node[key]
            else:
                node[draw(keys)] = node.pop(key)
        else:
            if edit == "add" or not node:
                node.append(draw(values))
                continue
            index = draw(st.integers(0, len(node) - 1))
            if edit == "delete":
                del node[index]
            else:
                node[index] = draw(values if scalars is None else values | scalars)
    return document


routine_documents = st.dictionaries(
    routine_keys, routine_values | deep_values, max_size=8
) | mutated(BUILTIN_DOCUMENTS, routine_values | deep_values, routine_keys)
TOKENS = [
    *("[", "]", "[[", "]]", "[exercises]", "[[exercises]]", "[defaults]", "[[blocks]]"),
    *("[[blocks.exercises]]", "=", ".", ",", "{", "}", "#", "\n", " ", "\t", "\r\n", "\\"),
    *('"', "'", '"""', "'''", '"\\u0000"', '"\\ud800"', '"\\U0010ffff"', "\ufeff", "\x00"),
    *("1", "-1", "0x1F", "1e400", "inf", "nan", "1_000", "99999999999999999999", "1.5"),
    *("true", "false", "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27"),
    *(*ROUTINE_KEYS, "name = ", "hold = ", "tempo = {", "per_side = true"),
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """stdout and stderr of an in-process `cli.main` (capsys does not mix with @given)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def toml_bytes(document: Any) -> bytes | None:
    """The document as TOML, or None when tomli-w cannot write it (too deep)."""
    try:
        return tomli_w.dumps(document).encode("utf-8")
    except RecursionError:
        return None


def check_routine(data: bytes | str) -> bool:
    """The parse_routine contract. True when the routine was accepted."""
    try:
        routine = parse_routine(data, source_name=SOURCE)
    except RoutineError as error:
        assert error.problems, "a RoutineError always carries at least one problem"
        for problem in error.problems:
            assert problem.message.strip()
            assert problem.render(error.source).startswith(SOURCE + ":")  # names the file
        assert str(error).strip()
        return False
    assert parse_routine(dump_routine(routine), source_name=SOURCE) == routine
    build_plan(routine)
    return True


def check_validate(scratch: Path, data: bytes, accepted: bool) -> None:
    """`legtimer validate FILE`: 0 for a good routine, 1 naming the file for a bad one."""
    path = scratch / "routine.toml"
    path.write_bytes(data)
    with captured() as (out, err):
        status = cli.main(["validate", str(path)])
    if len(data) > MAX_FILE_BYTES:
        accepted = False  # too big to be a routine file, whatever is in it
    assert status == (0 if accepted else 1)
    if not accepted:
        assert str(path) in err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()


# --------------------------------------------------------------------------- routines


@FUZZ
@given(routine_documents)
def test_generated_routine_documents(scratch: Path, document: dict[str, Any]) -> None:
    data = toml_bytes(document)
    if data is None:
        return
    check_validate(scratch, data, check_routine(data))


@FUZZ
@given(mutated(BUILTIN_DOCUMENTS, routine_values, routine_keys, toml_scalars))
def test_mutated_built_in_routines(scratch: Path, document: dict[str, Any]) -> None:
    data = toml_bytes(document)
    if data is None:
        return
    check_validate(scratch, data, check_routine(data))


@FUZZ
@given(st.text() | token_soup | st.binary() | token_soup.map(lambda text: text.encode("utf-8")))
@example("[" * 5000)
@example("a = " + "[" * 5000)
@example("a = " + "{ b = " * 2000)
@example(b"\xff\xfe[[exercises]]")
@example("\ufeffname = 1")
def test_raw_text_and_bytes(data: str | bytes) -> None:
    check_routine(data)


@settings(max_examples=25, deadline=None)
@given(token_soup)
def test_raw_text_through_validate(scratch: Path, text: str) -> None:
    data = text.encode("utf-8")
    check_validate(scratch, data, check_routine(data))


# --------------------------------------------------------------------------- settings


setting_keys = key_strategy(SETTING_KEYS)
setting_values = toml_values(setting_keys)
TYPES = {"bell": bool, "flash": bool, "speak_command": str, "theme": str, "get_ready": int}


def valid_setting(key: str, value: Any) -> bool:
    if key == "get_ready":
        return type(value) is int and 0 <= value <= 300
    return key in TYPES and isinstance(value, TYPES[key])


def check_settings(path: Path) -> Settings:
    loaded = load_settings(path)
    for field in fields(Settings):
        if field.name in TYPES:
            value = getattr(loaded, field.name)
            assert type(value) is TYPES[field.name], f"{field.name} = {value!r}"
    for problem in loaded.problems:
        assert problem.startswith(f"{path}: ")
    return loaded


@FUZZ
@given(
    st.dictionaries(setting_keys, setting_values | st.sampled_from([True, 0, 300, 301, -1]))
    | mutated(
        [{"bell": True, "flash": False, "theme": "x", "get_ready": 5}], setting_values, setting_keys
    )
)
@example({"get_ready": True})  # a bool is an int to Python, not whole seconds to a person
@example({"get_ready": 301, "bell": 1, "flash": "no", "theme": 3, "speak_command": []})
@example({"Bell": False, "get-ready": 5})
def test_generated_settings(scratch: Path, document: dict[str, Any]) -> None:
    path = scratch / "settings.toml"
    data = toml_bytes(document)
    if data is None:
        return
    path.write_bytes(data)
    loaded = check_settings(path)
    for key, value in document.items():
        if valid_setting(key, value):
            assert getattr(loaded, key) == value
        else:
            assert any(f"{path}: {key}:" in p or f"'{key}'" in p for p in loaded.problems), key
    assert bool(loaded.problems) == (not all(valid_setting(k, v) for k, v in document.items()))


@FUZZ
@given(st.binary() | token_soup.map(lambda text: text.encode("utf-8")))
def test_raw_settings_files(scratch: Path, data: bytes) -> None:
    path = scratch / "settings.toml"
    path.write_bytes(data)
    check_settings(path)


# --------------------------------------------------------------------------- imports


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-10, 10_000)
    | _edge_ints
    | _huge_ints
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "\ud800", "a\udfff", "2026-11-22T07:30:00+00:00", "2026-13-01"])
    | st.sampled_from(["completed", "done", "hold", "left", str(uuid.UUID(int=1)), "1e999"])
)
export_keys = key_strategy(EXPORT_KEYS)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(export_keys, children, max_size=5)
    ),
    max_leaves=15,
)


@pytest.fixture(scope="module")
def base_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real export of two sessions: one completed, one stopped part-way."""
    store = HistoryStore.open(tmp_path_factory.mktemp("export") / "history.sqlite3")
    recorded(store, "stability")
    recorded(store, "plyometrics", steps=5)
    document = exchange.export_document(store)
    store.close()
    assert len(document["sessions"]) == 2
    return document


def history_ids() -> set[str]:
    path = paths.history_path()
    if not path.exists():
        return set()
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM sessions")}
    finally:
        connection.close()


def check_import(scratch: Path, data: bytes) -> None:
    """`legtimer import FILE`: 0, or 1 with a message naming the file and nothing written."""
    path = scratch / "export.json"
    path.write_bytes(data)
    before = history_ids()
    with captured() as (out, err):
        status = cli.main(["import", str(path)])
    after = history_ids()
    assert status in (0, 1)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    if status == 1:
        assert after == before, "a refused import wrote sessions"
        assert f"legtimer: {path}: " in err.getvalue()
        assert "Nothing was imported." in err.getvalue()
    else:
        sessions = exchange.parse_import(data)
        assert after == before | {session["id"] for session in sessions}


# A value of the same JSON type as the one it replaces, so the rest of the file stays good.
awkward_text = st.text(max_size=10) | st.sampled_from(
    ["", " ", "\ud800", "tired \udfff", "\x00", "2026-11-22T07:30:00", "2026-11-22T07:30:00Z"]
)
awkward_numbers = _edge_ints | _huge_ints | st.floats() | st.integers(-3, 3)


@st.composite
def retyped(draw: st.DrawFn, document: Any) -> Any:
    """One leaf of the document replaced by an awkward value of its own type."""
    leaves: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, dict | list):
                walk(value)
            else:
                leaves.append((node, key))

    walk(document)
    node, key = draw(st.sampled_from(leaves))
    value = node[key]
    if isinstance(value, str):
        node[key] = draw(awkward_text)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        node[key] = draw(awkward_numbers)
    else:
        node[key] = draw(json_scalars)
    return document


@st.composite
def mutated_exports(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    """A real export with new session ids, then edited, retyped, cut short or garbled."""
    document = copy.deepcopy(base)
    for session in document["sessions"]:  # new to the history, so a good file adds them
        session["id"] = str(draw(st.uuids()))
    how = draw(st.sampled_from(["edit", "retype", "retype", "truncate", "byte"]))
    if how == "edit":
        document = draw(mutated([document], json_values, export_keys, json_scalars))
    elif how == "retype":
        document = draw(retyped(document))
    data = json.dumps(document, indent=draw(st.sampled_from([None, 2]))).encode("utf-8")
    if how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "byte":
        where = draw(st.integers(0, len(data)))
        data = data[:where] + draw(st.binary(min_size=1, max_size=3)) + data[where:]
    return data


@settings(FUZZ, max_examples=120)
@given(data=st.data())
def test_mutated_exports(scratch: Path, base_export: dict[str, Any], data: st.DataObject) -> None:
    check_import(scratch, data.draw(mutated_exports(base_export)))


@FUZZ
@given(
    json_values
    | st.fixed_dictionaries(
        {"format": st.just(exchange.FORMAT) | json_values, "version": st.just(1) | json_values},
        optional={"sessions": json_values | st.lists(json_values, max_size=3)},
    )
)
@example({"format": exchange.FORMAT, "version": "1", "sessions": []})
@example({"format": exchange.FORMAT, "version": 1.0, "sessions": [{}]})
@example({"format": exchange.FORMAT, "version": 1, "sessions": {}})
def test_random_json_is_refused_cleanly(scratch: Path, document: Any) -> None:
    check_import(scratch, json.dumps(document).encode("utf-8", "surrogatepass"))


def test_every_field_of_an_export_holding_every_json_type(
    scratch: Path, base_export: dict[str, Any]
) -> None:
    """Each session and step field in turn given a value of each JSON type: 0 or 1, no crash."""
    awkward: list[object] = [None, True, 5, -1.5, "5", "", [], {}, [{}], {"id": 1}]
    fields = [("session", key) for key in exchange.SESSION_KEYS] + [
        ("step", key) for key in exchange.STEP_KEYS
    ]
    for where, key in fields:
        for value in awkward:
            document = copy.deepcopy(base_export)
            for session in document["sessions"]:
                session["id"] = str(uuid.uuid4())
            target = document["sessions"][1]
            if where == "step":
                target = target["steps"][0]
            target[key] = value
            check_import(scratch, json.dumps(document).encode("utf-8"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("note", "tired \ud800"),  # JSON can spell a lone surrogate; no database can store it
        ("routine_toml", "\udfff"),
        ("planned_seconds", 10**400),  # a whole number too big for a float
        ("step active_seconds", -(10**400)),
    ],
    ids=["surrogate-note", "surrogate-routine-copy", "huge-planned", "huge-step"],
)
def test_values_json_can_spell_but_the_history_cannot_hold_are_refused(
    scratch: Path, base_export: dict[str, Any], field: str, value: object
) -> None:
    document = copy.deepcopy(base_export)
    for session in document["sessions"]:
        session["id"] = str(uuid.uuid4())
    second = document["sessions"][1]
    if field.startswith("step "):
        second["steps"][0][field.removeprefix("step ")] = value
    else:
        second[field] = value
    with captured() as (_, err):
        status = cli.main(["import", str(_write(scratch, json.dumps(document).encode("ascii")))])
    assert status == 1
    assert "Nothing was imported." in err.getvalue()
    assert history_ids() == set()


def _write(scratch: Path, data: bytes) -> Path:
    path = scratch / "export.json"
    path.write_bytes(data)
    return path
