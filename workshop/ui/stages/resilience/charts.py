"""The resilience charts sized to the canvas that shows them (the figures are ``workshop.export.charts``')."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workshop.ui.widgets.chart_canvas import ChartCanvas

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def owner_risk(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_owner_risk

    return figure_for_owner_risk(data, dpi=canvas.fitted_dpi())


def reliance(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_reliance_heatmap

    return figure_for_reliance_heatmap(data, dpi=canvas.fitted_dpi())


def kinds(canvas: ChartCanvas, data: Any) -> Figure:
    from workshop.export.charts import figure_for_kind_shares

    return figure_for_kind_shares(data, dpi=canvas.fitted_dpi())
