"""The capture dialog: park a topic or record a decision in a few keystrokes, from any stage.

The text is typed first (the focus is there); Ctrl+Enter or OK saves, Esc cancels. A refusal (an empty text,
a name too long) is said in the dialog, which stays open with everything typed, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from workshop.ui.room.notes_editors import NoteTextEdit, by_combo, datetime_edit
from workshop.ui.room.notes_model import FACILITATOR, as_datetime
from workshop.ui.widgets.message_line import MessageLine

#: Saves a note (text, by, at); returns None when saved, else the sentence saying why not.
SaveNote = Callable[[str, str, dt.datetime | None], str | None]


class NoteDialog(QDialog):
    """One parked topic or one decision: what, who, when."""

    def __init__(self, kind: str, choices: list[str], save: SaveNote, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.save = kind, save
        self.setObjectName("noteDialog")
        parking = kind == "parking_lot"
        self.setWindowTitle(self.tr("Park a topic") if parking else self.tr("Record a decision"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr("What should the room come back to later?") if parking else self.tr("What did the room decide?")
        )
        intro.setObjectName("panelTitle")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text_edit = NoteTextEdit()
        self.text_edit.setObjectName("noteText")
        self.text_edit.setPlaceholderText(
            self.tr("Type the topic; Enter starts a new line, Ctrl+Enter saves")
            if parking
            else self.tr("Type the decision; Enter starts a new line, Ctrl+Enter saves")
        )
        line = self.text_edit.fontMetrics().lineSpacing()
        self.text_edit.setMinimumHeight(line * 4 + 16)
        self.text_edit.save_requested.connect(self.accept)
        layout.addWidget(self.text_edit, 1)
        form = QFormLayout()
        self.by_combo = by_combo(choices, FACILITATOR)
        self.by_combo.setObjectName("noteBy")
        self.by_combo.setToolTip(self.tr("Who said it: the facilitator, a participant, or any name typed"))
        self.at_edit = datetime_edit(None)
        self.at_edit.setObjectName("noteAt")
        form.addRow(self.tr("&By:"), self.by_combo)
        form.addRow(self.tr("&When:"), self.at_edit)
        layout.addLayout(form)
        self.message = MessageLine(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Park it") if parking else self.tr("Record it"))
        ok.setToolTip(self.tr("Save (Ctrl+Enter); Ctrl+Z undoes it"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(line * 30)
        self.text_edit.setFocus()

    @property
    def ok_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> tuple[str, str, dt.datetime | None]:
        self.at_edit.interpretText()
        return (
            self.text_edit.toPlainText().strip(),
            self.by_combo.currentText().strip(),
            as_datetime(self.at_edit.dateTime()),
        )

    def accept(self) -> None:
        """Save and close; on a refusal say why here and keep everything typed."""
        text, by, at = self.values()
        if not text:
            self.message.say(
                self.tr("Write the topic first: the text is empty.")
                if self.kind == "parking_lot"
                else self.tr("Write the decision first: the text is empty.")
            )
            self.text_edit.setFocus()
            return
        refusal = self.save(text, by, at)
        if refusal is not None:
            self.message.say(refusal)
            return
        self.message.clear_message()
        super().accept()
