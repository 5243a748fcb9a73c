"""A session sitting in a ten-minute hold: what the CPU and memory benchmarks measure."""

from __future__ import annotations

from pathlib import Path

from benchmarks.processes import legtimer, legtimer_env, write_settings

HOLD_ROUTINE = """\
format = 1
name = "Long hold"

[defaults]
prepare = 1

[[exercises]]
name = "Wall sit"
hold = 600
cue = "Back flat against the wall, knees over the ankles."
"""


def hold_session(tmp: Path, name: str, *, sound: bool = True) -> tuple[list[str], dict[str, str]]:
    """`legtimer run` on the long hold (a one-second get-ready) with folders named `name`;
    tones and speech on as by default, or off."""
    config = tmp / f"{name}-config"
    write_settings(config, get_ready=1, sound=sound)
    routine = tmp / f"{name}-hold.toml"
    routine.write_text(HOLD_ROUTINE)
    return legtimer("run", str(routine)), legtimer_env(tmp / f"{name}-data", config)
