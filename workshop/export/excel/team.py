"""The team workbook: what the room takes home and a CFO forwards, one sheet per stage, in the method's order.

Built by one function per sheet on a shared ``BookWriter``, so every text goes through the safe cell writer and
every sheet prints the same way. Figures come from the domain (``Analysis``, the reports), never worked out here.
Native Excel charts where Excel has the kind (the numbers stay live); matplotlib pictures where it has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference

from workshop.domain.entities import Workshop
from workshop.domain.enums import CATEGORY_TITLES, STAGE_TITLES, OutcomeCategory, Stage
from workshop.domain.formulas import Analysis
from workshop.domain.plan_report import total_return_row
from workshop.domain.reports import outcomes_report
from workshop.domain.resilience import portfolio_words
from workshop.domain.resilience_charts import owner_risk_data
from workshop.domain.timer import StageTiming
from workshop.export import palette
from workshop.export.excel import styles
from workshop.export.excel.sheet import BookWriter, SheetWriter, Step, Styled, no_step
from workshop.export.excel.team_plan import (
    action_plan_sheet,
    checks_sheet,
    lists_sheet,
    notes_sheet,
    resilience_sheet,
)
from workshop.export.excel.team_sheets import channels_sheet, outcomes_sheet, raci_sheet

#: The sheets in the workbook's order, as the progress reports them.
TEAM_PARTS = (
    "Summary",
    "Outcomes",
    "RACI",
    "Channels",
    "Resilience",
    "Action plan",
    "Checks",
    "Parking lot & decisions",
)
#: Where the Summary's charts start: right of its tables.
_CHART_COLUMN = "I"


def build_team_workbook(
    ws: Workshop, *, today: dt.date, step: Step = no_step, timings: Sequence[StageTiming] | None = None
) -> BookWriter:
    """Every sheet of the team workbook; ``step`` is called before each (and may raise to cancel). ``timings``: the
    stage timer's time used per stage (a library workshop); None for a workshop that was never timed."""
    analysis = Analysis(ws)
    book = BookWriter(ws.title, currency=ws.currency)
    builders = (
        lambda: summary_sheet(book, analysis, today, timings),
        lambda: outcomes_sheet(book, analysis),
        lambda: raci_sheet(book, analysis),
        lambda: channels_sheet(book, analysis),
        lambda: resilience_sheet(book, analysis),
        lambda: action_plan_sheet(book, analysis, today),
        lambda: checks_sheet(book, analysis),
        lambda: notes_sheet(book, ws),
    )
    for part, build in zip(TEAM_PARTS, builders, strict=True):
        step(part)
        build()
    lists_sheet(book, ws)
    book.set_properties(
        title=f"{ws.title or 'Workshop'}: team plan",
        subject=f"Outcome-led channel strategy{' of ' + ws.organisation if ws.organisation else ''}",
        creator=ws.facilitator or "Social Working",
        keywords="social working, outcomes, RACI, channels, resilience, action plan",
        description=f"Exported by Social Working on {today.isoformat()}.",
    )
    return book


def summary_sheet(
    book: BookWriter, analysis: Analysis, today: dt.date, timings: Sequence[StageTiming] | None = None
) -> SheetWriter:
    """The workshop, the portfolio figures and the plan's return as numbers, the outcomes by priority, the time
    planned and used per stage, and the two charts a CFO looks at first: expected value by outcome, value at risk
    by owner."""
    ws = analysis.workshop
    s = book.sheet("Summary")
    s.title(ws.title or "Workshop")
    s.note(f"Team plan exported by Social Working on {today.isoformat()}")
    s.skip()
    s.pairs(
        [
            ("Organisation", ws.organisation, None),
            ("Date", ws.date, styles.DATE_FORMAT),
            ("Facilitator", ws.facilitator, None),
            ("Participants", len(ws.participants), styles.INTEGER_FORMAT),
            ("Currency", ws.currency, None),
        ]
    )
    s.skip()
    s.title("Portfolio", font=styles.SUBTITLE_FONT)
    p = analysis.portfolio
    total = total_return_row(analysis)
    s.pairs(
        [
            ("Resilience score (0-100)", None if p is None else p.resilience_score, styles.SCORE_FORMAT),
            ("Owned share", None if p is None else p.owned_share, styles.PERCENT_FORMAT),
            ("Owner concentration (HHI, 0-1)", None if p is None else p.hhi, styles.RATIO_FORMAT),
            ("Plan cost", total.cost, book.money),
            ("Expected value of the valued outcomes", total.expected_value, book.money),
            ("Return on the plan (ROI)", total.roi, styles.PERCENT_FORMAT),
            ("Payback", total.payback_months, styles.MONTHS_FORMAT),
        ]
    )
    if total.why:
        s.note(f"Return: {total.why}.")
    words = portfolio_words(analysis, ws.currency)
    for sentence in (words.resilience, words.owned, words.concentration):
        if sentence:
            s.note(sentence)
    s.skip()
    _outcomes_by_priority(s, analysis)
    s.skip()
    _value_at_risk_by_owner(s, analysis)
    s.skip()
    _time_per_stage(s, analysis.workshop, timings)
    s.width(1, 24)
    s.finish()
    return s


def _outcomes_by_priority(s: SheetWriter, analysis: Analysis) -> None:
    s.title("Outcomes by priority", font=styles.SUBTITLE_FONT)
    rows = outcomes_report(analysis)["outcomes"]
    if not rows:
        s.note("No outcomes yet.")
        return
    header = s.header(["Rank", "Key", "Title", "Category", "Dots", "Expected value"], repeat=False)
    for row in rows:
        colour = palette.CATEGORY_COLOURS[OutcomeCategory(row["category"])]
        s.values(
            [
                row["rank"],
                row["key"],
                row["title"],
                Styled(
                    CATEGORY_TITLES[OutcomeCategory(row["category"])],
                    fill=styles.fill(colour),
                    font=styles.font_on(colour),
                ),
                row["dots"],
                Styled(row["expected_value"], number_format=s.book.money),
            ],
            where="outcome",
        )
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Expected value by outcome"
    chart.style = 10
    chart.gapWidth = 40
    chart.y_axis.title = analysis.workshop.currency
    chart.y_axis.numFmt = "#,##0"
    chart.legend = None
    data = Reference(s.sheet, min_col=6, min_row=header, max_row=header + len(rows))
    keys = Reference(s.sheet, min_col=2, min_row=header + 1, max_row=header + len(rows))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(keys)
    chart.x_axis.scaling.orientation = "maxMin"  # the first priority on top
    chart.series[0].graphicalProperties.solidFill = palette.BLUE[1:]
    chart.height, chart.width = max(7.5, 0.6 * len(rows) + 3), 16
    s.sheet.add_chart(chart, f"{_CHART_COLUMN}3")


def _value_at_risk_by_owner(s: SheetWriter, analysis: Analysis) -> None:
    s.title("Value at risk by owner", font=styles.SUBTITLE_FONT)
    data = owner_risk_data(analysis)
    if not data.bars:
        s.note("No channel is chosen yet: nothing is at risk.")
        return
    unit = s.book.money if data.valued else styles.NUMBER_FORMAT
    header = s.header(["Owner", "Value at risk", "Share of the plan", "Stranded outcomes"], repeat=False)
    for bar in data.bars:
        s.values(
            [
                bar.owner,
                Styled(bar.value_at_risk, number_format=unit),
                Styled(bar.share, number_format=styles.PERCENT_FORMAT),
                ", ".join(bar.stranded),
            ],
            where="owner",
        )
    if not data.valued:
        s.note("No outcome is valued: each outcome weighs the same, so the value at risk counts outcomes.")
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Value at risk by owner"
    chart.style = 10
    chart.gapWidth = 40
    chart.y_axis.numFmt = "0%"
    chart.legend = None
    values = Reference(s.sheet, min_col=3, min_row=header, max_row=header + len(data.bars))
    owners = Reference(s.sheet, min_col=1, min_row=header + 1, max_row=header + len(data.bars))
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(owners)
    chart.x_axis.scaling.orientation = "maxMin"
    chart.series[0].graphicalProperties.solidFill = palette.VERMILLION[1:]
    chart.height, chart.width = max(7.5, 0.6 * len(data.bars) + 3), 16
    s.sheet.add_chart(chart, f"{_CHART_COLUMN}{max(header, 24)}")


#: The Summary's "Time per stage" columns.
TIME_COLUMNS = ("Stage", "Agenda (min)", "Added (min)", "Planned (min)", "Used (min)", "Used - planned (min)")
NOT_TIMED = "not timed"
_MINUTES = "0.0"


def _time_per_stage(s: SheetWriter, ws: Workshop, timings: Sequence[StageTiming] | None) -> None:
    """Planned minutes (the agenda's, plus those the timer added) against the minutes the stage timer counted.
    Without timings (a workshop read from a file carries no timer) the plan is shown and the time used reads "not
    timed". A stage neither planned nor timed is left out."""
    s.title("Time per stage", font=styles.SUBTITLE_FONT)
    agenda = {item.stage: item.minutes for item in ws.agenda}
    timed = {t.stage: t for t in timings or ()}
    rows: list[tuple[str, int, int, float | None]] = []  # stage, agenda, added, used minutes
    for stage in Stage:
        t = timed.get(stage)
        added, used = (t.extra_minutes, t.used_seconds) if t is not None else (0, None)
        if agenda.get(stage, 0) + added or used:
            rows.append((STAGE_TITLES[stage], agenda.get(stage, 0), added, None if used is None else used / 60))
    if not rows:
        s.note("No agenda and no time used: nothing was planned per stage.")
        return
    s.header(TIME_COLUMNS, repeat=False)
    for title, minutes, added, used in rows:
        s.values(_time_row(title, minutes, added, used, timings is not None), where="stage")
    used_total = sum(r[3] or 0.0 for r in rows)
    total = _time_row("Total", sum(r[1] for r in rows), sum(r[2] for r in rows), used_total, timings is not None)
    s.values([Styled(v.value, number_format=v.number_format, font=styles.BOLD) for v in total], where="stage")
    if timings is None:
        s.note("Time used: not timed (the workshop was read from a file; the stage timer is kept in the library).")


def _time_row(title: str, minutes: int, added: int, used: float | None, timed: bool) -> list[Styled]:
    planned = minutes + added
    whole = [Styled(title), *(Styled(v, number_format=styles.INTEGER_FORMAT) for v in (minutes, added, planned))]
    if not timed or used is None:
        return [*whole, Styled(NOT_TIMED), Styled(None)]
    return [
        *whole,
        Styled(round(used, 1), number_format=_MINUTES),
        Styled(round(used - planned, 1), number_format=_MINUTES),
    ]
