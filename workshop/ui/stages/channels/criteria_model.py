"""The criteria of the channel score as a table model: name, key, kind, weight and what hangs on each; every edit
is one undoable service edit through the session (the editor around it is criteria.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workshop.domain.entities import Criterion, default_criteria
from workshop.domain.text import name_key
from workshop.services.workshops import Edit, WorkshopService
from workshop.ui.models import ItemTableModel
from workshop.ui.session import EVERYTHING, WorkshopSession

Index = QModelIndex | QPersistentModelIndex

#: The library tables the editor shows: the criteria and what is counted for them.
SHOWN_TABLES = frozenset({"criterion", "score", "rating", "channel", "workshop"})
WEIGHT_MAX, WEIGHT_STEP = 100.0, 0.5
PER_OUTCOME, PER_CHANNEL = "outcome", "channel"


class CriteriaTableModel(ItemTableModel):
    """The workshop's criteria in their order: name, key, kind, weight and how many scores or ratings hang on it.
    It follows the session itself and says why an edit of its own was refused through ``refused``."""

    kind = "criterion"
    name_attr = "key"
    COL_NAME, COL_KEY, COL_KIND, COL_WEIGHT, COL_SCORES = range(5)
    NUMERIC_COLUMNS = frozenset({COL_WEIGHT, COL_SCORES})
    EDITABLE = frozenset({COL_NAME, COL_KIND, COL_WEIGHT})

    #: Why an edit asked of this model was refused (the service's or the model's own reason).
    refused = Signal(str)

    _applying = False

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(session, parent)
        session.refused.connect(self._on_refused)
        session.changed.connect(self._on_changed)

    def headers(self) -> list[str]:
        return [self.tr("Criterion"), self.tr("Key"), self.tr("Kind"), self.tr("Weight"), self.tr("Scores")]

    def items(self) -> list[Criterion]:
        return list(self.session.workshop.criteria)

    def value(self, item: Criterion, column: int) -> Any:
        values = {
            self.COL_NAME: item.name,
            self.COL_KEY: item.key,
            self.COL_KIND: PER_OUTCOME if item.per_outcome else PER_CHANNEL,
            self.COL_WEIGHT: float(item.weight),
        }
        return values.get(column, self._counts.get(name_key(item.key), 0))

    def display(self, item: Criterion, column: int) -> str:
        if column == self.COL_KIND:
            return self.tr("per outcome") if item.per_outcome else self.tr("per channel")
        if column == self.COL_WEIGHT:
            return f"{item.weight:g}"
        return super().display(item, column)

    def refresh(self) -> bool:
        ws = self.session.workshop
        counts: Counter[str] = Counter(name_key(s.criterion) for s in ws.scores)
        counts.update(name_key(key) for c in ws.channels for key in c.ratings)
        self._counts = counts
        return super().refresh()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def criterion(self, row: int) -> Criterion:
        return self.item(row)

    def count(self, row: int) -> int:
        """The scores (per outcome) or explicit ratings (per channel) of the criterion: what deleting it removes."""
        return self._counts.get(name_key(self.item(row).key), 0)

    def weight_sum(self) -> float:
        return sum(float(item.weight) for _rid, item in self._rows)

    def at_defaults(self) -> bool:
        """Every default criterion is there with its default weight and kind: resetting would change nothing."""
        present = {name_key(item.key): item for _rid, item in self._rows}
        return all(
            (c := present.get(name_key(d.key))) is not None and (c.weight, c.per_outcome) == (d.weight, d.per_outcome)
            for d in default_criteria()
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self._rows):
            return self._tip(self.item(index.row()), index.column())
        return super().data(index, role)

    def _tip(self, item: Criterion, column: int) -> str | None:
        if column == self.COL_KEY:
            return self.tr("The key stays when the criterion is renamed: scores, files and checks refer to it")
        if column == self.COL_WEIGHT:
            total = self.weight_sum()
            share = f"{100 * item.weight / total:.0f}%" if total else "0%"
            return self.tr("%1 of the weights: a channel's score counts it by this share").replace("%1", share)
        if column == self.COL_SCORES:
            return self.tr("%1 entered (defaults not counted): deleting the criterion removes them").replace(
                "%1", self.counted(item))  # fmt: skip
        return self.display(item, column) or None

    def counted(self, item: Criterion) -> str:
        """How many scores or entered ratings hang on a criterion, in words ("34 scores", "1 rating")."""
        n = self._counts.get(name_key(item.key), 0)
        if item.per_outcome:
            return self.tr("1 score") if n == 1 else self.tr("%1 scores").replace("%1", str(n))
        return self.tr("1 rating") if n == 1 else self.tr("%1 ratings").replace("%1", str(n))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags if index.column() in self.EDITABLE else flags & ~Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row, column = index.row(), index.column()
        if column == self.COL_NAME:
            return self.rename(row, str(value or ""))
        if column == self.COL_KIND:
            return self.set_per_outcome(row, value == PER_OUTCOME)
        try:
            return self.set_weight(row, float(value))
        except (TypeError, ValueError):
            return False

    def rename(self, row: int, name: str) -> bool:
        """A new name; the key stays, so scores, ratings, files and checks still find the criterion."""
        name = name.strip()
        if name == self.item(row).name:
            return True
        if not name:
            self.refused.emit(self.tr("A criterion needs a name."))
            return False
        return self._edit(row, lambda service, rid: service.rename_criterion(rid, name))

    def set_weight(self, row: int, weight: float) -> bool:
        """A weight 0-1000; successive steps on one criterion merge into one undo step."""
        item = self.item(row)
        if weight == float(item.weight):
            return True
        return self._edit(row, lambda service, rid: service.update("criterion", rid, weight=weight),
                          merge_key=f"weight:{name_key(item.key)}")  # fmt: skip

    def set_per_outcome(self, row: int, per_outcome: bool) -> bool:
        """Scored per outcome or rated per channel; refused while scores or ratings of the other kind exist."""
        item = self.item(row)
        if per_outcome == item.per_outcome:
            return True
        if self.count(row):
            text = self.tr("%1 has %2: its kind changes once they are gone (deleting the criterion removes them).")
            self.refused.emit(text.replace("%1", item.name).replace("%2", self.counted(item)))
            return False
        return self._edit(row, lambda service, rid: service.update("criterion", rid, per_outcome=per_outcome))

    def add(self, name: str, per_outcome: bool) -> int | None:
        """A custom criterion at the end (weight 1); its row id, or None when refused."""
        name = name.strip()
        if not name:
            self.refused.emit(self.tr("A criterion needs a name."))
            return None
        service, wid = self.session.service, self.session.workshop_id
        edit = self._apply(lambda: service.add_criterion(wid, name, per_outcome=per_outcome))
        return None if edit is None else int(edit.result)

    def remove(self, row: int) -> bool:
        """The criterion with its scores or ratings, one undoable edit."""
        return self._edit(row, lambda service, rid: service.remove("criterion", rid))

    def move(self, row: int, steps: int) -> bool:
        return self._edit(row, lambda service, rid: service.move("criterion", rid, steps))

    def reset_defaults(self) -> bool:
        """The default criteria back at their default weights and kinds (custom ones stay), one undoable edit."""
        if self.at_defaults():
            self.refused.emit(self.tr("The default criteria already have their default weights."))
            return False
        service, wid = self.session.service, self.session.workshop_id
        return self._apply(lambda: service.reset_criteria(wid)) is not None

    def _edit(self, row: int, call: Callable[[WorkshopService, int], Edit], merge_key: str | None = None) -> bool:
        """One service edit of the criterion in ``row``; False when refused (the reason goes out on ``refused``)."""
        service, row_id = self.session.service, self.row_id(row)
        assert row_id is not None
        return self._apply(lambda: call(service, row_id), merge_key) is not None

    def _apply(self, call: Callable[[], Edit], merge_key: str | None = None) -> Edit | None:
        self._applying = True
        try:
            return self.session.apply(call, merge_key=merge_key)
        finally:
            self._applying = False

    def _on_refused(self, text: str) -> None:
        if self._applying:
            self.refused.emit(text)
