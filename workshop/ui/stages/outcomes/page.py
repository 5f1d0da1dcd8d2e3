"""The outcomes stage page: the table with its editor, templates, coaching, cards for the projector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from workshop.domain.enums import OutcomeCategory, Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.services.catalog import OutcomeTemplate
from workshop.ui.delegates import ComboBoxDelegate
from workshop.ui.item_list import ItemListPanel
from workshop.ui.session import WorkshopSession
from workshop.ui.settings import AppSettings
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.outcomes.cards import OutcomeCards
from workshop.ui.stages.outcomes.editor import OutcomeEditor
from workshop.ui.stages.outcomes.models import OutcomeTableModel, category_label
from workshop.ui.stages.outcomes.templates import TemplatePicker
from workshop.ui.widgets.chart_canvas import ChartCanvas
from workshop.ui.widgets.voting import VotingView


class OutcomesStagePage(StagePage):
    """Outcomes lead, platforms follow: what the business wants, its KPI, its value, and the room's priorities."""

    stage = Stage.OUTCOMES
    shows = frozenset({"outcome", "vote", "workshop", "channel", "participant", "department", "action"})

    def __init__(
        self, session: WorkshopSession, settings: AppSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.settings = settings
        layout, self.message_label = self.page_layout()
        self.views = QTabWidget()
        layout.addWidget(self.views, 1)

        self.model = OutcomeTableModel(session, self)
        self.panel = ItemListPanel(session, self.model, self.tr("Add an outcome: type its title, press Enter…"),
                                   self.tr("outcome"))  # fmt: skip
        self.panel.elastic_column = self.panel.keep_whole = OutcomeTableModel.COL_TITLE
        self.panel.hint.setText(self.tr("F2 edits · Delete removes · Alt+↑/↓ moves"))
        categories = [(c.value, category_label(c)) for c in OutcomeCategory]
        self.panel.view.setItemDelegateForColumn(
            OutcomeTableModel.COL_CATEGORY, ComboBoxDelegate(lambda: categories, self)
        )
        self.template_action = self.page_action(self.tr("From template…"), "Ctrl+T", self.add_from_template)
        self.duplicate_action = self.page_action(self.tr("Duplicate"), "Ctrl+D", self.duplicate_selected)
        self.cards_action = self.page_action(self.tr("Cards for the projector"), "F7", self.toggle_cards)
        extra = QHBoxLayout()
        for action, tip in ((self.template_action, self.tr("Add an outcome from a template (Ctrl+T)")),
                            (self.duplicate_action, self.tr("Duplicate the selected outcome (Ctrl+D)"))):  # fmt: skip
            button = QPushButton(action.text())
            button.setToolTip(tip)
            button.clicked.connect(action.trigger)
            extra.addWidget(button)
        extra.addStretch(1)
        self.panel.layout().insertLayout(1, extra)  # type: ignore[union-attr]

        self.editor = OutcomeEditor(session)
        self.editor.reframe_requested.connect(self.reframe_selected)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setWidget(self.editor)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.panel)
        self.split.addWidget(editor_scroll)
        self.split.setChildrenCollapsible(False)
        self.panel.view.setMinimumHeight(self.panel.view.verticalHeader().defaultSectionSize() * 4)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        editor_scroll.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        self.views.addTab(self.split, self.tr("Outcomes"))
        self.voting = VotingView(session, settings)
        self.views.addTab(self.voting, self.tr("Dot voting (F8)"))
        self.cards = OutcomeCards(session)
        self.views.addTab(self.cards, self.tr("Cards (F7)"))
        self.map = ChartCanvas(file_name="outcome-map.png")
        self.map.set_figure_factory(self._outcome_map)
        self.views.addTab(self.map, self.tr("Outcome map (F9)"))
        self.map_action = self.page_action(self.tr("Outcome map"), "F9", self.toggle_map)
        self.voting_action = self.page_action(self.tr("Dot voting"), "F8", self.toggle_voting)
        v = self.voting
        for_browsing(self.cards_action, self.map_action, self.voting_action, self.map.save_action, v.hide_action,
                     v.department_action, v.priority_action, v.next_action, v.previous_action, v.hide_button,
                     v.department_button, v.priority_button, v.participant_combo)  # fmt: skip
        self.voting.hidden_changed.connect(self._tally_hidden)
        self._tally_hidden(self.voting.is_hidden())
        self.views.currentChanged.connect(lambda _i: self.refresh())
        self.panel.view.selectionModel().currentRowChanged.connect(lambda *_: self._follow_selection())
        session.refused.connect(self.show_message)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Table and editor side by side when the page is wide enough (1920x1080), else one above the other."""
        super().resizeEvent(event)
        wide = self.width() >= 60 * self.fontMetrics().averageCharWidth() + 520
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
            extent = self.split.width() if wide else self.split.height()
            self.split.setSizes([extent * 3 // 5, extent * 2 // 5] if wide else [extent // 2, extent // 2])

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        self.panel.refresh()
        self._follow_selection()
        if self.views.currentWidget() is self.cards:
            self.cards.refresh()
        if self.views.currentWidget() is self.voting:
            self.voting.refresh()
        self.map.refresh()  # rebuilt now when shown, else when next shown
        count = len(self.session.workshop.outcomes)
        self.views.setTabText(0, self.tr("Outcomes (%1)").replace("%1", str(count)))
        has = self.panel.selected_id() is not None
        self.duplicate_action.setEnabled(has and not self.session.read_only)
        self.template_action.setEnabled(not self.session.read_only)

    def _follow_selection(self) -> None:
        if self.panel.selected_id() is None and self.model.rowCount():
            self.panel.select_row(0)  # something to edit from the first moment
        self.editor.show_outcome(self.panel.selected_id())

    def says_itself(self) -> bool:
        return self.views.currentWidget() is self.voting  # the grid says it beside itself

    # -- actions --------------------------------------------------------------

    def _pick_template(
        self, heading: str = "", exclude: frozenset[OutcomeCategory] = frozenset()
    ) -> OutcomeTemplate | None:
        picker = TemplatePicker(self, heading=heading, exclude=exclude)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        picker.deleteLater()
        self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)  # back where the facilitator was
        return picker.chosen if accepted else None

    def add_from_template(self) -> None:
        template = self._pick_template()
        if template is None:
            return
        service, wid = self.session.service, self.session.workshop_id
        fields = {"title": template.title, "category": template.category.value,
                  "kpi_metric": template.kpi_metric, "kpi_unit": template.unit}  # fmt: skip
        edit = self.session.apply(lambda: service.add_outcome(wid, **fields))
        if edit is not None:
            self.editor.hints[int(edit.result)] = template.value_hint
            self._select_id(int(edit.result))

    def reframe_selected(self) -> None:
        """Platform talk: replace the outcome's title, category and KPI with a business template, as one edit."""
        row_id = self.panel.selected_id()
        o = self.editor.outcome()
        if row_id is None or o is None:
            return
        template = self._pick_template(
            self.tr("What business result would “%1” bring? Pick the outcome it serves.").replace("%1", o.title),
            exclude=frozenset({OutcomeCategory.AWARENESS}),
        )
        if template is None:
            return
        service = self.session.service
        fields = {"title": template.title, "category": template.category.value,
                  "kpi_metric": template.kpi_metric, "kpi_unit": template.unit}  # fmt: skip
        if self.session.apply(lambda: service.update("outcome", row_id, **fields)) is not None:
            self.editor.hints[row_id] = template.value_hint
            self.editor.load()

    def duplicate_selected(self) -> None:
        row_id = self.panel.selected_id()
        if row_id is not None:
            service = self.session.service
            edit = self.session.apply(lambda: service.duplicate_outcome(row_id))
            if edit is not None:
                self._select_id(int(edit.result))

    def _tally_hidden(self, hidden: bool) -> None:
        """Anonymous voting hides the tally everywhere on the page: the dots column, the cards' order and dots."""
        self.model.hide_dots = self.cards.hide_dots = hidden
        self.refresh()

    def _outcome_map(self):  # type: ignore[no-untyped-def]
        """The chart of the outcome map (matplotlib is imported here, when the map is first shown)."""
        from workshop.domain.reports import outcome_map_data
        from workshop.export.charts import figure_for_outcome_map

        # Drawn about nine inches wide whatever the pane, so the type keeps its proportions at 1280x720 too.
        dpi = max(72.0, min(120.0, self.map.width() / 9))
        data = outcome_map_data(self.session.analysis, hide_dots=self.model.hide_dots)
        return figure_for_outcome_map(data, dpi=dpi)

    def toggle_map(self) -> None:
        self.views.setCurrentWidget(self.split if self.views.currentWidget() is self.map else self.map)

    def toggle_voting(self) -> None:
        self.views.setCurrentWidget(self.split if self.views.currentWidget() is self.voting else self.voting)

    def toggle_cards(self) -> None:
        self.views.setCurrentWidget(self.split if self.views.currentWidget() is self.cards else self.cards)

    def _select_id(self, row_id: int) -> None:
        row = self.model.row_of_id(row_id)
        if row is not None:
            self.panel.select_row(row)
            self.editor.show_outcome(row_id)

    def focus_item(self, ref: ItemRef) -> bool:
        self.refresh()
        self.views.setCurrentWidget(self.split)
        if ref.kind is not RefKind.OUTCOME:
            return False
        if ref.key is None:
            self.panel.quick_add.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not self.panel.select_name(ref.key):
            return False
        self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
