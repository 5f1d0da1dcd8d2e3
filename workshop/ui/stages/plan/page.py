"""The action plan stage: decisions become work with a name and a date on it.

Actions (Alt+A): the table, typed into (F2 or typing edits a cell; owner and status from a list, due from a
calendar), filtered by owner, department, outcome, status and "overdue only"; Generate… previews what generating
would add, then adds it all as one edit; Ins adds, Ctrl+D duplicates, Delete deletes (a generated action's origin
is dismissed in the same edit), Ctrl+B edits the selected rows at once. Return (Alt+R), Workload (Alt+W) and the
Timeline (Alt+T) follow.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.enums import ActionStatus, Stage
from workshop.domain.plan import generated_actions
from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.text import name_key
from workshop.domain.validation import EFFORT_DAYS_MAX, MONEY_MAX
from workshop.ui.delegates import ComboBoxDelegate, DateDelegate, DoubleSpinBoxDelegate
from workshop.ui.item_list import action_button, size_rows
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.plan.actions_model import STATUS_TEXT, ActionFilter, ActionTableModel
from workshop.ui.stages.plan.dialogs import BulkEdit, DismissedOrigins, GeneratePreview
from workshop.ui.stages.plan.tables import ReturnModel, WorkloadModel
from workshop.ui.widgets.chart_canvas import ChartCanvas

M = ActionTableModel


def _read_only_table(model: object, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)  # type: ignore[arg-type]
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names give way, elided
    size_rows(table)
    return table


class PlanStagePage(StagePage):
    """Generated and manual actions, owners and dates, return, workload and the timeline."""

    stage = Stage.PLAN
    shows = frozenset({"action", "outcome", "channel", "participant", "department", "workshop", "dismissed_origin",
                       "raci", "choice"})  # fmt: skip

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout, self.message_label = self.page_layout()
        self.views = QTabWidget()
        self.views.setObjectName("planViews")
        layout.addWidget(self.views, 1)

        actions = QWidget()
        box = QVBoxLayout(actions)
        box.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.owner_filter, self.department_filter = QComboBox(), QComboBox()
        self.outcome_filter, self.status_filter = QComboBox(), QComboBox()
        pairs = ((self.tr("Owner"), self.owner_filter), (self.tr("Department"), self.department_filter),
                 (self.tr("Outcome"), self.outcome_filter), (self.tr("Status"), self.status_filter))  # fmt: skip
        for label, combo in pairs:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)  # long outcome titles would widen the window past a laptop's
            combo.setToolTip(self.tr("Show only the actions of this %1").replace("%1", label.lower()))
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
            filters.addWidget(combo)
        self.overdue_filter = QCheckBox(self.tr("&Overdue only"))
        self.overdue_filter.toggled.connect(lambda _on: self.apply_filters())
        filters.addStretch(1)
        box.addLayout(filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("planCount")

        self.model = ActionTableModel(session, self)
        self.proxy = ActionFilter(session, self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("actionTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)  # fmt: skip
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the workshop's order until a header is clicked
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # shares of the width: 3,000 rows
        size_rows(self.table)
        self.table.setItemDelegateForColumn(M.COL_OUTCOME, ComboBoxDelegate(
            lambda: [("", self.tr("(no outcome)")),
                     *((o.key, f"{o.key}  {o.title}") for o in self.session.workshop.outcomes)], self))  # fmt: skip
        self.table.setItemDelegateForColumn(M.COL_CHANNEL, ComboBoxDelegate(
            lambda: [("", self.tr("(no channel)")), *((c.name, c.name) for c in self.session.workshop.channels
                                                     if not c.retired)], self))  # fmt: skip
        self.table.setItemDelegateForColumn(M.COL_OWNER, ComboBoxDelegate(
            lambda: [("", self.tr("(no owner)")), *((p.name, p.name) for p in self.session.workshop.participants)],
            self))  # fmt: skip
        self.table.setItemDelegateForColumn(M.COL_STATUS, ComboBoxDelegate(
            lambda: [(s.value, self.tr(STATUS_TEXT[s])) for s in ActionStatus], self))  # fmt: skip
        self.table.setItemDelegateForColumn(M.COL_DUE, DateDelegate(self))
        self.table.setItemDelegateForColumn(M.COL_COST, DoubleSpinBoxDelegate(0, MONEY_MAX, step=100, parent=self))
        self.table.setItemDelegateForColumn(M.COL_EFFORT, DoubleSpinBoxDelegate(0, EFFORT_DAYS_MAX, step=0.5,
                                                                                decimals=1, parent=self))  # fmt: skip
        box.addWidget(self.table, 1)

        self.generate_action = self.page_action(self.tr("Generate the plan…"), "Ctrl+G", self.generate)
        self.add_action = self.page_action(self.tr("Add an action"), "Ins", self.add_new)
        self.duplicate_action = self.page_action(self.tr("Duplicate the action"), "Ctrl+D", self.duplicate)
        self.bulk_action = self.page_action(self.tr("Edit the selected actions…"), "Ctrl+B", self.bulk_edit)
        self.dismissed_action = self.page_action(self.tr("Dismissed generated actions…"), "Ctrl+Shift+D",
                                                 self.show_dismissed)  # fmt: skip
        self.delete_action = self.page_action(self.tr("Delete the selected actions"), "Del", self.delete_selected)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        buttons = QHBoxLayout()
        short = ((self.generate_action, self.tr("Generate…")), (self.add_action, self.tr("Add")),
                 (self.duplicate_action, self.tr("Duplicate")), (self.delete_action, self.tr("Delete")),
                 (self.bulk_action, self.tr("Edit…")),
                 (self.dismissed_action, self.tr("Dismissed…")))  # fmt: skip
        for action, text in short:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.text()} ({keys})")
            buttons.addWidget(action_button(action, text))
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.legend = QLabel(self.tr("Red: overdue (due before today, not done) · amber: blocked"))
        self.legend.setObjectName("emptyHint")
        self.legend.setWordWrap(True)
        foot = QHBoxLayout()
        foot.addWidget(self.overdue_filter)
        foot.addWidget(self.count_label)
        foot.addWidget(self.legend, 1)
        box.addLayout(foot)
        self.views.addTab(actions, self.tr("&Actions"))

        self.returns = ReturnModel(session, self)
        self.return_table = _read_only_table(self.returns, "returnTable")
        self.views.addTab(self.return_table, self.tr("&Return"))
        self.workload = WorkloadModel(session, self)
        self.workload_table = _read_only_table(self.workload, "planWorkload")
        self.views.addTab(self.workload_table, self.tr("&Workload"))
        self.timeline = ChartCanvas(file_name="timeline.png")
        self.timeline.set_figure_factory(self._timeline_figure)
        self.views.addTab(self.timeline, self.tr("&Timeline"))

        for_browsing(self.owner_filter, self.department_filter, self.outcome_filter, self.status_filter,
                     self.overdue_filter, self.timeline.save_action, self.dismissed_action)  # fmt: skip
        self.views.currentChanged.connect(self.view_changed)
        session.refused.connect(self.show_message)
        self.refresh()

    #: Each column's share of the table's width (the title takes the most; sized without reading 3,000 rows).
    SHARES: ClassVar[dict[int, float]] = {
        M.COL_TITLE: 0.27, M.COL_OUTCOME: 0.05, M.COL_CHANNEL: 0.12, M.COL_OWNER: 0.12, M.COL_DUE: 0.09,
        M.COL_COST: 0.08, M.COL_EFFORT: 0.04, M.COL_STATUS: 0.06, M.COL_ORIGIN: 0.17,
    }  # fmt: skip

    #: What a column must show whole (past that the table scrolls sideways).
    LEAST: ClassVar[dict[int, str]] = {
        M.COL_TITLE: "Launch the moderated forum", M.COL_OUTCOME: "O10", M.COL_CHANNEL: "Email newsletter",
        M.COL_OWNER: "Felix Neumann", M.COL_DUE: "2027-03-31", M.COL_COST: "18,000 EUR", M.COL_EFFORT: "Days",
        M.COL_STATUS: "Blocked", M.COL_ORIGIN: "from the choice of",
    }  # fmt: skip

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_columns)  # once the table has its new size

    def fit_columns(self) -> None:
        width, metrics = self.table.viewport().width(), self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for column, share in self.SHARES.items():
            header.resizeSection(column, max(int(width * share), metrics.horizontalAdvance(self.LEAST[column]) + 40))

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        self.model.today = dt.date.today()
        self.model.refresh()
        self._fill_filters()
        shown = self.views.currentWidget()
        if shown is self.return_table:  # a hidden table is brought up to date when its tab is opened
            self.returns.refresh()
        if shown is self.workload_table:
            self.workload.refresh()
        self.timeline.refresh()
        self._count()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, M.COL_TITLE))

    def _fill_filters(self) -> None:
        ws = self.session.workshop
        wanted = (
            (self.owner_filter, self.tr("All owners"), [(p.name, p.name) for p in ws.participants]),
            (self.department_filter, self.tr("All departments"), [(d.name, d.name) for d in ws.departments]),
            (self.outcome_filter, self.tr("All outcomes"), [(o.key, f"{o.key}  {o.title}") for o in ws.outcomes]),
            (self.status_filter, self.tr("All statuses"), [(s.value, self.tr(STATUS_TEXT[s])) for s in ActionStatus]),
        )
        for combo, everything, items in wanted:
            listed = [(combo.itemData(i), combo.itemText(i)) for i in range(1, combo.count())]
            if listed == items and combo.count():
                continue
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)

    def apply_filters(self) -> None:
        self.proxy.set_filters(owner=self.owner_filter.currentData() or "",
                               department=self.department_filter.currentData() or "",
                               outcome=self.outcome_filter.currentData() or "",
                               status=self.status_filter.currentData() or "",
                               overdue_only=self.overdue_filter.isChecked())  # fmt: skip
        self._count()

    def _count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        overdue = sum(1 for a in self.session.workshop.actions if a.due is not None and a.due < self.model.today
                      and a.status is not ActionStatus.DONE)  # fmt: skip
        text = self.tr("%1 actions · %2 overdue").replace("%1", f"{total:,}").replace("%2", f"{overdue:,}")
        if self.proxy.active():
            text += self.tr(" · showing %1").replace("%1", f"{shown:,}")
        self.count_label.setText(text)

    def _timeline_figure(self):  # type: ignore[no-untyped-def]
        from workshop.domain.timeline import timeline_data
        from workshop.export.charts import figure_for_timeline

        data = timeline_data(self.session.workshop, dt.date.today())
        return figure_for_timeline(data, dpi=self.timeline.fitted_dpi())

    def focus_view(self) -> None:
        widget = self.views.currentWidget()
        (self.table if widget is self.table.parentWidget() else widget).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the selection --------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return self.proxy.row_ids(rows)

    def select_id(self, action_id: int, column: int = M.COL_TITLE) -> None:
        row = self.model.row_of_id(action_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if not index.isValid():  # filtered out: show everything so the new one is seen
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, column))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def clear_filters(self) -> None:
        for combo in (self.owner_filter, self.department_filter, self.outcome_filter, self.status_filter):
            combo.setCurrentIndex(0)
        self.overdue_filter.setChecked(False)

    # -- actions --------------------------------------------------------------

    def generate(self) -> None:
        preview = GeneratePreview(generated_actions(self.session.workshop), self)
        accepted = preview.exec() == QDialog.DialogCode.Accepted and preview.add_button is not None
        preview.deleteLater()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if accepted:
            service, wid = self.session.service, self.session.workshop_id
            edit = self.session.apply(lambda: service.generate_plan(wid))
            if edit is not None and edit.result:
                self.select_id(int(edit.result[0]))

    def add_new(self) -> None:
        service, wid = self.session.service, self.session.workshop_id
        edit = self.session.apply(lambda: service.add("action", wid, title=self.tr("New action")))
        if edit is not None:
            self.select_id(int(edit.result))
            self.table.edit(self.table.currentIndex())

    def duplicate(self) -> None:
        ids = self.selected_ids()
        if ids:
            service = self.session.service
            edit = self.session.apply(lambda: service.duplicate_action(ids[0]))
            if edit is not None:
                self.select_id(int(edit.result))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        row = self.table.currentIndex().row()
        service, wid = self.session.service, self.session.workshop_id
        if self.session.apply(lambda: service.delete_actions(wid, ids)) is not None and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(min(max(row, 0), self.proxy.rowCount() - 1), M.COL_TITLE))

    def bulk_edit(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = BulkEdit(len(ids), [p.name for p in self.session.workshop.participants], self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        fields = dialog.changes(lambda name: self.session.id_of("participant", name)) if accepted else {}
        dialog.deleteLater()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if fields:
            service, wid = self.session.service, self.session.workshop_id
            self.session.apply(lambda: service.update_actions(wid, ids, **fields))

    def show_dismissed(self) -> None:
        dialog = DismissedOrigins(list(self.session.workshop.dismissed_origins), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and not self.session.read_only
        origin = dialog.chosen() if accepted else None
        dialog.deleteLater()
        if origin is not None:
            service, wid = self.session.service, self.session.workshop_id
            self.session.apply(lambda: service.bring_back_origin(wid, origin))

    def key_hints(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Alt+A, R, W, T"), self.tr("Open a view: the underlined letter of its tab")),
            (self.tr("F2 or typing"), self.tr("Actions: edit the cell (owner, status from a list; due: a calendar)")),
            (self.tr("Shift+click, Ctrl+click"), self.tr("Actions: select several rows for Ctrl+B or Delete")),
        ]

    def focus_item(self, ref: ItemRef) -> bool:
        self.refresh()
        self.views.setCurrentIndex(0)
        if ref.kind is RefKind.OUTCOME and ref.key is not None:
            self.clear_filters()
            key = next((o.key for o in self.session.workshop.outcomes if name_key(o.key) == name_key(ref.key)), ref.key)
            index = self.outcome_filter.findData(key)
            self.outcome_filter.setCurrentIndex(max(0, index))
            return True
        if ref.kind is RefKind.ACTION and ref.key is not None:
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, M.COL_TITLE).data() == ref.key:
                    self.table.setCurrentIndex(self.proxy.index(r, M.COL_TITLE))
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return False
