"""Writing a routine file: fresh, or as an edit of the person's own file.

Apart from toml_io (reading and dumping) and toml_edit (edits that keep comments and
layout, built on toml_io) so that neither imports the other back; tomlkit still loads
only when a file is edited.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from legtimer.core.files import write_atomically
from legtimer.core.routines.model import Routine
from legtimer.core.routines.toml_io import dump_routine


def save_routine(routine: Routine, path: Path, *, keep_layout: bool = False) -> None:
    """Write a routine atomically: a crash mid-write never leaves half a file.

    With `keep_layout`, an existing file is edited in place: its comments and
    layout stay (see toml_edit). Otherwise the file is written fresh.
    """
    text = dump_routine(routine)
    if keep_layout:
        from legtimer.core.routines.toml_edit import edited_text  # tomlkit: only for edits

        with contextlib.suppress(OSError, UnicodeDecodeError):  # nothing to keep: fresh
            text = edited_text(routine, path.read_text("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
