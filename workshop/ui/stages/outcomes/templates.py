"""Picking an outcome template: a searchable list of the shipped templates, grouped by category."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.enums import OutcomeCategory
from workshop.domain.text import tokens
from workshop.services.catalog import OutcomeTemplate, outcome_templates
from workshop.ui.stages.outcomes.models import category_colour, category_label

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


def category_icon(category: OutcomeCategory, size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(category_colour(category))
    return QIcon(pixmap)


def value_hint_for(title: str) -> str:
    """The value hint of the template an outcome was made from (matched by its title), or ""."""
    key = tokens(title)
    return next((t.value_hint for t in outcome_templates() if tokens(t.title) == key), "")


class TemplatePicker(QDialog):
    """Type to filter; arrows and Enter pick; the business categories group the templates."""

    def __init__(
        self, parent: QWidget | None = None, *, heading: str = "", exclude: set[OutcomeCategory] = frozenset()
    ) -> None:  # type: ignore[assignment]
        super().__init__(parent)
        self.setObjectName("templatePicker")
        self.setWindowTitle(self.tr("Add an outcome from a template"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        if heading:
            label = QLabel(heading)
            label.setWordWrap(True)
            label.setObjectName("panelTitle")
            layout.addWidget(label)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search templates (title, KPI, category)…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._accept_current)
        layout.addWidget(self.search)
        self.tree = QTreeWidget()
        self.tree.setObjectName("templateTree")
        self.tree.setHeaderLabels([self.tr("Template"), self.tr("KPI"), self.tr("Unit")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(lambda item, _c: self._accept_item(item))
        layout.addWidget(self.tree, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("emptyHint")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.chosen: OutcomeTemplate | None = None
        self._fill(exclude)
        self.tree.currentItemChanged.connect(self._show_hint)
        self.search.setFocus()

    def _fill(self, exclude: frozenset[OutcomeCategory]) -> None:
        groups: dict[OutcomeCategory, QTreeWidgetItem] = {}
        for template in outcome_templates():
            if template.category in exclude:
                continue
            group = groups.get(template.category)
            if group is None:
                group = groups[template.category] = QTreeWidgetItem([category_label(template.category)])
                group.setIcon(0, category_icon(template.category))
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
            item = QTreeWidgetItem([template.title, template.kpi_metric, template.unit])
            item.setData(0, TEMPLATE_ROLE, template)
            group.addChild(item)
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self._select_first()

    def _filter(self, text: str) -> None:
        words = tokens(text)
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                template: OutcomeTemplate = item.data(0, TEMPLATE_ROLE)
                haystack = tokens(f"{template.title} {template.kpi_metric} {group.text(0)}")
                match = all(any(h.startswith(w) for h in haystack) for w in words)
                item.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)
        self._select_first()

    def _select_first(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if not group.isHidden() and not group.child(j).isHidden():
                    self.tree.setCurrentItem(group.child(j))
                    return

    def _show_hint(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        template = item.data(0, TEMPLATE_ROLE) if item is not None else None
        self.hint.setText(self.tr("Value: %1").replace("%1", template.value_hint) if template else "")

    def _accept_item(self, item: QTreeWidgetItem | None) -> None:
        template = item.data(0, TEMPLATE_ROLE) if item is not None else None
        if template is not None:
            self.chosen = template
            self.accept()

    def _accept_current(self) -> None:
        self._accept_item(self.tree.currentItem())
