"""The stakeholders stage page: the RACI matrix with its fixes, the silo heatmap, power and interest, workload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workshop.domain.enums import Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.services.workshops import Edit
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.stakeholders.fixes import FixPanel
from workshop.ui.stages.stakeholders.matrix_panel import RaciMatrixPanel
from workshop.ui.stages.stakeholders.power_grid import PowerInterestGrid
from workshop.ui.stages.stakeholders.workload import WorkloadModel, workload_table
from workshop.ui.widgets.chart_canvas import ChartCanvas

#: Below this page height (a 1280x720 or 1600x900 window) the fixes fold to one line under the matrix.
SMALL_HEIGHT = 820


class StakeholdersStagePage(StagePage):
    """Who is Responsible, Accountable, Consulted and Informed for each outcome, where silos stand, who carries
    the load, and where each person sits on power and interest."""

    stage = Stage.STAKEHOLDERS
    shows = frozenset({"raci", "outcome", "participant", "department", "stakeholder", "workshop"})

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout, self.message_label = self.page_layout()
        self.views = QTabWidget()
        layout.addWidget(self.views, 1)

        self.matrix = RaciMatrixPanel(session)
        self.fixes = FixPanel(session)
        self.fixes.fixed.connect(self._after_fix)
        self.matrix.current_cell_changed.connect(self.fixes.show_for_cell)
        self.matrix_tab = QWidget()
        tab = QVBoxLayout(self.matrix_tab)
        tab.setContentsMargins(0, 0, 0, 0)
        tab.addWidget(self.matrix, 1)
        tab.addWidget(self.fixes, 0)
        self.views.addTab(self.matrix_tab, self.tr("RACI matrix"))
        self._fixes_open = False

        self.heatmap = ChartCanvas(file_name="silo-heatmap.png")
        self.heatmap.set_figure_factory(self._silo_heatmap)
        self.views.addTab(self.heatmap, self.tr("Silo heatmap"))
        self.power = PowerInterestGrid(session)
        self.views.addTab(self.power, self.tr("Power and interest"))
        self.workload_model = WorkloadModel(session, self)
        self.workload = workload_table(self.workload_model)
        self.views.addTab(self.workload, self.tr("Workload"))

        self.view_actions: list[QAction] = []
        for widget, text, keys in (
            (self.matrix_tab, self.tr("RACI matrix"), "Ctrl+Shift+M"),
            (self.heatmap, self.tr("Silo heatmap"), "Ctrl+Shift+H"),
            (self.power, self.tr("Power and interest grid"), "Ctrl+Shift+P"),
            (self.workload, self.tr("Workload"), "Ctrl+Shift+W"),
        ):
            self.view_actions.append(self.page_action(text, keys, lambda _c=False, w=widget: self.show_view(w)))
            self.views.setTabToolTip(self.views.indexOf(widget), f"{text} ({keys})")
        self.fix_action = self.page_action(self.tr("Fixes for the picked check"), "Ctrl+J", self.focus_fixes)
        self.matrix.fixes_button.clicked.connect(self.focus_fixes)
        for_browsing(*self.view_actions, self.fix_action, self.matrix.department_action, self.matrix.department_button,
                     self.matrix.fixes_button, self.heatmap.save_action)  # fmt: skip
        self.views.currentChanged.connect(lambda _i: self.refresh())
        session.refused.connect(self.show_message)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The fixes keep one height whatever the current cell offers (they scroll inside), so the matrix never
        jumps while the facilitator moves. On a small window they fold to one line
        and the key hint goes (F1 lists the keys)."""
        super().resizeEvent(event)
        small = self.is_small()
        self.matrix.hint.setVisible(not small)
        self.fixes.set_compact(small and not self._fixes_open)
        self._size_fixes()

    def _size_fixes(self) -> None:
        lines = self.fontMetrics().lineSpacing()
        # Unfolded: a title, the check's sentence and two fixes (more scroll), at most three tenths of the page.
        unfolded = max(3 * lines, min(8 * lines, self.height() * 3 // 10))
        self.fixes.setFixedHeight(3 * lines if self.fixes.compact else unfolded)

    def key_hints(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Arrows"), self.tr("RACI matrix: move; the typed role moves down to the next outcome")),
            (self.tr("Shift+Arrows"), self.tr("RACI matrix: select a block (a role key then sets it all)")),
            (self.tr("Click"), self.tr("RACI matrix: step a cell through R, A, C, I and empty")),
            (self.tr("Arrows"), self.tr("Power and interest: move the selected person by one")),
            (self.tr("Tab, Shift+Tab"), self.tr("Power and interest: next, previous person")),
            (self.tr("Esc"), self.tr("Power and interest: clear the selection")),
            (self.tr("Drag"), self.tr("Power and interest: place a person (snaps to whole numbers)")),
        ]

    def is_small(self) -> bool:
        return 0 < self.height() < SMALL_HEIGHT

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        self.matrix.refresh()
        self.fixes.refresh()
        current = self.views.currentWidget()
        if current is self.workload:
            self.workload_model.refresh()
        self.heatmap.refresh()  # rebuilt now when shown, else when next shown
        errors, warnings = self.session.stage_counts(Stage.STAKEHOLDERS)
        self.views.setTabText(0, self.tr("RACI matrix (%1 to fix)").replace("%1", str(errors + warnings))
                              if errors + warnings else self.tr("RACI matrix"))  # fmt: skip
        overloaded = len(self.workload_model.overloaded()) if current is self.workload else 0
        self.views.setTabText(3, self.tr("Workload (%1 over)").replace("%1", str(overloaded))
                              if overloaded else self.tr("Workload"))  # fmt: skip

    def show_view(self, widget: QWidget) -> None:
        self.views.setCurrentWidget(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if widget is self.matrix_tab:
            self.matrix.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_fixes(self) -> None:
        """Ctrl+J: to the fixes of the current cell; on a small screen it unfolds them, and a second Ctrl+J folds
        them again."""
        self.show_view(self.matrix_tab)
        if self.is_small():
            self._fixes_open = not self._fixes_open or self.fixes.compact
            self.fixes.set_compact(not self._fixes_open)
            self._size_fixes()
        self.fixes.show_for_cell(*self.matrix.current_place())
        if self.fixes.fix_buttons:
            self.fixes.fix_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _silo_heatmap(self):  # type: ignore[no-untyped-def]
        """The silo heatmap (matplotlib is imported here, when it is first shown)."""
        from workshop.domain.reports import silo_heatmap_data
        from workshop.export.charts import figure_for_silo_heatmap

        dpi = max(72.0, min(120.0, self.heatmap.width() / 9))
        return figure_for_silo_heatmap(silo_heatmap_data(self.session.workshop), dpi=dpi)

    # -- following checks and fixes -----------------------------------------------

    def _select_ref(self, ref: ItemRef) -> bool:
        if ref.key is None:
            return False
        if ref.kind is RefKind.OUTCOME:
            return self.matrix.select_outcome(ref.key)
        if ref.kind is RefKind.PARTICIPANT:
            return self.matrix.select_participant(ref.key)
        if ref.kind is RefKind.DEPARTMENT:
            return self.matrix.select_department(ref.key)
        return False

    def _after_fix(self, edit: Edit) -> None:
        self.matrix.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_item(self, ref: ItemRef) -> bool:
        self.refresh()
        if ref.kind is RefKind.STAKEHOLDER and ref.key is not None:
            self.show_view(self.power)
            self.power.select("stakeholder", ref.key)
            return True
        self.views.setCurrentWidget(self.matrix_tab)
        if not self._select_ref(ref):
            return False
        self.fixes.show_for_cell(*self.matrix.current_place())
        return True
