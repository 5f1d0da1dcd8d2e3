"""The resilience stage page: "keeping the likes on". The portfolio at a glance, then the views, each a tab with
an underlined letter: Scenarios (every demise, the worst first; selecting one lights up the outcomes it touches),
What-if (switch any owners and channels off at once), Remedies (one click each), and the charts: risk by owner,
reliance by outcome and channel, reliance by kind."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from workshop.domain.checks import CheckResult
from workshop.domain.enums import Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.resilience import what_if
from workshop.domain.text import name_key
from workshop.ui.item_list import size_rows
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.resilience.glance import PortfolioGlance
from workshop.ui.stages.resilience.models import OutcomeImpactModel, ScenarioTableModel
from workshop.ui.stages.resilience.remedies import RemediesView
from workshop.ui.stages.resilience.what_if import WhatIfView
from workshop.ui.widgets.chart_canvas import ChartCanvas


def _table(model: object, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    size_rows(table)
    return table


def _catalog() -> list:  # type: ignore[type-arg]
    from workshop.services.catalog import catalog_channels

    return catalog_channels()


class ResilienceStagePage(StagePage):
    """What happens when a platform or its owner dies, and the fix."""

    stage = Stage.RESILIENCE
    shows = frozenset({"outcome", "choice", "channel", "workshop", "action", "dismissed_origin", "raci",
                       "participant", "score", "rating", "criterion"})  # fmt: skip

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        layout, self.message_label = self.page_layout()
        self.glance = PortfolioGlance(session)
        layout.addWidget(self.glance)
        self.views = QTabWidget()
        self.views.setObjectName("resilienceViews")
        layout.addWidget(self.views, 1)

        self.scenarios = ScenarioTableModel(session, self)
        self.scenario_table = _table(self.scenarios, "scenarioTable")
        self.scenario_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.touched = OutcomeImpactModel(session, self)
        self.touched_table = _table(self.touched, "scenarioOutcomes")
        self.touched_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.scenario_table)
        split.addWidget(self.touched_table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.views.addTab(split, self.tr("&Scenarios"))
        self.scenario_table.selectionModel().currentRowChanged.connect(lambda *_: self._scenario_chosen())

        self.what_if = WhatIfView(session)
        self.views.addTab(self.what_if, self.tr("&What-if"))
        self.remedies = RemediesView(session, _catalog)
        self.remedies.applied.connect(self._remedy_applied)
        self.views.addTab(self.remedies, self.tr("Re&medies"))

        from workshop.domain import resilience_charts as data
        from workshop.ui.stages.resilience import charts

        self.owner_chart = ChartCanvas(file_name="risk-by-owner.png")
        self.owner_chart.set_figure_factory(lambda: charts.owner_risk(self.owner_chart, data.owner_risk_data(
            self.session.analysis)))  # fmt: skip
        self.views.addTab(self.owner_chart, self.tr("&Risk by owner"))
        self.heatmap = ChartCanvas(file_name="reliance.png")
        self.heatmap.set_figure_factory(lambda: charts.reliance(self.heatmap, data.reliance_heatmap_data(
            self.session.analysis)))  # fmt: skip
        self.views.addTab(self.heatmap, self.tr("Re&liance"))
        self.kinds_chart = ChartCanvas(file_name="reliance-by-kind.png")
        self.kinds_chart.set_figure_factory(lambda: charts.kinds(self.kinds_chart, data.kind_share_data(
            self.session.analysis)))  # fmt: skip
        self.views.addTab(self.kinds_chart, self.tr("By &kind"))

        self.reset_action = self.page_action(self.tr("What-if: switch everything back on"), "Ctrl+0",
                                             self.reset_what_if)  # fmt: skip
        for_browsing(self.reset_action, self.what_if.switches, self.owner_chart.save_action,
                     self.heatmap.save_action, self.kinds_chart.save_action)  # fmt: skip
        self.typed_into: dict[QWidget, QWidget] = {
            split: self.scenario_table, self.what_if: self.what_if.switches, self.remedies: self.remedies.scroll,
            self.owner_chart: self.owner_chart, self.heatmap: self.heatmap, self.kinds_chart: self.kinds_chart,
        }  # fmt: skip
        self.views.currentChanged.connect(self.view_changed)
        session.refused.connect(self.show_message)
        session.what_if_changed.connect(self._what_if_changed)
        self.refresh()

    #: Below this page height the glance's sentences keep two lines each.
    COMPACT_HEIGHT = 820

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.glance.set_compact(self.height() < self.COMPACT_HEIGHT)

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        self.glance.refresh()
        self.scenarios.refresh()
        if not self.scenario_table.currentIndex().isValid() and self.scenarios.rowCount():
            self.scenario_table.setCurrentIndex(self.scenarios.index(0, 0))
        self._scenario_chosen()
        self.what_if.refresh()
        self.remedies.refresh()
        for chart in (self.owner_chart, self.heatmap, self.kinds_chart):
            chart.refresh()  # built now when shown, else when next shown

    def _scenario_chosen(self) -> None:
        """The outcomes the selected scenario touches, lit up below it."""
        index = self.scenario_table.currentIndex()
        if not index.isValid():
            self.touched.set_result(None)
            return
        scenario = self.scenarios.scenario(index.row()).scenario
        names = {c.name for c in self.session.workshop.channels if name_key(c.name) in scenario.channels}
        self.touched.set_result(what_if(self.session.analysis, sorted(names)))

    def _what_if_changed(self) -> None:
        if self.isVisible():
            self.what_if.refresh()

    def _remedy_applied(self, _text: str) -> None:
        self.remedies.focus_first()  # the remedy's button is gone: the keyboard stays on the remedies

    # -- actions --------------------------------------------------------------

    def reset_what_if(self) -> None:
        self.session.set_what_if((), ())

    def focus_view(self) -> None:
        if self.views.currentWidget() is self.remedies:
            self.remedies.focus_first()
            return
        widget = self.typed_into.get(self.views.currentWidget())
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def key_hints(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Alt+S, W, M, R, L, K"), self.tr("Open a view: the underlined letter of its tab")),
            (self.tr("Space"), self.tr("What-if: switch the owner or channel off, or back on")),
            (self.tr("Tab, Enter"), self.tr("Remedies: go to a remedy, apply it")),
        ]

    def focus_check(self, check: CheckResult) -> bool:
        """W_NO_FALLBACK and W_STRANDED open the remedies for their outcome."""
        self.refresh()
        self.views.setCurrentWidget(self.remedies)
        button = next((b for r, b in self.remedies.buttons if name_key(r.outcome) == name_key(check.subject)), None)
        if button is not None:
            self.remedies.scroll.ensureWidgetVisible(button)
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_item(self, ref: ItemRef) -> bool:
        if ref.kind is not RefKind.OUTCOME or ref.key is None:
            return False
        self.views.setCurrentWidget(self.remedies)
        return True
