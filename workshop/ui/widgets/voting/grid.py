"""The tables of the voting grid: typing and clicking into cells, the outcome titles beside them, the summary
pinned at the right, and their sizes fitted to the room the view gives them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableView,
    QWidget,
)

from workshop.ui.delegates import SpinBoxDelegate
from workshop.ui.widgets.grid_parts import DigitGrid, PinnedTable, apply_sizes, pinned_table, set_up_grid
from workshop.ui.widgets.voting.model import VotingModel

#: The most dots one cell editor (F2) offers; the service refuses what is over a participant's budget.
MOST_DOTS = 1_000


class VotingGrid(DigitGrid):
    """The table the facilitator types into: a digit sets the current cell; a click on a cell adds a dot."""


def voting_grid(model: QAbstractItemModel, parent: QObject) -> VotingGrid:
    """The grid the facilitator types into: one cell at a time, F2 opens a dots editor, rows tall enough."""
    grid = VotingGrid()
    set_up_grid(grid, model)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
    grid.setItemDelegate(SpinBoxDelegate(0, MOST_DOTS, parent=parent))
    header = grid.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setHighlightSections(False)
    return grid


def summary_table(model: QAbstractItemModel, grid: QTableView) -> PinnedTable:
    """Total, value and rank pinned at the right of the grid: in view however far the grid scrolls sideways."""
    return pinned_table(model, grid, "votingSummary")


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
    apply_sizes(grid, summary, titles=titles, widths=widths, pinned=pinned, heads=heads, row=row, bar=bar,
                scrolls=spare < 0)  # fmt: skip
