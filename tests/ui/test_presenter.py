"""The presenter view (issue 15 item 2): F10 opens it for the room, it follows the facilitator's stage, B blanks it,
a hidden tally and the power grid's names stay off it, the notes come on request, the screen is remembered."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.keyboard import key, reactivate
from tests.ui.test_shortcuts import read_shortcut_sheet
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
from workshop.ui.room.presenter.screens import pick_screen
from workshop.ui.room.presenter.window import PresenterWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
DOTS = re.compile(r"\b\d+ dots?\b")


@pytest.fixture
def sample(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The main window with the sample workshop open on its set-up stage, the window active."""
    edit = window.service.import_workshop(sample_workshop())  # type: ignore[union-attr]
    window.refresh_workshops(select=edit.result)
    window.open_workshop(edit.result)
    reactivate(qtbot, window)
    return window


def in_main(qtbot: QtBot, window: MainWindow, k: Qt.Key, mods: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key pressed in the facilitator's window, wherever its focus is."""
    reactivate(qtbot, window)
    qtbot.waitUntil(window.isActiveWindow)
    key(qtbot, k, mods)


def open_presenter(qtbot: QtBot, window: MainWindow) -> PresenterWindow:
    in_main(qtbot, window, Qt.Key.Key_F10)
    shown = window.presenter.window
    assert shown is not None
    qtbot.waitExposed(shown)
    shown.settle()
    return shown


def texts(widget: PresenterWindow) -> list[str]:
    """Every text the room can read on the presenter view now."""
    return [lab.text() for lab in widget.findChildren(QLabel) if lab.isVisibleTo(widget) and lab.text()]


def go(qtbot: QtBot, window: MainWindow, stage: Stage) -> None:
    in_main(qtbot, window, Qt.Key(Qt.Key.Key_1 + list(Stage).index(stage)), CTRL)


# -- showing and following ----------------------------------------------------------------------------------------


def test_f10_opens_the_presenter_view_which_follows_the_facilitator_s_stage(qtbot: QtBot, sample: MainWindow) -> None:
    assert sample.presenter.window is None and sample.presenter.show_action.isEnabled()
    shown = open_presenter(qtbot, sample)
    assert shown.isVisible() and sample.presenter.show_action.isChecked()
    assert not shown.isFullScreen()  # one screen: a plain window
    assert shown.header.stage_label.text() == "1 · Set-up"
    assert "Social strategy 2027" in texts(shown) and "20 min" in texts(shown)  # the agenda, from set-up
    for stage in (Stage.STAKEHOLDERS, Stage.PLAN, Stage.OUTCOMES):
        go(qtbot, sample, stage)
        assert shown.stage is stage and shown.current_slide().stage is stage
        assert shown.slide_stack.currentWidget() is shown.current_slide()
    assert shown.header.stage_label.text() == "2 · Outcomes"
    in_main(qtbot, sample, Qt.Key.Key_PageDown, CTRL)  # next stage, as the facilitator moves on
    assert shown.stage is Stage.STAKEHOLDERS
    in_main(qtbot, sample, Qt.Key.Key_F10)
    assert sample.presenter.window is None and not sample.presenter.show_action.isChecked()
    qtbot.waitUntil(lambda: not shown.isVisible())


def test_the_presenter_view_redraws_when_the_workshop_changes_and_closes_with_it(
    qtbot: QtBot, sample: MainWindow
) -> None:
    go(qtbot, sample, Stage.SETUP)
    shown = open_presenter(qtbot, sample)
    session = sample.session
    assert session is not None
    session.apply(lambda: session.service.update_workshop(session.workshop_id, title="Kick-off 2027"))
    assert "Kick-off 2027" in texts(shown) and shown.header.workshop_label.text() == "Kick-off 2027"
    sample.close_workshop()
    assert sample.presenter.window is None and not sample.presenter.show_action.isEnabled()


def test_the_presenter_window_s_own_close_unchecks_the_action(qtbot: QtBot, sample: MainWindow) -> None:
    shown = open_presenter(qtbot, sample)
    shown.close()  # the window manager's close button
    assert sample.presenter.window is None and not sample.presenter.show_action.isChecked()
    assert open_presenter(qtbot, sample).isVisible()  # F10 brings it back


# -- blank ------------------------------------------------------------------------------------------------------


def _black(shown: PresenterWindow) -> bool:
    image = shown.grab().toImage()
    points = [(image.width() // 2, image.height() // 2), (10, 10), (image.width() - 10, image.height() - 10)]
    return all(image.pixelColor(x, y) == QColor("#000000") for x, y in points)


def test_b_and_dot_in_the_presenter_blank_it_and_show_it_again(qtbot: QtBot, sample: MainWindow) -> None:
    shown = open_presenter(qtbot, sample)
    assert not shown.is_blank() and not _black(shown)
    qtbot.keyClick(shown, Qt.Key.Key_B)
    assert shown.is_blank() and _black(shown) and sample.presenter.blank_action.isChecked()
    qtbot.keyClick(shown, Qt.Key.Key_B)
    assert not shown.is_blank() and not _black(shown) and not sample.presenter.blank_action.isChecked()
    qtbot.keyClick(shown, Qt.Key.Key_Period)
    assert shown.is_blank()
    qtbot.keyClick(shown, Qt.Key.Key_Escape)  # Esc brings the view back and closes nothing
    assert not shown.is_blank() and shown.isVisible() and sample.presenter.window is shown
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert shown.isVisible() and not shown.is_blank()


def test_ctrl_shift_b_in_the_main_window_blanks_the_presenter_view(qtbot: QtBot, sample: MainWindow) -> None:
    assert not sample.presenter.blank_action.isEnabled()  # nothing to blank yet
    shown = open_presenter(qtbot, sample)
    in_main(qtbot, sample, Qt.Key.Key_B, CTRL | SHIFT)
    assert shown.is_blank() and _black(shown)
    go(qtbot, sample, Stage.CHANNELS)  # the facilitator works on while the room sees black
    assert shown.is_blank() and shown.stage is Stage.CHANNELS
    in_main(qtbot, sample, Qt.Key.Key_B, CTRL | SHIFT)
    assert not shown.is_blank() and not _black(shown)
    assert shown.current_slide().stage is Stage.CHANNELS


# -- what the room must not see yet ------------------------------------------------------------------------------


def test_a_hidden_tally_stays_hidden_on_the_presenter_view(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.OUTCOMES)
    shown = open_presenter(qtbot, sample)
    slide = shown.current_slide()
    ws, analysis = sample.session.workshop, sample.session.analysis  # type: ignore[union-attr]
    room_order = [o.key for o in ws.outcomes]
    priority = [o.key for o in analysis.priority]
    assert priority != room_order  # the sample's dots reorder the outcomes: the test can tell them apart
    assert slide.order() == priority and slide.dots_shown()[0] == "8 dots"
    page = sample.view.stage_pages[Stage.OUTCOMES]  # type: ignore[union-attr]
    in_main(qtbot, sample, Qt.Key.Key_F8)  # the dot-voting view
    qtbot.mouseClick(page.voting.hide_button, Qt.MouseButton.LeftButton)
    assert sample.session.tally_hidden  # type: ignore[union-attr]
    assert slide.order() == room_order
    assert slide.dots_shown() == [""] * len(room_order)
    assert not any(DOTS.search(t) for t in texts(shown)), texts(shown)
    assert not any(re.match(r"\d+\.\s", t) for t in texts(shown))  # no rank either
    go(qtbot, sample, Stage.CHANNELS)
    go(qtbot, sample, Stage.OUTCOMES)  # still hidden after moving about
    assert slide.order() == room_order and not any(DOTS.search(t) for t in texts(shown))
    in_main(qtbot, sample, Qt.Key.Key_F8)
    qtbot.mouseClick(page.voting.hide_button, Qt.MouseButton.LeftButton)  # Reveal
    assert slide.order() == priority and "8 dots" in texts(shown)


def test_the_power_grid_shows_no_names_until_the_facilitator_turns_them_on(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.STAKEHOLDERS)
    shown = open_presenter(qtbot, sample)
    grid = shown.current_slide().grid  # type: ignore[attr-defined]
    assert len(grid.points()) == 15
    assert not grid.show_names and grid.label_rects() == []
    assert not sample.presenter.names_action.isChecked()
    stage_grid = sample.view.stage_pages[Stage.STAKEHOLDERS].power  # type: ignore[union-attr]
    assert stage_grid.show_names  # the facilitator's own grid keeps its names
    sample.presenter.names_action.trigger()  # Room menu: Names on the presenter's power grid
    assert grid.show_names and len(grid.label_rects()) == 15
    sample.presenter.names_action.trigger()
    assert grid.label_rects() == []
    sample.presenter.names_action.trigger()
    wid = sample.session.workshop_id  # type: ignore[union-attr]
    sample.close_workshop()
    sample.open_workshop(wid)  # not remembered across workshops
    assert not sample.presenter.names_action.isChecked() and not sample.presenter.state.names_on


def test_the_stakeholders_slide_lists_the_open_checks_in_words(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.STAKEHOLDERS)
    shown = open_presenter(qtbot, sample)
    checks = sample.session.checks_for(Stage.STAKEHOLDERS)  # type: ignore[union-attr]
    assert checks
    assert f"Open checks ({len(checks)})" in texts(shown)
    assert any(checks[0].message[:40] in t for t in texts(shown))


# -- the other stages ------------------------------------------------------------------------------------------


def test_the_channels_slide_follows_the_outcome_picked_on_the_channels_page(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.CHANNELS)
    shown = open_presenter(qtbot, sample)
    slide = shown.current_slide()
    assert slide.outcome_key() == "O1"  # type: ignore[attr-defined]
    in_main(qtbot, sample, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)  # next outcome
    assert sample.view.stage_pages[Stage.CHANNELS].outcome_key == "O2"  # type: ignore[union-attr]
    assert slide.outcome_key() == "O2"  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: slide.ranking.figure is not None)  # type: ignore[attr-defined]
    assert slide.ranking.figure.texts[0].get_text().startswith("O2")  # type: ignore[attr-defined]
    assert any("stays first" in t for t in texts(shown))  # the sensitivity sentences


def test_the_resilience_slide_shows_the_what_if_as_the_facilitator_set_it(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.RESILIENCE)
    shown = open_presenter(qtbot, sample)
    assert "Nothing is switched off yet: every channel and owner is on." in texts(shown)
    page = sample.view.stage_pages[Stage.RESILIENCE]  # type: ignore[union-attr]
    assert page.what_if.toggle("owner", "Meta")  # the facilitator ticks Meta in the what-if
    assert "Without Meta (owner)" in texts(shown)
    assert "O3" in texts(shown)  # stranded
    assert any(t.endswith("EUR") for t in texts(shown))  # the value at risk
    go(qtbot, sample, Stage.PLAN)
    go(qtbot, sample, Stage.RESILIENCE)
    assert "Without Meta (owner)" in texts(shown)  # kept while the facilitator moves about


def test_the_plan_and_export_slides_show_the_return_and_the_decisions(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.PLAN)
    shown = open_presenter(qtbot, sample)
    assert "The whole plan" in texts(shown) and "267%" in texts(shown)
    go(qtbot, sample, Stage.EXPORT)
    assert "Decisions taken (3)" in texts(shown) and "248k EUR" in texts(shown)


def test_the_timer_shows_on_the_presenter_view_amber_then_red(qtbot: QtBot, sample: MainWindow) -> None:
    timer = sample.room_timer
    now = [dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)]
    timer.clock = lambda: now[0]
    shown = open_presenter(qtbot, sample)
    header = shown.header
    assert header.clock.text() == "20:00" and header.clock_note.text() == "paused"
    in_main(qtbot, sample, Qt.Key.Key_F5)  # start
    assert header.clock_note.text() == "left" and header.clock_state() == "normal"
    now[0] += dt.timedelta(minutes=18, seconds=30)
    timer.tick()
    assert header.clock.text() == "1:30" and header.clock_state() == "warning"
    now[0] += dt.timedelta(minutes=2)
    timer.tick()
    assert header.clock.text() == "-0:30" and header.clock_state() == "over"
    assert header.clock_note.text() == "over time"


# -- the notes --------------------------------------------------------------------------------------------------


def test_n_shows_the_parking_lot_and_decisions_on_request(qtbot: QtBot, sample: MainWindow) -> None:
    shown = open_presenter(qtbot, sample)
    ws = sample.session.workshop  # type: ignore[union-attr]
    assert not shown.notes_shown() and not sample.presenter.notes_action.isChecked()
    qtbot.keyClick(shown, Qt.Key.Key_N)
    assert shown.notes_shown() and sample.presenter.notes_action.isChecked()
    assert shown.notes.texts == [n.text for n in [*ws.parking_lot, *ws.decisions]]
    assert "Parking lot (3)" in texts(shown) and "Decisions (3)" in texts(shown)
    session = sample.session
    assert session is not None
    session.apply(lambda: session.service.add("decision", session.workshop_id, text="Forum first", by="facilitator"))
    assert "Forum first" in shown.notes.texts and "Decisions (4)" in texts(shown)
    sample.presenter.notes_action.trigger()  # Room menu
    assert not shown.notes_shown()
    sample.presenter.notes_action.trigger()
    in_main(qtbot, sample, Qt.Key.Key_F10)
    shown = open_presenter(qtbot, sample)
    assert shown.notes_shown()  # the facilitator's choice holds while the workshop is open


# -- the screen -------------------------------------------------------------------------------------------------


def test_pick_screen_prefers_the_remembered_screen_then_another_than_the_facilitator_s() -> None:
    assert pick_screen(["laptop"], "", "laptop") is None  # one screen: a plain window
    assert pick_screen(["laptop"], "laptop", "laptop") is None
    assert pick_screen(["laptop", "HDMI-1"], "", "laptop") == 1
    assert pick_screen(["HDMI-1", "laptop"], "", "laptop") == 0
    assert pick_screen(["laptop", "HDMI-1", "DP-2"], "DP-2", "laptop") == 2
    assert pick_screen(["laptop", "HDMI-1"], "gone", "laptop") == 1  # a screen unplugged since: another one
    assert pick_screen(["laptop", "HDMI-1"], "laptop", "laptop") == 0  # the facilitator may pick their own


def test_the_screen_chosen_is_remembered_and_one_screen_gives_a_plain_window(
    qtbot: QtBot, sample: MainWindow, settings: S.AppSettings
) -> None:
    menu = sample.presenter.screen_menu
    menu.aboutToShow.emit()
    screens = QGuiApplication.screens()
    listed = [a for a in menu.actions() if a.isCheckable()]
    assert [a.data() for a in listed] == [s.name() for s in screens] == ["projector"]
    assert listed[0].text() == "1: projector (1920x1080)"
    assert any(not a.isEnabled() and "One screen" in a.text() for a in menu.actions())
    listed[0].trigger()
    assert settings.get(S.PRESENTER_SCREEN) == "projector"
    settings.sync()
    assert S.AppSettings(settings.path).get(S.PRESENTER_SCREEN) == "projector"
    shown = open_presenter(qtbot, sample)
    assert not shown.isFullScreen() and shown.isVisible()


def test_f1_lists_the_presenter_window_s_own_keys(qtbot: QtBot, sample: MainWindow) -> None:
    sheet = read_shortcut_sheet(qtbot, sample)
    for keys, what in (("B, .", "Blank the presenter view to black"), ("N", "Parking lot and decisions"),
                       ("Esc", "Show a blanked presenter view again"), ("F10", "Presenter view"),
                       ("Ctrl+Shift+B", "Blank the presenter view")):  # fmt: skip
        assert any(keys in line and what in line for line in sheet.splitlines()), f"{keys} {what}:\n{sheet}"
    assert "In the presenter window" in sheet
    assert QApplication.activeModalWidget() is None


TWO_SCREENS = """
import json, sys
from pathlib import Path
from workshop.ui.app import application, apply_style
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
from workshop.services.catalog import sample_workshop
app = application(); apply_style(app)
folder = Path(sys.argv[1])
settings = S.AppSettings(folder / "settings.ini")
w = MainWindow(settings, folder / "library.sqlite3")
w.show()
w.open_workshop(w.service.import_workshop(sample_workshop()).result)
w.presenter.show_action.trigger()
app.processEvents()
p = w.presenter.window
def where():
    g = p.geometry()
    return [p.screen().name(), p.isFullScreen(), g.x(), g.y(), g.width(), g.height()]
out = {"main": w.screen().name(), "first": where()}
w.presenter.fill_screen_menu()
out["menu"] = [[a.text(), a.isChecked()] for a in w.presenter.screen_menu.actions()]
w.presenter.choose_screen(sys.argv[2])
app.processEvents()
out["chosen"] = where()
settings.sync()
print(json.dumps(out))
"""


def test_with_two_screens_it_goes_full_screen_on_the_other_one_or_the_one_picked(tmp_path: Path) -> None:
    screens = [
        {"name": "laptop", "x": 0, "y": 0, "width": 1440, "height": 900, "logicalDpi": 96},
        {"name": "HDMI-1", "x": 1440, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96},
    ]
    config = tmp_path / "two.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-c", TWO_SCREENS, str(tmp_path), "laptop"], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["main"] == "laptop"
    assert out["first"] == ["HDMI-1", True, 1440, 0, 1920, 1080]  # not the facilitator's screen
    menu = {text.split(": ", 1)[1]: checked for text, checked in out["menu"]}  # in the platform's order
    assert menu == {"laptop (1440x900)": False, "HDMI-1 (1920x1080)": True}
    assert out["chosen"] == ["laptop", True, 0, 0, 1440, 900]  # moved at once to the screen picked
    assert S.AppSettings(tmp_path / "settings.ini").get(S.PRESENTER_SCREEN) == "laptop"
    proc = subprocess.run([sys.executable, "-c", TWO_SCREENS, str(tmp_path), "laptop"], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip
    assert json.loads(proc.stdout.strip().splitlines()[-1])["first"][:2] == ["laptop", True]  # remembered


def test_an_edit_redraws_only_the_slides_that_show_what_it_touched(qtbot: QtBot, sample: MainWindow) -> None:
    go(qtbot, sample, Stage.STAKEHOLDERS)
    shown = open_presenter(qtbot, sample)
    heatmap = shown.current_slide().heatmap  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: heatmap.figure is not None)
    figure = heatmap.figure
    session = sample.session
    assert session is not None
    session.apply(lambda: session.service.set_agenda(session.workshop_id, Stage.SETUP, 25))  # not on this slide
    assert heatmap.figure is figure
    assert Stage.SETUP in shown._stale  # set-up is laid out again when it is next shown
    go(qtbot, sample, Stage.SETUP)
    assert "25 min" in texts(shown)
    go(qtbot, sample, Stage.STAKEHOLDERS)
    marketing = session.id_of("department", "Marketing")
    session.apply(lambda: session.service.update("department", marketing, name="Brand"))
    qtbot.waitUntil(lambda: heatmap.figure is not figure)  # the departments are the heatmap's columns
    from matplotlib.text import Text

    assert "Brand" in {t.get_text() for t in heatmap.figure.findobj(Text)}


def test_opening_the_presenter_view_leaves_the_keyboard_with_the_facilitator(qtbot: QtBot, sample: MainWindow) -> None:
    shown = open_presenter(qtbot, sample)
    assert shown.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # a desktop would give it the keys
    assert QApplication.activeWindow() is sample
    key(qtbot, Qt.Key.Key_3, CTRL)  # typed straight on: Ctrl+3 still goes to the stakeholders stage
    assert sample.view.stage is Stage.STAKEHOLDERS  # type: ignore[union-attr]
    assert sample.presenter.window.stage is Stage.STAKEHOLDERS  # type: ignore[union-attr]


def test_many_outcomes_show_the_first_fifteen_cards_and_say_so(qtbot: QtBot, window: MainWindow) -> None:
    from workshop.domain.entities import Outcome

    ws = sample_workshop()
    ws.outcomes += [Outcome(f"O{n}", f"Outcome number {n}") for n in range(9, 25)]
    edit = window.service.import_workshop(ws)  # type: ignore[union-attr]
    window.open_workshop(edit.result)
    go(qtbot, window, Stage.OUTCOMES)
    shown = open_presenter(qtbot, window)
    slide = shown.current_slide()
    assert len(slide.order()) == 15 and slide.order()[:3] == ["O1", "O2", "O4"]  # type: ignore[attr-defined]
    assert "In priority order: the most dots first. The first 15 of 24 outcomes." in texts(shown)


def test_a_stage_the_agenda_plans_no_time_for_shows_no_clock(qtbot: QtBot, window: MainWindow) -> None:
    ws = sample_workshop()
    ws.agenda = [item for item in ws.agenda if item.stage is not Stage.CHANNELS]
    window.open_workshop(window.service.import_workshop(ws).result)  # type: ignore[union-attr]
    go(qtbot, window, Stage.CHANNELS)
    shown = open_presenter(qtbot, window)
    assert shown.header.clock_state() == "none" and "0:00" not in texts(shown)
    go(qtbot, window, Stage.OUTCOMES)
    assert shown.header.clock_state() == "normal" and "1:00:00" in texts(shown)


def test_long_texts_never_widen_the_presenter_view_past_its_screen(qtbot: QtBot, window: MainWindow) -> None:
    ws = sample_workshop()
    ws.title = "A workshop title that somebody typed at great length " * 6
    ws.decisions[0].text = "A decision written out in full " * 20
    window.open_workshop(window.service.import_workshop(ws).result)  # type: ignore[union-attr]
    shown = open_presenter(qtbot, window)
    window.presenter.notes_action.trigger()
    page = window.view.stage_pages[Stage.RESILIENCE]  # type: ignore[union-attr]
    for owner in ("Meta", "Alphabet", "Microsoft", "Partners (various)", "Trustpilot", "Strava"):
        page.what_if.toggle("owner", owner)
    for stage in Stage:
        go(qtbot, window, stage)
        assert shown.minimumSizeHint().width() <= 1280, stage
    assert any(t.endswith("…") for t in texts(shown))  # the long title, cut
