"""The workshop as the room sees it: stage navigator, the stage page, the live checks."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.checks import CheckResult
from workshop.domain.enums import STAGE_TITLES, Severity, Stage
from workshop.export import palette
from workshop.ui.session import WorkshopSession
from workshop.ui.settings import AppSettings
from workshop.ui.stages.base import StagePage

STAGES = list(Stage)
ERROR_COLOUR = QColor(palette.SEVERITY_TEXT_COLOURS[Severity.ERROR])
WARNING_COLOUR = QColor(palette.SEVERITY_TEXT_COLOURS[Severity.WARNING])
READY_COLOUR = QColor(palette.READY_TEXT_COLOUR)
CHECK_ROLE = Qt.ItemDataRole.UserRole + 1


def make_stage_page(stage: Stage, session: WorkshopSession, settings: AppSettings | None = None) -> StagePage:
    if stage is Stage.SETUP:
        from workshop.ui.stages.setup import SetupStagePage

        return SetupStagePage(session)
    if stage is Stage.OUTCOMES:
        from workshop.ui.stages.outcomes import OutcomesStagePage

        return OutcomesStagePage(session, settings)
    if stage is Stage.STAKEHOLDERS:
        from workshop.ui.stages.stakeholders.page import StakeholdersStagePage

        return StakeholdersStagePage(session)
    if stage is Stage.CHANNELS:
        from workshop.ui.stages.channels.page import ChannelsStagePage

        return ChannelsStagePage(session, settings)
    if stage is Stage.RESILIENCE:
        from workshop.ui.stages.resilience.page import ResilienceStagePage

        return ResilienceStagePage(session)
    if stage is Stage.PLAN:
        from workshop.ui.stages.plan.page import PlanStagePage

        return PlanStagePage(session)
    from workshop.ui.stages.export.page import ExportStagePage

    return ExportStagePage(session, settings)


class StageNavigator(QListWidget):
    """The seven stages, each with a ready / n-issues badge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageNavigator")
        self.setSpacing(2)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for stage in STAGES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, stage.value)
            item.setSizeHint(QSize(200, 64))
            self.addItem(item)

    def update_badges(self, session: WorkshopSession) -> None:
        for row, stage in enumerate(STAGES):
            errors, warnings = session.stage_counts(stage)
            item = self.item(row)
            title = f"{row + 1}  {self.tr(STAGE_TITLES[stage])}"
            if errors:
                badge, colour = self.tr("✖ %1 to fix").replace("%1", str(errors)), ERROR_COLOUR
            elif warnings:
                badge, colour = self.tr("✔ %1 to review").replace("%1", str(warnings)), WARNING_COLOUR
            else:
                badge, colour = self.tr("✔ ready"), READY_COLOUR
            item.setText(f"{title}\n    {badge}")
            item.setForeground(QBrush(colour))
            item.setToolTip(
                self.tr("%1: %2 error(s), %3 warning(s)")
                .replace("%1", STAGE_TITLES[stage])
                .replace("%2", str(errors))
                .replace("%3", str(warnings))
            )


def _same_finding(a: CheckResult, b: CheckResult) -> bool:
    """The same finding across edits: its message may change ("2 Accountable" to "3"), its code and item not."""
    return (a.code, a.item) == (b.code, b.item)


class ChecksPanel(QWidget):
    """Every check that fires, live; activating one goes to its stage and item."""

    check_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel(self.tr("Checks"))
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        header = QHBoxLayout()
        self.stage_only = QPushButton(self.tr("This stage"))
        self.all_stages = QPushButton(self.tr("All"))
        group = QButtonGroup(self)
        for b in (self.stage_only, self.all_stages):
            b.setCheckable(True)
            b.setObjectName("filterButton")
            group.addButton(b)
            header.addWidget(b)
        self.all_stages.setChecked(True)
        group.buttonToggled.connect(lambda *_: self._fill())
        header.addStretch(1)
        layout.addLayout(header)
        self.list = QListWidget()
        self.list.setObjectName("checksList")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A large workshop has a thousand findings of wrapped text: lay them out a batch at a time, so an edit
        # repaints at once and the rest of the list follows while the room looks.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(60)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        layout.addWidget(self.list, 1)
        self.masked = QLabel()
        self.masked.setObjectName("emptyHint")
        self.masked.setWordWrap(True)
        self.masked.hide()
        layout.addWidget(self.masked)
        self._checks: list[CheckResult] = []
        self._shown: list[CheckResult] = []
        self._stage = Stage.SETUP

    def set_checks(self, checks: list[CheckResult], stage: Stage, masked: int = 0) -> None:
        """``masked``: how many checks are held back while the tally is hidden (said, never listed)."""
        self._checks, self._stage = checks, stage
        if masked:
            text = self.tr("1 check is hidden until the tally is revealed.") if masked == 1 else self.tr(
                "%1 checks are hidden until the tally is revealed.").replace("%1", str(masked))  # fmt: skip
            self.masked.setText(text)
        self.masked.setVisible(bool(masked))
        self._fill()

    def _fill(self) -> None:
        """Show the checks; the current one and the scroll position stay where they were (F6, arrows, Enter)."""
        shown = [c for c in self._checks if self.all_stages.isChecked() or c.stage is self._stage]
        if shown == self._shown and self.list.count():
            return
        self._shown = shown
        errors = sum(c.severity is Severity.ERROR for c in shown)
        self.title.setText(
            self.tr("Checks: %1 error(s), %2 warning(s)")
            .replace("%1", str(errors))
            .replace("%2", str(len(shown) - errors))
        )
        current = self.list.currentItem()
        was = current.data(CHECK_ROLE) if current is not None else None
        row, scroll = self.list.currentRow(), self.list.verticalScrollBar().value()
        self.list.setUpdatesEnabled(False)
        if not shown:
            self.list.clear()
            item = QListWidgetItem(self.tr("Nothing to fix here."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
            self.list.setUpdatesEnabled(True)
            return
        listed = [self.list.item(i).data(CHECK_ROLE) for i in range(self.list.count())]
        if None in listed:  # the "nothing to fix" line
            self.list.clear()
            listed = []
        # Only the findings that came or went change the list: a thousand of them are not made again per edit.
        matcher = SequenceMatcher(None, listed, shown, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            for i in range(i2 - 1, i1 - 1, -1):
                self.list.takeItem(i)
            for offset, check in enumerate(shown[j1:j2]):
                self.list.insertItem(i1 + offset, self._item(check))
        if row >= 0:
            same = next((i for i, c in enumerate(shown) if was is not None and _same_finding(c, was)), None)
            self.list.setCurrentRow(same if same is not None else min(row, len(shown) - 1))
        self.list.verticalScrollBar().setValue(scroll)
        self.list.setUpdatesEnabled(True)

    @staticmethod
    def _item(check: CheckResult) -> QListWidgetItem:
        error = check.severity is Severity.ERROR
        mark = "✖" if error else "▲"
        item = QListWidgetItem(f"{mark}  {STAGE_TITLES[check.stage]} · {check.subject}\n{check.message}")
        item.setForeground(QBrush(ERROR_COLOUR if error else WARNING_COLOUR))
        item.setToolTip(check.code)
        item.setData(CHECK_ROLE, check)
        return item

    def _activate(self, item: QListWidgetItem) -> None:
        check = item.data(CHECK_ROLE)
        if check is not None:
            self.check_activated.emit(check)


class WorkshopView(QWidget):
    """Header, navigator | stage page | checks, all following one WorkshopSession."""

    back_requested = Signal()
    #: The stage now shown (a Stage), after the facilitator moved to it: the timer and snapshots follow it.
    stage_shown = Signal(object)

    def __init__(
        self,
        session: WorkshopSession,
        read_only_reason: str = "",
        parent: QWidget | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workshopView")
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = self.header = QHBoxLayout()  # the room's tools add theirs here (the timer)
        self.back_button = QPushButton(self.tr("◀ Library"))
        self.back_button.setToolTip(self.tr("Back to the library (Ctrl+W)"))
        self.back_button.clicked.connect(self.back_requested)
        header.addWidget(self.back_button)
        self.title = QLabel()
        self.title.setObjectName("workshopTitle")
        header.addWidget(self.title, 1)
        self.saved = QLabel()
        self.saved.setObjectName("savedIndicator")
        header.addWidget(self.saved)
        layout.addLayout(header)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_banner.setText(
            self.tr("Read-only: you can look, not change. %1")
            .replace("%1", read_only_reason or self.tr("The library was opened read-only."))
            .strip()
        )
        self.read_only_banner.setVisible(session.read_only)
        layout.addWidget(self.read_only_banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.navigator = StageNavigator()
        self.pages = QStackedWidget()
        self.stage_pages: dict[Stage, StagePage] = {}
        for stage in STAGES:
            page = make_stage_page(stage, session, settings)
            self.stage_pages[stage] = page
            self.pages.addWidget(page)
        self.checks = ChecksPanel()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.checks)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        layout.addWidget(self.splitter, 1)

        self.navigator.currentRowChanged.connect(self._stage_changed)
        self.checks.check_activated.connect(self.go_to_check)
        session.changed.connect(lambda _tables: self.refresh())
        session.tally_hidden_changed.connect(lambda _hidden: self.refresh())
        self.navigator.setCurrentRow(0)
        self.refresh()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Keep the navigator and checks panel in proportion when the window changes size."""
        super().resizeEvent(event)
        width = self.width()
        if not getattr(self, "_sized", False) and width > 0:
            nav, checks = max(220, int(width * 0.15)), max(280, int(width * 0.22))
            self.splitter.setSizes([nav, max(400, width - nav - checks), checks])
            self._sized = True

    @property
    def stage(self) -> Stage:
        return STAGES[max(0, self.navigator.currentRow())]

    def go_to_stage(self, stage: Stage) -> None:
        self.navigator.setCurrentRow(STAGES.index(stage))

    def step_stage(self, steps: int) -> None:
        row = max(0, min(len(STAGES) - 1, self.navigator.currentRow() + steps))
        self.navigator.setCurrentRow(row)

    def go_to_check(self, check: CheckResult) -> None:
        self.go_to_stage(check.stage)
        self.stage_pages[check.stage].focus_check(check)

    def _stage_changed(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        self.checks.set_checks(self.session.shown_checks, STAGES[row], self.session.masked_checks)
        self.stage_shown.emit(STAGES[row])

    def refresh(self) -> None:
        ws = self.session.workshop
        self.title.setText(ws.title or self.tr("(untitled workshop)"))
        self.navigator.update_badges(self.session)
        self.checks.set_checks(self.session.shown_checks, self.stage, self.session.masked_checks)
        self.set_saved(self.session.loaded.updated_at)

    def set_saved(self, when: dt.datetime | None) -> None:
        if self.session.service.library.read_only:
            self.saved.setText(self.tr("Read-only"))
        else:
            stamp = when.strftime("%H:%M:%S") if when else ""
            self.saved.setText(self.tr("✔ All changes saved %1").replace("%1", stamp).strip())
