"""The export stage in the window, through its real widgets: Ctrl+Shift+E from another stage, one participant,
everyone into a folder, cancel part way, a refused target, the last folder kept across windows, a responsive
window while the worker writes, open file / open folder after, a read-only library, nobody to export for."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key, open_on_stage
from tests.ui.test_shell import seed
from workshop.domain.enums import Stage
from workshop.services import exports
from workshop.services.catalog import sample_workshop
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.export.page import ExportStagePage, team_file_name
from workshop.ui.stages.export.worker import running_exports

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 30_000


def type_path(path: Path, seen: list[QFileDialog] | None = None,
              check: Callable[[QFileDialog], None] | None = None) -> Callable[[QWidget], None]:  # fmt: skip
    """Type ``path`` into the file dialog's name field and press Enter, as a person does (Yes to "replace?")."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        if seen is not None:
            seen.append(dialog)
        if check is not None:
            check(dialog)
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setText(str(path))
        QtBot.keyClick(edit, Qt.Key.Key_Return)

    return handle


def suggested_name(dialog: QFileDialog) -> str:
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    return edit.text()


def wait_done(qtbot: QtBot, page: ExportStagePage) -> None:
    qtbot.waitUntil(lambda: page.run is None and not running_exports(), timeout=WAIT_MS)


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def sheet_names(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    try:
        return book.sheetnames
    finally:
        book.close()


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


def test_ctrl_shift_e_from_another_stage_opens_the_export_stage_and_writes_the_team_workbook(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened_urls: list[QUrl]
) -> None:
    ws = sample_workshop()
    _wid, plan = open_on_stage(qtbot, window, ws, Stage.PLAN)
    target = tmp_path / "out" / "team"  # no suffix typed: the dialog adds .xlsx
    target.parent.mkdir()
    seen: list[QFileDialog] = []
    when_dialog_opens(type_path(target, seen))
    key(qtbot, Qt.Key.Key_E, CTRL_SHIFT)
    assert window.view is not None and window.view.stage is Stage.EXPORT
    page = window.view.stage_pages[Stage.EXPORT]
    assert isinstance(page, ExportStagePage) and page is not plan
    assert [d.windowTitle() for d in seen] == ["Export the team workbook"]
    assert team_file_name(ws.title).endswith(" - team plan.xlsx")
    wait_done(qtbot, page)
    written = tmp_path / "out" / "team.xlsx"
    assert sheet_names(written)[0] == "Summary"
    assert page.summary.status.text() == "The team workbook is written:"
    assert [page.summary.files.item(i).text() for i in range(page.summary.files.count())] == [str(written)]
    assert page.summary.cleaned_label.text() == "Nothing needed cleaning."
    assert not page.message_label.isVisible() and not page.progress_box.isVisible()
    assert no_temporary_files(written.parent)
    qtbot.mouseClick(page.summary.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.summary.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened_urls == [QUrl.fromLocalFile(str(written)), QUrl.fromLocalFile(str(written.parent))]
    assert ("Ctrl+Shift+E", "Export team workbook…") in window.shortcut_rows()
    assert ("Esc", "Cancel the export") in window.shortcut_rows()


def test_the_team_dialog_suggests_the_safe_title_in_the_last_folder_and_a_second_window_remembers_it(
    qtbot: QtBot, window: MainWindow, settings: S.AppSettings, library_path: Path, tmp_path: Path
) -> None:
    ws = sample_workshop()
    ws.title = 'Q3: "North" / South?'
    _wid, page = open_on_stage(qtbot, window, ws, Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    folder = tmp_path / "exports"
    folder.mkdir()
    names: list[str] = []
    when_dialog_opens(type_path(folder / "plan.xlsx", check=lambda d: names.append(suggested_name(d))))
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert names == [team_file_name(ws.title)] and not set('<>:"/\\|?*') & set(names[0])
    assert (folder / "plan.xlsx").is_file()
    window.close()

    again = MainWindow(S.AppSettings(settings.path), library_path)  # as after a restart: the settings file read anew
    qtbot.addWidget(again)
    again.show()
    again.open_workshop(again.start.selected_id())  # type: ignore[arg-type]
    again.activateWindow()
    again.go_to_stage(Stage.EXPORT)
    page2 = again.view.stage_pages[Stage.EXPORT]  # type: ignore[union-attr]
    assert isinstance(page2, ExportStagePage)
    started_in: list[str] = []

    def look_and_leave(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        started_in.append(dialog.directory().absolutePath())
        QtBot.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog_opens(look_and_leave)
    qtbot.mouseClick(page2.team_button, Qt.MouseButton.LeftButton)
    assert started_in == [str(folder)]
    assert page2.run is None and not page2.summary.isVisible()  # cancelled in the dialog: nothing started
    again.close()


def test_one_participant_picked_by_typing_their_name(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    ws = sample_workshop()
    person = ws.participants[3]
    _wid, page = open_on_stage(qtbot, window, ws, Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    page.participant_combo.setFocus()
    qtbot.keyClicks(page.participant_combo, person.name)
    assert page.participant_combo.currentText() == person.name
    names: list[str] = []
    target = tmp_path / f"{person.name}.xlsx"
    when_dialog_opens(type_path(target, check=lambda d: names.append(suggested_name(d))))
    qtbot.mouseClick(page.participant_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert names == [exports.participant_paths(ws, tmp_path)[3][1].name]
    assert sheet_names(target)
    assert page.summary.status.text() == f"{person.name}'s workbook is written:"
    assert page.summary.files.item(0).text() == str(target)
    assert no_temporary_files(tmp_path)


def test_all_participants_into_a_folder_then_open_any_of_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened_urls: list[QUrl]
) -> None:
    ws = sample_workshop()
    _wid, page = open_on_stage(qtbot, window, ws, Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    folder = tmp_path / "plans"
    folder.mkdir()
    when_dialog_opens(type_path(folder))
    qtbot.keyClick(page.team_button, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Alt+A: all participants
    wait_done(qtbot, page)
    expected = [path for _p, path in exports.participant_paths(ws, folder)]
    assert len(expected) == len(ws.participants) > 3
    assert sorted(folder.iterdir()) == sorted(expected)
    for path in expected:
        assert sheet_names(path)
    assert [Path(page.summary.files.item(i).text()) for i in range(page.summary.files.count())] == expected
    assert page.summary.status.text() == f"{len(expected)} participants' workbooks are written into {folder}:"
    page.summary.files.setFocus()
    page.summary.files.setCurrentRow(2)
    qtbot.keyClick(page.summary.files, Qt.Key.Key_Return)
    qtbot.mouseClick(page.summary.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened_urls == [QUrl.fromLocalFile(str(expected[2])), QUrl.fromLocalFile(str(folder))]


def test_cancel_with_esc_keeps_the_finished_workbooks_whole_and_leaves_no_half_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = sample_workshop()
    first_saved, go_on = threading.Event(), threading.Event()
    real_save = exports._save

    def save_then_hold(data: bytes, path: Path) -> None:
        real_save(data, path)
        if not first_saved.is_set():
            first_saved.set()
            go_on.wait(WAIT_MS / 1000)  # the facilitator presses Esc while the second workbook waits its turn

    monkeypatch.setattr(exports, "_save", save_then_hold)
    _wid, page = open_on_stage(qtbot, window, ws, Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    folder = tmp_path / "plans"
    folder.mkdir()
    when_dialog_opens(type_path(folder))
    qtbot.mouseClick(page.all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(first_saved.is_set, timeout=WAIT_MS)
    assert page.progress_box.isVisible() and page.cancel_button.isEnabled()
    assert not any(b.isEnabled() for b in (page.team_button, page.participant_button, page.all_button))
    key(qtbot, Qt.Key.Key_Escape)
    assert page.run is not None and page.run.cancelling and not page.cancel_button.isEnabled()
    go_on.set()
    wait_done(qtbot, page)
    first = exports.participant_paths(ws, folder)[0][1]
    assert list(folder.iterdir()) == [first]
    assert sheet_names(first)  # whole: openpyxl reads it
    assert page.summary.status.text().startswith("Cancelled. 1 finished workbook(s) are kept")
    assert page.summary.files.count() == 1 and page.summary.files.item(0).text() == str(first)
    assert page.all_button.isEnabled() and page.summary.open_file_button.isEnabled()


def test_a_target_that_cannot_be_written_is_said_on_the_page_and_the_old_file_stays(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop.atomic

    def open_in_excel(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    target = tmp_path / "team.xlsx"
    target.write_bytes(b"the old workbook")
    _wid, page = open_on_stage(qtbot, window, sample_workshop(), Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    with monkeypatch.context() as patch:
        patch.setattr(workshop.atomic.os, "replace", open_in_excel)
        when_dialog_opens(type_path(target, check=lambda _d: None))

        def yes_replace() -> None:  # the dialog asks before replacing a file that is there
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.button(QMessageBox.StandardButton.Yes).click()
            elif page.run is None and not page.message_label.isVisible():
                QTimer.singleShot(20, yes_replace)

        QTimer.singleShot(50, yes_replace)
        qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, page)
    assert page.message_label.isVisible()
    text = page.message_label.text()
    assert str(target) in text and "Is it open in Excel?" in text and "unchanged" in text
    assert target.read_bytes() == b"the old workbook" and no_temporary_files(tmp_path)
    assert not page.summary.isVisible()
    assert page.team_button.isEnabled() and page.all_button.isEnabled()  # still usable: export again

    when_dialog_opens(type_path(tmp_path / "again.xlsx"))
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert not page.message_label.isVisible() and sheet_names(tmp_path / "again.xlsx")


def test_the_window_stays_responsive_while_the_worker_writes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = exports.export_team_workbook
    workers: set[int] = set()

    def slow(ws, path, job, **kwargs):  # type: ignore[no-untyped-def]
        report = job.progress

        def slower(done: int, total: int, what: str) -> None:
            workers.add(threading.get_ident())
            report(done, total, what)
            time.sleep(0.15)

        job.progress = slower
        return real(ws, path, job, **kwargs)

    monkeypatch.setattr(exports, "export_team_workbook", slow)
    _wid, page = open_on_stage(qtbot, window, sample_workshop(), Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    ticks: list[tuple[str, bool]] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append((page.progress_label.text(), page.team_button.isEnabled())))
    when_dialog_opens(type_path(tmp_path / "team.xlsx"))
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    timer.start(20)
    wait_done(qtbot, page)
    timer.stop()
    during = [t for t in ticks if t[0] and not t[1]]
    assert len(during) >= 20  # the event loop ran all along (the parts alone take over a second)
    assert any(text.startswith("Summary (1 of ") for text, _enabled in during)
    assert threading.get_ident() not in workers
    assert sheet_names(tmp_path / "team.xlsx")[0] == "Summary"


def test_a_workshop_without_participants_says_why_their_jobs_are_off(qtbot: QtBot, window: MainWindow) -> None:
    wid = window.service.create_workshop("Nobody yet").result  # type: ignore[union-attr]
    window.open_workshop(wid)
    window.go_to_stage(Stage.EXPORT)
    page = window.view.stage_pages[Stage.EXPORT]  # type: ignore[union-attr]
    assert isinstance(page, ExportStagePage)
    qtbot.waitExposed(page)
    assert page.nobody_hint.isVisible() and "No participants yet" in page.nobody_hint.text()
    assert not page.participant_button.isEnabled() and not page.all_button.isEnabled()
    assert not page.participant_combo.isEnabled() and page.team_button.isEnabled()


def test_a_read_only_library_still_exports(
    qtbot: QtBot, settings: S.AppSettings, library_path: Path, tmp_path: Path
) -> None:
    seed(library_path)
    win = MainWindow(settings, library_path, read_only=True)
    qtbot.addWidget(win)
    win.show()
    win.open_workshop(win.start.selected_id())  # type: ignore[arg-type]
    win.activateWindow()
    assert win.session is not None and win.session.read_only
    win.go_to_stage(Stage.EXPORT)
    page = win.view.stage_pages[Stage.EXPORT]  # type: ignore[union-attr]
    assert isinstance(page, ExportStagePage)
    qtbot.waitExposed(page)
    assert all(b.isEnabled() for b in (page.team_button, page.participant_button, page.all_button))
    folder = tmp_path / "plans"
    folder.mkdir()
    when_dialog_opens(type_path(folder))
    qtbot.mouseClick(page.all_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert len(list(folder.glob("*.xlsx"))) == len(win.session.workshop.participants)
    win.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_page_after_an_export_renders_whole(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Pictures to look at (``EXPORT_SHOTS=folder`` keeps them): nothing cut off at projector or laptop size."""
    window.resize(*size)
    _wid, page = open_on_stage(qtbot, window, sample_workshop(), Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    folder = tmp_path / "plans"
    folder.mkdir()
    when_dialog_opens(type_path(folder))
    qtbot.mouseClick(page.all_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    QApplication.processEvents()
    for button in (page.team_button, page.participant_button, page.all_button):
        assert button.width() >= button.sizeHint().width() and button.height() >= button.sizeHint().height()
        assert page.rect().contains(button.geometry())
    assert page.summary.files.height() >= 3 * page.summary.files.sizeHintForRow(0)
    shots = Path(os.environ.get("EXPORT_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    out = shots / f"export-stage-{size[0]}x{size[1]}.png"
    assert window.grab().save(str(out))


def test_what_was_cleaned_is_listed_and_a_cancel_before_the_save_writes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cleaned = ["Outcomes!C4 (title): 3 characters removed that a workbook cannot hold"]

    def cleaning(ws, path, job, **_kwargs):  # type: ignore[no-untyped-def]
        job.start(2)
        job.step("Summary")
        Path(path).write_bytes(b"PK")
        job.finish()
        return exports.ExportResult([Path(path)], cleaned)

    monkeypatch.setattr(exports, "export_team_workbook", cleaning)
    _wid, page = open_on_stage(qtbot, window, sample_workshop(), Stage.EXPORT)
    assert isinstance(page, ExportStagePage)
    when_dialog_opens(type_path(tmp_path / "team.xlsx"))
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert page.summary.cleaned.isVisible() and page.summary.cleaned_label.text().startswith("Cleaned on the way")
    assert [page.summary.cleaned.item(i).text() for i in range(page.summary.cleaned.count())] == cleaned

    started = threading.Event()

    def held_then_cancelled(ws, path, job, **_kwargs):  # type: ignore[no-untyped-def]
        job.start(2)
        job.step("Summary")
        started.set()
        job.cancel.wait(WAIT_MS / 1000)
        job.step(f"Saving {Path(path).name}")  # raises: the cancel was asked for
        raise AssertionError("not reached")

    monkeypatch.setattr(exports, "export_team_workbook", held_then_cancelled)
    when_dialog_opens(type_path(tmp_path / "second.xlsx"))
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, page)
    assert page.summary.status.text() == "Cancelled: nothing was written; an earlier file there is unchanged."
    assert page.summary.files.count() == 0 and not page.summary.open_folder_button.isVisible()
    assert not (tmp_path / "second.xlsx").exists()


@pytest.mark.parametrize("typed", ["workshop", "workshop.json", "workshop.xlsx"])
def test_ctrl_e_writes_the_format_the_name_asks_for(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                    typed: str) -> None:  # fmt: skip
    """Ctrl+E, the workshop file: a name typed without an extension gets .json (the dialog's filter); .xlsx writes
    the team workbook, as ``export --out`` does."""
    ws = sample_workshop()
    open_on_stage(qtbot, window, ws, Stage.OUTCOMES)
    when_dialog_opens(type_path(tmp_path / typed))
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    if typed.endswith(".xlsx"):
        assert sheet_names(tmp_path / typed)[0] == "Summary"
    else:
        from workshop.services.library_service import read_workshop_file

        assert read_workshop_file(tmp_path / "workshop.json")[0].title == ws.title
    assert [p.name for p in tmp_path.iterdir() if p.suffix in {".json", ".xlsx"}] == [Path(typed).name
                                                                                     if "." in typed
                                                                                     else "workshop.json"]  # fmt: skip
