"""The line where a refused edit says why, beside what was edited; it stays until the next edit goes through."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class MessageLine(QLabel):
    """Hidden until a refusal; ``keep_room`` keeps its height when hidden, so what is below never moves (a
    facilitator clicking a cell would hit the next one)."""

    def __init__(self, parent: QWidget | None = None, *, keep_room: bool = False) -> None:
        super().__init__("X", parent)
        self.setObjectName("stageMessage")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if keep_room:
            self.ensurePolished()
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
        self.clear()
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()
