"""Which sink the settings ask for: the audio device, or what stands in for it.

Apart from the sinks themselves so that the device sink, which falls back to them,
and the choice between them do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable

from legtimer.core.settings import Settings
from legtimer.cues.sinks import BellSink, SilentSink, SoundSink


def fallback_sink(settings: Settings, ring: Callable[[], None]) -> SoundSink:
    """What plays when there are no tones: the bell if the person wants it, else nothing."""
    return BellSink(ring) if settings.bell else SilentSink()


def open_sink(
    settings: Settings,
    ring: Callable[[], None],
    *,
    sound: bool | None = None,
    backends: tuple[str, ...] | None = None,
) -> SoundSink:
    """The sink the settings ask for (`sound` overrides their `sound`). With sound on,
    the device opens in the background and falls back to the bell (or silence) when it
    cannot; this returns at once.
    """
    if not (settings.sound if sound is None else sound):
        return fallback_sink(settings, ring)
    from legtimer.cues.device import DeviceSink  # the audio library loads only when needed

    return DeviceSink(
        settings.sound_dir,
        settings.volume,
        fallback=fallback_sink(settings, ring),
        backends=backends,
    )
