"""The stages' matplotlib figures as PNG pictures for a workbook, where Excel has no native chart of the kind
(the outcome map's bubbles with their labels, the silo heatmap, the action timeline)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from matplotlib.figure import Figure

from workshop.domain.formulas import Analysis

#: Dots per inch of a picture: sharp when printed at the width the sheet gives it.
PICTURE_DPI = 110


def png(fig: Figure, *, dpi: int = PICTURE_DPI) -> bytes:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def outcome_map_png(analysis: Analysis) -> bytes:
    from workshop.domain.reports import outcome_map_data
    from workshop.export.charts import figure_for_outcome_map

    return png(figure_for_outcome_map(outcome_map_data(analysis)))


def silo_heatmap_png(analysis: Analysis) -> bytes:
    from workshop.domain.reports import silo_heatmap_data
    from workshop.export.charts import figure_for_silo_heatmap

    return png(figure_for_silo_heatmap(silo_heatmap_data(analysis.workshop)))


def timeline_png(analysis: Analysis, today: dt.date) -> bytes:
    from workshop.domain.timeline import timeline_data
    from workshop.export.charts import figure_for_timeline

    return png(figure_for_timeline(timeline_data(analysis.workshop, today)))
