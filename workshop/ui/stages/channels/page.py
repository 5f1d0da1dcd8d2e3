"""The channels stage page: for the outcome picked, score its channels by keyboard with the ranking live, hear
each department's favourite through channel dots, choose primary, supporting and fallback channels on the
evidence, and see how far each weight may move (the stability chart and its sentences); beside them the
channel-level ratings, the criteria and weights, and the workshop's channels.

Each view is a tab with an underlined letter (Alt+letter): for the outcome picked, Scoring, Channel dots, Choices,
Ranking and Sensitivity; for every outcome, Ratings, Weights (criteria and weights) and Channels.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.checks import CheckResult
from workshop.domain.enums import Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.text import name_key
from workshop.ui.item_list import size_rows
from workshop.ui.session import WorkshopSession
from workshop.ui.settings import AppSettings
from workshop.ui.stages.base import StagePage, for_browsing
from workshop.ui.stages.channels.catalog import ChannelCatalogView
from workshop.ui.stages.channels.choices_view import ChoicesView, favourites_text
from workshop.ui.stages.channels.criteria import CriteriaEditor
from workshop.ui.stages.channels.ratings import RatingGrid
from workshop.ui.stages.channels.scoring import SCORE_MAX, SCORE_MIN, ScoreGridModel
from workshop.ui.widgets.chart_canvas import ChartCanvas
from workshop.ui.widgets.grid_parts import DigitGrid
from workshop.ui.widgets.voting import VotingView
from workshop.ui.widgets.voting.channel_dots import ChannelDotsModel


class ChannelsStagePage(StagePage):
    """Channels serve outcomes: for the outcome picked, score each channel 1-5 on the per-outcome criteria and see
    the ranking and how stable its first place is."""

    stage = Stage.CHANNELS
    shows = frozenset({"score", "rating", "channel", "criterion", "outcome", "workshop", "choice", "vote",
                       "participant", "department"})  # fmt: skip
    #: The outcome picked (its key; None when there is none), each time it changes: the presenter view follows it.
    outcome_shown = Signal(object)

    def __init__(
        self, session: WorkshopSession, settings: AppSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self._outcome_told: str | None = None
        layout, self.message_label = self.page_layout()
        top = QHBoxLayout()
        self.outcome_label = QLabel(self.tr("&Outcome:"))
        self.outcome_combo = QComboBox()
        self.outcome_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.outcome_combo.setToolTip(self.tr("The outcome being scored (Alt+PgDown / Alt+PgUp: next, previous)"))
        self.outcome_label.setBuddy(self.outcome_combo)
        self.outcome_combo.currentIndexChanged.connect(self._outcome_chosen)
        top.addWidget(self.outcome_label)
        top.addWidget(self.outcome_combo, 1)
        layout.addLayout(top)
        self.views = QTabWidget()
        self.views.setObjectName("channelViews")
        layout.addWidget(self.views, 1)

        self.model = ScoreGridModel(session, self)
        self.grid = DigitGrid()
        self.grid.setObjectName("scoreGrid")
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        size_rows(self.grid)
        self.grid.digit_typed.connect(self.type_score)
        self.clear_action = QAction(self.tr("Clear the score"), self.grid)
        self.clear_action.setShortcuts([QKeySequence("Del"), QKeySequence("Backspace")])
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.triggered.connect(lambda: self.type_score(None))
        self.grid.addAction(self.clear_action)
        scoring = QWidget()
        box = QVBoxLayout(scoring)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.grid, 1)
        self.hint = QLabel(
            self.tr("A digit 1-5 sets the score and moves on · Delete clears · Alt+PgDown: the next outcome · "
                    "the weights are on Weights (Alt+W)")
        )  # fmt: skip
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)
        self.views.addTab(scoring, self.tr("&Scoring"))

        self.dots_model = ChannelDotsModel(session, self)
        self.dots = VotingView(session, settings, model=self.dots_model)
        self.dots.setObjectName("channelDots")
        dots_tab = QWidget()
        dbox = QVBoxLayout(dots_tab)
        dbox.setContentsMargins(0, 0, 0, 0)
        self.dots_favourites = QLabel()
        self.dots_favourites.setObjectName("favouritesLine")
        self.dots_favourites.setWordWrap(True)
        dbox.addWidget(self.dots_favourites)
        dbox.addWidget(self.dots, 1)
        self.views.addTab(dots_tab, self.tr("Channel &dots"))
        self.choices = ChoicesView(session)
        self.views.addTab(self.choices, self.tr("&Choices"))

        self.ranking = ChartCanvas(file_name="channel-ranking.png")
        self.ranking.set_figure_factory(self._ranking_figure)
        self.views.addTab(self.ranking, self.tr("&Ranking"))
        sensitivity = QWidget()
        sbox = QVBoxLayout(sensitivity)
        sbox.setContentsMargins(0, 0, 0, 0)
        self.sentences = QLabel()
        self.sentences.setObjectName("stabilitySentences")
        self.sentences.setWordWrap(True)
        sbox.addWidget(self.sentences)
        self.stability = ChartCanvas(file_name="stability.png")
        self.stability.set_figure_factory(self._stability_figure)
        sbox.addWidget(self.stability, 1)
        self.views.addTab(sensitivity, self.tr("Se&nsitivity"))
        # Then what holds for every outcome: the channel-level ratings, the criteria and weights, the channels.
        self.ratings = RatingGrid(session)
        self.views.addTab(self.ratings, self.tr("Ra&tings"))
        self.criteria = CriteriaEditor(session)
        self.views.addTab(self.criteria, self.tr("&Weights"))
        self.views.setTabToolTip(self.views.indexOf(self.criteria), self.tr("Criteria and weights"))
        self.catalog = ChannelCatalogView(session)
        self.views.addTab(self.catalog, self.tr("Channe&ls"))
        self.views.setTabToolTip(self.views.indexOf(self.catalog), self.tr("The workshop's channels and the catalog"))

        self.next_action = self.page_action(self.tr("Next outcome"), "Alt+PgDown", lambda: self.step_outcome(1))
        self.previous_action = self.page_action(self.tr("Previous outcome"), "Alt+PgUp", lambda: self.step_outcome(-1))
        d = self.dots
        for_browsing(self.next_action, self.previous_action, self.outcome_combo, self.ranking.save_action,
                     self.stability.save_action, d.hide_action, d.department_action, d.priority_action,
                     d.next_action, d.previous_action, d.hide_button, d.department_button, d.priority_button,
                     d.participant_combo)  # fmt: skip
        session.tally_hidden_changed.connect(lambda _h: self._favourites())
        #: Each tab and the widget typed into on it: the focus goes there when the tab or the stage is opened.
        self.typed_into: dict[QWidget, QWidget] = {
            scoring: self.grid, self.ratings: self.ratings.grid, dots_tab: self.dots.grid,
            self.choices: self.choices.table, self.ranking: self.ranking, sensitivity: self.stability,
            self.criteria: self.criteria.view, self.catalog: self.catalog.table,
        }  # fmt: skip
        #: The tabs that say a refused edit beside themselves (the page's line would say it twice).
        self.saying_itself: set[QWidget] = {self.ratings, dots_tab, self.criteria, self.catalog}
        self.views.currentChanged.connect(self._view_changed)
        session.refused.connect(self.show_message)
        self.refresh()

    # -- redraw ---------------------------------------------------------------

    def refresh(self) -> None:
        ws = self.session.workshop
        items = [(o.key, f"{o.key}  {o.title}") for o in ws.outcomes]
        current = self.model.outcome
        if [self.outcome_combo.itemData(i) for i in range(self.outcome_combo.count())] != [k for k, _t in items]:
            self.outcome_combo.blockSignals(True)
            self.outcome_combo.clear()
            for key, text in items:
                self.outcome_combo.addItem(text, key)
            self.outcome_combo.blockSignals(False)
        else:
            for i, (_key, text) in enumerate(items):
                self.outcome_combo.setItemText(i, text)
        keys = [k for k, _t in items]
        if current not in keys:
            current = keys[0] if keys else None
            self.model.set_outcome(current)
        self.outcome_combo.blockSignals(True)
        self.outcome_combo.setCurrentIndex(keys.index(current) if current in keys else -1)
        self.outcome_combo.blockSignals(False)
        self.model.refresh()
        if not self.grid.currentIndex().isValid() and self.model.rowCount() and self.model.score_column:
            self.grid.setCurrentIndex(self.model.index(0, 0))  # somewhere to type from the first moment
        current_tab = self.views.currentWidget()
        if self.dots_model.outcome_key != self.model.outcome:
            self.dots_model.set_outcome(self.model.outcome)
        if current_tab is self.dots.parentWidget():
            self.dots.refresh()
        self.choices.set_outcome(self.model.outcome)
        self._favourites()
        self.ranking.refresh()
        self.stability.refresh()
        self._sentences()
        if self.model.outcome != self._outcome_told:
            self._outcome_told = self.model.outcome
            self.outcome_shown.emit(self.model.outcome)

    @property
    def outcome_key(self) -> str | None:
        """The key of the outcome picked (None when there is none)."""
        return self.model.outcome  # type: ignore[no-any-return]

    def _view_changed(self, _index: int) -> None:
        per_outcome = self.views.currentWidget() not in (self.ratings, self.criteria, self.catalog)
        self.outcome_label.setEnabled(per_outcome)
        self.outcome_combo.setEnabled(per_outcome)
        self.view_changed()

    def focus_view(self) -> None:
        widget = self.typed_into.get(self.views.currentWidget())
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _favourites(self) -> None:
        self.dots_favourites.setText(favourites_text(self.session, self.model.outcome))

    def _sentences(self) -> None:
        from workshop.domain.stability import stability_lines

        key = self.model.outcome
        lines = stability_lines(self.session.analysis, key) if key else None
        if lines is None:
            self.sentences.setText(self.tr("Fewer than two complete candidates: nothing can flip yet."))
            return
        self.sentences.setText("\n".join(lines))

    def says_itself(self) -> bool:
        return self.views.currentWidget() in self.saying_itself

    def _ranking_figure(self):  # type: ignore[no-untyped-def]
        from workshop.domain.reports import ranking_chart_data
        from workshop.export.charts import figure_for_ranking

        dpi = max(72.0, min(120.0, self.ranking.width() / 9))
        return figure_for_ranking(ranking_chart_data(self.session.analysis, self.model.outcome or ""), dpi=dpi)

    def _stability_figure(self):  # type: ignore[no-untyped-def]
        from workshop.domain.reports import stability_chart_data
        from workshop.export.charts import figure_for_stability

        data = stability_chart_data(self.session.analysis, self.model.outcome or "")
        return figure_for_stability(data, dpi=self.stability.fitted_dpi())  # the sentences above leave a short pane

    # -- the outcome and the scores ------------------------------------------------

    def _outcome_chosen(self, index: int) -> None:
        key = self.outcome_combo.itemData(index)
        if key is not None and key != self.model.outcome:
            current = self.grid.currentIndex()
            self.model.set_outcome(key)
            if self.model.rowCount() and self.model.score_column:
                row = min(current.row(), self.model.rowCount() - 1) if current.isValid() else 0
                self.grid.setCurrentIndex(self.model.index(row, 0))
            self.refresh()

    def step_outcome(self, steps: int) -> None:
        count = self.outcome_combo.count()
        if count:
            self.outcome_combo.setCurrentIndex((self.outcome_combo.currentIndex() + steps) % count)

    def type_score(self, value: int | None) -> bool:
        """A digit 1-5 sets the current cell and moves on to the next criterion (then the next channel); Delete
        clears it; another digit is refused with a message."""
        index = self.grid.currentIndex()
        if not index.isValid() or not self.model.is_editable(index):
            return False
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            self.show_message(self.tr("A score is a whole number from 1 to 5."))
            return False
        if not self.model.set_score(index.row(), index.column(), value):
            return False
        if value is not None:
            self._move_on(index)
        return True

    def _move_on(self, index: QModelIndex) -> None:
        row, column = index.row(), index.column() + 1
        if column >= self.model.score_column:
            row, column = row + 1, 0
        if row < self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(row, column))

    def key_hints(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Alt+S, D, C, R, N, T, W, L"), self.tr("Open a view: the underlined letter of its tab")),
            (self.tr("1 … 5"), self.tr("Scoring: set the score and move on")),
            (self.tr("Arrows"), self.tr("Scoring: move between channels and criteria")),
            *self.ratings.key_hints(),
            *self.criteria.key_hints(),
            *self.catalog.key_hints(),
        ]

    def focus_check(self, check: CheckResult) -> bool:
        """A check of this stage opens the view that fixes it: the choices, the channel dots or the sensitivity."""
        if not self.focus_item(check.item):
            return False
        view = {"W_DISSENT": self.dots.parentWidget(), "W_SENSITIVE": self.stability.parentWidget()}.get(
            check.code, self.choices)  # fmt: skip
        self.views.setCurrentWidget(view)
        self.focus_view()
        return True

    def focus_item(self, ref: ItemRef) -> bool:
        self.refresh()
        if ref.kind is not RefKind.OUTCOME or ref.key is None:
            return False
        keys = [self.outcome_combo.itemData(i) for i in range(self.outcome_combo.count())]
        found = next((i for i, k in enumerate(keys) if name_key(k) == name_key(ref.key)), None)
        if found is None:
            return False
        self.outcome_combo.setCurrentIndex(found)
        self.views.setCurrentIndex(0)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
