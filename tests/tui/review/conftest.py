"""Histories for the review tests: years of synthetic sessions, copied per test."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from legtimer.core.history import HistoryStore
from tests.support.review import copy_store
from tests.support.synthetic_history import fill_history, synthetic_session


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Local time is UTC, so dates and times on screen do not depend on the machine."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _template(tmp_path_factory: pytest.TempPathFactory, name: str, **options: Any) -> Path:
    path = tmp_path_factory.mktemp(name) / "history.sqlite3"
    store = HistoryStore.open(path)
    fill_history(store, **options)
    store.close()
    return path


@pytest.fixture(scope="session")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "three-years", days=3 * 365, per_week=4.5)


@pytest.fixture(scope="session")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "ten-years", days=3660, per_week=7)


@pytest.fixture
def store(three_years: Path, tmp_path: Path) -> Iterator[HistoryStore]:
    store = copy_store(three_years, tmp_path)
    yield store
    store.close()


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[HistoryStore]:
    """Half a year of deterministic history: what the snapshots show."""
    store = HistoryStore.open(tmp_path / "snap.sqlite3")
    fill_history(store, days=190, per_week=4, seed=3)
    yield store
    store.close()


@pytest.fixture
def three_routines(tmp_path: Path) -> Iterator[HistoryStore]:
    """Three routines: Morning legs twice, Core quick twice, Hill strength once."""
    rng = random.Random(3)
    start = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    sessions = [
        synthetic_session(rng, routine_id, start + timedelta(days=day))
        for day, routine_id in enumerate(
            ("morning-legs", "core-quick", "hill-strength", "morning-legs", "core-quick")
        )
    ]
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.import_sessions(sessions)
    store.connection.execute("UPDATE sessions SET dismissed = 1")
    yield store
    store.close()
