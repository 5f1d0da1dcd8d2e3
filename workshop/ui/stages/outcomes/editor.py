"""The selected outcome, field by field: every field one undoable edit, the value figures live as you type."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.checks import exposed_names, platform_names_in
from workshop.domain.entities import Kpi, Outcome
from workshop.domain.enums import OutcomeCategory
from workshop.domain.formulas import annual_value, expected_value
from workshop.domain.text import tokens
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.outcomes.models import category_label, money_text, number_text, parse_number
from workshop.ui.stages.outcomes.templates import category_icon, value_hint_for

_NO_DATE = QDate(2000, 1, 1)
_TEXT_FIELDS = ("key", "title", "audience", "kpi_metric", "kpi_unit")
_NUMBER_FIELDS = ("kpi_baseline", "kpi_target", "value_per_unit", "annual_value")


def highlight_platforms(text: str, names: list[str]) -> str:
    """The text as HTML with each platform name in it marked, matched word by word as the check matches it."""
    spans: list[tuple[int, int]] = []
    for name in names:
        words = [re.escape(w) for w in tokens(name)]
        if not words:
            continue
        pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)
        spans += [m.span() for m in pattern.finditer(text)]
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f'<span style="background:#F0E442; font-weight:700">{html.escape(text[start:end])}</span>')
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


class OutcomeEditor(QWidget):
    """Edits one outcome; ``reframe_requested`` asks the page for the template picker (platform-talk coaching)."""

    reframe_requested = Signal()

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeEditor")
        self.session = session
        self.row_id: int | None = None
        self.hints: dict[int, str] = {}
        self._shown: dict[QWidget, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("panelTitle")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.coaching = QLabel()
        self.coaching.setObjectName("coaching")
        self.coaching.setWordWrap(True)
        self.coaching.setTextFormat(Qt.TextFormat.RichText)
        self.reframe_button = QPushButton(self.tr("Reframe as a business outcome…"))
        self.reframe_button.clicked.connect(self.reframe_requested)
        coach = QVBoxLayout()
        coach.addWidget(self.coaching)
        coach.addWidget(self.reframe_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.coaching_box = QWidget()
        self.coaching_box.setObjectName("coachingBox")
        self.coaching_box.setLayout(coach)
        outer.addWidget(self.coaching_box)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(form)
        self.edits: dict[str, QLineEdit] = {}
        labels = {
            "key": self.tr("Key"), "title": self.tr("Title"), "audience": self.tr("Audience"),
            "kpi_metric": self.tr("KPI metric"), "kpi_unit": self.tr("Unit"), "kpi_baseline": self.tr("Baseline"),
            "kpi_target": self.tr("Target"), "value_per_unit": self.tr("Value per unit"),
            "annual_value": self.tr("Annual value"),
        }  # fmt: skip
        for field in (*_TEXT_FIELDS, *_NUMBER_FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"outcome-{field}")
            self.edits[field] = edit
            edit.editingFinished.connect(lambda f=field: self._commit_text(f))
            if field in _NUMBER_FIELDS:
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.textEdited.connect(lambda _t: self._preview())
        self.category_combo = QComboBox()
        for category in OutcomeCategory:
            self.category_combo.addItem(category_icon(category), category_label(category), category.value)
        self.category_combo.activated.connect(lambda _i: self._commit("category", self.category_combo.currentData()))
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("d MMM yyyy")
        self.due_edit.setDateRange(_NO_DATE, QDate(2100, 12, 31))
        self.due_edit.setSpecialValueText(self.tr("No date"))
        self.due_edit.setKeyboardTracking(False)
        self.due_edit.dateChanged.connect(lambda d: self._commit("kpi_due", None if d == _NO_DATE else d.toPython()))
        self.confidence_spin = QSpinBox()
        self.confidence_spin.setRange(0, 100)
        self.confidence_spin.setSuffix(" %")
        self.confidence_spin.setKeyboardTracking(False)
        self.confidence_spin.valueChanged.connect(lambda v: self._commit("confidence", v / 100, merge=True))
        self.confidence_spin.textChanged.connect(lambda _t: self._preview())
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("outcome-notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(self.fontMetrics().height() * 5)
        self.notes_edit.installEventFilter(self)
        self.computed_label = QLabel()
        self.computed_label.setObjectName("computedValue")
        self.computed_label.setWordWrap(True)
        self.ev_label = QLabel()
        self.ev_label.setObjectName("expectedValue")
        self.hint_label = QLabel()
        self.hint_label.setObjectName("valueHint")
        self.hint_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("stageMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        value_row = QHBoxLayout()
        value_row.addWidget(self.edits["annual_value"], 1)
        value_row.addWidget(self.computed_label, 1)
        for label, widget in (
            (labels["key"], self.edits["key"]), (labels["title"], self.edits["title"]),
            (self.tr("Category"), self.category_combo), (labels["audience"], self.edits["audience"]),
            (labels["kpi_metric"], self.edits["kpi_metric"]), (labels["kpi_unit"], self.edits["kpi_unit"]),
            (labels["kpi_baseline"], self.edits["kpi_baseline"]), (labels["kpi_target"], self.edits["kpi_target"]),
            (self.tr("Due"), self.due_edit), (labels["value_per_unit"], self.edits["value_per_unit"]),
            (labels["annual_value"], value_row), (self.tr("Confidence"), self.confidence_spin),
            (self.tr("Expected value"), self.ev_label), ("", self.hint_label), (self.tr("Notes"), self.notes_edit),
        ):  # fmt: skip
            form.addRow(label, widget)
        outer.addWidget(self.message)
        outer.addStretch(1)
        self.show_outcome(None)

    # -- which outcome --------------------------------------------------------

    def outcome(self) -> Outcome | None:
        if self.row_id is None:
            return None
        ids = self.session.loaded.ids["outcome"]
        key = next((k for k, rid in ids.items() if rid == self.row_id), None)
        return next((o for o in self.session.workshop.outcomes if o.key.strip().casefold() == key), None)

    def show_outcome(self, row_id: int | None) -> None:
        if row_id != self.row_id:
            self._shown.clear()
            self.message.hide()
        self.row_id = row_id
        self.load()

    def load(self) -> None:
        o = self.outcome()
        self.setEnabled(o is not None and not self.session.read_only)
        if o is None:
            self.heading.setText(self.tr("Select an outcome, or type a title above and press Enter"))
            self.coaching_box.hide()
            return
        self.heading.setText(f"{o.key}  {o.title}")
        values: dict[str, Any] = {
            "key": o.key, "title": o.title, "audience": o.audience, "kpi_metric": o.kpi.metric or "",
            "kpi_unit": o.kpi.unit or "", "kpi_baseline": number_text(o.kpi.baseline),
            "kpi_target": number_text(o.kpi.target), "value_per_unit": number_text(o.value_per_unit),
            "annual_value": number_text(o.annual_value),
        }  # fmt: skip
        for field, value in values.items():
            self._put(self.edits[field], value)
        self.category_combo.setCurrentIndex(self.category_combo.findData(o.category.value))
        self.due_edit.blockSignals(True)
        due = o.kpi.due
        self.due_edit.setDate(_NO_DATE if due is None else QDate(due.year, due.month, due.day))
        self.due_edit.blockSignals(False)
        if not self._typing(self.confidence_spin):
            self.confidence_spin.blockSignals(True)
            self.confidence_spin.setValue(round(o.confidence * 100))
            self.confidence_spin.blockSignals(False)
        if not self.notes_edit.hasFocus() and self.notes_edit.toPlainText() != o.notes:
            self.notes_edit.setPlainText(o.notes)
        hint = self.hints.get(self.row_id or -1) or value_hint_for(o.title)
        self.hint_label.setText(self.tr("How to value it: %1").replace("%1", hint) if hint else "")
        self.hint_label.setVisible(bool(hint))
        self._coach(o)
        self._preview()

    def _coach(self, o: Outcome) -> None:
        names = platform_names_in(exposed_names(self.session.workshop), o.title, o.kpi.metric)
        self.coaching_box.setVisible(bool(names))
        if names:
            where = highlight_platforms(o.title, names)
            metric = highlight_platforms(o.kpi.metric or "", names)
            self.coaching.setText(
                self.tr(
                    "<b>Platform talk:</b> “%1”%2 names a platform. What business result would it bring: more "
                    "sales, lower cost, happier customers? Say that, and let channels serve it."
                )
                .replace("%1", where)
                .replace("%2", f" (KPI “{metric}”)" if metric != html.escape(o.kpi.metric or "") else "")
            )

    # -- live figures ---------------------------------------------------------

    def _typed(self, field: str) -> float | None:
        try:
            return parse_number(self.edits[field].text())
        except ValueError:
            return None

    def _preview(self) -> None:
        """Annual and expected value as typed, before anything is saved (the domain's own formulas)."""
        o = self.outcome()
        if o is None:
            return
        kpi = Kpi(o.kpi.metric, o.kpi.unit, self._typed("kpi_baseline"), self._typed("kpi_target"), o.kpi.due)
        typed = dataclasses.replace(
            o,
            kpi=kpi,
            value_per_unit=self._typed("value_per_unit"),
            annual_value=self._typed("annual_value"),
            confidence=self.confidence_spin.value() / 100,
        )
        currency = self.session.workshop.currency
        computed = typed.value_per_unit is not None and kpi.baseline is not None and kpi.target is not None
        self.edits["annual_value"].setVisible(not computed)
        self.computed_label.setVisible(computed)
        value = annual_value(typed)
        if computed:
            self.computed_label.setText(
                self.tr("%1 a year = |target − baseline| × value per unit").replace("%1", money_text(value, currency))
            )
        ev = expected_value(typed)
        self.ev_label.setText(money_text(ev, currency) if ev is not None else self.tr("no value yet"))

    # -- committing -----------------------------------------------------------

    def _commit_text(self, field: str) -> None:
        edit = self.edits[field]
        if edit.text() == self._shown.get(edit):
            return
        text = edit.text().strip()
        if field in _NUMBER_FIELDS:
            try:
                value: Any = parse_number(text)
            except ValueError:
                self._refuse(edit, self.tr("%1 must be a number (you entered “%2”).")
                             .replace("%1", self._label(field)).replace("%2", text))  # fmt: skip
                return
        else:
            value = text if field in ("key", "title", "audience") else (text or None)
        self._commit(field, value, widget=edit)

    def _label(self, field: str) -> str:
        labels = {
            "kpi_baseline": self.tr("Baseline"),
            "kpi_target": self.tr("Target"),
            "value_per_unit": self.tr("Value per unit"),
            "annual_value": self.tr("Annual value"),
        }
        return labels.get(field, field)

    def _commit(self, field: str, value: Any, *, widget: QWidget | None = None, merge: bool = False) -> None:
        o, row_id = self.outcome(), self.row_id
        if o is None or row_id is None or self._current(o, field) == value:
            if widget is not None:
                self._shown[widget] = self._text(widget)
            return
        service = self.session.service
        messages: list[str] = []
        self.session.refused.connect(messages.append)
        try:
            edit = self.session.apply(
                lambda: service.update("outcome", row_id, **{field: value}),
                merge_key=f"outcome.{row_id}.{field}" if merge else None,
            )
        finally:
            self.session.refused.disconnect(messages.append)
        if edit is None:
            self._refuse(widget, " ".join(messages))
            self.load()
        else:
            self.message.hide()

    def _refuse(self, widget: QWidget | None, text: str) -> None:
        """Said at the field, in the service's words; the field goes back to what is stored."""
        self.message.setText(text)
        self.message.show()
        if widget is not None:
            self._shown.pop(widget, None)
            widget.setFocus()

    @staticmethod
    def _current(o: Outcome, field: str) -> Any:
        if field.startswith("kpi_"):
            return getattr(o.kpi, field.removeprefix("kpi_"))
        return getattr(o, field)

    def commit_notes(self) -> None:
        o = self.outcome()
        if o is not None and self.notes_edit.toPlainText() != o.notes:
            self._commit("notes", self.notes_edit.toPlainText())

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.notes_edit and event.type() == QEvent.Type.FocusOut:
            self.commit_notes()
        return super().eventFilter(watched, event)

    # -- fields that are being typed in are left alone ------------------------------

    @staticmethod
    def _text(widget: QWidget) -> str:
        return widget.text() if isinstance(widget, QLineEdit | QSpinBox) else ""

    def _typing(self, widget: QWidget) -> bool:
        focus = QApplication.focusWidget()
        return (focus is widget or (focus is not None and widget.isAncestorOf(focus))) and self._text(
            widget
        ) != self._shown.get(widget)

    def _put(self, edit: QLineEdit, text: str) -> None:
        if self._typing(edit):
            return
        if edit.text() != text:
            edit.setText(text)
            edit.setCursorPosition(0)
        self._shown[edit] = text
