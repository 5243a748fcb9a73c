"""Text the benchmarks wait for on legtimer's screens, as a person would see it.

This is all the benchmarks know of the app's screens: when a screen's wording changes,
change it here (a marker that never shows makes its benchmark fail with the screen it saw).
"""

from __future__ import annotations

# The home screen: its routine table's header is in the first frame; the filter box's
# placeholder is drawn a frame or two later, when the screen is complete.
HOME = ("Source", "Type to filter")
# The history screen (`legtimer review`): its sessions tab, in its first frame.
REVIEW = ("Sessions",)
# A step's phase label, on the session screen and in the plain runner's lines; the
# long-hold benchmarks wait for the hold's.
PHASES = ("GET READY", "HOLD", "REPS", "WORK", "REST", "SWITCH SIDES")
HOLD = "HOLD"
SUMMARY = "Session complete"
# The plain runner (`legtimer run --plain`) starts each step's line with "[m:ss] PHASE"
# and says this at the end.
PLAIN_END = "session complete"
# benchmarks/minimal_static.py
STATIC = "legbench minimal static ready"
