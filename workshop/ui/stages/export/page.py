"""The export stage: what the room takes home, as Excel workbooks.

Three jobs: the team workbook (Ctrl+Shift+E from any stage), one participant's "my plan" (Alt+P) and every
participant's into a folder (Alt+A). Each asks where (starting in the last folder used), then runs in a worker
thread on a snapshot of the workshop, with progress and Cancel (Esc); after, the page says what was written and
what had to be cleaned, and opens the file or its folder. Exports only read the workshop: a read-only library
exports too.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from workshop.domain.enums import Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.text import name_key
from workshop.domain.timer import StageTiming
from workshop.export.file_names import safe_file_stem
from workshop.services import exports
from workshop.services.exports import ExportResult
from workshop.services.timer import TimerService
from workshop.ui import settings as S
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.export.summary import ExportSummary, ExportTarget
from workshop.ui.stages.export.worker import ExportCall, ExportRun

TEAM_KEYS = "Ctrl+Shift+E"
PARTICIPANT_KEYS = "Alt+P"
ALL_KEYS = "Alt+A"
CANCEL_KEYS = "Esc"
XLSX_FILTER = "Excel workbook (*.xlsx)"
TEAM_SUFFIX = " - team plan.xlsx"
#: Bytes of the workshop's title kept in the team workbook's file name (a component holds 255).
TEAM_STEM_BYTES = 200

#: The page's own type: the three jobs as large buttons, the results readable from the back of the room.
PAGE_STYLE = """
QPushButton#exportJob { font-size: 15pt; font-weight: 700; padding: 10px 18px; text-align: left; }
QLabel#exportStatus { font-size: 15pt; font-weight: 700; color: #123a5a; }
QListWidget#exportFiles, QListWidget#exportCleaned { background: #ffffff; border: 1px solid #c9d1d9;
                                                     border-radius: 6px; }
QListWidget#exportFiles::item, QListWidget#exportCleaned::item { padding: 4px 6px; }
QProgressBar#exportProgress { min-height: 28px; border: 1px solid #8a96a3; border-radius: 4px; background: #ffffff;
                              text-align: center; }
QProgressBar#exportProgress::chunk { background: #2f6f9f; }
"""


def team_file_name(title: str) -> str:
    """The team workbook's suggested name: the workshop's title made safe everywhere, then " - team plan"."""
    stem = safe_file_stem(title.strip() or "workshop")
    cut = stem.encode("utf-8")[:TEAM_STEM_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    return (cut or "workshop") + TEAM_SUFFIX


class ExportStagePage(StagePage):
    """The team workbook, one participant's, all participants'; progress, cancel, a summary, open after."""

    stage = Stage.EXPORT
    shows = frozenset({"participant", "workshop"})

    def __init__(self, session: WorkshopSession, settings: S.AppSettings | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(session, parent)
        self.settings = settings
        self._folder: Path | None = None  # without settings (a page on its own): remembered while it lives
        self.run: ExportRun | None = None
        self.target: ExportTarget | None = None
        self.setStyleSheet(PAGE_STYLE)
        layout, self.message_label = self.page_layout()
        layout.setSpacing(10)

        intro = QLabel(self.tr("Excel workbooks for the team and for each participant. Exports only read the "
                               "workshop: a read-only library exports too."))  # fmt: skip
        intro.setObjectName("emptyHint")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        jobs = QGridLayout()
        jobs.setHorizontalSpacing(16)
        jobs.setVerticalSpacing(10)
        jobs.setColumnStretch(1, 1)
        self.team_button = self._job_button(self.tr("Team workbook…"), TEAM_KEYS, "exportTeam",
                                            self.tr("Export the team workbook"), self.export_team)  # fmt: skip
        jobs.addWidget(self.team_button, 0, 0)
        jobs.addWidget(self._note(self.tr("Every stage's figures, native charts and the action plan, ready to print "
                                          "and forward.")), 0, 1)  # fmt: skip

        self.participant_action = self.page_action(self.tr("Export one participant's workbook…"), PARTICIPANT_KEYS,
                                                   self.export_participant)  # fmt: skip
        self.participant_button = self._job_button(
            self.tr("One participant…"), PARTICIPANT_KEYS, "exportParticipant", self.participant_action.text(),
            self.participant_action.trigger)  # fmt: skip
        self.participant_combo = QComboBox()
        self.participant_combo.setObjectName("exportParticipantName")
        self.participant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.participant_combo.setMinimumContentsLength(16)
        self.participant_combo.setToolTip(self.tr("Whose plan to export"))
        self.participant_combo.currentIndexChanged.connect(lambda _i: self._update_enabled())
        jobs.addWidget(self.participant_button, 1, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        jobs.addWidget(self.participant_combo, 1, 1, Qt.AlignmentFlag.AlignLeft)
        jobs.addWidget(self._note(self.tr("Their own plan: their actions by deadline and the outcomes they answer "
                                          "for.")), 2, 1)  # fmt: skip

        self.all_action = self.page_action(self.tr("Export every participant's workbook into a folder…"), ALL_KEYS,
                                           self.export_all)  # fmt: skip
        self.all_button = self._job_button(self.tr("All participants…"), ALL_KEYS, "exportAll",
                                           self.all_action.text(), self.all_action.trigger)  # fmt: skip
        jobs.addWidget(self.all_button, 3, 0)
        jobs.addWidget(self._note(self.tr("One workbook per participant, named after them, into a folder you "
                                          "choose.")), 3, 1)  # fmt: skip
        self.nobody_hint = QLabel(self.tr("No participants yet: add them in Stakeholders (Ctrl+3) to export their "
                                          "plans."))  # fmt: skip
        self.nobody_hint.setObjectName("emptyHint")
        self.nobody_hint.setWordWrap(True)
        jobs.addWidget(self.nobody_hint, 4, 0, 1, 2)
        layout.addLayout(jobs)

        self.progress_box = QWidget()
        self.progress_box.setObjectName("exportProgressBox")
        running = QHBoxLayout(self.progress_box)
        running.setContentsMargins(0, 4, 0, 4)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("exportPart")
        self.progress_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("Saving Ana Lopez.xlsx (12 of 12)"))
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.cancel_action = self.page_action(self.tr("Cancel the export"), CANCEL_KEYS, self.cancel)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setObjectName("exportCancel")
        self.cancel_button.setToolTip(self.tr("Stop after the part being written; finished files are kept whole"))
        self.cancel_button.clicked.connect(self.cancel)
        running.addWidget(self.progress_label)
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.progress_box.hide()
        layout.addWidget(self.progress_box)

        self.summary = ExportSummary()
        self.summary.hide()
        layout.addWidget(self.summary, 1)
        self.spacer = QWidget()  # takes the height until there is a summary to show
        layout.addWidget(self.spacer, 1)

        for_browsing(self.team_button, self.participant_button, self.participant_combo, self.all_button,
                     self.cancel_button, self.summary.open_file_button, self.summary.open_folder_button,
                     self.participant_action,
                     self.all_action, self.cancel_action)  # fmt: skip
        self.refresh()

    def _job_button(self, text: str, keys: str, name: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(f"{text}\n{keys}")
        button.setObjectName("exportJob")
        button.setAccessibleName(text)
        button.setProperty("job", name)
        button.setToolTip(f"{tip} ({keys})")
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance("All participants…") * 3 // 2 + 40)
        button.clicked.connect(slot)  # type: ignore[arg-type]
        return button

    @staticmethod
    def _note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return label

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        names = [p.name for p in self.session.workshop.participants]
        combo = self.participant_combo
        listed = [combo.itemText(i) for i in range(combo.count())]
        if listed != names:
            chosen = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            keep = next((i for i, n in enumerate(names) if name_key(n) == name_key(chosen)), 0)
            combo.setCurrentIndex(keep if names else -1)
            combo.blockSignals(False)
        self._update_enabled()

    def lock_editing(self) -> None:
        super().lock_editing()
        self._update_enabled()  # the jobs stay usable (they only read), but not while one runs or for nobody

    def _update_enabled(self) -> None:
        idle = self.run is None
        someone = bool(self.session.workshop.participants)
        self.team_button.setEnabled(idle)
        for widget in (self.participant_combo, self.participant_button, self.participant_action, self.all_button,
                       self.all_action):  # fmt: skip
            widget.setEnabled(idle and someone)
        self.nobody_hint.setVisible(not someone)
        cancellable = not idle and self.run is not None and not self.run.cancelling
        self.cancel_button.setEnabled(cancellable)
        self.cancel_action.setEnabled(cancellable)
        self.summary.set_idle(idle)

    def focus_view(self) -> None:
        self.team_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_item(self, ref: ItemRef) -> bool:
        if ref.kind is RefKind.PARTICIPANT and ref.key is not None:
            index = next((i for i in range(self.participant_combo.count())
                          if name_key(self.participant_combo.itemText(i)) == name_key(ref.key)), -1)  # fmt: skip
            if index >= 0:
                self.participant_combo.setCurrentIndex(index)
                self.participant_combo.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def key_hints(self) -> list[tuple[str, str]]:
        return [(self.tr("Enter in the list of files"), self.tr("Open the file written"))]

    # -- the folder -----------------------------------------------------------

    def last_folder(self) -> Path:
        """Where the dialogs start: the folder of the last export (kept across restarts), else Documents."""
        text = self.settings.get(S.LAST_EXPORT_FOLDER) if self.settings is not None else str(self._folder or "")
        if text and Path(text).is_dir():
            return Path(text)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember_folder(self, folder: Path) -> None:
        self._folder = folder
        if self.settings is not None:
            self.settings.set(S.LAST_EXPORT_FOLDER, str(folder))
            self.settings.sync()

    def _ask_file(self, caption: str, suggested: Path) -> Path | None:
        dialog = QFileDialog(self, caption, str(suggested), self.tr(XLSX_FILTER))
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setDefaultSuffix("xlsx")
        chosen = dialog.selectedFiles() if dialog.exec() else []
        dialog.deleteLater()
        self._back_to_page()
        if not chosen:
            return None
        path = Path(chosen[0])
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _ask_folder(self, caption: str) -> Path | None:
        dialog = QFileDialog(self, caption, str(self.last_folder()))
        dialog.setObjectName("exportFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        chosen = dialog.selectedFiles() if dialog.exec() else []
        dialog.deleteLater()
        self._back_to_page()
        return Path(chosen[0]) if chosen else None

    def _back_to_page(self) -> None:
        self.window().activateWindow()
        self.focus_view()

    # -- the three jobs -------------------------------------------------------

    def export_team(self) -> None:
        """Ask where, then write the team workbook (Ctrl+Shift+E, from any stage)."""
        if self.run is not None:
            return
        ws = self.session.workshop
        path = self._ask_file(self.tr("Export the team workbook"), self.last_folder() / team_file_name(ws.title))
        if path is None:
            return
        snapshot, timings = copy.deepcopy(ws), self.timings()
        self._start(ExportTarget("team", path),
                    lambda job: exports.export_team_workbook(snapshot, path, job, timings=timings))  # fmt: skip

    def timings(self) -> list[StageTiming]:
        """Time planned and used per stage now, a plain copy for the export's thread: the room's timer's when the
        window has one (it also holds what a read-only library keeps in memory only), else the library's."""
        room_timer = getattr(self.window(), "room_timer", None)
        timings = room_timer.timings() if room_timer is not None else None
        if timings is None:
            timings = TimerService(self.session.service).timings(self.session.workshop_id, self.session.workshop.agenda)
        return list(timings)

    def export_participant(self) -> None:
        """Ask where, then write the chosen participant's workbook, named as "All participants" names it."""
        ws = self.session.workshop
        index = self.participant_combo.currentIndex()
        if self.run is not None or not (0 <= index < len(ws.participants)):
            return
        name = ws.participants[index].name
        file_name = exports.participant_paths(ws, self.last_folder())[index][1].name
        path = self._ask_file(self.tr("Export %1's workbook").replace("%1", name), self.last_folder() / file_name)
        if path is None:
            return
        snapshot = copy.deepcopy(ws)
        self._start(ExportTarget("participant", path, name),
                    lambda job: exports.export_participant_workbook(snapshot, name, path, job))  # fmt: skip

    def export_all(self) -> None:
        """Ask for a folder, then write every participant's workbook into it."""
        ws = self.session.workshop
        if self.run is not None or not ws.participants:
            return
        folder = self._ask_folder(self.tr("Export every participant's workbook into a folder"))
        if folder is None:
            return
        snapshot = copy.deepcopy(ws)
        self._start(ExportTarget("all", folder), lambda job: exports.export_all_participants(snapshot, folder, job))

    def cancel(self) -> None:
        """Stop after the part being written: finished files are kept whole, no half file is left."""
        if self.run is None or self.run.cancelling:
            return
        self.run.cancel()
        self.progress_label.setText(self.tr("Cancelling…"))
        self._update_enabled()

    # -- the run --------------------------------------------------------------

    def _start(self, target: ExportTarget, call: ExportCall) -> None:
        self.remember_folder(target.folder)
        self.message_label.hide()
        self.target = target
        self.summary.clear()
        self.spacer.show()
        run = ExportRun(call)
        run.progressed.connect(self._progressed)
        run.finished.connect(self._finished)
        run.refused.connect(self._refused)
        run.failed.connect(self._failed)
        self.destroyed.connect(run.job.cancel.set)  # the workshop was closed mid-way: stop at the next part
        self.run = run
        self.progress.setRange(0, 0)  # busy until the first part is reported
        self.progress_label.setText(self.tr("Starting…"))
        self.progress_box.show()
        self._update_enabled()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        run.start()

    def _progressed(self, done: int, total: int, what: str) -> None:
        if self.run is None or self.run.cancelling:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))
        step = min(done + 1, total)
        self.progress_label.setText(self.tr("%1 (%2 of %3)").replace("%1", what).replace("%2", str(step))
                                    .replace("%3", str(total)) if done < total else self.tr("Done"))  # fmt: skip

    def _stopped(self) -> None:
        self.run = None
        self.progress_box.hide()

    def _finished(self, result: ExportResult) -> None:
        self._stopped()
        assert self.target is not None
        self.summary.show_result(self.target, result)
        self.spacer.hide()
        self._update_enabled()
        opener = self.summary.open_file_button
        (opener if opener.isEnabled() else self.team_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, text: str) -> None:
        self._stopped()
        self.message_label.setText(text)  # said even if the facilitator went to another stage meanwhile
        self.message_label.show()
        self._update_enabled()
        self.focus_view()

    def _failed(self, exc: BaseException) -> None:
        self._stopped()
        self._update_enabled()
        raise exc  # a programming error: to the error log and dialog, as any other
