"""Snapshots in the room: one taken when the facilitator leaves a stage, one on request with a name (Shift+F12), and
the snapshots window (F12) to compare and restore them.

An automatic snapshot is taken at most once a minute and only when the workshop changed since the latest snapshot,
so walking through the stages leaves no pile of copies. Restoring is one edit on the undo stack (Ctrl+Z brings the
state it replaced back). The clock is a plain callable, so tests drive the minute with a fake one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.snapshots import SnapshotInfo, SnapshotService, local_now
from workshop.ui.room import room_action
from workshop.ui.room.snapshots_dialog import SnapshotsDialog, when

if TYPE_CHECKING:
    from workshop.ui.main_window import MainWindow
    from workshop.ui.workshop_view import WorkshopView

#: The least time between two automatic snapshots.
AUTOMATIC_EVERY = dt.timedelta(minutes=1)


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """The wait cursor while a large workshop is read, compared or restored (seconds for hundreds of outcomes)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class RoomSnapshots(QObject):
    """The snapshots of the workshop shown: its two actions (Room menu), the automatic ones, the window."""

    def __init__(self, window: MainWindow, *, clock: Callable[[], dt.datetime] = local_now) -> None:
        super().__init__(window)
        self.window = window
        #: The wall clock (local, with its offset): names and times of snapshots, and the minute between automatic
        #: ones; tests put a fake one here.
        self.clock = clock
        self.view: WorkshopView | None = None
        self.service: SnapshotService | None = None
        self.dialog: SnapshotsDialog | None = None
        self._stage: Stage | None = None
        self._last_automatic: dt.datetime | None = None
        self._build_actions()
        window.workshop_opened.connect(self._opened)
        window.workshop_closing.connect(self._closing)

    def _build_actions(self) -> None:
        self.take_action = room_action(self.window, self.tr("Take a snapshot…"), "Shift+F12", triggered=self.take_named)
        self.window_action = room_action(self.window, self.tr("Snapshots…"), "F12", triggered=self.show_window)
        self._enable()

    @property
    def writable(self) -> bool:
        return self.service is not None and self.service.writable

    def read_only_reason(self) -> str:
        return self.tr(
            "This library is open read-only: snapshots can be browsed and compared here, not taken, restored or "
            "deleted."
        )

    def _enable(self) -> None:
        self.window_action.setEnabled(self.service is not None)
        self.take_action.setEnabled(self.writable)
        self.take_action.setToolTip("" if self.writable or self.service is None else self.read_only_reason())

    # -- following the workshop ----------------------------------------------------------------------

    def _opened(self, view: WorkshopView) -> None:
        self.view = view
        self.service = SnapshotService(view.session.service, self.clock)
        self._stage = view.stage
        self._last_automatic = None
        view.stage_shown.connect(self._stage_shown)
        self._enable()

    def _closing(self) -> None:
        if self.view is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.view.stage_shown.disconnect(self._stage_shown)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.view = self.service = None
        self._stage = None
        self._enable()

    def _stage_shown(self, stage: Stage) -> None:
        left, self._stage = self._stage, stage
        if left is not None and left is not stage:
            self.take_automatic(left)

    def take_automatic(self, left: Stage) -> SnapshotInfo | None:
        """ "Left Outcomes": at most one a minute, and only when the workshop changed since the latest snapshot."""
        if self.view is None or self.service is None or not self.writable:
            return None
        now = self.clock()
        if self._last_automatic is not None and now - self._last_automatic < AUTOMATIC_EVERY:
            return None
        name = self.tr("Left %1").replace("%1", self.tr(STAGE_TITLES[left]))
        try:
            taken = self.service.take(
                self.view.session.workshop_id, name, stage=left, automatic=True, only_if_changed=True
            )
        except REFUSALS as exc:
            self.window.statusBar().showMessage(describe_refusal(exc), 8000)
            return None
        if taken is not None:
            self._last_automatic = now
            self._refresh()
        return taken

    # -- on request -----------------------------------------------------------------------------------

    def take_named(self) -> SnapshotInfo | None:
        """Shift+F12: ask a name (the time by default), then keep the workshop as it is."""
        if self.view is None or self.service is None:
            return None
        if not self.writable:
            self._tell(self.read_only_reason())
            return None
        parent = self.dialog if self.dialog is not None and self.dialog.isVisible() else self.window
        default = self.tr("Snapshot %1").replace("%1", f"{self.clock():%H:%M}")
        name, ok = QInputDialog.getText(
            parent, self.tr("Take a snapshot"), self.tr("Name of the snapshot:"), QLineEdit.EchoMode.Normal, default
        )
        if not ok:
            return None
        try:
            taken = self.service.take(self.view.session.workshop_id, name.strip() or default, stage=self.view.stage)
        except REFUSALS as exc:
            self._tell(describe_refusal(exc))
            return None
        self.window.statusBar().showMessage(
            self.tr('Snapshot "%1" taken.').replace("%1", taken.name if taken else ""), 5000
        )
        self._refresh()
        return taken

    def show_window(self) -> SnapshotsDialog | None:
        if self.view is None or self.service is None:
            return None
        if self.dialog is None:
            self.dialog = SnapshotsDialog(self.window)
            self.dialog.today = self._today
            self.dialog.compare_now_requested.connect(self.compare_with_now)
            self.dialog.compare_requested.connect(self.compare)
            self.dialog.restore_requested.connect(self.restore)
            self.dialog.delete_requested.connect(self.delete)
            self.dialog.take_requested.connect(self.take_named)
            width = min(1500, self.window.width() - 40)
            self.dialog.resize(width, min(820, self.window.height() - 40))
            self.dialog.splitter.setSizes([width * 2 // 5, width * 3 // 5])  # the comparison gets the room
        self.dialog.set_writable(self.writable, self.read_only_reason())
        self._refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _today(self) -> dt.date:
        return self.clock().date()

    def _refresh(self) -> None:
        if self.dialog is None or self.service is None or self.view is None:
            return
        keep = self.dialog.selected_ids()
        self.dialog.set_snapshots(self.service.snapshots(self.view.session.workshop_id), keep=keep)

    def _tell(self, text: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_message(text)
        else:
            QMessageBox.information(self.window, self.tr("Snapshots"), text)

    # -- the window's requests ----------------------------------------------------------------------------

    def compare_with_now(self, snapshot_id: int) -> None:
        if self.service is None or self.dialog is None:
            return
        try:
            info = self.service.info(snapshot_id)
            with busy():
                changes = self.service.changes_since(snapshot_id)
        except REFUSALS as exc:
            self.dialog.show_message(describe_refusal(exc))
            return
        title = (
            self.tr('From "%1" (%2) to now').replace("%1", info.name).replace("%2", when(info.taken_at, self._today()))
        )
        self.dialog.show_changes(title, changes)

    def compare(self, older_id: int, newer_id: int) -> None:
        if self.service is None or self.dialog is None:
            return
        try:
            older, newer = self.service.info(older_id), self.service.info(newer_id)
            with busy():
                changes = self.service.changes_between(older_id, newer_id)
        except REFUSALS as exc:
            self.dialog.show_message(describe_refusal(exc))
            return
        title = (
            self.tr('From "%1" (%2) to "%3" (%4)')
            .replace("%1", older.name)
            .replace("%2", when(older.taken_at, self._today()))
            .replace("%3", newer.name)
            .replace("%4", when(newer.taken_at, self._today()))
        )
        self.dialog.show_changes(title, changes)

    def restore(self, snapshot_id: int) -> None:
        """Confirm, then restore as one undoable edit; the state it replaces is kept as a snapshot first."""
        if self.service is None or self.view is None or self.dialog is None:
            return
        service = self.service
        try:
            info = service.info(snapshot_id)
        except REFUSALS as exc:
            self.dialog.show_message(describe_refusal(exc))
            return
        answer = QMessageBox.question(
            self.dialog,
            self.tr("Restore snapshot"),
            self.tr(
                'Bring the workshop back to "%1" (%2)? What it is now is kept as a snapshot first, and Ctrl+Z '
                "undoes the restore."
            )
            .replace("%1", info.name)
            .replace("%2", when(info.taken_at, self._today())),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session = self.view.session
        refused: list[str] = []
        session.refused.connect(refused.append)
        try:
            with busy():
                edit = session.apply(lambda: service.restore(snapshot_id))
        finally:
            session.refused.disconnect(refused.append)
        self._refresh()
        if edit is None:
            self.dialog.show_message(" ".join(refused))
            return
        session.reload()  # every page shows the workshop as restored
        self.dialog.show_message(self.tr('Restored "%1". Press Ctrl+Z in the window to undo.').replace("%1", info.name))

    def delete(self, snapshot_id: int) -> None:
        if self.service is None or self.dialog is None:
            return
        try:
            info = self.service.info(snapshot_id)
        except REFUSALS as exc:
            self.dialog.show_message(describe_refusal(exc))
            return
        answer = QMessageBox.question(
            self.dialog,
            self.tr("Delete snapshot"),
            self.tr('Delete the snapshot "%1" (%2)? This cannot be undone.')
            .replace("%1", info.name)
            .replace("%2", when(info.taken_at, self._today())),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.delete(snapshot_id)
        except REFUSALS as exc:
            self.dialog.show_message(describe_refusal(exc))
            return
        self._refresh()
        self.dialog.show_message(self.tr("Snapshot deleted."))
