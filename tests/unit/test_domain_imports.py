"""The domain layer stays free of Textual, and importing it touches no disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.factories import REPO
from tests.support.processes import child_env

DOMAIN = [
    "legtimer.core.routines",
    "legtimer.core.plan",
    "legtimer.core.routines.catalog",
    "legtimer.core.paths",
    "legtimer.cli.main",
    "legtimer.cli.routines",
    "legtimer.cli.history",
    "legtimer.cli.plain",
    "legtimer.core.session",
    "legtimer.core.history",
    "legtimer.core.history.recording",
    "legtimer.core.summary",
    "legtimer.core.display",
    "legtimer.core.settings",
    "legtimer.cues.voice",
    "legtimer.core.queries.exchange",
    "legtimer.core.queries.sessions",
    "legtimer.core.queries.stats",
    "legtimer.core.queries.bests",
    "legtimer.core.queries.balance",
    "legtimer.core.queries.export",
    "legtimer.render.formats",
    "legtimer.render.session",
    "legtimer.render.stats",
    "legtimer.render.charts",
    "legtimer.core.routines.draft",
]


def run_python(code: str, env_dirs: Path) -> dict[str, object]:
    """Run `code` in a fresh interpreter with every home-like variable under `env_dirs`."""
    env = child_env(
        LEGTIMER_DATA_DIR=str(env_dirs / "data"),
        LEGTIMER_CONFIG_DIR=str(env_dirs / "config"),
        HOME=str(env_dirs / "home"),
        XDG_DATA_HOME=str(env_dirs / "xdg-data"),
        XDG_CONFIG_HOME=str(env_dirs / "xdg-config"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_domain_modules_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'textual': sorted(m for m in sys.modules if m.split('.')[0] == 'textual'),"
        " 'legtimer': sorted(m for m in sys.modules if m.startswith('legtimer'))}))\n"
    )
    found = run_python(code, tmp_path)
    assert found["textual"] == []
    loaded = found["legtimer"]
    assert isinstance(loaded, list)
    assert set(DOMAIN) <= set(loaded)


def test_importing_and_asking_for_paths_creates_no_directory(tmp_path: Path) -> None:
    code = (
        "import importlib, json\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "from legtimer.core import paths\n"
        "found = [str(f()) for f in (paths.data_dir, paths.config_dir, paths.user_routines_dir,"
        " paths.history_path, paths.settings_path)]\n"
        "print(json.dumps({'paths': found}))\n"
    )
    found = run_python(code, tmp_path)
    assert found["paths"] == [
        str(tmp_path / "data"),
        str(tmp_path / "config"),
        str(tmp_path / "data" / "routines"),
        str(tmp_path / "data" / "history.sqlite3"),
        str(tmp_path / "config" / "settings.toml"),
    ]
    assert list(tmp_path.iterdir()) == []  # nothing created: not the overrides, not a home


def test_default_paths_follow_platformdirs(tmp_path: Path) -> None:
    code = (
        "import json, os\n"
        "del os.environ['LEGTIMER_DATA_DIR'], os.environ['LEGTIMER_CONFIG_DIR']\n"
        "from legtimer.core import paths\n"
        "print(json.dumps({'data': str(paths.data_dir()), 'config': str(paths.config_dir())}))\n"
    )
    found = run_python(code, tmp_path)
    if sys.platform.startswith("linux"):
        assert found["data"] == str(tmp_path / "xdg-data" / "legtimer")
        assert found["config"] == str(tmp_path / "xdg-config" / "legtimer")
    else:
        assert str(found["data"]).endswith("legtimer")
    assert list(tmp_path.iterdir()) == []
