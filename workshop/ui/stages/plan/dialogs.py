"""The plan stage's dialogs: what generating would add (then add it all as one edit), the dismissed origins (bring
one back), and the bulk edit of the selected actions (owner, due, status)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.entities import Action
from workshop.domain.enums import ActionStatus
from workshop.domain.plan_report import origin_words
from workshop.ui.stages.plan.actions_model import NO_OWNER, STATUS_TEXT


class GeneratePreview(QDialog):
    """The actions generating would add, one a line; Enter adds them all as one undoable edit."""

    def __init__(self, actions: list[Action], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Generate the plan"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        if actions:
            text = self.tr("Generating adds these %1 actions, from the channel choices and the missing fallbacks; "
                           "nothing that is there already changes.").replace("%1", str(len(actions)))  # fmt: skip
        else:
            text = self.tr("Nothing to add: every action the choices and fallbacks call for is in the plan, or was "
                           "deleted and dismissed (Dismissed… brings one back).")  # fmt: skip
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("generatePreview")
        for a in actions:
            due = a.due.isoformat() if a.due else self.tr("no date")
            self.list.addItem(f"{a.title}   ·   {a.owner or NO_OWNER}   ·   {due}")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = None
        if actions:
            self.add_button = buttons.addButton(self.tr("Add %1 actions").replace("%1", str(len(actions))),
                                                QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
            self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class DismissedOrigins(QDialog):
    """The generated actions the room deleted; "Bring back" lets the next generation add one again."""

    def __init__(self, origins: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dismissed generated actions"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Deleting a generated action dismisses it, so generating again leaves it out. Bring "
                               "one back and the next generation adds it.") if origins else self.tr(
            "Nothing is dismissed: deleting a generated action puts it here."))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("dismissedOrigins")
        for origin in origins:
            item = QListWidgetItem(origin_words(origin))
            item.setData(Qt.ItemDataRole.UserRole, origin)
            item.setToolTip(origin)
            self.list.addItem(item)
        if origins:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.bring_back = buttons.addButton(self.tr("Bring back"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.bring_back.setEnabled(bool(origins))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class BulkEdit(QDialog):
    """Owner, due date and status for every selected action at once; what is left unticked stays as it is."""

    def __init__(self, count: int, participants: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit %1 actions").replace("%1", str(count)))
        form = QFormLayout(self)
        self.owner_on, self.owner = QCheckBox(self.tr("&Owner")), QComboBox()
        self.owner.addItem(self.tr("(no owner)"), "")
        for name in participants:
            self.owner.addItem(name, name)
        self.due_on, self.due = QCheckBox(self.tr("&Due")), QDateEdit(QDate.currentDate())
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.status_on, self.status = QCheckBox(self.tr("&Status")), QComboBox()
        for status in ActionStatus:
            self.status.addItem(self.tr(STATUS_TEXT[status]), status.value)
        for check, editor in ((self.owner_on, self.owner), (self.due_on, self.due), (self.status_on, self.status)):
            editor.setEnabled(False)
            check.toggled.connect(editor.setEnabled)
            check.toggled.connect(lambda on, e=editor: e.setFocus() if on else None)
            form.addRow(check, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self, owner_id: Any) -> dict[str, Any]:
        """The service fields the dialog sets; ``owner_id`` maps a participant's name to its id."""
        fields: dict[str, Any] = {}
        if self.owner_on.isChecked():
            name = self.owner.currentData()
            fields["owner_id"] = owner_id(name) if name else None
        if self.due_on.isChecked():
            date = self.due.date()
            fields["due"] = dt.date(date.year(), date.month(), date.day())
        if self.status_on.isChecked():
            fields["status"] = self.status.currentData()
        return fields
