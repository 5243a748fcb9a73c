"""The built-in tones: each cue's length, the pitch of each note, no clicks, all distinct;
WAV files written and read back; a sound folder replacing cues, bad files reported."""

from __future__ import annotations

import math
import wave
from array import array
from itertools import pairwise
from pathlib import Path

import pytest

from legtimer.cues.bank import gain, load_bank
from legtimer.cues.tones import (
    FADE_SECONDS,
    FULL_SCALE,
    SAMPLE_RATE,
    SPECS,
    TEMPO_CUES,
    CueName,
    frames,
    render,
    seconds_of,
)
from legtimer.cues.wavfile import MAX_SECONDS, CueFileError, read_wav, write_wav


def power(samples: array[int] | list[int], hz: float, rate: int = SAMPLE_RATE) -> float:
    """The DFT's power at one frequency."""
    step = 2 * math.pi * hz / rate
    re = sum(s * math.cos(step * i) for i, s in enumerate(samples))
    im = sum(s * math.sin(step * i) for i, s in enumerate(samples))
    return re * re + im * im


def strongest_near(samples: list[int], hz: float) -> float:
    """Of the planned pitch, a semitone either side and an octave either side, the strongest."""
    part = samples[:4096]  # enough for an 11 Hz resolution, and quick
    candidates = [hz, hz * 2 ** (1 / 12), hz / 2 ** (1 / 12), hz * 2, hz / 2]
    return max(candidates, key=lambda f: power(part, f))


def zero_crossings_hz(samples: array[int] | list[int], rate: int = SAMPLE_RATE) -> float:
    crossings = sum(1 for a, b in pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / rate)


def notes_of(name: CueName) -> list[tuple[float, list[int]]]:
    """Each note's planned pitch with its samples (the gaps left out)."""
    samples = render(name)
    out, start = [], 0
    for note in SPECS[name]:
        count = frames(note.seconds)
        out.append((note.hz, list(samples[start : start + count])))
        start += count + frames(note.gap)
    return out


@pytest.mark.parametrize("name", list(CueName))
def test_each_cue_has_its_planned_length(name: CueName) -> None:
    samples = render(name)
    assert len(samples) == pytest.approx(seconds_of(name) * SAMPLE_RATE, abs=len(SPECS[name]))
    assert 0.02 <= len(samples) / SAMPLE_RATE <= 1.2  # short: a cue, not a tune
    assert render(name) is samples  # rendered once


@pytest.mark.parametrize("name", list(CueName))
def test_each_note_has_its_pitch(name: CueName) -> None:
    for hz, samples in notes_of(name):
        assert strongest_near(samples, hz) == hz, (name, hz)
        assert zero_crossings_hz(samples) == pytest.approx(hz, rel=0.05)


@pytest.mark.parametrize("name", list(CueName))
def test_notes_fade_in_and_out_so_nothing_clicks(name: CueName) -> None:
    fade = frames(FADE_SECONDS)
    peak = max(abs(s) for s in render(name))
    assert 0.25 * FULL_SCALE <= peak <= 0.5 * FULL_SCALE + 1  # two mixed stay below clipping
    for hz, samples in notes_of(name):
        assert abs(samples[0]) <= 1 and abs(samples[-1]) <= 0.02 * peak
        # Within the fade the level grows from nothing: no jump of more than one sine step.
        biggest_step = 2 * math.pi * hz / SAMPLE_RATE * peak
        assert max(abs(b - a) for a, b in pairwise(samples[: fade + 1])) <= biggest_step + 2
        assert max(abs(s) for s in samples[:5]) < 0.1 * peak


def test_cues_are_all_different() -> None:
    shapes = {name: tuple((n.hz, n.seconds, n.gap) for n in SPECS[name]) for name in CueName}
    assert len(set(shapes.values())) == len(CueName)
    # Those that are one note differ in pitch by at least a tone, so they are told apart.
    singles = sorted(shapes[name][0][0] for name in CueName if len(SPECS[name]) == 1)
    assert all(b / a > 1.1 for a, b in pairwise(singles))


def test_countdown_and_go_and_tempo_are_recognisable() -> None:
    assert seconds_of(CueName.GO) > 2 * seconds_of(CueName.PIP)
    assert SPECS[CueName.GO][0].hz > SPECS[CueName.PIP][0].hz
    rest = SPECS[CueName.REST]
    assert rest[0].hz > rest[-1].hz  # rest falls
    tick = SPECS[CueName.TICK]
    assert seconds_of(CueName.TICK) <= 0.05 and tick[0].level < 0.5  # short and quiet
    # The tempo tones sit below the cues that can sound during a set, the tick included.
    tempo_top = max(n.hz for name in TEMPO_CUES.values() for n in SPECS[name])
    during_a_set = (CueName.PIP, CueName.GO, CueName.TICK, CueName.HALFWAY, CueName.LAST_SET)
    assert tempo_top < min(n.hz for name in during_a_set for n in SPECS[name])
    assert SPECS[CueName.TEMPO_DOWN][0].hz < SPECS[CueName.TEMPO_UP][0].hz
    assert set(TEMPO_CUES) == {"down", "hold", "up", "pause"}


# ----------------------------------------------------------------- WAV files


def test_wav_round_trip(tmp_path: Path) -> None:
    for name in CueName:
        path = tmp_path / f"{name}.wav"
        write_wav(path, render(name))
        with wave.open(str(path), "rb") as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (
                1,
                2,
                SAMPLE_RATE,
            )
        assert read_wav(path) == render(name)


def write_raw(path: Path, data: bytes, *, channels: int, width: int, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(data)


def test_stereo_8_bit_and_other_rates_are_converted(tmp_path: Path) -> None:
    # 0.1 s of 440 Hz, stereo, 8-bit unsigned, 22050 Hz.
    rate = 22_050
    tone = [round(100 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate // 10)]
    data = bytes(v + 128 for sample in tone for v in (sample, sample))
    path = tmp_path / "go.wav"
    write_raw(path, data, channels=2, width=1, rate=rate)
    samples = read_wav(path)
    assert len(samples) == pytest.approx(SAMPLE_RATE / 10, abs=2)
    assert zero_crossings_hz(list(samples)) == pytest.approx(440, rel=0.05)
    assert max(samples) == pytest.approx(100 * 256, rel=0.05)


def test_24_bit_is_read(tmp_path: Path) -> None:
    values = [0, 1 << 20, -(1 << 20), (1 << 23) - 1]
    data = b"".join(v.to_bytes(3, "little", signed=True) for v in values)
    path = tmp_path / "tick.wav"
    write_raw(path, data, channels=1, width=3, rate=SAMPLE_RATE)
    assert list(read_wav(path)) == [0, 1 << 12, -(1 << 12), 32767]


def test_bad_wav_files_say_why(tmp_path: Path) -> None:
    not_wav = tmp_path / "a.wav"
    not_wav.write_text("hello", encoding="utf-8")
    with pytest.raises(CueFileError, match="not a PCM WAV file"):
        read_wav(not_wav)
    empty = tmp_path / "b.wav"
    write_raw(empty, b"", channels=1, width=2, rate=SAMPLE_RATE)
    with pytest.raises(CueFileError, match="holds no sound"):
        read_wav(empty)
    long = tmp_path / "c.wav"
    write_raw(long, bytes(2 * 8000 * 11), channels=1, width=2, rate=8000)
    with pytest.raises(CueFileError, match=f"at most {MAX_SECONDS:.0f}"):
        read_wav(long)


# ----------------------------------------------------------------- the cue bank


def test_bank_without_a_folder_is_the_built_in_tones() -> None:
    bank = load_bank(None, 100)
    assert bank.problems == () and bank.replaced == {}
    assert all(bank.samples[name] == render(name) for name in CueName)


def test_volume_scales_the_samples() -> None:
    assert (gain(0), gain(50), gain(100), gain(150)) == (0.0, 0.25, 1.0, 1.0)
    half = load_bank(None, 50).samples[CueName.GO]
    full = render(CueName.GO)
    assert max(half) == pytest.approx(max(full) / 4, abs=1)
    assert not any(load_bank(None, 0).samples[CueName.PIP])


def test_sound_folder_replaces_cues_and_reports_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "sounds"
    folder.mkdir()
    own = array("h", [1000, -1000] * 2000)
    write_wav(folder / "go.wav", own)
    write_wav(folder / "Tick.WAV", own)  # the name's case does not matter
    (folder / "rest.wav").write_bytes(b"RIFF....WAVEjunk")
    write_wav(folder / "switch_sides.wav", own)  # a typo: not a cue name
    (folder / "notes.txt").write_text("not a sound", encoding="utf-8")
    bank = load_bank(folder, 100)
    assert bank.samples[CueName.GO] == own
    assert bank.samples[CueName.TICK] == own
    assert bank.samples[CueName.REST] == render(CueName.REST)  # bad file: built-in
    assert set(bank.replaced) == {CueName.GO, CueName.TICK}
    problems = "\n".join(bank.problems)
    assert len(bank.problems) == 2, problems
    assert f"{folder / 'rest.wav'}: not a PCM WAV file" in problems
    assert "the built-in 'rest' cue is used" in problems
    assert "switch_sides.wav is not named after a cue" in problems
    assert "switch-sides" in problems  # the names it could have


def test_missing_sound_folder_is_reported(tmp_path: Path) -> None:
    bank = load_bank(tmp_path / "nowhere", 100)
    assert bank.problems == (
        f"sound_dir: {tmp_path / 'nowhere'} does not exist; the built-in cues are used",
    )
    assert bank.samples[CueName.GO] == render(CueName.GO)
