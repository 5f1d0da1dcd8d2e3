"""What every stage page offers the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.domain.refs import ItemRef
from workshop.ui.session import WorkshopSession


class StagePage(QWidget):
    """A stage's page. It redraws from ``session`` on ``refresh`` and can select an item for a check."""

    stage: Stage

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"stage-{self.stage.value}")

    def refresh(self) -> None:
        """Redraw from the session's current workshop (after any edit, undo or redo)."""

    def focus_item(self, ref: ItemRef) -> bool:
        """Select the item a check names, e.g. ``ItemRef(RefKind.PARTICIPANT, "Ana")``; False when this page has
        no such item."""
        return False


class NotBuiltStagePage(StagePage):
    """A stage that is not built yet says so plainly (no fake content)."""

    def __init__(self, stage: Stage, session: WorkshopSession, parent: QWidget | None = None) -> None:
        self.stage = stage
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("%1 is not built yet.").replace("%1", STAGE_TITLES[stage]))
        title.setObjectName("stageTitle")
        note = QLabel(
            self.tr(
                "This stage comes in a later version. Its checks are already computed: "
                "they are listed in the checks panel."
            )
        )
        note.setWordWrap(True)
        for label in (title, note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addStretch(2)
