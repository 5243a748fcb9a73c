"""Settings (never fatal, problems reported) and spoken cues (never raise, report once)."""

from __future__ import annotations

import shlex
import threading
from pathlib import Path

import pytest

from legtimer.core import paths
from legtimer.core.plan import build_plan
from legtimer.core.routines.catalog import resolve
from legtimer.core.session import FakeClock, Session
from legtimer.core.settings import Settings, load_settings, save_settings
from legtimer.cues.session_cues import SessionCues
from legtimer.cues.sinks import RecordingSink
from legtimer.cues.voice import Speaker

# ----------------------------------------------------------------- settings


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "nowhere" / "settings.toml")
    assert settings == Settings()
    assert settings.problems == ()
    assert (settings.bell, settings.flash, settings.speak_command) == (True, True, "")
    assert (settings.theme, settings.get_ready) == ("textual-dark", 10)
    assert (settings.sound, settings.volume, settings.metronome, settings.speak) == (
        True,
        80,
        True,
        True,
    )
    assert settings.sound_dir == ""


def test_default_path_is_in_the_config_dir() -> None:
    assert not paths.settings_path().exists()
    assert load_settings() == Settings()


def test_broken_toml_gives_defaults_and_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('bell = false\ntheme = "nord\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings == Settings()  # nothing half-read: all defaults
    assert len(settings.problems) == 1
    assert str(path) in settings.problems[0]
    assert "not valid TOML" in settings.problems[0]
    assert "using defaults" in settings.problems[0]


def test_not_utf8_gives_defaults_and_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b'theme = "\xff"\n')
    settings = load_settings(path)
    assert settings == Settings()
    assert len(settings.problems) == 1 and "not valid TOML" in settings.problems[0]


def test_unreadable_file_gives_defaults_and_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()  # a folder where the file should be
    settings = load_settings(path)
    assert settings == Settings()
    assert len(settings.problems) == 1 and "cannot be read" in settings.problems[0]


def test_wrong_types_and_unknown_keys_are_problems_and_valid_keys_are_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "\n".join(
            [
                'bell = "yes"',  # wrong type
                "flash = false",  # valid: kept
                'speak_command = "espeak-ng {text}"',  # valid: kept
                "theme = 3",  # wrong type
                "get_ready = 500",  # out of range
                "loudness = 11",  # unknown
            ]
        ),
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.flash is False
    assert settings.speak_command == "espeak-ng {text}"
    assert settings.bell is True  # the default, not "yes"
    assert settings.theme == "textual-dark"
    assert settings.get_ready == 10
    problems = "\n".join(settings.problems)
    assert len(settings.problems) == 4, problems
    assert "bell: expected bool, found 'yes'" in problems
    assert "theme: expected str, found 3" in problems
    assert "get_ready: expected whole seconds from 0 to 300" in problems
    assert "unknown setting 'loudness'" in problems
    assert all(problem.startswith(str(path)) for problem in settings.problems)


@pytest.mark.parametrize("value", ["true", "-1", "2.5", '"10"', "301"])
def test_get_ready_must_be_whole_seconds_in_range(tmp_path: Path, value: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"get_ready = {value}\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.get_ready == 10
    assert len(settings.problems) == 1


def test_sound_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'sound = false\nvolume = 35\nmetronome = false\nspeak = false\nsound_dir = "~/cues"\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.problems == ()
    assert (settings.sound, settings.volume, settings.metronome, settings.speak) == (
        False,
        35,
        False,
        False,
    )
    assert settings.sound_dir == "~/cues"
    path.write_text(
        'sound = "on"\nvolume = 101\nmetronome = 1\nspeak = "no"\nsound_dir = 3\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert (settings.sound, settings.volume, settings.metronome, settings.speak) == (
        True,
        80,
        True,
        True,
    )
    assert [problem.removeprefix(f"{path}: ") for problem in settings.problems] == [
        "sound: expected bool, found 'on'",
        "volume: expected a whole number from 0 to 100",
        "metronome: expected bool, found 1",
        "speak: expected bool, found 'no'",
        "sound_dir: expected str, found 3",
    ]


@pytest.mark.parametrize("value", ["true", "-1", "2.5", '"50"', "101"])
def test_volume_must_be_a_whole_number_in_range(tmp_path: Path, value: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"volume = {value}\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.volume == 80
    assert settings.problems == (f"{path}: volume: expected a whole number from 0 to 100",)


@pytest.mark.parametrize("value", [0, 300])
def test_get_ready_limits_are_allowed(tmp_path: Path, value: int) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"get_ready = {value}\n", encoding="utf-8")
    assert (load_settings(path).get_ready, load_settings(path).problems) == (value, ())


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "settings.toml"
    settings = Settings(
        bell=False,
        flash=False,
        speak_command='say -v "Daniel" {text}',
        theme="nord",
        get_ready=25,
        sound=False,
        volume=0,
        metronome=False,
        speak=False,
        sound_dir="/tmp/my cues",
    )
    save_settings(settings, path)
    loaded = load_settings(path)
    assert loaded == settings
    assert loaded.problems == ()
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary left


def test_save_does_not_write_problems(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings(problems=("old problem",)), path)
    assert "problem" not in path.read_text(encoding="utf-8")
    assert load_settings(path).problems == ()


def test_save_to_the_default_path() -> None:
    save_settings(Settings(theme="gruvbox"))
    assert paths.settings_path().is_file()
    assert load_settings().theme == "gruvbox"


# ----------------------------------------------------------------- spoken cues


class Reports(list[str]):
    def __call__(self, message: str) -> None:
        self.append(message)


def wait_all(speaker: Speaker) -> None:
    """Wait for the speech asked for so far (the speaker itself never waits)."""
    assert speaker.wait_idle(10)


def test_no_command_says_nothing() -> None:
    reports = Reports()
    speaker = Speaker("   ", reports)
    assert not speaker.enabled
    speaker.say("Rest")
    assert speaker._running == [] and reports == []


def test_missing_program_is_reported_exactly_once_and_never_raises() -> None:
    reports = Reports()
    speaker = Speaker("legtimer-no-such-speech-program --fast", reports)
    assert speaker.enabled
    for text in ("Get ready", "Rest", "Switch sides"):
        speaker.say(text)  # no exception
        wait_all(speaker)
    speaker.report_notices()
    assert len(reports) == 1
    assert "legtimer-no-such-speech-program" in reports[0]
    assert "cannot run" in reports[0]
    assert "spoken cues are off" in reports[0]
    assert not speaker.enabled


def test_unparsable_command_is_reported_once() -> None:
    reports = Reports()
    speaker = Speaker('espeak "unclosed', reports)
    speaker.say("Rest")
    wait_all(speaker)
    speaker.say("Rest")
    wait_all(speaker)
    speaker.report_notices()
    assert len(reports) == 1 and "cannot run" in reports[0]


@pytest.mark.parametrize(("command", "status"), [('sh -c "exit 3"', 3), ("false", 1)])
def test_failing_command_is_reported_once_after_reaping(command: str, status: int) -> None:
    reports = Reports()
    speaker = Speaker(command, reports)
    speaker.say("Get ready")
    assert reports == []  # started in the background, never waited on
    wait_all(speaker)
    speaker.say("Rest")  # the failure the worker found is reported here
    assert len(reports) == 1
    assert reports[0] == (
        f"speak_command {command!r} failed with exit status {status}; "
        "spoken cues are off for this session"
    )
    wait_all(speaker)
    speaker.say("Switch sides")
    speaker.say("Rest")
    assert len(reports) == 1
    assert not speaker.enabled


def test_succeeding_command_is_never_reported() -> None:
    reports = Reports()
    speaker = Speaker("true", reports)
    for _ in range(3):
        speaker.say("Rest")
        wait_all(speaker)
    speaker.say("Rest")
    assert reports == []
    assert speaker.enabled
    assert len(speaker._running) <= 1  # finished processes are reaped, not kept


def test_text_substitution(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    reports = Reports()
    speaker = Speaker(f"sh -c 'printf %s \"$1\" > {shlex.quote(str(out))}' _ {{text}}", reports)
    text = 'Rest. Next: Lunges, left, set 1 of 3, "8 reps" $HOME'
    speaker.say(text)
    wait_all(speaker)
    assert out.read_text(encoding="utf-8") == text  # one argument, no shell expansion
    assert reports == []


def test_text_inside_a_word_is_substituted(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    speaker = Speaker(f"sh -c 'printf %s \"$1\" > {out}' _ --text={{text}}", Reports())
    speaker.say("Switch sides")
    wait_all(speaker)
    assert out.read_text(encoding="utf-8") == "--text=Switch sides"


def test_text_is_appended_without_a_placeholder(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    speaker = Speaker(f"sh -c 'printf %s \"$0\" > {out}'", Reports())
    speaker.say("Get ready: Calf raises")
    wait_all(speaker)
    assert out.read_text(encoding="utf-8") == "Get ready: Calf raises"


def test_session_cues_report_speech_failures_on_update_and_close_the_speaker() -> None:
    """The worker's failure reaches the session's `report` from `update`, on the thread
    that drives the session; closing the cues ends the speaker's thread."""
    clock = FakeClock()
    session = Session(build_plan(resolve("stability")), clock)
    reports: list[tuple[str, int]] = []

    def report(message: str) -> None:
        reports.append((message, threading.get_ident()))

    speaker = Speaker("false", report)  # as the cues are made: one report for all
    cues = SessionCues(RecordingSink(clock), speaker, report=report)
    cues.update(session.start(), session)  # "Get ready: ..."
    wait_all(speaker)
    assert not speaker.enabled and reports == []
    clock.advance(1)
    cues.update(session.poll(), session)
    assert [message for message, _ in reports] == [
        "speak_command 'false' failed with exit status 1; spoken cues are off for this session"
    ]
    assert {thread for _, thread in reports} == {threading.get_ident()}
    assert speaker._thread is not None
    cues.close()
    speaker._thread.join(timeout=10)
    assert not speaker._thread.is_alive()
