"""Running programs and reading what they cost: commands, `/proc`, legtimer's environment.

The benchmarks reach legtimer only from the outside (``python -m legtimer ...``) or through
its domain API; nothing here knows how the app's screens are built.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")


def legtimer(*args: str) -> list[str]:
    """The command line of `legtimer ARGS` for this checkout (programs run from REPO)."""
    return [PY, "-m", "legtimer", *args]


def compile_checkout() -> None:
    """Byte-compile legtimer's modules in this checkout, as `pip install .` does.

    An installed copy starts from compiled modules. A checkout installed with `pip install -e`
    in an environment that sets PYTHONDONTWRITEBYTECODE compiles every one of its modules
    from source at each start (about 200 ms on 2 shared cores, measured), a cost that no
    baseline pays: their Textual and Rich are installed, compiled. The files go to the
    `__pycache__` folders Python itself writes (git ignores them).
    """
    subprocess.run(
        [PY, "-m", "compileall", "-q", str(REPO / "legtimer")],
        env={key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
        stdout=subprocess.DEVNULL,
        check=True,
    )


def helper_app(name: str, *args: str) -> list[str]:
    """The command line of one of the baseline apps beside this file (minimal_*.py)."""
    return [PY, str(HERE / f"{name}.py"), *args]


def legtimer_env(data: Path, config: Path) -> dict[str, str]:
    """A data and a config folder of its own: the user's history is never touched."""
    return {"LEGTIMER_DATA_DIR": str(data), "LEGTIMER_CONFIG_DIR": str(config)}


def write_settings(config: Path, get_ready: int, *, sound: bool = True) -> None:
    """The settings a benchmark runs with: the defaults (tones and speech on, as a person
    gets them) or, with `sound=False`, both off."""
    config.mkdir(parents=True, exist_ok=True)
    quiet = "" if sound else "sound = false\nspeak = false\n"
    (config / "settings.toml").write_text(f"get_ready = {get_ready}\n{quiet}")


def run_timed(argv: Sequence[str], env: dict[str, str], *, stdin: str | None = None) -> float:
    """Wall seconds of one command, its output discarded (it must succeed or fail cleanly)."""
    start = time.perf_counter()
    result = subprocess.run(
        argv,
        cwd=REPO,
        env={**os.environ, **env},
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{shlex.join(argv)} failed ({result.returncode}): {result.stderr}")
    return elapsed


def run_output(argv: Sequence[str], env: dict[str, str]) -> str:
    """What a command printed (stdout and stderr), whatever its exit status."""
    result = subprocess.run(
        argv,
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def export_of(env: dict[str, str]) -> dict[str, Any]:
    """`legtimer export` of the history in `env`, parsed."""
    result = subprocess.run(
        legtimer("export"),
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def version_of(argv: Sequence[str]) -> str:
    """The first line a `--version` style command prints, or "not available"."""
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if result.returncode == 0 and lines else "not available"


def find_termdown() -> str | None:
    beside = Path(PY).parent / "termdown"
    if beside.exists():
        return str(beside)
    return shutil.which("termdown")


# --------------------------------------------------------------------------- /proc


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process and its descendants (and their reaped children)."""
    total = 0.0
    for member in tree(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime are fields 14-17 of /proc/PID/stat.
        total += sum(int(value) for value in fields[11:15]) / CLK_TCK
    return total


def peak_rss_mib(pid: int) -> float:
    """VmHWM, the process's peak resident set, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return line
    except OSError:
        pass
    return "zombie"


def end(pid: int, grace: float = 2.0) -> None:
    """Wait up to `grace` seconds for `pid` to go (it was asked to), then kill it."""
    for _ in range(int(grace / 0.01)):
        if not alive(pid):
            return
        time.sleep(0.01)
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
