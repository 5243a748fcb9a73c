"""Running this checkout's legtimer in a child Python process."""

from __future__ import annotations

import os

from tests.support.factories import REPO


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment (so the isolated data and config folders), with the
    repository first on PYTHONPATH so a child imports this checkout, and `extra` on top."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env
