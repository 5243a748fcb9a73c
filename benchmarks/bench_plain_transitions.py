"""Transitions in the plain runner against their schedule, read from its output.

The same real-clock routine with `legtimer run --plain`; a step counts when its line is
read from the pipe.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time

from benchmarks import markers
from benchmarks.harness import Bench
from benchmarks.processes import REPO
from benchmarks.transitions import Transitions, report_errors, timing

LINE = re.compile(rf"^\[\d+:\d\d\] ({'|'.join(markers.PHASES)})\b")


def watch(process: subprocess.Popen[str], seen: Transitions) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        now = time.time()
        match = LINE.match(line)
        if match:
            seen.starts.append((now, match.group(1)))
        elif markers.PLAIN_END in line:
            seen.ended = now


def run(bench: Bench) -> None:
    routine = timing(bench, "transitions-plain")
    seen = Transitions()
    process = subprocess.Popen(
        routine.argv("--plain"),
        cwd=REPO,
        env={**os.environ, **routine.env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    reader = threading.Thread(target=watch, args=(process, seen), daemon=True)
    reader.start()
    try:
        process.wait(timeout=routine.timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    report_errors(bench, "plain", "line read from the pipe", seen, routine)
