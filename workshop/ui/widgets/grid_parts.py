"""Pieces of the grids the room clicks and types into (dot voting, the RACI matrix): cells that act on a click,
outcome titles as row headers, columns pinned beside a grid that scrolls sideways."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyleOptionHeader, QTableView, QWidget

from workshop.ui.item_list import size_rows


class ClickGrid(QTableView):
    """A grid whose cells act on a click (a dot, the next RACI role): ``cell_clicked`` fires when a left click
    is released on the cell it was pressed on; a quick second click is a second click, not an editor."""

    #: A left click released on the cell it was pressed on, with the keyboard modifiers held.
    cell_clicked = Signal(QModelIndex, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed = QPersistentModelIndex()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and index == QModelIndex(self._pressed):
            self.cell_clicked.emit(index, event.modifiers())
        self._pressed = QPersistentModelIndex()


class DigitGrid(ClickGrid):
    """A grid typed into with digits (dots, scores): a plain digit key emits ``digit_typed`` instead of searching."""

    digit_typed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and len(text) == 1 and text in "0123456789":
            self.digit_typed.emit(int(text))
            event.accept()
            return
        super().keyPressEvent(event)


def fitted_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """``text`` wrapped at words into at most ``lines`` lines of ``width`` pixels, the last one elided."""
    out: list[str] = []
    current = ""
    words = text.split()
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(trial) <= width:
            current = trial
            continue
        if len(out) == lines - 1:
            current = " ".join([current, *words[i:]])
            break
        out.append(current)
        current = word
    out.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in out]


class TitleHeader(QHeaderView):
    """Row headers that keep a long outcome title readable: the category swatch, then the key and title on up to
    two lines (as the row height allows), elided after that; the whole title is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid() or self.model() is None:
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        text, option.text, option.icon = option.text, "", QIcon()
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        colour = self.model().headerData(logicalIndex, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
        left, side = rect.left() + 8, max(10, metrics.height() * 2 // 3)
        if isinstance(colour, QColor):
            painter.fillRect(QRect(left, rect.center().y() - side // 2, side, side), colour)
            left += side + 8
        area = QRect(left, rect.top() + 2, rect.right() - 6 - left, rect.height() - 4)
        lines = max(1, min(2, area.height() // metrics.lineSpacing()))
        painter.save()
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, flags, "\n".join(fitted_lines(text, metrics, area.width(), lines)))
        painter.restore()


class PinnedTable(QTableView):
    """Columns kept in view beside a grid that scrolls sideways; its rows stay level with the grid's."""

    def set_bottom_margin(self, pixels: int) -> None:
        """Leave room level with the grid's horizontal scroll bar, so both show the same rows."""
        self.setViewportMargins(0, 0, 0, pixels)


def set_up_grid(grid: QTableView, model: QAbstractItemModel) -> None:
    """What the grids of outcomes by people share: outcome titles as row headers, fixed columns, sideways scroll
    by pixel, no tab walking, rows tall enough for the app's large type."""
    grid.setVerticalHeader(TitleHeader(grid))
    grid.setModel(model)
    grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    grid.setTabKeyNavigation(False)
    grid.setWordWrap(False)
    grid.setCornerButtonEnabled(False)
    grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical = grid.verticalHeader()
    vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    vertical.setHighlightSections(True)
    size_rows(grid)


def pinned_table(model: QAbstractItemModel, grid: QTableView, name: str) -> PinnedTable:
    """Summary columns of ``model`` pinned at the right of ``grid``: read-only, never focused, level with its
    rows however far either scrolls."""
    table = PinnedTable()
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setHighlightSections(False)
    size_rows(table)
    table.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
    grid.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
    return table


def apply_sizes(
    grid: QTableView,
    summary: PinnedTable,
    *,
    titles: int,
    widths: dict[int, int],
    pinned: dict[int, int],
    heads: int,
    row: int,
    bar: int,
    scrolls: bool,
) -> None:
    """Put fitted sizes on a grid and its pinned summary: the titles' width, each column's, the header height
    and row height, and the most room both may take (``bar``: a vertical scroll bar's width, or 0; ``scrolls``:
    the grid scrolls sideways, so the summary leaves room level with its scroll bar)."""
    frame = 2 * grid.frameWidth()
    grid.verticalHeader().setFixedWidth(titles)
    for view, sizes in ((grid, widths), (summary, pinned)):
        view.horizontalHeader().setFixedHeight(heads)
        view.verticalHeader().setDefaultSectionSize(row)
        for c, w in sizes.items():
            view.horizontalHeader().resizeSection(c, w)
    across = grid.horizontalScrollBar().sizeHint().height() if scrolls else 0
    grid.setMaximumWidth(titles + sum(widths.values()) + frame + bar)
    grid.setMaximumHeight(heads + row * grid.model().rowCount() + frame + across)
    summary.setFixedWidth(sum(pinned.values()) + frame)
    summary.setMaximumHeight(grid.maximumHeight())
    summary.set_bottom_margin(across)
