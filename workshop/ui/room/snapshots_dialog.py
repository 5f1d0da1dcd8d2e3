"""The snapshots window (F12): the workshop's snapshots, newest first, and the difference between two of them, or
between one and now, in plain words grouped by stage, in type the room can read.

The window shows and asks; ``RoomSnapshots`` (``snapshots.py``) does the work through ``services.snapshots``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.diff import Change, group_changes
from workshop.domain.enums import STAGE_TITLES
from workshop.services.snapshots import SnapshotInfo

#: The comparison's type: read from the back of the room when the window is on the projector.
CHANGE_POINTS = 17
HEADING_POINTS = 21


def when(at: dt.datetime, today: dt.date | None = None) -> str:
    """A snapshot's time as the room's clock showed it when it was taken: "14:05" today, "3 May, 14:05" before."""
    today = today if today is not None else dt.datetime.now(at.tzinfo).date()
    return f"{at:%H:%M}" if at.date() == today else f"{at.day} {at:%b}, {at:%H:%M}"


def changes_html(title: str, changes: Sequence[Change], same: str) -> str:
    """The comparison: a title line, then a heading per stage and one change a line."""
    parts = [f'<p style="font-size:{CHANGE_POINTS}pt"><b>{escape(title)}</b></p>']
    if not changes:
        parts.append(f'<p style="font-size:{CHANGE_POINTS}pt">{escape(same)}</p>')
    for heading, lines in group_changes(changes):
        parts.append(f'<p style="font-size:{HEADING_POINTS}pt; margin-top:14px"><b>{escape(heading)}</b></p>')
        parts += [f'<p style="font-size:{CHANGE_POINTS}pt; margin:2px 0 2px 18px">{escape(line)}</p>' for line in lines]
    return "\n".join(parts)


class SnapshotsDialog(QDialog):
    """List, compare, restore and delete; the buttons say what they act on and why one is off."""

    compare_now_requested = Signal(int)
    compare_requested = Signal(int, int)  # older, newer
    restore_requested = Signal(int)
    delete_requested = Signal(int)
    take_requested = Signal()

    COLUMNS = ("Name", "Taken", "Stage", "Kind")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snapshotsDialog")
        self.setWindowTitle(self.tr("Snapshots"))
        self._snapshots: list[SnapshotInfo] = []
        self._writable = True
        #: Today, by the clock the snapshots are taken by (a fake one in tests).
        self.today: Callable[[], dt.date] = dt.date.today

        self.list = QTreeWidget()
        self.list.setObjectName("snapshotList")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item, _col: self._compare_now())

        self.take_button = QPushButton(self.tr("Take a snapshot…"))
        self.compare_now_button = QPushButton(self.tr("Compare with now"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.close_button = QPushButton(self.tr("Close"))
        self.take_button.clicked.connect(self.take_requested)
        self.compare_now_button.clicked.connect(self._compare_now)
        self.compare_button.clicked.connect(self._compare)
        self.restore_button.clicked.connect(lambda: self._one(self.restore_requested))
        self.delete_button.clicked.connect(lambda: self._one(self.delete_requested))
        self.close_button.clicked.connect(self.close)

        self.hint = QLabel()
        self.hint.setObjectName("snapshotHint")
        self.hint.setWordWrap(True)
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("snapshotReadOnly")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.hint)
        left_layout.addWidget(self.read_only_note)
        for row in (
            (self.compare_now_button, self.compare_button),
            (self.restore_button, self.delete_button),
            (self.take_button, self.close_button),
        ):
            line = QHBoxLayout()
            for button in row:
                line.addWidget(button)
            left_layout.addLayout(line)

        self.result = QTextBrowser()
        self.result.setObjectName("snapshotComparison")
        self.result.setOpenLinks(False)
        self.result.setPlaceholderText(
            self.tr("Select a snapshot and press Compare with now, or select two and press Compare.")
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.result)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._update_buttons()

    # -- what the controller tells it ------------------------------------------------------------

    def set_snapshots(self, snapshots: Sequence[SnapshotInfo], *, keep: Sequence[int] = ()) -> None:
        self._snapshots = list(snapshots)
        self.list.clear()
        for info in snapshots:
            kind = self.tr("automatic") if info.automatic else self.tr("named")
            stage = self.tr(STAGE_TITLES[info.stage]) if info.stage is not None else ""
            item = QTreeWidgetItem([info.name, when(info.taken_at, self.today()), stage, kind])
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(0, info.name)
            self.list.addTopLevelItem(item)
            if info.id in keep:
                item.setSelected(True)
        if not snapshots:
            self.hint.setText(self.tr("No snapshot yet: one is taken when you leave a stage, or press Shift+F12."))
        else:
            self.hint.setText(self.tr("Select one to compare it with now, or two to compare them."))
        self._update_buttons()

    def set_writable(self, writable: bool, reason: str = "") -> None:
        self._writable = writable
        self.read_only_note.setText(reason)
        self.read_only_note.setVisible(not writable)
        for button in (self.take_button, self.restore_button, self.delete_button):
            button.setToolTip("" if writable else reason)
        self._update_buttons()

    def show_changes(self, title: str, changes: Sequence[Change]) -> None:
        self.result.setHtml(changes_html(title, changes, self.tr("No difference: they are the same.")))

    def show_message(self, text: str) -> None:
        self.result.setHtml(f'<p style="font-size:{CHANGE_POINTS}pt">{escape(text)}</p>')

    def comparison_text(self) -> str:
        return self.result.toPlainText()

    # -- selection -----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The selected snapshots, in the list's order (newest first)."""
        rows = sorted(self.list.indexOfTopLevelItem(item) for item in self.list.selectedItems())
        return [self._snapshots[r].id for r in rows]

    def select(self, *ids: int) -> None:
        self.list.clearSelection()
        for row, info in enumerate(self._snapshots):
            if info.id in ids:
                self.list.topLevelItem(row).setSelected(True)

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        self.compare_now_button.setEnabled(n == 1)
        self.compare_button.setEnabled(n == 2)
        self.restore_button.setEnabled(n == 1 and self._writable)
        self.delete_button.setEnabled(n == 1 and self._writable)
        self.take_button.setEnabled(self._writable)

    def _compare_now(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.compare_now_requested.emit(ids[0])

    def _compare(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            newer, older = ids
            self.compare_requested.emit(older, newer)

    def _one(self, signal: Signal) -> None:  # type: ignore[type-arg]
        ids = self.selected_ids()
        if len(ids) == 1:
            signal.emit(ids[0])  # type: ignore[attr-defined]
