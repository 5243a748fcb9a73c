"""The session screen, driven through the UI on a fake clock: whole built-in routines.

Time only moves when a test says so (`Driver.advance` moves the FakeClock and
runs the screen's tick, as its own timer would). Every assertion reads what a
person would see (`#phase`, `#title`, `#clock`...) or what the history kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Footer, Input

from legtimer.core.history import HistoryStore, SessionSummary, Status, StepRow
from legtimer.core.session import FakeClock, State
from legtimer.cues.tones import CueName
from legtimer.tui.context import AppCues
from legtimer.tui.screens.dialogs import ConfirmDialog, HelpScreen
from legtimer.tui.screens.home import HomeScreen
from legtimer.tui.screens.session import SessionScreen
from legtimer.tui.screens.summary import SummaryScreen
from legtimer.tui.widgets.session.session_bar import SessionBar
from tests.support.cues import RecordedCues
from tests.support.tui import QUIET, Driver, footer_keys, make_app, text

SIZE = (100, 30)
CALF_TEMPO = "UP 2 · HOLD 2 · DOWN 2"


def _tempo(rep: int, reps: int, marks: str, current: str) -> str:
    """'Rep 4 of 12   UP 2 · [HOLD 2] · DOWN 2' with `current` bracketed."""
    marked = " · ".join(f"[{m}]" if m.startswith(current) else m for m in marks.split(" · "))
    return f"Rep {rep} of {reps}   {marked}"


def store_row(tmp_path: Path, session_id: str) -> SessionSummary:
    """The session as saved (read back through a fresh connection)."""
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        row = store.session(session_id)
        assert row is not None
        return row
    finally:
        store.close()


def store_steps(tmp_path: Path, session_id: str) -> list[StepRow]:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    try:
        return store.steps(session_id)
    finally:
        store.close()


def table_rows(summary: SummaryScreen) -> list[list[str]]:
    """The summary table's rows as the cells shown (an empty cell leaves no entry)."""
    lines = text(summary, "#summary-table").splitlines()[2:]  # below the header and its rule
    return [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip()]


async def _save_summary(driver: Driver, effort: str, note: str) -> None:
    """Type effort and note on the summary screen and save with Ctrl+S."""
    app = driver.app
    assert isinstance(app.screen, SummaryScreen)
    assert app.focused is app.screen.query_one("#effort", Input)
    await driver.press(*effort, "enter")  # Enter moves on to the note
    assert app.focused is app.screen.query_one("#note", Input)
    await driver.press(*(("space" if c == " " else c) for c in note))
    await driver.press("ctrl+s")


async def test_runners_leg_day_whole_routine(tmp_path: Path) -> None:
    """Every step kind, pause, skip, back, ±10 s, adjusted reps, to the summary and history."""
    app, clock, _ = make_app(tmp_path, routine="runners-leg-day")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert text(d.screen, "#routine-name") == "Runner's leg day"

        # 0 GET READY: the settings' get-ready length, the first set as "next".
        assert (d.index, d.read("#phase"), d.read("#clock")) == (0, "GET READY", "0:10")
        assert d.read("#title") == "Calf raises"
        assert d.read("#next-up") == "Next: Calf raises, set 1 of 3, 12 reps"
        assert d.read("#hint") == "Press Enter to continue now"
        assert d.read("#tempo") == "" and d.read("#reps") == ""

        # ±10 s on the countdown.
        await d.press("plus")
        assert d.read("#clock") == "0:20"
        await d.press("plus", "minus")
        assert d.read("#clock") == "0:20"
        await d.advance(19)
        assert (d.index, d.read("#clock")) == (0, "0:01")
        await d.advance(1)

        # 1 paced reps: rep number, the current tempo phase in brackets, one dot per second.
        assert (d.index, d.read("#phase"), d.read("#clock")) == (1, "REPS", "1:12")
        assert d.read("#detail") == "Set 1 of 3"
        assert d.read("#tempo") == _tempo(1, 12, CALF_TEMPO, "UP")
        assert d.read("#beat") == "●○"
        assert d.read("#next-up") == "Next: Calf raises, set 2 of 3, 12 reps"
        assert d.read("#hint") == "" and d.read("#reps") == ""
        await d.advance(2.5)
        assert d.read("#tempo") == _tempo(1, 12, CALF_TEMPO, "HOLD")
        assert (d.read("#clock"), d.read("#beat")) == ("1:10", "●○")
        await d.advance(1)
        assert d.read("#beat") == "●●"
        await d.advance(16)  # 19.5 s in: rep 4, 1.5 s into UP
        assert d.read("#tempo") == _tempo(4, 12, CALF_TEMPO, "UP")
        assert (d.read("#clock"), d.read("#beat")) == ("0:53", "●●")

        # Pause: the clock does not move, however long the pause.
        await d.press("space")
        assert d.read("#phase") == "PAUSED"
        assert d.read("#hint") == "Paused: press Space to resume"
        assert d.screen.query_one("#session").has_class("-paused")
        bar = d.screen.query_one("#session-bar", SessionBar)
        elapsed = bar.shown
        await d.advance(100)
        assert (d.read("#clock"), bar.shown) == ("0:53", elapsed)
        assert d.screen.session.step_elapsed() == 19.5
        await d.press("space")
        assert d.read("#phase") == "REPS"
        assert not d.screen.query_one("#session").has_class("-paused")
        await d.advance(52.5)

        # 2 REST: what comes next; → skips it.
        assert (d.index, d.read("#phase"), d.read("#clock")) == (2, "REST", "0:45")
        assert (d.read("#title"), d.read("#detail")) == ("Calf raises", "Set 2 of 3")
        assert d.read("#next-up") == "Next: Calf raises, set 2 of 3, 12 reps"
        assert d.read("#hint") == "Press Enter to continue now"
        await d.press("right")
        # 3 set 2: n skips it too.
        assert (d.index, d.read("#detail")) == (3, "Set 2 of 3")
        await d.press("n")
        assert (d.index, d.read("#phase")) == (4, "REST")
        # b at once goes back to the set; ← later restarts it.
        await d.press("b")
        assert (d.index, d.read("#phase"), d.read("#clock")) == (3, "REPS", "1:12")
        await d.advance(10)
        assert d.read("#clock") == "1:02"
        await d.press("left")
        assert (d.index, d.read("#clock")) == (3, "1:12")
        assert d.read("#tempo") == _tempo(1, 12, CALF_TEMPO, "UP")
        await d.advance(72)
        assert d.index == 4
        await d.finish_step()

        # 5 set 3: done early with one rep fewer than the clock counted.
        assert (d.index, d.read("#detail")) == (5, "Set 3 of 3")
        await d.advance(30)
        assert d.read("#tempo") == _tempo(6, 12, CALF_TEMPO, "UP")
        await d.press("down")  # one count on screen: the rep number itself goes down
        assert (d.read("#tempo"), d.read("#reps")) == (_tempo(5, 12, CALF_TEMPO, "UP"), "")
        await d.press("enter")
        assert (d.index, d.read("#phase"), d.read("#clock")) == (6, "REST", "1:30")
        assert (d.read("#title"), d.read("#detail")) == ("Squats", "Set 1 of 3")
        assert d.read("#next-up") == "Next: Squats, set 1 of 3, 10 reps"

        # 13 lunges per side: left, SWITCH SIDES, right.
        await d.run_to(13)
        assert (d.read("#title"), d.read("#detail")) == ("Lunges", "Set 1 of 3 · Left")
        assert d.read("#tempo") == _tempo(1, 8, "DOWN 2 · UP 2", "DOWN")
        assert d.read("#next-up") == "Next: Lunges, right, set 1 of 3, 8 reps"
        await d.finish_step()
        assert (d.index, d.read("#phase"), d.read("#clock")) == (14, "SWITCH SIDES", "0:05")
        assert d.read("#title") == "Lunges"
        assert d.read("#next-up") == "Next: Lunges, right, set 1 of 3, 8 reps"
        await d.finish_step()
        assert (d.index, d.read("#detail")) == (15, "Set 1 of 3 · Right")

        # 25 leg press, self-paced: counting up, a hint, reps adjusted with ↑/↓, Enter.
        await d.run_to(25)
        assert (d.read("#phase"), d.read("#title"), d.read("#clock")) == (
            "REPS",
            "Leg press",
            "0:00",
        )
        assert d.read("#hint") == "Press Enter when the set is done (Up/Down: reps done)"
        assert d.read("#reps") == "Reps done: 12 (target 12)"
        assert d.read("#tempo") == ""
        await d.advance(37.5)
        assert d.read("#clock") == "0:37"
        await d.advance(100)  # it waits for the person, however long they take
        assert (d.index, d.read("#clock")) == (25, "2:17")
        await d.press("up")
        assert d.read("#reps") == "Reps done: 13 (target 12)"
        await d.press("down", "down")
        assert d.read("#reps") == "Reps done: 11 (target 12)"
        await d.press("enter")
        assert (d.index, d.read("#phase"), d.read("#clock")) == (26, "REST", "1:30")

        # A reps set has no timer to adjust: nothing changes.
        await d.run_to(27)
        await d.press("plus")
        assert (d.index, d.screen.session.step_length()) == (27, 48)

        # To the very last set, then the summary.
        await d.run_to(41)
        assert d.read("#next-up") == "Last set of the session"
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.advance(40)
        await d.press("enter")

        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(summary, "#summary-title") == "Session complete: Runner's leg day"
        assert "21 of 21 sets done · 0 skipped" in text(summary, "#summary-totals")
        assert "paused 2 min" in text(summary, "#summary-totals")
        assert text(summary, "#saved") == "Saved to your history."
        rows = table_rows(summary)
        assert rows[0] == ["Calf raises", "3/3", "36 reps", "28 reps"]
        assert rows[2] == ["Lunges", "left", "3/3", "24 reps", "24 reps"]
        assert rows[4] == ["Leg press", "3/3", "36 reps", "35 reps"]

        # Effort 7 and a note, Ctrl+S: saved, back home.
        await _save_summary(d, "7", "legs ok")
        assert isinstance(app.screen, HomeScreen)

    row = store_row(tmp_path, session_id)
    assert (row.status, row.effort, row.note) == (Status.COMPLETED, 7, "legs ok")
    assert (row.sets_planned, row.sets_done, row.sets_skipped) == (21, 21, 0)
    steps = {step.step_index: step for step in store_steps(tmp_path, session_id)}
    assert sorted(steps) == list(range(42))
    assert (steps[0].kind, steps[0].outcome) == ("prepare", "done")
    assert (steps[0].adjusted_seconds, steps[0].active_seconds) == (10, 20)
    assert (steps[1].outcome, steps[1].reps, steps[1].paused_seconds) == ("done", 12, 100)
    assert (steps[2].kind, steps[2].outcome) == ("rest", "skipped")
    # Set 2 was skipped, then done after going back: the later run replaced the skip.
    assert (steps[3].outcome, steps[3].reps, steps[3].active_seconds) == ("done", 12, 72)
    assert (steps[5].outcome, steps[5].reps, steps[5].active_seconds) == ("done", 4, 30)
    assert (steps[14].kind, steps[14].side) == ("switch", "left")
    assert (steps[15].side, steps[15].reps) == ("right", 8)
    assert (steps[25].outcome, steps[25].reps, steps[25].active_seconds) == ("done", 11, 137.5)
    assert steps[27].reps == 12
    assert (steps[41].exercise, steps[41].outcome, steps[41].reps) == (
        "Stability-ball leg curl",
        "done",
        12,
    )
    assert all(step.outcome == "done" for i, step in steps.items() if i != 2)


async def test_lower_body_extras_circuit_and_stop_with_confirm(tmp_path: Path) -> None:
    """A circuit's rounds and WORK step; q+n keeps going, q+y stops: "stopped early"."""
    app, clock, _ = make_app(tmp_path, routine="lower-body-extras")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#detail") == "Left · Round 1 of 3 · Circuit"  # the side to come
        await d.finish_step()
        assert (d.index, d.read("#title")) == (1, "Hip hikes")
        assert d.read("#detail") == "Left · Round 1 of 3 · Circuit"
        assert d.read("#tempo") == _tempo(1, 10, "UP 2 · HOLD 1 · DOWN 2", "UP")

        # 13 WORK: a plain countdown.
        await d.run_to(13)
        assert (d.read("#phase"), d.read("#title"), d.read("#clock")) == (
            "WORK",
            "Stability-ball mountain climbers",
            "0:30",
        )
        assert d.read("#next-up") == "Next: Hip hikes, left, round 2 of 3, 10 reps"
        await d.advance(12)
        assert d.read("#clock") == "0:18"
        await d.press("minus")
        assert d.read("#clock") == "0:08"
        await d.finish_step()
        # 14 the rest between rounds shows the next round.
        assert (d.index, d.read("#phase"), d.read("#clock")) == (14, "REST", "1:00")
        assert (d.read("#title"), d.read("#next-up")) == (
            "Hip hikes",
            "Next: Hip hikes, left, round 2 of 3, 10 reps",
        )
        assert d.read("#detail") == "Left · Round 2 of 3 · Circuit"
        await d.press("enter")  # Enter ends a rest early
        assert (d.index, d.read("#detail")) == (15, "Left · Round 2 of 3 · Circuit")
        await d.advance(7)

        # q, then n: the dialog held the clock still and the set carries on.
        await d.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        await d.advance(50)
        await d.press("n")
        screen = d.screen
        assert screen.session.state is State.RUNNING
        assert (d.index, d.read("#phase"), d.read("#clock")) == (15, "REPS", "0:43")

        # A session paused before q stays paused after "keep going".
        await d.press("space", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await d.press("escape")
        assert (d.screen.session.state, d.read("#phase")) == (State.PAUSED, "PAUSED")
        await d.press("space")
        await d.advance(3)

        # q, then y: stopped early; the set in progress is partial.
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.press("q", "y")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(summary, "#summary-title") == "Session stopped early: Lower-body extras"
        assert "7 of 21 sets done · 0 skipped" in text(summary, "#summary-totals")
        await d.press("escape")  # home, saving nothing typed
        assert isinstance(app.screen, HomeScreen)

    row = store_row(tmp_path, session_id)
    assert (row.status, row.status_label, row.effort) == (Status.STOPPED, "stopped early", None)
    steps = store_steps(tmp_path, session_id)
    assert len(steps) == 16
    assert (steps[13].kind, steps[13].adjusted_seconds, steps[13].active_seconds) == (
        "work",
        -10,
        20,
    )
    assert (steps[14].kind, steps[14].active_seconds) == ("rest", 0)
    last = steps[15]
    assert (last.step_index, last.outcome, last.active_seconds, last.reps) == (15, "partial", 10, 2)
    assert last.paused_seconds == 50  # the wait in the dialog is paused time


async def test_stop_escape_and_stop_at_the_end(tmp_path: Path) -> None:
    """Escape asks too; y on the first countdown ends at once with a summary of nothing."""
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.press("escape")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Stop this session?" in text(dialog, ".dialog-title")
        await d.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert "0 of 15 sets done" in text(app.screen, "#summary-totals")


async def test_help_lists_every_key_and_closes(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, routine="strength")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = text(help_screen, ".dialog-body")
        for line in ("Space", "Pause or resume the timer", "n, →", "b, ←", "+, =", "q, Esc", "↑"):
            assert line in body
        # The session's clock keeps its place behind the help.
        await d.press("escape")
        assert isinstance(app.screen, SessionScreen)


async def test_bell_and_flash_on_transitions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bell on 3-2-1 and on every new step, a flash on every new step; late cues are dropped."""
    settings = replace(QUIET, bell=True, flash=True)
    # The cues the settings give: no tones (sound is off), so the terminal bell.
    app, clock, _ = make_app(tmp_path, routine="stability", settings=settings, cues=AppCues())
    bells: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(clock.now()))
    flashes: list[tuple[float, bool]] = []
    flash = SessionScreen._flash

    def spy(screen: SessionScreen) -> None:
        flash(screen)  # queued: applied with the next view, in the same restyle
        flashes.append((clock.now(), screen._flash_pending))

    monkeypatch.setattr(SessionScreen, "_flash", spy)
    # Keep the class on (it goes 0.25 s later on a real timer) so the test can see it.
    monkeypatch.setattr(SessionScreen, "_unflash", lambda screen: None)
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert bells == [1000.0]  # the first step started
        assert app.screen.query_one("#session").has_class("-flash")
        await d.advance(6)
        assert bells == [1000.0]
        for _ in range(4):  # 3, 2, 1, go
            await d.advance(1)
        assert bells == [1000.0, 1007.0, 1008.0, 1009.0, 1010.0]
        assert flashes == [(1000.0, True), (1010.0, True)]
        bells.clear()
        await d.advance(120)  # a late poll: the steps it finished make no noise now
        assert bells == []
        assert len(flashes) == 2


async def test_get_ready_setting_and_speech(tmp_path: Path) -> None:
    """The settings' get-ready length is the first countdown; a real speech command (a
    shell that writes its words to a file) announces what comes, then the first set."""
    spoken = tmp_path / "spoken.txt"
    routine = tmp_path / "balance.toml"
    routine.write_text(
        'name = "Balance"\n[[exercises]]\nname = "Single-leg balance"\n'
        "hold = 30\nsets = 3\nper_side = true\n",
        "utf-8",
    )
    settings = replace(
        QUIET,
        get_ready=12,
        speak=True,
        speak_command=f'sh -c \'printf "%s\\n" "$1" >> {spoken}\' _ {{text}}',
    )
    app, clock, _ = make_app(tmp_path, routine=str(routine), settings=settings, cues=AppCues())
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#clock") == "0:12"
        cues = d.screen.cues
        assert cues is not None and cues.speaker is not None
        assert cues.speaker.wait_idle(10)  # said before the next word cuts it short
        await d.advance(12)
        assert cues.speaker.wait_idle(10)
    assert spoken.read_text().splitlines() == [
        "Get ready: Single-leg balance, 30 seconds, left side first",
        "Single-leg balance, set 1 of 3, left side",
    ]


async def test_tones_and_words_follow_the_session_and_m_mutes_them(tmp_path: Path) -> None:
    """Every transition is heard: go, the 3-2-1, switch sides, the side in words; `m`
    silences it all (the footer says how to undo it) and the next session stays muted."""
    clock = FakeClock()
    heard = RecordedCues(clock)
    app, clock, _ = make_app(tmp_path, routine="stability", clock=clock, cues=heard)
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        for _ in range(10):  # get ready, second by second, to the first set
            await d.advance(1)
        tones = heard.tones()
        assert [(name, at) for name, at in tones if 1007 <= at < 1010] == [
            (CueName.PIP, 1007.0),
            (CueName.PIP, 1008.0),
            (CueName.PIP, 1009.0),
        ]
        assert heard.words()[0] == ("Get ready: Single-leg squats, 8 reps, left side first", 1000)
        assert heard.words()[-1] == ("Single-leg squats, set 1 of 3, left side", 1010)
        await d.advance(1)
        await d.advance(1)
        assert len(heard.tones()) > len(tones)  # the metronome keeps the tempo
        await d.finish_step()  # the left side is done: switch
        assert heard.tones()[-1][0] is CueName.SWITCH_SIDES
        assert heard.words()[-1][0] == "Switch sides"
        assert "Mute" in footer_keys(app)

        await d.press("m")
        assert "Unmute" in footer_keys(app) and "Mute" not in footer_keys(app)
        assert heard.speaker.stops >= 1  # what was being said is cut off at once
        before = (len(heard.tones()), len(heard.words()))
        for _ in range(12):  # the end of the switch, the right side's first reps
            await d.advance(1)
        assert (len(heard.tones()), len(heard.words())) == before

        await d.press("m")
        await d.advance(1)
        await d.advance(1)
        assert len(heard.tones()) > before[0]

        await d.press("m")  # muted again, then a new session
        await d.press("q")
        await d.press("enter")  # "Stop"
    assert app.context.muted
    assert heard.opened[-1].muted


async def test_session_ending_on_its_timer_goes_to_the_summary(tmp_path: Path) -> None:
    """Lower-body extras ends on a timed WORK step: the summary comes by itself."""
    app, clock, _ = make_app(tmp_path, routine="lower-body-extras")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(41)
        assert (d.read("#phase"), d.read("#next-up")) == ("WORK", "Last set of the session")
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.finish_step()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(summary, "#summary-title") == "Session complete: Lower-body extras"
        assert "21 of 21 sets done · 0 skipped" in text(summary, "#summary-totals")

        # An effort outside 1-10 is refused, said under the boxes; the screen stays.
        await d.press("1", "1", "ctrl+s")
        assert app.screen is summary
        assert text(summary, "#effort-problem").startswith("Effort is rated from 1 (easy)")
        await d.press("backspace")
        assert text(summary, "#effort-problem") == ""  # fixed: the warning goes
        await d.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
        assert not app._notifications  # nothing of the summary's followed home
    row = store_row(tmp_path, session_id)
    assert (row.status, row.effort, row.note) == (Status.COMPLETED, 1, "")


async def test_ctrl_q_on_the_summary_saves_before_quitting(tmp_path: Path) -> None:
    """The app's Ctrl+Q is a priority binding: it must still save the effort and note."""
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(2)
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        await d.press("0", "ctrl+q")  # refused: the effort must be fixed first
        assert isinstance(app.screen, SummaryScreen) and app.return_code is None
        await d.press("backspace", "8", "enter", "h", "i", "ctrl+q")
        assert app.return_code == 0  # the app is quitting
    row = store_row(tmp_path, session_id)
    assert (row.effort, row.note) == (8, "hi")


async def test_run_builds_no_home_until_the_person_goes_there(tmp_path: Path) -> None:
    """`legtimer run X` opens only the session; leaving the summary opens home then."""
    app, _, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2  # the default screen and home: nothing left behind


async def test_a_session_ending_behind_the_help_shows_the_summary(tmp_path: Path) -> None:
    """The clock runs on behind the help: when the last step ends there, the help goes too."""
    app, clock, _ = make_app(tmp_path, routine="lower-body-extras")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(41)
        session = d.screen
        await d.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        remaining = session.session.remaining()
        assert remaining is not None
        clock.advance(remaining)
        session.tick()  # its own timer, behind the help
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not any(isinstance(s, SessionScreen | HelpScreen) for s in app.screen_stack)


async def test_names_and_cues_from_the_file_are_never_markup(tmp_path: Path) -> None:
    """Brackets in a routine's own text are shown as typed, on the session and the summary."""
    routine = tmp_path / "brackets.toml"
    routine.write_text(
        'format = 1\nname = "Legs [bold]day[/bold]"\n\n[[exercises]]\n'
        'name = "Squats [slow]"\nhold = 5\ncue = "Knees [out], back [i]flat[/i]"\n',
        encoding="utf-8",
    )
    app, clock, _ = make_app(tmp_path, routine=str(routine))
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        assert d.read("#routine-name") == "Legs [bold]day[/bold]"
        await d.run_to(1)
        assert (d.read("#title"), d.read("#cue")) == (
            "Squats [slow]",
            "Knees [out], back [i]flat[/i]",
        )
        await d.finish_step()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(summary, "#summary-title") == "Session complete: Legs [bold]day[/bold]"
        assert table_rows(summary)[0][0] == "Squats [slow]"


async def test_ctrl_q_during_a_session_asks_then_saves_the_step_in_progress(
    tmp_path: Path,
) -> None:
    """Ctrl+Q asks as q does; "keep going" carries on, "stop and quit" saves it stopped."""
    app, clock, _ = make_app(tmp_path, routine="stability")
    async with app.run_test(size=SIZE) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        await d.run_to(2)
        await d.advance(5)
        await d.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        await d.press("n")
        assert d.screen.session.state is State.RUNNING and d.index == 2
        session_id = d.recorder.session_id
        assert session_id is not None
        await d.press("?", "ctrl+q")  # over the help too: the session asks, it never just quits
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        await d.press("ctrl+q")  # again, over the question: asked again, nothing lost
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        await d.press("y")
        assert app.return_code == 0  # the app is quitting
    row = store_row(tmp_path, session_id)
    assert row.status == Status.STOPPED
    steps = store_steps(tmp_path, session_id)
    assert [(step.step_index, step.outcome) for step in steps][-1] == (2, "partial")


async def test_the_footer_is_rebuilt_only_when_the_keys_that_apply_change(
    tmp_path: Path,
) -> None:
    """A hold, its rest and the next hold take the same keys: the footer keeps its
    widgets (rebuilding them costs 20 ms at a transition). Paced reps change them."""
    routine = tmp_path / "mixed.toml"
    routine.write_text(
        'name = "Mixed"\n[defaults]\nprepare = 5\nrest_after = 10\n'
        '[[exercises]]\nname = "Plank"\nhold = 20\nsets = 2\n'
        '[[exercises]]\nname = "Squats"\nreps = 4\ntempo = { down = 1, hold = 0, up = 1 }\n',
        "utf-8",
    )
    app, clock, _ = make_app(tmp_path, routine=str(routine))
    async with app.run_test(size=(100, 30)) as pilot:
        d = Driver(pilot, clock)
        await pilot.pause()
        footer = d.screen.query_one(Footer)
        keys = list(footer.children)
        for phase in ("HOLD", "REST", "HOLD", "REST"):
            await d.advance(clock_left(d))
            assert d.read("#phase") == phase
            assert list(footer.children) == keys
        await d.advance(clock_left(d))
        assert d.read("#phase") == "REPS"
        await pilot.pause()
        assert "Reps +1" in footer_keys(app) and list(footer.children) != keys


def clock_left(d: Driver) -> float:
    left = d.screen.session.remaining()
    assert left is not None
    return left
