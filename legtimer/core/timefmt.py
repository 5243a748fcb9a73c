"""How durations read to a person: 0:45, 12:05, 1:02:03, ~32 min."""

from __future__ import annotations

import math


def clock(seconds: float) -> str:
    """A countdown-style reading, rounded up so 0.2 s left still shows 0:01."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def elapsed(seconds: float) -> str:
    """Time gone by, rounded down: a line stamped 0:01 happened a whole second in."""
    return clock(math.floor(max(0.0, seconds) + 1e-9))


def minutes(seconds: float, *, estimated: bool = False) -> str:
    """A rounded length for lists: '45 s', '32 min', '1 h 05 min'; '~' marks an estimate."""
    mark = "~" if estimated else ""
    if seconds < 60:
        return f"{mark}{round(seconds)} s"
    total_minutes = round(seconds / 60)
    if total_minutes < 60:
        return f"{mark}{total_minutes} min"
    hours, mins = divmod(total_minutes, 60)
    return f"{mark}{hours} h {mins:02d} min"


def session_minutes(seconds: float, *, round_up: bool = False) -> str:
    """Whole minutes for the session's elapsed/remaining line: '12 min'.

    Minutes, not seconds: the step's own clock shows the seconds, and a line that
    changes once a minute costs no redraw in the other 59 seconds.
    """
    whole = math.ceil(seconds / 60 - 1e-9) if round_up else math.floor(seconds / 60 + 1e-9)
    return f"{max(0, whole)} min"
