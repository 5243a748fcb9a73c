"""A real clock sped up, for child processes that run a session for real but quickly."""

from __future__ import annotations

import time


class FastClock:
    """The monotonic clock, sped up: one real second is `speed` session seconds."""

    def __init__(self, speed: float) -> None:
        self.speed = speed

    def now(self) -> float:
        return time.monotonic() * self.speed
