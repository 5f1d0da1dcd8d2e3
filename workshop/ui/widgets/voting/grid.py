"""The tables of the voting grid: typing and clicking into cells, the outcome titles beside them, the summary
pinned at the right, and their sizes fitted to the room the view gives them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from workshop.ui.delegates import SpinBoxDelegate
from workshop.ui.item_list import size_rows
from workshop.ui.widgets.voting.model import VotingModel

#: The most dots one cell editor (F2) offers; the service refuses what is over a participant's budget.
MOST_DOTS = 1_000


class VotingGrid(QTableView):
    """The table the facilitator types into: a digit sets the current cell; a click on a cell adds a dot."""

    digit_typed = Signal(int)
    #: A left click released on the cell it was pressed on, with the keyboard modifiers held.
    cell_clicked = Signal(QModelIndex, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed = QPersistentModelIndex()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and len(text) == 1 and text in "0123456789":
            self.digit_typed.emit(int(text))
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A quick second click is a second dot, not an editor."""
        self.mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and index == QModelIndex(self._pressed):
            self.cell_clicked.emit(index, event.modifiers())
        self._pressed = QPersistentModelIndex()


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


def voting_grid(model: QAbstractItemModel, parent: QObject) -> VotingGrid:
    """The grid the facilitator types into: one cell at a time, F2 opens a dots editor, rows tall enough."""
    grid = VotingGrid()
    grid.setVerticalHeader(TitleHeader(grid))
    grid.setModel(model)
    grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
    grid.setItemDelegate(SpinBoxDelegate(0, MOST_DOTS, parent=parent))
    grid.setTabKeyNavigation(False)
    grid.setWordWrap(False)
    grid.setCornerButtonEnabled(False)
    grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = grid.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setHighlightSections(False)
    vertical = grid.verticalHeader()
    vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    vertical.setHighlightSections(True)
    size_rows(grid)
    return grid


def summary_table(model: QAbstractItemModel, grid: VotingGrid) -> PinnedTable:
    """Total, value and rank pinned at the right of the grid: in view however far the grid scrolls sideways."""
    table = PinnedTable()
    table.setObjectName("votingSummary")
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


def fit_tables(
    model: VotingModel, grid: VotingGrid, summary: PinnedTable, area: QWidget, *, with_summary: bool
) -> None:
    """Every shown column as wide as its header or cells, the outcome titles take what is left (at least
    about 24 characters: past that the grid scrolls sideways, the summary staying in view), spare room
    widens the columns a little, and rows grow to fill the height (up to a limit)."""
    header, vertical = grid.horizontalHeader(), grid.verticalHeader()
    fm, frame = grid.fontMetrics(), 2 * grid.frameWidth()
    least = fm.horizontalAdvance("000") + 28
    if model.hidden:
        least = max(least, fm.horizontalAdvance("0") * 12)
    columns = range(model.columnCount())

    def natural(view: QTableView) -> dict[int, int]:
        shown = [c for c in columns if not view.isColumnHidden(c)]
        head = view.horizontalHeader()
        return {c: max(head.sectionSizeHint(c), view.sizeHintForColumn(c), least) for c in shown}

    widths, pinned = natural(grid), natural(summary) if with_summary else {}
    line, rows = fm.height(), model.rowCount()
    heads = max(header.sizeHint().height(), summary.horizontalHeader().sizeHint().height())
    height = area.height() - frame - heads - grid.horizontalScrollBar().sizeHint().height() - 4
    row = int(min(max(1.9 * line, height / rows if rows else 0), 2.7 * line))
    bar = grid.verticalScrollBar().sizeHint().width() if row * rows > height else 0
    room = area.width() - frame - bar - (sum(pinned.values()) + frame if pinned else 0)
    wanted = vertical.sizeHint().width()
    titles = max(min(wanted, room - sum(widths.values())), min(wanted, 24 * fm.averageCharWidth()))
    spare = room - titles - sum(widths.values())
    if spare > 0 and widths:
        more = min(spare // len(widths), least)
        widths = {c: w + more for c, w in widths.items()}
    vertical.setFixedWidth(titles)
    for view, sizes in ((grid, widths), (summary, pinned)):
        view.horizontalHeader().setFixedHeight(heads)
        view.verticalHeader().setDefaultSectionSize(row)
        for c, w in sizes.items():
            view.horizontalHeader().resizeSection(c, w)
    across = grid.horizontalScrollBar().sizeHint().height() if spare < 0 else 0
    grid.setMaximumWidth(titles + sum(widths.values()) + frame + bar)
    grid.setMaximumHeight(heads + row * rows + frame + across)
    summary.setFixedWidth(sum(pinned.values()) + frame)
    summary.setMaximumHeight(grid.maximumHeight())
    summary.set_bottom_margin(across)
