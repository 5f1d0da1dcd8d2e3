"""The resilience charts sized to the canvas that shows them (the figures are ``workshop.export.charts``')."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workshop.ui.widgets.chart_canvas import ChartCanvas

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _dpi(canvas: ChartCanvas) -> float:
    """Type as large as the pane allows: the 16 x 9 in figures drawn at the canvas's size."""
    return max(56.0, min(120.0, canvas.width() / 9, canvas.height() / 5.6))


def owner_risk(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_owner_risk

    return figure_for_owner_risk(data, dpi=_dpi(canvas))


def reliance(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_reliance_heatmap

    return figure_for_reliance_heatmap(data, dpi=_dpi(canvas))


def kinds(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_kind_shares

    return figure_for_kind_shares(data, dpi=_dpi(canvas))
