"""`legtimer sounds` (play, export) and `legtimer run --plain --sound/--voice`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from legtimer.cli import main as cli
from legtimer.cli import plain, sounds
from legtimer.core.session import FakeClock
from legtimer.cues import device
from legtimer.cues.sinks import RecordingSink
from legtimer.cues.tones import CueName, render
from legtimer.cues.wavfile import read_wav
from tests.support.cues import FakeSpeaker

START = 1000.0


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(sounds, "pause", waited.append)
    return waited


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> RecordingSink:
    sink = RecordingSink(FakeClock(START))
    monkeypatch.setattr(sounds, "open_sink", lambda *args, **kwargs: sink)
    return sink


def test_sounds_plays_every_cue_with_its_name(
    capsys: pytest.CaptureFixture[str], pauses: list[float], recording: RecordingSink
) -> None:
    status, out, err = run(["sounds"], capsys)
    assert status == 0 and err == ""
    assert recording.names() == list(CueName)
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [name.value for name in CueName]
    assert "an exercise starts" in lines[1]
    # Each cue is given its own length and a gap before the next.
    assert pauses[1] == pytest.approx(len(render(CueName.GO)) / 44_100 + sounds.GAP_SECONDS)
    assert recording.closed


def test_sounds_plays_the_cues_named(
    capsys: pytest.CaptureFixture[str], pauses: list[float], recording: RecordingSink
) -> None:
    status, _, _ = run(["sounds", "tick", "go"], capsys)
    assert status == 0
    assert recording.names() == [CueName.TICK, CueName.GO]


def test_sounds_unknown_cue_lists_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["sounds", "beep"], capsys)
    assert status == 1 and out == ""
    assert "no cue named 'beep'" in err and "switch-sides" in err


def test_sounds_without_a_device_rings_the_bell_and_says_so_once(
    capsys: pytest.CaptureFixture[str], pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_device() -> Any:
        raise OSError("no sound card")

    monkeypatch.setattr(device, "_import_miniaudio", no_device)
    rings: list[int] = []
    monkeypatch.setattr(sounds, "terminal_bell", lambda: rings.append(1))
    status, out, err = run(["sounds", "go", "tick", "pip"], capsys)
    assert status == 0
    assert err.count("no audio device could be used (no sound card)") == 1
    assert "the terminal bell stands in" in err
    assert len(rings) == 2  # go and pip; the bell keeps no metronome
    assert out.splitlines()[0].startswith("go")


def test_sounds_export_writes_each_cue_as_a_wav(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "new" / "cues"
    status, out, err = run(["sounds", "--export", str(folder)], capsys)
    assert status == 0 and err == ""
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n.value}.wav" for n in CueName)
    assert out.splitlines()[0] == str(folder / "pip.wav")
    for name in CueName:
        assert read_wav(folder / f"{name.value}.wav") == render(name)


def test_sounds_export_keeps_existing_files_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "go.wav"
    mine.write_bytes(b"my own")
    status, out, err = run(["sounds", "--export", str(tmp_path), "go", "pip"], capsys)
    assert status == 1
    assert mine.read_bytes() == b"my own"
    assert f"{mine} exists; left as it is (--force replaces it)" in err
    assert out.splitlines() == [str(tmp_path / "pip.wav")]
    status, _, _ = run(["sounds", "--export", str(tmp_path), "go", "--force"], capsys)
    assert status == 0 and read_wav(mine) == render(CueName.GO)


def test_export_to_a_file_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = run(["sounds", "--export", str(blocker / "cues")], capsys)
    assert status == 1 and "cannot create" in err


# ----------------------------------------------------------------- the plain runner

# 0 WORK 20 left · 1 WORK 20 right: 40 s
ROUTINE = """
name = "Sides"
[defaults]
prepare = 0
[[exercises]]
name = "Step-ups"
work = 20
per_side = true
switch = 0
"""


class ClockReader:
    """Input that has ended; each wait moves the fake clock instead of sleeping."""

    eof = True

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def read(self, timeout: float) -> str | None:
        self.clock.advance(timeout)
        return None


def run_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, sound: bool, voice: bool
) -> tuple[int, RecordingSink, FakeSpeaker]:
    path = tmp_path / "sides.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    clock = FakeClock(START)
    sink = RecordingSink(clock)
    speaker = FakeSpeaker(clock, START)
    monkeypatch.setattr(plain, "open_sink", lambda *args, **kwargs: sink)
    monkeypatch.setattr(plain, "speaker_for", lambda *args, **kwargs: speaker)
    status = plain.run_plain(
        str(path),
        auto_done=False,
        sound=sound,
        voice=voice,
        clock=clock,
        reader=ClockReader(clock),  # type: ignore[arg-type]
    )
    return status, sink, speaker


def test_plain_keeps_sound_and_voice_off_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, sink, speaker = run_plain(tmp_path, monkeypatch, sound=False, voice=False)
    assert status == 0
    assert sink.played == [] and speaker.said == []
    assert "session complete" in capsys.readouterr().out


def test_plain_with_sound_and_voice_plays_and_says_each_cue_on_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, sink, speaker = run_plain(tmp_path, monkeypatch, sound=True, voice=True)
    assert status == 0
    tones = [(name, round(at - START, 3)) for name, at in sink.played]
    assert tones == [
        (CueName.GO, 0.0),
        (CueName.HALFWAY, 10.0),
        (CueName.PIP, 17.0),
        (CueName.PIP, 18.0),
        (CueName.PIP, 19.0),
        (CueName.SWITCH_SIDES, 20.0),
        (CueName.HALFWAY, 30.0),
        (CueName.PIP, 37.0),
        (CueName.PIP, 38.0),
        (CueName.PIP, 39.0),
        (CueName.SESSION_COMPLETE, 40.0),
    ]
    assert speaker.said == [
        ("Step-ups, left side", 0.0),
        ("Halfway, 10 seconds", 10.0),
        ("Switch sides. Step-ups, right side", 20.0),
        ("Halfway, 10 seconds", 30.0),
        ("Session complete", 40.0),
    ]
    assert sink.closed


def test_plain_voice_alone_plays_no_tones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, sink, speaker = run_plain(tmp_path, monkeypatch, sound=False, voice=True)
    assert status == 0
    assert sink.played == []  # the silent sink was used, not the recording one
    assert speaker.said[-1] == ("Session complete", 40.0)


def test_sound_and_voice_need_plain(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["run", "stability", "--voice"], capsys)
    assert status == 1 and "--sound and --voice are for --plain" in err
