"""Dot voting: outcomes by participants, entered with digits or clicks, hidden (anonymous) until revealed.

A shared widget: the outcomes stage places outcome dots with it; the channels stage is meant to reuse it for
the channel dots of an outcome (not built yet: today the rows are outcomes and the votes have no channel).
Votes go through ``session.apply``, so the window's undo takes them back whether the tally is hidden or not.
Whether the tally is hidden is a view setting of this computer, remembered per workshop in the app's
settings: never workshop data, never in an export.

columns.py: the columns and what cells and headers say; model.py: the tally as a table model and the hidden
state per workshop; grid.py: the tables typed and clicked into; view.py: the grid with its controls.
"""

from __future__ import annotations

from workshop.ui.widgets.grid_parts import PinnedTable, TitleHeader, fitted_lines
from workshop.ui.widgets.voting.columns import DOTS_SCALE, HEADER_WRAP, VotingColumn, compact_money
from workshop.ui.widgets.voting.grid import MOST_DOTS, VotingGrid
from workshop.ui.widgets.voting.model import (
    SHOWN_TABLES,
    VotingModel,
    remember_tally_hidden,
    tally_hidden,
    tally_key,
)
from workshop.ui.widgets.voting.view import VotingView

__all__ = [
    "DOTS_SCALE",
    "HEADER_WRAP",
    "MOST_DOTS",
    "SHOWN_TABLES",
    "PinnedTable",
    "TitleHeader",
    "VotingColumn",
    "VotingGrid",
    "VotingModel",
    "VotingView",
    "compact_money",
    "fitted_lines",
    "remember_tally_hidden",
    "tally_hidden",
    "tally_key",
]
