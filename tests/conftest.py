"""Fixtures shared by every test: no test ever touches the developer's real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from legtimer.core import paths
from legtimer.core.history import HistoryStore

# On CI the generated cases are the same at every run: a red build can be replayed,
# and a new edge case is found on a developer's machine, where it can be looked at.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the data and config directories at a fresh temporary folder."""
    data = tmp_path / "data"
    config = tmp_path / "config"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(config))
    yield tmp_path


@pytest.fixture
def user_routines(isolated_dirs: Path) -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def store(isolated_dirs: Path) -> Iterator[HistoryStore]:
    """The history at its usual (isolated) path, where the CLI and the app look for it."""
    opened = HistoryStore.open(paths.history_path())
    yield opened
    opened.close()
