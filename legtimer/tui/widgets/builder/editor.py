"""The person's own text editor, for editing a routine as TOML (no Textual here).

The screen hands the terminal over while the editor runs (`App.suspend`);
this module finds the editor, runs it on a scratch file and says what went
wrong in words a person can act on.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def editor_command() -> list[str]:
    """The editor for "Edit as TOML": $VISUAL, then $EDITOR, then nano, then vi (notepad on Windows)."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return ["vi"]


def run_editor(path: Path, *, attached: bool = True) -> str | None:
    """Edit `path` and wait for the editor; None when it went well, else what went wrong.

    `attached` False runs it with no terminal input (when there is no
    terminal to hand over: tests, the web).
    """
    command = [*editor_command(), str(path)]
    stdin = None if attached else subprocess.DEVNULL
    try:
        result = subprocess.run(command, check=False, stdin=stdin)
    except OSError as error:
        return (
            f"Could not run the editor {command[0]!r} ({error.strerror or error}). "
            "Set $VISUAL or $EDITOR."
        )
    if result.returncode != 0:
        return f"The editor exited with status {result.returncode}; nothing was read back."
    return None


@contextmanager
def scratch_file(stem: str) -> Iterator[Path]:
    """A path `<stem>.toml` in a private temporary folder, removed with all in it afterwards.

    The file keeps the routine's own name, so the editor's title and the
    problems read back name it as the person knows it.
    """
    folder = Path(tempfile.mkdtemp(prefix="legtimer-"))
    try:
        yield folder / f"{stem}.toml"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
