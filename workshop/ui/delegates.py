"""Cell editors and field validators that keep input inside the method's ranges before it is sent."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex

#: Codes a facilitator is likely to need first; any other three capital letters are accepted too.
COMMON_CURRENCIES = (
    "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "JPY", "CNY", "INR",
    "AUD", "CAD", "NZD", "SGD", "HKD", "BRL", "MXN", "ZAR", "AED", "TRY",
)  # fmt: skip


class SpinBoxDelegate(QStyledItemDelegate):
    """A whole number within the method's range (power and interest 1-5, minutes 0-600)."""

    def __init__(
        self, minimum: int, maximum: int, *, step: int = 1, suffix: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.step, self.suffix = minimum, maximum, step, suffix

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(self.minimum, self.maximum)
        editor.setSingleStep(self.step)
        editor.setSuffix(self.suffix)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(int(value) if value is not None else self.minimum)
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class DoubleSpinBoxDelegate(QStyledItemDelegate):
    """A number within the method's range (a weight, a reliance), with as many decimals as it needs."""

    def __init__(
        self, minimum: float, maximum: float, *, step: float = 0.1, decimals: int = 2, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.step, self.decimals = minimum, maximum, step, decimals

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QDoubleSpinBox(parent)
        editor.setRange(self.minimum, self.maximum)
        editor.setDecimals(self.decimals)
        editor.setSingleStep(self.step)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(float(value) if value is not None else self.minimum)
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


#: A date editor at this date means "no date" (it reads "no date"); a date before it is not offered.
NO_DATE = QDate(2000, 1, 1)


class DateDelegate(QStyledItemDelegate):
    """A date with a calendar (Alt+Down opens it); the earliest date reads "no date" and clears it."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText(self.tr("no date"))
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(QDate(value.year, value.month, value.day) if value is not None else QDate.currentDate())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        editor.interpretText()
        date = editor.date()
        model.setData(index, None if date == NO_DATE else date.toPython(), Qt.ItemDataRole.EditRole)


class ComboBoxDelegate(QStyledItemDelegate):
    """One of a closed list (a department's function, a person's department); choices are read when opened."""

    def __init__(self, choices: Callable[[], list[tuple[str, str]]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for value, label in self.choices():
            editor.addItem(label, value)
        editor.setMaxVisibleItems(15)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ValidatedTextDelegate(QStyledItemDelegate):
    """Free text that must match a pattern (an email address); Enter does nothing until it does."""

    def __init__(self, pattern: str, placeholder: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pattern, self.placeholder = pattern, placeholder

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setPlaceholderText(self.placeholder)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(self.pattern), editor))
        return editor


class CurrencyValidator(QValidator):
    """Three capital letters (ISO 4217); lower case is raised as typed, an unfinished code falls back."""

    _CODE = re.compile(r"^[A-Z]{0,3}$")

    def __init__(self, fallback: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fallback = fallback

    def validate(self, text: str, pos: int) -> Any:
        text = text.strip().upper()
        if not self._CODE.match(text):
            return QValidator.State.Invalid, text, pos
        state = QValidator.State.Acceptable if len(text) == 3 else QValidator.State.Intermediate
        return state, text, min(pos, len(text))

    def fixup(self, text: str) -> str:
        return self.fallback()
