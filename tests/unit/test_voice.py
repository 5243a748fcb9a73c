"""Speech found on its own: fake speech programs on PATH stand in for the real ones."""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest

from legtimer.core.settings import Settings
from legtimer.cues.voice import (
    TEXT_ENV,
    Speaker,
    SpeechCommand,
    find_speech_command,
    speaker_for,
)

SAYS = """#!/bin/sh
PATH=/usr/bin:/bin  # the test's PATH holds only the fakes
# A fake speech program: writes its name, its arguments and the text it got, one a line.
{{ echo "$(basename "$0")"; for a in "$@"; do echo "$a"; done; echo "env:${env}"; }} > "{out}"
{rest}
"""


class Reports(list[str]):
    """The messages reported, and the threads they were reported on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def __call__(self, message: str) -> None:
        self.append(message)
        self.threads.add(threading.get_ident())


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only our fake programs (and nothing the machine has)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def fake_program(folder: Path, name: str, out: Path, rest: str = "exit 0") -> Path:
    path = folder / name
    path.write_text(SAYS.format(out=out, env=TEXT_ENV, rest=rest), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def wait_all(speaker: Speaker) -> None:
    """Wait for the speech asked for so far to be said (the speaker itself never waits)."""
    assert speaker.wait_idle(10)


def wait_for_words(out: Path, text: str) -> None:
    """Wait for a fake program to have written `text` (it runs on its own: a real process)."""
    for _ in range(1000):
        if out.exists() and text in said(out):
            return
        time.sleep(0.01)
    pytest.fail(f"{text!r} was never said")


def said(out: Path) -> list[str]:
    return out.read_text(encoding="utf-8").splitlines()


def test_linux_order_espeak_ng_then_espeak_then_spd_say(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    assert find_speech_command("linux") is None
    spd = fake_program(bin_dir, "spd-say", out)
    assert find_speech_command("linux") == SpeechCommand((str(spd), "--wait", "--", "{text}"))
    espeak = fake_program(bin_dir, "espeak", out)
    assert find_speech_command("linux") == SpeechCommand((str(espeak), "--", "{text}"))
    ng = fake_program(bin_dir, "espeak-ng", out)
    assert find_speech_command("linux") == SpeechCommand((str(ng), "--", "{text}"))
    fake_program(bin_dir, "say", out)
    assert find_speech_command("linux").argv[0] == str(ng)  # type: ignore[union-attr]


def test_macos_prefers_say(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    fake_program(bin_dir, "espeak-ng", out)
    say = fake_program(bin_dir, "say", out)
    assert find_speech_command("darwin") == SpeechCommand((str(say), "{text}"))


def test_windows_powershell_gets_the_text_through_its_environment(
    bin_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "said"
    fake_program(bin_dir, "powershell", out)
    command = find_speech_command("win32")
    assert command is not None and command.text_in_env
    assert "System.Speech" in command.argv[-1]
    reports = Reports()
    speaker = Speaker(command, reports)
    text = "Rest; $(Remove-Item x) `n 45 seconds"
    speaker.say(text)
    wait_all(speaker)
    lines = said(out)
    assert lines[0] == "powershell"
    assert text not in lines[1:-1]  # never an argument: nothing in it is read as a script
    assert lines[-1] == f"env:{text}"
    assert reports == []


def test_found_program_says_the_text_as_one_argument(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    fake_program(bin_dir, "espeak-ng", out)
    reports = Reports()
    speaker = speaker_for(Settings(), reports)
    assert speaker is not None
    speaker.say("-v Rest, 45 seconds, next: squats")
    wait_all(speaker)
    assert said(out) == ["espeak-ng", "--", "-v Rest, 45 seconds, next: squats", "env:"]
    assert reports == []


def test_speak_false_turns_voice_off_whatever_is_installed(bin_dir: Path, tmp_path: Path) -> None:
    fake_program(bin_dir, "espeak-ng", tmp_path / "said")
    reports = Reports()
    assert speaker_for(Settings(speak=False), reports) is None
    assert speaker_for(Settings(speak=False, speak_command="espeak-ng"), reports) is None
    assert reports == []


def test_speak_command_overrides_what_is_found(bin_dir: Path, tmp_path: Path) -> None:
    fake_program(bin_dir, "espeak-ng", tmp_path / "found")
    mine = fake_program(bin_dir, "my-voice", tmp_path / "mine")
    speaker = speaker_for(Settings(speak_command=f"{mine} --fast {{text}}"), Reports())
    assert speaker is not None
    speaker.say("Halfway")
    wait_all(speaker)
    assert said(tmp_path / "mine") == ["my-voice", "--fast", "Halfway", "env:"]
    assert not (tmp_path / "found").exists()


def test_no_speech_program_is_reported_once_and_voice_is_off(bin_dir: Path) -> None:
    reports = Reports()
    speaker = speaker_for(Settings(), reports)
    assert speaker is not None  # looked for on its own thread: on at first
    speaker.say("Get ready")
    wait_all(speaker)
    assert not speaker.enabled
    speaker.report_notices()  # known on the worker, said on the caller's thread
    speaker.say("Go")
    speaker.stop()
    assert len(reports) == 1
    assert reports.threads == {threading.get_ident()}
    assert reports[0].startswith("Speech: no speech program found")
    assert "espeak-ng" in reports[0] and "speak = false" in reports[0]


def test_a_newer_announcement_stops_the_stale_one(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    # Speaks for a long time (a child process, as a shell wrapper's program would be).
    fake_program(bin_dir, "espeak-ng", out, rest="sleep 60 & wait")
    reports = Reports()
    speaker = speaker_for(Settings(), reports)
    assert speaker is not None
    speaker.say("Rest, 45 seconds")
    wait_for_words(out, "Rest, 45 seconds")
    first = speaker._running[0]
    speaker.say("Go")
    assert first.wait(timeout=10) == -signal.SIGTERM  # cut short, with its child
    wait_for_words(out, "Go")
    second = speaker._running[-1]
    assert second is not first and second.poll() is None
    speaker.stop()  # muting stops it too
    assert second.wait(timeout=10) == -signal.SIGTERM
    speaker.say("Halfway")
    wait_all_stopped(speaker)
    assert reports == []  # stopping on purpose is no failure
    assert speaker.enabled


def wait_all_stopped(speaker: Speaker) -> None:
    speaker.stop()
    wait_all(speaker)
    speaker.report_notices()


def test_a_failing_found_program_is_reported_once(bin_dir: Path, tmp_path: Path) -> None:
    fake_program(bin_dir, "espeak-ng", tmp_path / "said", rest="exit 2")
    reports = Reports()
    speaker = speaker_for(Settings(), reports)
    assert speaker is not None
    speaker.say("Go")
    wait_all(speaker)
    assert not speaker.enabled
    speaker.say("Halfway")
    speaker.say("Session complete")
    speaker.report_notices()
    assert reports == [
        "speech program 'espeak-ng' failed with exit status 2; spoken cues are off for this session"
    ]
    assert reports.threads == {threading.get_ident()}  # never the worker's


def test_a_stopped_process_group_leaves_no_child_behind(bin_dir: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "child"
    fake_program(
        bin_dir, "espeak-ng", tmp_path / "said", rest=f"sleep 60 & echo $! > {pid_file}; wait"
    )
    speaker = speaker_for(Settings(), Reports())
    assert speaker is not None
    speaker.say("Rest")
    for _ in range(1000):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.01)  # a real process to wait for, not a timer
    child = int(pid_file.read_text())
    process = speaker._running[0]
    speaker.stop()
    process.wait(timeout=10)
    for _ in range(1000):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.01)
    else:
        pytest.fail("the speech program's child kept running")


# ----------------------------------------------------------------- off the caller's thread


class BlockedFind:
    """A search for a program that takes as long as the test wants (a slow PATH)."""

    def __init__(self, command: SpeechCommand) -> None:
        self.command = command
        self.release = threading.Event()
        self.thread = 0

    def __call__(self) -> SpeechCommand:
        self.thread = threading.get_ident()
        assert self.release.wait(10)
        return self.command


def test_say_and_stop_return_at_once_while_the_worker_is_busy(
    bin_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "said"
    log = tmp_path / "log"
    program = fake_program(bin_dir, "espeak-ng", out, rest=f'echo "$2" >> {log}')
    find = BlockedFind(SpeechCommand((str(program), "--", "{text}")))
    speaker = Speaker(None, Reports(), find=find)
    began = time.perf_counter()
    speaker.say("Rest, 45 seconds")
    speaker.say("Go")
    speaker.stop()
    speaker.say("Halfway")
    assert time.perf_counter() - began < 1  # the worker is stuck; the caller is not
    assert not speaker.wait_idle(0)
    find.release.set()
    wait_all(speaker)
    assert find.thread not in (0, threading.get_ident())  # looked for on the worker
    # Asked for while nothing could be started: only the newest words are said.
    assert log.read_text().splitlines() == ["Halfway"]
    speaker.close()


def test_say_returns_at_once_with_a_slow_program(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    fake_program(bin_dir, "espeak-ng", out, rest="sleep 5")
    speaker = speaker_for(Settings(), Reports())
    assert speaker is not None
    began = time.perf_counter()
    speaker.say("Rest, 45 seconds")
    assert time.perf_counter() - began < 1
    wait_for_words(out, "Rest, 45 seconds")
    assert not speaker.wait_idle(0)  # still speaking
    speaker.stop()
    wait_all(speaker)


def test_close_lets_the_last_words_finish_and_ends_the_thread(
    bin_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "said"
    done = tmp_path / "done"
    fake_program(bin_dir, "espeak-ng", out, rest=f"sleep 0.3; echo done > {done}")
    reports = Reports()
    speaker = speaker_for(Settings(), reports)
    assert speaker is not None and speaker._thread is not None
    speaker.say("Session complete")
    speaker.close()  # from the event loop: returns at once
    assert not speaker.enabled
    speaker._thread.join(timeout=10)
    assert not speaker._thread.is_alive()
    assert done.read_text() == "done\n"  # said to the end, not cut short
    speaker.say("Go")
    speaker.stop()
    assert reports == []


def test_close_stops_speech_that_goes_on_too_long(bin_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "said"
    fake_program(bin_dir, "espeak-ng", out, rest="sleep 60 & wait")
    command = find_speech_command()
    assert command is not None
    speaker = Speaker(command, Reports(), finish_seconds=0)
    assert speaker._thread is not None
    speaker.say("Rest, 45 seconds")
    wait_for_words(out, "Rest, 45 seconds")
    process = speaker._running[0]
    speaker.close()
    speaker._thread.join(timeout=10)
    assert not speaker._thread.is_alive()
    assert process.wait(timeout=10) == -signal.SIGTERM


def test_close_waits_for_the_words_when_asked(bin_dir: Path, tmp_path: Path) -> None:
    """The plain runner waits (bounded) for "Session complete" before it exits."""
    out = tmp_path / "said"
    done = tmp_path / "done"
    fake_program(bin_dir, "espeak-ng", out, rest=f"sleep 0.3; echo done > {done}")
    speaker = speaker_for(Settings(), Reports())
    assert speaker is not None
    speaker.say("Session complete")
    speaker.close(wait=10)
    assert done.read_text() == "done\n"
