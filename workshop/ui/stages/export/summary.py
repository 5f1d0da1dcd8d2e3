"""What the last export did, said on the page: the files written, what was cleaned, or that it was cancelled and
which files are kept; then the file or its folder opened with the desktop's program."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from workshop.services.exports import ExportResult

PATH_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class ExportTarget:
    """What a run writes, as the summary names it: the team's, one participant's, or everyone's into a folder."""

    kind: str  # "team" | "participant" | "all"
    path: Path  # the file, or the folder for "all"
    who: str = ""

    @property
    def folder(self) -> Path:
        return self.path if self.kind == "all" else self.path.parent


class ExportSummary(QWidget):
    """The files written (Enter or a double click opens one), the cleaning report, Open file and Open folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportSummary")
        self.target: ExportTarget | None = None
        self.result: ExportResult | None = None
        self._idle = True
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.status)
        self.files = QListWidget()
        self.files.setObjectName("exportFiles")
        self.files.setToolTip(self.tr("Double-click or press Enter to open a file"))
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the folder gives way, the file's name stays
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.itemActivated.connect(lambda _item: self.open_file())
        self.files.currentRowChanged.connect(lambda _row: self._update_enabled())
        box.addWidget(self.files, 2)
        self.cleaned_label = QLabel()
        self.cleaned_label.setObjectName("exportCleanedNote")
        self.cleaned_label.setWordWrap(True)
        box.addWidget(self.cleaned_label)
        self.cleaned = QListWidget()
        self.cleaned.setObjectName("exportCleaned")
        self.cleaned.setWordWrap(True)
        box.addWidget(self.cleaned, 1)
        opens = QHBoxLayout()
        self.open_file_button = QPushButton(self.tr("Open file"))
        self.open_file_button.setObjectName("exportOpenFile")
        self.open_file_button.setToolTip(self.tr("Open the selected file in Excel or the program set for .xlsx"))
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setObjectName("exportOpenFolder")
        self.open_folder_button.setToolTip(self.tr("Show the folder the files were written to"))
        self.open_folder_button.clicked.connect(self.open_folder)
        opens.addWidget(self.open_file_button)
        opens.addWidget(self.open_folder_button)
        opens.addStretch(1)
        box.addLayout(opens)

    def set_idle(self, idle: bool) -> None:
        """While an export runs, nothing is opened (the files listed are the last run's)."""
        self._idle = idle
        self._update_enabled()

    def _update_enabled(self) -> None:
        written = self._idle and self.result is not None and bool(self.result.written)
        self.open_file_button.setEnabled(written and self.files.currentRow() >= 0)
        self.open_folder_button.setEnabled(written)

    def clear(self) -> None:
        self.target = self.result = None
        self.hide()

    def show_result(self, target: ExportTarget, result: ExportResult) -> None:
        self.target, self.result = target, result
        self.status.setText(self._status(target, result))
        self.files.clear()
        for path in result.written:
            item = QListWidgetItem(str(path))
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.files.addItem(item)
        self.files.setVisible(bool(result.written))
        if result.written:
            self.files.setCurrentRow(0)
        self.cleaned.clear()
        self.cleaned.addItems(result.cleaned)
        self.cleaned.setVisible(bool(result.cleaned))
        if result.cleaned:
            self.cleaned_label.setText(self.tr("Cleaned on the way (a workbook cannot hold these as typed):"))
        else:
            self.cleaned_label.setText(self.tr("Nothing needed cleaning."))
        self.cleaned_label.setVisible(bool(result.written or result.cleaned))
        for button in (self.open_file_button, self.open_folder_button):
            button.setVisible(bool(result.written))
        self._update_enabled()
        self.show()

    def _status(self, target: ExportTarget, result: ExportResult) -> str:
        count = len(result.written)
        if result.cancelled and target.kind == "all":
            if not count:
                return self.tr("Cancelled before the first workbook was finished: nothing was written.")
            return self.tr("Cancelled. %1 finished workbook(s) are kept, each whole; no half file was left:").replace(
                "%1", str(count)
            )
        if result.cancelled:
            return self.tr("Cancelled: nothing was written; an earlier file there is unchanged.")
        if target.kind == "team":
            return self.tr("The team workbook is written:")
        if target.kind == "participant":
            return self.tr("%1's workbook is written:").replace("%1", target.who)
        return (
            self.tr("%1 participants' workbooks are written into %2:")
            .replace("%1", str(count))
            .replace("%2", str(target.path))
        )

    def chosen_file(self) -> Path | None:
        item = self.files.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None

    def open_file(self) -> None:
        path = self.chosen_file()
        if path is not None and self._idle:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_folder(self) -> None:
        if self.target is not None and self.result is not None and self.result.written and self._idle:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.target.folder)))
