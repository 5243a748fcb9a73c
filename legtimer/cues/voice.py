"""Spoken cues: a user-chosen command run in the background, never waited on.

A missing program or a failing command is reported once and then left
alone; nothing here can crash or block the timer.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable


class Speaker:
    def __init__(self, command: str, report: Callable[[str], None]) -> None:
        self.command = command.strip()
        self.report = report
        self._running: list[subprocess.Popen[bytes]] = []
        self._failed = False

    @property
    def enabled(self) -> bool:
        return bool(self.command) and not self._failed

    def say(self, text: str) -> None:
        if not self.enabled:
            return
        self._reap()
        try:
            words = [part.replace("{text}", text) for part in shlex.split(self.command)]
            if "{text}" not in self.command:
                words.append(text)
            process = subprocess.Popen(
                words,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except (OSError, ValueError) as error:
            self._fail(f"speak_command {self.command!r} cannot run: {error}")
            return
        self._running.append(process)

    def _reap(self) -> None:
        """Collect finished speech processes; report the first failure."""
        still = []
        for process in self._running:
            code = process.poll()
            if code is None:
                still.append(process)
            elif code != 0:
                self._fail(f"speak_command {self.command!r} failed with exit status {code}")
        self._running = still

    def _fail(self, message: str) -> None:
        if not self._failed:
            self._failed = True
            self.report(message + "; spoken cues are off for this session")
