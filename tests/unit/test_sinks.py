"""Sound sinks: the bell stands in when there is no device, said once, never a crash or a
wait; the mixer; and one real path through miniaudio's null backend."""

from __future__ import annotations

import sys
import threading
import time
from array import array
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from legtimer.core.session import FakeClock
from legtimer.core.settings import Settings
from legtimer.cues import device
from legtimer.cues.device import DeviceSink, State
from legtimer.cues.mixer import Mixer
from legtimer.cues.sink_choice import fallback_sink, open_sink
from legtimer.cues.sinks import BELL_CUES, BellSink, RecordingSink, SilentSink
from legtimer.cues.tones import CueName, render


class Bell:
    def __init__(self) -> None:
        self.rings = 0

    def __call__(self) -> None:
        self.rings += 1


def test_bell_rings_for_transitions_and_the_countdown_only() -> None:
    bell = Bell()
    sink = BellSink(bell)
    for name in CueName:
        sink.play(name)
    assert bell.rings == len(BELL_CUES)
    assert CueName.TICK not in BELL_CUES and CueName.TEMPO_DOWN not in BELL_CUES
    assert not sink.tones and sink.notices() == []


def test_sound_off_gives_the_bell_or_silence() -> None:
    bell = Bell()
    assert isinstance(open_sink(Settings(sound=False), bell), BellSink)
    assert isinstance(open_sink(Settings(sound=False, bell=False), bell), SilentSink)
    assert isinstance(fallback_sink(Settings(bell=False), bell), SilentSink)
    assert isinstance(open_sink(Settings(), bell, sound=False), BellSink)


def test_recording_sink_keeps_names_and_clock_times() -> None:
    clock = FakeClock(5.0)
    sink = RecordingSink(clock)
    sink.play(CueName.GO)
    clock.advance(1.5)
    sink.play(CueName.PIP)
    assert sink.played == [(CueName.GO, 5.0), (CueName.PIP, 6.5)]
    assert sink.names() == [CueName.GO, CueName.PIP]


# ----------------------------------------------------------------- the mixer


def test_mixer_plays_a_cue_then_silence() -> None:
    mixer = Mixer()
    samples = array("h", range(1, 11))
    mixer.add(CueName.PIP, samples)
    assert array("h", mixer.mix(4)) == array("h", [1, 2, 3, 4])
    assert array("h", mixer.mix(4)) == array("h", [5, 6, 7, 8])
    assert array("h", mixer.mix(4)) == array("h", [9, 10, 0, 0])
    assert not mixer.active
    assert mixer.mix(3) == bytes(6)
    assert mixer.frames_played == 10


def test_mixer_sums_overlapping_cues_with_clipping_and_restarts_a_repeated_one() -> None:
    mixer = Mixer()
    mixer.add(CueName.GO, array("h", [30000, 30000, 100, 100, 100]))
    mixer.add(CueName.TICK, array("h", [10000, -100]))
    assert array("h", mixer.mix(3)) == array("h", [32767, 29900, 100])
    mixer.add(CueName.GO, array("h", [7, 8]))  # restarts: the old "go" is cut
    assert array("h", mixer.mix(3)) == array("h", [7, 8, 0])


def test_mixer_cuts_the_oldest_beyond_its_voices() -> None:
    mixer = Mixer(max_voices=2)
    for value, name in enumerate((CueName.GO, CueName.PIP, CueName.TICK), 1):
        mixer.add(name, array("h", [value]))
    assert array("h", mixer.mix(1)) == array("h", [2 + 3])


# ----------------------------------------------------------------- no device


class FakeMiniaudioError(Exception):
    pass


def fake_miniaudio(*, backend: str = "PulseAudio", fail: bool = False) -> Any:
    class PlaybackDevice:
        def __init__(self, **options: Any) -> None:
            if fail:
                raise FakeMiniaudioError("failed to init device", -401)
            self.backend = backend
            self.options = options

        def start(self, stream: Any) -> None:
            pass

        def stop(self) -> None:
            pass

        def close(self) -> None:
            pass

    return SimpleNamespace(
        PlaybackDevice=PlaybackDevice,
        SampleFormat=SimpleNamespace(SIGNED16=2),
        Backend={"PULSEAUDIO": "pulse", "ALSA": "alsa", "NULL": "null"},
    )


@pytest.fixture
def closing() -> Iterator[list[DeviceSink]]:
    sinks: list[DeviceSink] = []
    yield sinks
    for sink in sinks:
        sink.close(wait=2)


def test_no_device_falls_back_to_the_bell_said_once(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink]
) -> None:
    monkeypatch.setattr(device, "_import_miniaudio", lambda: fake_miniaudio(fail=True))
    bell = Bell()
    sink = DeviceSink(None, 80, fallback=BellSink(bell))
    closing.append(sink)
    assert sink.wait_ready(5) is False
    assert sink.state is State.FAILED and not sink.tones
    sink.play(CueName.GO)
    sink.play(CueName.TICK)  # the bell keeps no metronome
    assert bell.rings == 1
    notices = sink.notices()
    assert notices == [
        "Sound: no audio device could be used (failed to init device, miniaudio result -401); "
        "the terminal bell stands in for the tones"
    ]
    sink.play(CueName.PIP)
    assert sink.notices() == []  # said once
    assert bell.rings == 2


def test_no_device_and_no_bell_is_silent(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink]
) -> None:
    monkeypatch.setattr(device, "_import_miniaudio", lambda: fake_miniaudio(fail=True))
    sink = DeviceSink(None, 80, fallback=SilentSink())
    closing.append(sink)
    sink.wait_ready(5)
    sink.play(CueName.GO)
    assert sink.notices()[0].endswith("; cues are silent")


def test_a_missing_audio_library_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink]
) -> None:
    def missing() -> Any:
        raise ImportError("No module named 'miniaudio'")

    monkeypatch.setattr(device, "_import_miniaudio", missing)
    sink = DeviceSink(None, 80, fallback=SilentSink())
    closing.append(sink)
    sink.wait_ready(5)
    assert "the audio library cannot be loaded: No module named 'miniaudio'" in sink.notices()[0]


def test_the_null_backend_chosen_by_the_library_counts_as_no_device(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink]
) -> None:
    monkeypatch.setattr(device, "_import_miniaudio", lambda: fake_miniaudio(backend="Null"))
    monkeypatch.setattr(sys, "platform", "darwin")  # no backend list: the library picks
    sink = DeviceSink(None, 80, fallback=SilentSink())
    closing.append(sink)
    assert sink.wait_ready(5) is False
    assert "no audio output device" in sink.notices()[0]


def test_play_never_waits_for_a_device_that_is_slow_to_open(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink]
) -> None:
    release = threading.Event()

    def slow() -> Any:
        release.wait(10)
        return fake_miniaudio()

    monkeypatch.setattr(device, "_import_miniaudio", slow)
    sink = DeviceSink(None, 80, fallback=SilentSink())
    closing.append(sink)
    began = time.perf_counter()
    for _ in range(100):
        sink.play(CueName.TICK)
    assert time.perf_counter() - began < 0.5  # queued, not played: nothing waited
    assert sink.state is State.OPENING and sink.tones
    release.set()
    assert sink.wait_ready(5)


def test_bad_sound_files_are_noticed_through_the_sink(
    monkeypatch: pytest.MonkeyPatch, closing: list[DeviceSink], tmp_path: Any
) -> None:
    monkeypatch.setattr(device, "_import_miniaudio", lambda: fake_miniaudio())
    (tmp_path / "go.wav").write_text("not a sound", encoding="utf-8")
    sink = DeviceSink(tmp_path, 80, fallback=SilentSink())
    closing.append(sink)
    assert sink.wait_ready(5)
    notices = sink.notices()
    assert len(notices) == 1 and "go.wav: not a PCM WAV file" in notices[0]


# ----------------------------------------------------------------- a real device


def test_real_playback_through_the_null_backend(closing: list[DeviceSink]) -> None:
    pytest.importorskip("miniaudio")
    sink = DeviceSink(None, 100, fallback=SilentSink(), backends=("null",))
    closing.append(sink)
    assert sink.wait_ready(10), sink.notices()
    assert sink.backend == "Null"
    sink.play(CueName.PIP)
    sink.play(CueName.GO)
    # The device thread consumes the samples in real time; wait for it (bounded).
    deadline = time.monotonic() + 10
    while sink.frames_played < len(render(CueName.GO)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sink.frames_played == len(render(CueName.GO))  # mixed: pip is under go
    assert [name for name, _, _ in sink.started] == [CueName.PIP, CueName.GO]
    latencies = [started - asked for _, asked, started in sink.started]
    assert max(latencies) < 0.5
    sink.close(wait=5)
    assert sink.state is State.CLOSED
    sink.play(CueName.GO)  # after closing: ignored, no error
