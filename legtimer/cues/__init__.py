"""Cues a person hears: generated tones, sound output and speech."""
