"""The resilience stage's tables as Qt models: the demise scenarios (worst first) and, for a scenario or the
what-if, what each outcome loses.

Money where outcomes are valued; when none is, every outcome weighs the same and the figures are shares.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workshop.domain.formulas import Analysis, ScenarioResult
from workshop.domain.resilience import OutcomeWhatIf, WhatIf, ranked_scenarios, scenario_share
from workshop.domain.text import name_key
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.widgets.voting.columns import compact_money

Index = QModelIndex | QPersistentModelIndex

#: The library tables the figures read.
SHOWN_TABLES = frozenset({"outcome", "choice", "channel", "workshop"})
#: How an outcome's row reads: stranded (lost everything, no live fallback), saved by its fallback, touched.
STRANDED_BACKGROUND, SAVED_BACKGROUND, TOUCHED_BACKGROUND = "#F7D4CF", "#CFEBDD", "#FCEBC7"


def risk_text(analysis: Analysis, value_at_risk: float) -> str:
    """A value at risk as the room reads it: money when outcomes are valued, else the share of the plan."""
    total = analysis.total_weight
    if not analysis.weights_in_money:
        return f"{100 * value_at_risk / total:.0f}%" if total else "n/a"
    return compact_money(value_at_risk, analysis.workshop.currency)


class ScenarioTableModel(QAbstractTableModel):
    """Every demise scenario of METHOD.md, the highest value at risk first."""

    COL_SCENARIO, COL_RISK, COL_SHARE, COL_STRANDED, COL_SAVED = range(5)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[ScenarioResult] = []
        self._analysis: Analysis | None = None
        self.refresh()

    def refresh(self) -> None:
        analysis = self.session.analysis
        if analysis is self._analysis:
            return
        rows = ranked_scenarios(analysis)
        same = [(r.scenario.kind, r.scenario.name) for r in rows] == [
            (r.scenario.kind, r.scenario.name) for r in self._rows
        ]
        if not same:
            self.beginResetModel()
        self._analysis, self._rows = analysis, rows
        if same:
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.COL_SAVED))
        else:
            self.endResetModel()

    def scenario(self, row: int) -> ScenarioResult:
        return self._rows[row]

    def row_of(self, kind: str, name: str) -> int | None:
        return next((i for i, r in enumerate(self._rows)
                     if r.scenario.kind == kind and name_key(r.scenario.name) == name_key(name)), None)  # fmt: skip

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical or role not in (Qt.ItemDataRole.DisplayRole,
                                                                   Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("A platform that could close, or an owner whose every channel would go"),
                self.tr("What the plan would lose: each outcome's weight times the reliance lost, halved where a "
                        "fallback stays live"),
                self.tr("The value at risk as a share of the whole plan"),
                self.tr("Outcomes left with nothing: all their reliance gone and no live fallback"),
                self.tr("Outcomes that lose all their reliance but keep a live fallback"),
            ][section]  # fmt: skip
        return [self.tr("Scenario"), self.tr("Value at risk"), self.tr("Share"), self.tr("Stranded"),
                self.tr("Saved by a fallback")][section]  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or self._analysis is None:
            return None
        r, col, analysis = self._rows[index.row()], index.column(), self._analysis
        share = scenario_share(analysis, r)
        if role == SORT_ROLE:
            return [r.scenario.name, r.value_at_risk, share, len(r.stranded), len(r.saved)][col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignRight if col in (self.COL_RISK, self.COL_SHARE) else Qt.AlignmentFlag.AlignLeft
            )
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STRANDED and r.stranded:
            return QBrush(QColor("#A3261E"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.COL_SCENARIO:
            return self.tr("%1 (owner)").replace("%1", r.scenario.name) if r.scenario.kind == "owner" else (
                r.scenario.name)  # fmt: skip
        if col == self.COL_RISK:
            return risk_text(analysis, r.value_at_risk)
        if col == self.COL_SHARE:
            return "n/a" if share is None else f"{100 * share:.0f}%"
        keys = r.stranded if col == self.COL_STRANDED else r.saved
        return ", ".join(keys) if keys else "–"


class OutcomeImpactModel(QAbstractTableModel):
    """Per outcome, in the room's order, what a scenario or the what-if takes: the reliance lost, whether a
    fallback is live, whether it is stranded, the value at risk. Touched rows are tinted."""

    COL_OUTCOME, COL_LOST, COL_FALLBACK, COL_STRANDED, COL_RISK = range(5)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._result: WhatIf | None = None
        self._titles: dict[str, str] = {}

    @property
    def result(self) -> WhatIf | None:
        return self._result

    def set_result(self, result: WhatIf | None) -> None:
        keys = [o.key for o in result.outcomes] if result is not None else []
        same = self._result is not None and keys == [o.key for o in self._result.outcomes]
        if not same:
            self.beginResetModel()
        self._result = result
        self._titles = {o.key: o.title for o in self.session.workshop.outcomes}
        if same and keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(keys) - 1, self.COL_RISK))
        elif not same:
            self.endResetModel()

    def outcome(self, row: int) -> OutcomeWhatIf:
        assert self._result is not None
        return self._result.outcomes[row]

    def row_of(self, key: str) -> int | None:
        if self._result is None:
            return None
        return next((i for i, o in enumerate(self._result.outcomes) if name_key(o.key) == name_key(key)), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._result is None else len(self._result.outcomes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical or role not in (Qt.ItemDataRole.DisplayRole,
                                                                   Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return [self.tr("The outcome"), self.tr("The share of its reliance on the channels switched off"),
                    self.tr("Whether a fallback outside them stays live"),
                    self.tr("All its reliance gone and no live fallback"),
                    self.tr("Its weight times the reliance lost, halved with a live fallback")][section]  # fmt: skip
        return [self.tr("Outcome"), self.tr("Lost"), self.tr("Fallback"), self.tr("Stranded"),
                self.tr("At risk")][section]  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._result is None or not 0 <= index.row() < len(self._result.outcomes):
            return None
        o, col = self._result.outcomes[index.row()], index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            if o.stranded:
                return QBrush(QColor(STRANDED_BACKGROUND))
            if o.reliance_lost >= 1 - 1e-9 and o.fallback_live:
                return QBrush(QColor(SAVED_BACKGROUND))
            return QBrush(QColor(TOUCHED_BACKGROUND)) if o.reliance_lost > 0 else None
        if role == Qt.ItemDataRole.ForegroundRole and (o.stranded or o.reliance_lost > 0):
            return QBrush(QColor("#1A1A1A"))  # dark on the tints, whatever the selection colour around
        if role == SORT_ROLE:
            return [o.key, o.reliance_lost, o.fallback_live, o.stranded, o.value_at_risk][col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignLeft if col == self.COL_OUTCOME else Qt.AlignmentFlag.AlignCenter
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_OUTCOME:
            return f"{o.key}: {self._titles.get(o.key, '')}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.COL_OUTCOME:
            return f"{o.key}  {self._titles.get(o.key, '')}"
        if col == self.COL_LOST:
            return f"{100 * o.reliance_lost:.0f}%" if o.reliance_lost else "–"
        if col == self.COL_FALLBACK:
            if not o.reliance_lost:
                return ""
            return self.tr("live") if o.fallback_live else self.tr("none")
        if col == self.COL_STRANDED:
            return self.tr("stranded") if o.stranded else ""
        return risk_text(self.session.analysis, o.value_at_risk) if o.value_at_risk else "–"
