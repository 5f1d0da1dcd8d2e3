"""The slides with a chart: stakeholders (silo heatmap, open checks, the power/interest grid without names unless
the facilitator turns them on), channels (the ranking of the outcome picked, its sensitivity), resilience (the
what-if as the facilitator set it) and the plan (its return and timeline).

The charts are ``workshop.export.charts``' figures in the one chart canvas; a canvas builds its figure only while it
is shown, so the slides not on the screen cost nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from workshop.domain.enums import Severity, Stage
from workshop.domain.text import name_key
from workshop.ui.room.presenter.slides import RoomState, Slide
from workshop.ui.room.presenter.style import BODY, ERROR_TEXT, INK, MUTED, NOTE, READY_TEXT, WARNING_TEXT, elide, label
from workshop.ui.session import WorkshopSession
from workshop.ui.widgets.chart_canvas import ChartCanvas
from workshop.ui.widgets.voting.columns import compact_money

#: At most this many lines of words under a chart; the rest is counted ("and 3 more").
MAX_LINES = 4


def room_canvas(factory: Callable[[ChartCanvas], Any], name: str) -> ChartCanvas:
    """A chart canvas for the room: no focus, no menu, no save key; the figure sized to the canvas."""
    canvas = ChartCanvas(file_name=f"{name}.png")
    canvas.setObjectName(name)
    canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    canvas.removeAction(canvas.save_action)
    canvas.set_figure_factory(lambda: factory(canvas))
    return canvas


class WordsSlide(Slide):
    """A slide with charts that stay and words that are laid out again (``words`` holds them)."""

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        self.words = QWidget()
        self.words.setObjectName("slideWords")

    def holder(self) -> QWidget:
        return self.words

    def lines(self, box: QVBoxLayout, texts: list[tuple[str, str]], size: float = BODY) -> None:
        """(text, colour) a line, at most ``MAX_LINES``; the rest counted."""
        for text, colour in texts[:MAX_LINES]:
            box.addWidget(label(text, self.scale, size, colour=colour))
        if len(texts) > MAX_LINES:
            more = self.tr("… and %1 more").replace("%1", str(len(texts) - MAX_LINES))
            box.addWidget(label(more, self.scale, NOTE, colour=MUTED))


class StakeholdersSlide(WordsSlide):
    """The silo heatmap and the power/interest grid side by side, the open stakeholder checks in words beneath."""

    stage = Stage.STAKEHOLDERS
    shows = frozenset({"raci", "outcome", "participant", "department", "stakeholder", "workshop", "action"})

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        from workshop.ui.stages.stakeholders.power_grid import PowerInterestGrid

        self.heatmap = room_canvas(self._heatmap, "presenterHeatmap")
        self.grid = PowerInterestGrid(session)
        self.grid.setObjectName("presenterPowerGrid")
        self.grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # shown, never moved, no tooltip
        self.grid.show_names = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        charts = QHBoxLayout()
        charts.addWidget(self.heatmap, 11)
        charts.addWidget(self.grid, 8)
        box.addLayout(charts, 1)
        box.addWidget(self.words)

    def _heatmap(self, canvas: ChartCanvas) -> Any:
        from workshop.domain.reports import silo_heatmap_data
        from workshop.export.charts import figure_for_silo_heatmap

        return figure_for_silo_heatmap(silo_heatmap_data(self.session.workshop), dpi=canvas.fitted_dpi())

    def build(self) -> None:
        self.grid.show_names = self.state.names_on
        self.grid.setFont(self.scale.font(NOTE))
        self.grid.refresh()
        self.heatmap.refresh()
        box = self.fresh_body(8)
        checks = [c for c in self.session.shown_checks if c.stage is Stage.STAKEHOLDERS]
        if not checks:
            box.addWidget(label(self.tr("✔ No open stakeholder check."), self.scale, BODY, colour=READY_TEXT))
            return
        box.addWidget(label(self.tr("Open checks (%1)").replace("%1", str(len(checks))), self.scale, BODY, bold=True))
        texts = [
            (f"{'✖' if c.severity is Severity.ERROR else '▲'}  {c.subject}: {elide(c.message, 120)}",
             ERROR_TEXT if c.severity is Severity.ERROR else WARNING_TEXT)
            for c in checks
        ]  # fmt: skip
        self.lines(box, texts, NOTE)


class ChannelsSlide(WordsSlide):
    """The channel ranking of the outcome picked on the channels stage, and how stable its first place is."""

    stage = Stage.CHANNELS
    shows = frozenset({"score", "rating", "channel", "criterion", "outcome", "workshop", "choice", "vote"})

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        self.ranking = room_canvas(self._ranking, "presenterRanking")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.ranking, 1)
        box.addWidget(self.words)

    def outcome_key(self) -> str | None:
        """The facilitator's outcome; the first one when it is gone or none was picked."""
        keys = [o.key for o in self.session.workshop.outcomes]
        wanted = self.state.outcome_key
        found = next((k for k in keys if wanted is not None and name_key(k) == name_key(wanted)), None)
        return found or (keys[0] if keys else None)

    def _ranking(self, canvas: ChartCanvas) -> Any:
        from workshop.domain.reports import RankingChartData, ranking_chart_data
        from workshop.export.charts import figure_for_ranking

        key = self.outcome_key()
        data = (
            ranking_chart_data(self.session.analysis, key)
            if key
            else RankingChartData("", self.tr("No outcome yet"), ())
        )
        return figure_for_ranking(data, dpi=canvas.fitted_dpi())

    def build(self) -> None:
        from workshop.domain.stability import stability_lines

        self.ranking.refresh()
        box = self.fresh_body(8)
        key = self.outcome_key()
        lines = stability_lines(self.session.analysis, key) if key else None
        if lines is None:
            box.addWidget(label(self.tr("Fewer than two complete candidates: nothing can flip yet."), self.scale,
                                BODY, colour=MUTED))  # fmt: skip
            return
        self.lines(box, [(line if line.endswith(".") else line + ".", INK) for line in lines])


class ResilienceSlide(WordsSlide):
    """The what-if as the facilitator set it: what is off, the value at risk, the outcomes stranded and those a
    fallback keeps going; beneath, the value each outside owner holds."""

    stage = Stage.RESILIENCE
    shows = frozenset(
        {"outcome", "choice", "channel", "workshop", "action", "raci", "participant", "score", "rating", "criterion"}
    )

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        self.owners = room_canvas(self._owners, "presenterOwnerRisk")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.words)
        box.addWidget(self.owners, 1)

    def _owners(self, canvas: ChartCanvas) -> Any:
        from workshop.domain.resilience_charts import owner_risk_data
        from workshop.export.charts import figure_for_owner_risk

        return figure_for_owner_risk(owner_risk_data(self.session.analysis), dpi=canvas.fitted_dpi())

    def result(self) -> tuple[tuple[str, ...], Any]:
        """What the facilitator switched off, as the room reads it, and the what-if on the workshop as it is now;
        names that went (renamed, removed) are let go."""
        from workshop.domain.resilience import what_if
        from workshop.ui.stages.resilience.what_if import switchable

        owners, channels = switchable(self.session)
        off_channels, off_owners = self.session.what_if
        known = {name_key(c) for c in channels}
        keep_c = tuple(c for c in off_channels if name_key(c) in known)
        keep_o = tuple(o for o in off_owners if o in owners)
        off = (*(self.tr("%1 (owner)").replace("%1", o) for o in keep_o), *keep_c)
        return off, what_if(self.session.analysis, keep_c, keep_o)

    def build(self) -> None:
        from workshop.ui.stages.resilience.models import risk_text

        self.owners.refresh()
        s, box = self.scale, self.fresh_body(8)
        off, result = self.result()
        if not off:
            box.addWidget(self.title(self.tr("What if a platform closed?")))
            box.addWidget(label(self.tr("Nothing is switched off yet: every channel and owner is on."), s, BODY,
                                colour=MUTED))  # fmt: skip
            return
        box.addWidget(self.title(self.tr("Without %1").replace("%1", elide(", ".join(off), 90))))
        tiles = QHBoxLayout()
        tiles.setSpacing(s.px(20))
        stranded, live = result.stranded, result.live_fallbacks
        tiles.addWidget(self.figure_tile(self.tr("value at risk"), risk_text(self.session.analysis,
                                                                             result.value_at_risk)), 1)  # fmt: skip
        tiles.addWidget(self.figure_tile(self.tr("stranded: no channel left"), self._keys(stranded),
                                         ERROR_TEXT if stranded else READY_TEXT), 2)  # fmt: skip
        tiles.addWidget(self.figure_tile(self.tr("kept going by a fallback"), self._keys(live)), 2)
        box.addLayout(tiles)

    def _keys(self, keys: tuple[str, ...], most: int = 5) -> str:
        """Outcome keys for a tile: the first few, then how many more ("O1, O3, O4, O6, O9 +12")."""
        if not keys:
            return self.tr("none")
        more = f" +{len(keys) - most}" if len(keys) > most else ""
        return ", ".join(keys[:most]) + more


class PlanSlide(WordsSlide):
    """The plan's return, each outcome's and the whole plan's, then its timeline."""

    stage = Stage.PLAN
    shows = frozenset({"action", "outcome", "channel", "participant", "workshop", "choice", "raci"})

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        self.timeline = room_canvas(self._timeline, "presenterTimeline")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.words)
        box.addWidget(self.timeline, 1)

    def _timeline(self, canvas: ChartCanvas) -> Any:
        from workshop.domain.timeline import timeline_data
        from workshop.export.charts import figure_for_timeline

        return figure_for_timeline(timeline_data(self.session.workshop, dt.date.today()), dpi=canvas.fitted_dpi())

    def build(self) -> None:
        from workshop.domain.plan_report import return_rows, total_return_row

        self.timeline.refresh()
        s, box = self.scale, self.fresh_body(8)
        analysis = self.session.analysis
        currency = analysis.workshop.currency
        rows = return_rows(analysis)
        grid = QGridLayout()
        grid.setHorizontalSpacing(s.px(36))
        grid.setVerticalSpacing(s.px(2))
        heads = (self.tr("Return"), self.tr("Cost"), self.tr("Value a year"), self.tr("ROI"), self.tr("Payback"))
        for column, text in enumerate(heads):
            grid.addWidget(label(text, s, NOTE, bold=True, colour=MUTED, wrap=False), 0, column,
                           Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight)  # fmt: skip
        size = NOTE if len(rows) > 6 else BODY
        shown = rows[:8]  # the timeline keeps half the slide
        total = total_return_row(analysis)
        for i, r in enumerate([*shown, total], start=1):
            whole = r is total
            name = self.tr("The whole plan") if whole else f"{r.key}  {elide(r.title, 46)}"
            cells = (
                name,
                compact_money(r.cost, currency) if r.cost else "–",
                "n/a" if r.expected_value is None else compact_money(r.expected_value, currency),
                "n/a" if r.roi is None else f"{100 * r.roi:,.0f}%",
                "n/a" if r.payback_months is None else self.tr("%1 mo").replace("%1", f"{r.payback_months:.1f}"),
            )
            for column, text in enumerate(cells):
                align = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
                grid.addWidget(label(text, s, size, bold=whole, wrap=False), i, column, align)
        grid.setColumnStretch(0, 1)
        box.addLayout(grid)
        if len(rows) > len(shown):
            more = self.tr("… and %1 more outcomes").replace("%1", str(len(rows) - len(shown)))
            box.addWidget(label(more, s, NOTE, colour=MUTED))
