"""The criteria and weights of the channel score: a table model and its editor (rename, kind, weight live, add,
delete with its scores, move, reset the defaults), with the sum of weights and the reason of a refused change.

Every change is one undoable service edit through the session; the service refuses a state without a positive
weight, and the editor says so under the table until the next edit goes through.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workshop.ui.delegates import ComboBoxDelegate
from workshop.ui.item_list import action_button, table_view
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.stages.channels.criteria_model import (
    PER_CHANNEL,
    PER_OUTCOME,
    SHOWN_TABLES,
    WEIGHT_MAX,
    WEIGHT_STEP,
    CriteriaTableModel,
)
from workshop.ui.widgets.message_line import MessageLine

Index = QModelIndex | QPersistentModelIndex

#: Up/Down and the wheel step a weight: the app's style draws no buttons for a double spin box, and NoButtons under
#: a style sheet leaves its text one pixel wide, so the buttons take no room instead.
NO_SPIN_BUTTONS = "QDoubleSpinBox::up-button, QDoubleSpinBox::down-button { width: 0px; border: none; }"


class WeightDelegate(QStyledItemDelegate):
    """A weight 0-100 in steps of 0.5, applied as the spin box moves (typed, Up/Down, the wheel) so the ranking
    follows live; the model merges the steps of one criterion into one undo step."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QDoubleSpinBox(parent)
        editor.setObjectName("weightEditor")
        editor.setDecimals(2)
        editor.setRange(0.0, max(WEIGHT_MAX, float(index.data(Qt.ItemDataRole.EditRole) or 0)))
        editor.setSingleStep(WEIGHT_STEP)
        editor.setStyleSheet(NO_SPIN_BUTTONS)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        cell = QPersistentModelIndex(index)
        editor.valueChanged.connect(lambda value: self._live(cell, value))
        return editor

    def editor_width(self, view: QWidget) -> int:
        """What the column needs for the spin box with its buttons, so it opens uncramped."""
        probe = QDoubleSpinBox()
        probe.setDecimals(2)
        probe.setRange(0.0, 1000.0)
        probe.setStyleSheet(NO_SPIN_BUTTONS)
        probe.ensurePolished()
        return max(probe.sizeHint().width(), view.fontMetrics().horizontalAdvance(self.tr("Weight"))) + 24

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        value = float(index.data(Qt.ItemDataRole.EditRole) or 0)
        if editor.value() != value or not editor.property("filled"):
            editor.blockSignals(True)
            editor.setValue(value)
            editor.blockSignals(False)
            editor.setProperty("filled", True)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    @staticmethod
    def _live(cell: QPersistentModelIndex, value: float) -> None:
        if cell.isValid():
            model = cell.model()
            assert model is not None
            model.setData(QModelIndex(cell), value, Qt.ItemDataRole.EditRole)


class NewCriterionDialog(QDialog):
    """Name and kind of a custom criterion: type the name, pick the kind, Enter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add criterion"))
        form = QFormLayout(self)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Brand fit"))
        self.kind_combo = QComboBox()
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo.addItem(self.tr("per outcome (scored for each outcome)"), PER_OUTCOME)
        self.kind_combo.addItem(self.tr("per channel (rated once per channel)"), PER_CHANNEL)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.name_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)

    @property
    def per_outcome(self) -> bool:
        return self.kind_combo.currentData() == PER_OUTCOME


class CriteriaEditor(QWidget):
    """The criteria and their weights: edit in the table (the ranking follows), add, delete, move, reset the
    defaults; the sum of weights and the reason of a refused change below."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = CriteriaTableModel(session, self)
        self._kept: tuple[int | None, int, int] = (None, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = table_view(self.model)
        self.view.setObjectName("criteriaTable")
        self.kind_delegate = ComboBoxDelegate(
            lambda: [(PER_OUTCOME, self.tr("per outcome")), (PER_CHANNEL, self.tr("per channel"))], self
        )
        self.weight_delegate = WeightDelegate(self)
        self.view.setItemDelegateForColumn(CriteriaTableModel.COL_KIND, self.kind_delegate)
        self.view.setItemDelegateForColumn(CriteriaTableModel.COL_WEIGHT, self.weight_delegate)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CriteriaTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CriteriaTableModel.COL_WEIGHT, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(CriteriaTableModel.COL_WEIGHT, self.weight_delegate.editor_width(self.view))
        self.view.verticalHeader().hide()
        layout.addWidget(self.view, 1)

        add_tip = self.tr("Add a criterion, per outcome or per channel")
        self.add_action = self._action(self.tr("Add…"), add_tip, "Ins", self.add_criterion)
        delete_tip = self.tr(
            "Delete the selected criterion with its scores (asks first when it has any; Ctrl+Z undoes)"
        )
        self.delete_action = self._action(self.tr("Delete…"), delete_tip, "Del", self.delete_selected, table=True)
        up_tip, down_tip = self.tr("Move the selected criterion up"), self.tr("Move the selected criterion down")
        self.move_up_action = self._action(
            self.tr("▲ Up"), up_tip, "Alt+Up", lambda: self.move_selected(-1), table=True
        )
        self.move_down_action = self._action(
            self.tr("▼ Down"), down_tip, "Alt+Down", lambda: self.move_selected(1), table=True
        )
        reset_tip = self.tr("Put the default criteria back at their default weights and kinds, a deleted one "
                            "included; custom criteria stay; one undoable edit")  # fmt: skip
        self.reset_action = self._action(
            self.tr("Reset defaults"), reset_tip, "Ctrl+Shift+0", self.model.reset_defaults
        )
        buttons = QHBoxLayout()
        for action in (self.add_action, self.delete_action, self.move_up_action, self.move_down_action):
            buttons.addWidget(action_button(action))
        buttons.addStretch(1)
        buttons.addWidget(action_button(self.reset_action))
        layout.addLayout(buttons)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("weightSum")
        self.sum_label.setWordWrap(True)
        layout.addWidget(self.sum_label)
        self.message_label = MessageLine()
        layout.addWidget(self.message_label)

        self.model.refused.connect(self.show_message)
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._restore_current)
        self.view.selectionModel().currentChanged.connect(lambda _c, _p: self._update_actions())
        session.changed.connect(self._session_changed)
        self.refresh()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, CriteriaTableModel.COL_WEIGHT))

    def _action(self, text: str, tip: str, keys: str, slot: Callable[[], object], *, table: bool = False) -> QAction:
        """An action by button or by its key: anywhere inside the editor, or (``table``) only while the table itself
        has the focus, so Del, Alt+Up and Alt+Down still reach an open cell editor (a name, the kind's list)."""
        owner = self.view if table else self
        action = QAction(text, owner)
        sequence = QKeySequence(keys)
        action.setShortcut(sequence)
        context = Qt.ShortcutContext.WidgetShortcut if table else Qt.ShortcutContext.WidgetWithChildrenShortcut
        action.setShortcutContext(context)
        action.setToolTip(f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    def refresh(self) -> None:
        total, rows = self.model.weight_sum(), self.model.rowCount()
        positive = sum(1 for r in range(rows) if self.model.criterion(r).weight > 0)
        text = self.tr("Sum of weights: %1 · %2 of %3 criteria count (weight above 0), each by its share of the sum")
        self.sum_label.setText(text.replace("%1", f"{total:g}").replace("%2", str(positive)).replace("%3", str(rows)))
        self._update_actions()

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.clear_message()
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def _keep_current(self) -> None:
        current = self.view.currentIndex()
        row_id = self.model.row_id(current.row()) if current.isValid() else None
        self._kept = (row_id, max(0, current.row()), max(0, current.column()))

    def _restore_current(self) -> None:
        """The same criterion stays current after rows came or went (moved, added); its neighbour when it went."""
        row_id, row, column = self._kept
        found = self.model.row_of_id(row_id) if row_id is not None else None
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1) if found is None else found, column)

    def _update_actions(self) -> None:
        row = self.selected_row()
        editable = not self.session.read_only
        self.add_action.setEnabled(editable)
        self.reset_action.setEnabled(editable)
        self.delete_action.setEnabled(editable and row is not None)
        self.move_up_action.setEnabled(editable and row is not None and row > 0)
        self.move_down_action.setEnabled(editable and row is not None and row < self.model.rowCount() - 1)

    def show_message(self, text: str) -> None:
        """Why a change was refused, under the table; it stays until the next edit goes through."""
        self.message_label.say(text)

    def clear_message(self) -> None:
        self.message_label.clear_message()

    def selected_row(self) -> int | None:
        current = self.view.currentIndex()
        return current.row() if current.isValid() else None

    def select_row(self, row: int, column: int = 0) -> None:
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def select_key(self, key: str) -> bool:
        """Select the criterion with this key (a check names it); False when there is none."""
        row = self.model.row_of_name(key)
        if row is not None:
            self.select_row(row, CriteriaTableModel.COL_WEIGHT)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return row is not None

    def add_criterion(self) -> None:
        """Ask name and kind, add the criterion at the end and select its weight to set next."""
        dialog = NewCriterionDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        row_id = self.model.add(dialog.name_edit.text(), dialog.per_outcome)
        row = self.model.row_of_id(row_id) if row_id is not None else None
        if row is not None:
            self.select_row(row, CriteriaTableModel.COL_WEIGHT)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Delete the selected criterion; when scores or ratings hang on it, ask first, naming how many."""
        row = self.selected_row()
        if row is None:
            return
        count, item = self.model.count(row), self.model.criterion(row)
        if count:
            text = self.tr("Delete %1 and its %2?").replace("%1", item.name).replace("%2", self.model.counted(item))
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete criterion"), text, parent=self)
            box.setInformativeText(self.tr("Ctrl+Z brings them back."))
            delete = box.addButton(self.tr("&Delete"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(self.tr("&Keep"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.exec()
            if box.clickedButton() is not delete:
                return
        self.model.remove(row)

    def move_selected(self, steps: int) -> None:
        row = self.selected_row()
        if row is not None:
            self.model.move(row, steps)

    def key_hints(self) -> list[tuple[str, str]]:
        """Keys the table reads that are no action, for the F1 sheet."""
        return [
            (self.tr("F2 or typing"), self.tr("Criteria: edit the name, kind or weight (the ranking follows)")),
            (self.tr("↑ / ↓ in a weight"), self.tr("Criteria: step the weight by 0.5")),
        ]
