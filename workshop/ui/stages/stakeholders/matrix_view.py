"""The RACI matrix on screen: role cells painted in the role colours, participant names turned upright under a band
per department, the R/A/D/F summary pinned at the right, and the keys that set roles (R, A, C, I, Delete)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from workshop.domain.enums import RaciRole, Severity
from workshop.export.palette import SEVERITY_TEXT_COLOURS
from workshop.ui.stages.stakeholders.matrix_model import (
    LOAD_ROLE,
    MARK_ROLE,
    PAINT_ROLE,
    ROLE_NAMES,
    RaciMatrixModel,
)
from workshop.ui.widgets.grid_parts import ClickGrid, PinnedTable, apply_sizes, pinned_table, set_up_grid

Index = QModelIndex | QPersistentModelIndex
#: The bands of neighbouring departments alternate between these two tints.
BAND_TINTS = ("#E4EAF1", "#F1ECE2")
#: The longest participant name drawn upright, in characters; the whole name is in the tooltip.
NAME_CHARS = 18


_MARKS = {severity: QColor(colour) for severity, colour in SEVERITY_TEXT_COLOURS.items()}
_SELECTED_EMPTY = QColor("#DCE8F5")
_SELECTED_PEN = QPen(QColor("#1A1A1A"), 3)


def _mark_colour(severity: Severity | str | None) -> QColor | None:
    return _MARKS[Severity(severity)] if severity is not None else None


class RaciCellDelegate(QStyledItemDelegate):
    """A role cell filled with the role's colour and its letter large and bold; a marked cell (two A's) gets a
    thick border in the error colour; the current and selected cells an outline that shows on any fill."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[float, QFont] = {}

    def _letter_font(self, base: QFont) -> QFont:
        font = self._fonts.get(base.pointSizeF())
        if font is None:
            font = self._fonts[base.pointSizeF()] = QFont(base)
            font.setBold(True)
            font.setPointSizeF(base.pointSizeF() * 1.2)
        return font

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell = index.data(PAINT_ROLE)
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.save()
        empty = cell is None or cell[1] is None
        base = option.palette.color(QPalette.ColorRole.Base)  # type: ignore[attr-defined]
        painter.fillRect(rect, _SELECTED_EMPTY if selected and empty else base)
        inner = rect.adjusted(3, 3, -3, -3)
        if cell is not None:
            text, fill, ink, severity = cell
            if fill is not None:
                painter.fillRect(inner, fill)
                painter.setFont(self._letter_font(option.font))  # type: ignore[attr-defined]
                painter.setPen(ink)
                painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, text)
            mark = _mark_colour(severity)
            if mark is not None:
                painter.setPen(QPen(mark, 4))
                painter.drawRect(inner.adjusted(1, 1, -2, -2))
        if selected:
            painter.setPen(_SELECTED_PEN)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class SummaryDelegate(QStyledItemDelegate):
    """A summary figure in bold, in the colour of the check it shows (error, warning) when one fires."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.font.setBold(True)  # type: ignore[attr-defined]
        mark = _mark_colour(index.data(MARK_ROLE))
        if mark is not None:
            option.palette.setColor(QPalette.ColorRole.Text, mark)  # type: ignore[attr-defined]
            option.backgroundBrush = QColor("#FBE9E4" if index.data(MARK_ROLE) == Severity.ERROR else "#FDF3DC")  # type: ignore[attr-defined]


class RaciHeader(QHeaderView):
    """Participant (or department) names turned upright so that every column reads without hovering, a band per
    department above them, and under each participant their R and A roles against the overload limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        #: The most height upright names may take (set to the room the matrix has); longer names are elided.
        self.name_limit = 10_000
        self._longest: int | None = None
        self._eight = 0

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def band_height(self) -> int:
        return int(self.fontMetrics().lineSpacing() * 2.3)

    def badge_height(self) -> int:
        return int(self.fontMetrics().lineSpacing() * 1.5)

    def name_extent(self) -> int:
        """The height upright names take: the longest, up to ``name_limit``. Measured when the matrix is fitted
        (Qt asks for the header's size hint hundreds of times per edit)."""
        if self._longest is None:
            self.measure_names()
        return min(max(self._eight, self._longest or 0) + 16, self.name_limit)

    def measure_names(self) -> None:
        metrics = QFontMetrics(self._bold())
        model = self.model()
        longest = 0
        if model is not None:
            for c in range(model.columnCount()):
                name = str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                longest = max(longest, metrics.horizontalAdvance(name[:NAME_CHARS]))
        self._longest, self._eight = longest, metrics.horizontalAdvance("0" * 8)

    def _by_department(self) -> bool:
        model = self.model()
        return isinstance(model, RaciMatrixModel) and model.by_department

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._by_department():  # department names across, on two lines; no band above them
            return QSize(hint.width(), self.band_height() + self.fontMetrics().lineSpacing())
        return QSize(hint.width(), self.band_height() + self.name_extent() + self.badge_height())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        model = self.model()
        if not rect.isValid() or model is None:
            return
        if self._by_department():
            self._paint_department(painter, rect, logicalIndex)
            return
        body = QRect(rect.left(), rect.top() + self.band_height(), rect.width(), rect.height() - self.band_height())
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = body
        name, option.text = option.text, ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        badge_h = self.badge_height()
        load = model.headerData(logicalIndex, Qt.Orientation.Horizontal, LOAD_ROLE)
        mark = _mark_colour(model.headerData(logicalIndex, Qt.Orientation.Horizontal, MARK_ROLE))
        painter.save()
        font = self._bold()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text_colour = mark or self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_colour)
        length = body.height() - badge_h - 12
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, length)
        painter.translate(body.center().x() + metrics.ascent() / 2 - metrics.descent(), body.bottom() - badge_h - 6)
        painter.rotate(-90)
        painter.drawText(0, 0, shown)
        painter.restore()
        if load is not None:
            held, limit = load
            painter.save()
            over = held > limit
            badge = QRect(body.left() + 2, body.bottom() - badge_h + 2, body.width() - 4, badge_h - 4)
            if over:
                painter.fillRect(badge, QColor(SEVERITY_TEXT_COLOURS[Severity.WARNING]))
            painter.setFont(font)
            painter.setPen(QColor("#FFFFFF") if over else self.palette().color(QPalette.ColorRole.WindowText))
            text = f"{held}/{limit}"
            if metrics.horizontalAdvance(text) > badge.width():  # a narrow column (150 people): the count alone
                text = str(held)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()

    def _paint_department(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        """The department view: each column's department name across, on up to two lines."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        name, option.text = option.text, ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        font = band_font(self.font())
        painter.setFont(font)
        mark = _mark_colour(self.model().headerData(logicalIndex, Qt.Orientation.Horizontal, MARK_ROLE))
        painter.setPen(mark or self.palette().color(QPalette.ColorRole.WindowText))
        text = f"▲ {name}" if mark is not None else name
        area = rect.adjusted(4, 2, -4, -2)
        painter.drawText(
            area, Qt.AlignmentFlag.AlignCenter, "\n".join(_two_lines(text, QFontMetrics(font), area.width()))
        )
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not isinstance(model, RaciMatrixModel) or model.by_department:
            return
        painter = QPainter(self.viewport())
        font = band_font(self.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = self.band_height()
        for i, (name, first, last, checks) in enumerate(model.bands()):
            if self.isSectionHidden(first):
                continue
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            if right < 0 or left > self.viewport().width():
                continue
            band = QRect(left, 0, right - left, height)
            painter.fillRect(band, QColor(BAND_TINTS[i % 2]))
            painter.setPen(QPen(QColor("#8A8A8A"), 1))
            painter.drawLine(band.topLeft(), band.bottomLeft())
            warned = bool(checks)
            painter.setPen(
                _mark_colour(Severity.WARNING) if warned else self.palette().color(QPalette.ColorRole.WindowText)
            )
            text = f"▲ {name}" if warned else name
            area = QRectF(band.adjusted(4, 2, -4, -2))
            lines = _two_lines(text, metrics, int(area.width()))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
        painter.end()


def _split_two(text: str, metrics: QFontMetrics) -> list[str]:
    """``text`` split at the space that makes its longer line shortest (one line when it has no space)."""
    words = text.split(" ")
    if len(words) == 1:
        return [text]

    def widest(i: int) -> int:
        return max(metrics.horizontalAdvance(" ".join(words[:i])), metrics.horizontalAdvance(" ".join(words[i:])))

    best = min(range(1, len(words)), key=widest)
    return [" ".join(words[:best]), " ".join(words[best:])]


def _two_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """A department name on one line when it fits, else on two, each elided to ``width``."""
    lines = [text] if metrics.horizontalAdvance(text) <= width else _split_two(text, metrics)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def band_font(base: QFont) -> QFont:
    """Department names a little smaller than the participants' (they span their people's columns)."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * 0.88)
    font.setBold(True)
    return font


def band_width_needed(name: str, metrics: QFontMetrics) -> int:
    """How wide a department's band must be for its name to read on two lines."""
    return max(metrics.horizontalAdvance(line) for line in _split_two(name, metrics)) + 12


class RaciGrid(ClickGrid):
    """The matrix the facilitator types into. R, A, C and I set every selected cell, Delete or Space clears them
    (a block is one undoable edit), a click on a cell steps it through R, A, C, I and empty."""

    #: A role key was pressed: the role, or None to clear.
    role_typed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role_actions: list[QAction] = []
        for role in RaciRole:
            self._key_action(self.tr("Set %1 (%2)").replace("%1", self.tr(ROLE_NAMES[role])).replace("%2", role.value),
                             [role.value], role)  # fmt: skip
        self._key_action(self.tr("Clear the role"), ["Del", "Space", "Backspace"], None)

    def _key_action(self, text: str, keys: list[str], role: RaciRole | None) -> None:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False, r=role: self.role_typed.emit(r))
        self.addAction(action)
        self.role_actions.append(action)


def raci_grid(model: RaciMatrixModel) -> RaciGrid:
    grid = RaciGrid()
    grid.setHorizontalHeader(RaciHeader(grid))
    set_up_grid(grid, model)
    grid.setItemDelegate(RaciCellDelegate(grid))
    grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return grid


def summary_for(model: RaciMatrixModel, grid: QTableView) -> PinnedTable:
    """R, A, departments and finance of each outcome, pinned at the right of the matrix, level with its rows."""
    table = pinned_table(model, grid, "raciSummary")
    table.setItemDelegate(SummaryDelegate(table))
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
    return table


def fit_matrix(model: RaciMatrixModel, grid: QTableView, summary: PinnedTable, area: QWidget) -> None:
    """Columns wide enough for a role letter and for their department's name on two lines, spare room shared
    out (up to a limit), the outcome titles get what is left (at least about 18 characters: past that the matrix
    scrolls sideways, the summary staying in view), rows grow to fill the height (up to a limit)."""
    header, vertical = grid.horizontalHeader(), grid.verticalHeader()
    assert isinstance(header, RaciHeader)
    fm, frame = grid.fontMetrics(), 2 * grid.frameWidth()
    bold_metrics = QFontMetrics(band_font(grid.font()))
    data = model.data_columns
    for c in range(model.columnCount()):
        grid.setColumnHidden(c, c >= data)
        summary.setColumnHidden(c, c < data)
    least = int(fm.lineSpacing() * 2.0)
    if model.by_department:
        least = max(least, fm.horizontalAdvance("A·10") + 16)
    widths = {c: least for c in range(data)}
    for name, first, last, _checks in model.bands():
        count = last - first + 1
        need = -(-band_width_needed(name if not _checks else f"▲ {name}", bold_metrics) // count)
        for c in range(first, last + 1):
            widths[c] = max(widths[c], need)
    pinned = {
        c: max(fm.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal))), fm.horizontalAdvance("00"))
        + 24
        for c in range(data, model.columnCount())
    }
    # Upright names take the height they need, as long as four rows of the matrix stay in view.
    four_rows = int(min(4, model.rowCount() or 1) * 1.9 * fm.height())
    spare_height = area.height() - header.band_height() - header.badge_height() - four_rows - 2 * frame
    header.name_limit = max(fm.horizontalAdvance("0" * 7) + 16, spare_height)
    header.measure_names()  # names may have changed (a fit follows every reset of the model)
    line, rows = fm.height(), model.rowCount()
    heads = header.sizeHint().height()
    height = area.height() - frame - heads - grid.horizontalScrollBar().sizeHint().height() - 4
    row = int(min(max(2.2 * line, height / rows if rows else 0), 2.7 * line))  # two lines of title
    bar = grid.verticalScrollBar().sizeHint().width() if row * rows > height else 0
    room = area.width() - frame - bar - (sum(pinned.values()) + frame)
    wanted = max(vertical.sizeHint().width(), 30 * fm.averageCharWidth())
    titles = max(min(wanted, room - sum(widths.values())), min(wanted, 18 * fm.averageCharWidth()))
    spare = room - titles - sum(widths.values())
    if spare > 0 and widths:
        more = min(spare // len(widths), least)
        widths = {c: w + more for c, w in widths.items()}
    apply_sizes(grid, summary, titles=titles, widths=widths, pinned=pinned, heads=heads, row=row, bar=bar,
                scrolls=spare < 0)  # fmt: skip
