"""The team workbook's sheets of the last stages: resilience, the action plan (a live Excel table), the checks,
the parking lot and the decisions."""

from __future__ import annotations

import datetime as dt

from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from workshop.domain.checks import run_checks
from workshop.domain.entities import Note, Workshop
from workshop.domain.enums import STAGE_TITLES, ActionStatus, Severity
from workshop.domain.formulas import Analysis
from workshop.domain.plan_report import origin_words
from workshop.domain.resilience import ranked_scenarios, scenario_share
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.export.excel import styles
from workshop.export.excel.sheet import BookWriter, SheetWriter, Styled

ACTION_COLUMNS = ("#", "Title", "Outcome", "Channel", "Owner", "Due", "Status", "Cost", "Effort (days)", "Origin")
#: The table's name in formulas (``Actions[Cost]``) and in Excel's Name Manager.
ACTIONS_TABLE = "Actions"
LISTS_SHEET = "Lists"
SEVERITY_WORDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
#: The light fills of a highlighted action row (overdue, blocked): the palette's meanings, pale enough to read.
OVERDUE_FILL = "#FBE3D6"
BLOCKED_FILL = "#F4C7B5"


def resilience_sheet(book: BookWriter, analysis: Analysis) -> SheetWriter:
    """Every demise scenario, worst first, with what it strands and what its fallbacks save; then the reliance
    matrix (outcomes by chosen channels) with a colour scale."""
    s = book.sheet("Resilience")
    s.title("What happens when a platform or its owner goes")
    valued = analysis.weights_in_money
    s.note("Value at risk in money: outcomes are valued." if valued else
           "No outcome is valued: each outcome weighs the same, so the value at risk counts outcomes.")  # fmt: skip
    unit = book.money if valued else styles.NUMBER_FORMAT
    header = s.header(["Scenario", "Channel or owner", "Channels", "Value at risk", "Share of the plan",
                       "Stranded outcomes", "Saved by a live fallback"])  # fmt: skip
    scenarios = ranked_scenarios(analysis)
    for r in scenarios:
        names = [analysis.channel_by_key[ck].name for ck in analysis.channel_order if ck in r.scenario.channels]
        s.values(
            [
                "owner closes" if r.scenario.kind == "owner" else "channel closes",
                r.scenario.name,
                ", ".join(names),
                Styled(r.value_at_risk, number_format=unit),
                Styled(scenario_share(analysis, r), number_format=styles.PERCENT_FORMAT),
                ", ".join(r.stranded),
                ", ".join(r.saved),
            ],
            where="scenario",
        )
    if not scenarios:
        s.note("No exposed channel is chosen: no scenario to run.")
    s.skip()
    _reliance_matrix(s, analysis)
    s.finish(freeze=f"A{header + 1}")
    return s


def _reliance_matrix(s: SheetWriter, analysis: Analysis) -> None:
    s.put(
        s.row,
        1,
        "Reliance: how much of each outcome (across) rests on each channel (down)",
        font=styles.SUBTITLE_FONT,
        fit=False,
    )
    s.row += 1
    channels = analysis.chosen_channels
    if not channels or not analysis.outcomes:
        s.note("No channel is chosen yet.")
        return
    outcomes = analysis.outcomes
    s.header(["Channel", "Owner", *[o.key for o in outcomes]], repeat=False)
    first = s.row
    for c in channels:
        ck = name_key(c.name)
        s.values(
            [c.name, c.owner, *[Styled(analysis.reliance.get(name_key(o.key), {}).get(ck, 0.0),
                                       number_format=styles.PERCENT_FORMAT) for o in outcomes]],
            where=f"channel {c.name}",
        )  # fmt: skip
    cells = f"C{first}:{get_column_letter(2 + len(outcomes))}{s.row - 1}"
    s.sheet.conditional_formatting.add(
        cells, ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFFFF",
                              end_type="num", end_value=1, end_color=styles.argb(palette.VERMILLION)),
    )  # fmt: skip


def action_plan_sheet(book: BookWriter, analysis: Analysis, today: dt.date) -> SheetWriter:
    """The actions as a real Excel table: filters, a frozen header, status and owner chosen from lists, dates and
    money formatted, overdue and blocked rows highlighted live, totals of what the filter shows; the timeline."""
    from workshop.export.excel.pictures import timeline_png

    ws = analysis.workshop
    s = book.sheet("Action plan")
    s.title("Action plan")
    s.note("Filter with the header arrows. Overdue rows turn pale red as the date passes; blocked rows are darker.")
    if not ws.actions:
        s.note("No actions yet.")
        s.finish()
        return s
    titles = {name_key(o.key): o.title for o in ws.outcomes}
    header = s.header(list(ACTION_COLUMNS))
    for number, a in enumerate(ws.actions, start=1):
        colour = palette.STATUS_COLOURS[a.status]
        s.values(
            [
                number,
                a.title,
                a.outcome or "",
                a.channel or "",
                a.owner or "",
                Styled(a.due, number_format=styles.DATE_FORMAT),
                Styled(a.status.value, fill=styles.fill(colour), font=styles.font_on(colour)),
                Styled(a.cost, number_format=book.money),
                Styled(a.effort_days, number_format=styles.DAYS_FORMAT),
                origin_words(a.origin, titles),
            ],
            where=f"action {number}",
        )
    first, last = header + 1, s.row - 1
    end_column = get_column_letter(len(ACTION_COLUMNS))
    table = Table(displayName=ACTIONS_TABLE, ref=f"A{header}:{end_column}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    s.sheet.add_table(table)
    _totals(s, first, last)
    _highlights(s, first, last)
    _validation(s, ws, first, last)
    s.skip()
    s.picture(timeline_png(analysis, today), width=1000)
    s.width(2, 36)
    s.finish(freeze=f"C{header + 1}")
    return s


def _column(name: str) -> str:
    return get_column_letter(ACTION_COLUMNS.index(name) + 1)


def _totals(s: SheetWriter, first: int, last: int) -> None:
    """A totals row under the table: SUBTOTAL(109, ...) sums only the rows the filter shows."""
    row = s.row
    s.put(row, 2, "Total of the rows shown", font=styles.BOLD)
    for name, number_format in (("Cost", s.book.money), ("Effort (days)", styles.DAYS_FORMAT)):
        column = _column(name)
        cell = s.sheet[f"{column}{row}"]
        cell.value = f"=SUBTOTAL(109,{column}{first}:{column}{last})"
        cell.number_format = number_format
        cell.font = styles.BOLD
    s.row += 1


def _highlights(s: SheetWriter, first: int, last: int) -> None:
    due, status = _column("Due"), _column("Status")
    rows = f"A{first}:{get_column_letter(len(ACTION_COLUMNS))}{last}"
    done, blocked = ActionStatus.DONE.value, ActionStatus.BLOCKED.value
    s.sheet.conditional_formatting.add(
        rows, FormulaRule(formula=[f'${status}{first}="{blocked}"'], fill=styles.fill(BLOCKED_FILL), stopIfTrue=True)
    )
    s.sheet.conditional_formatting.add(
        rows,
        FormulaRule(formula=[f'AND(${due}{first}<>"",${due}{first}<TODAY(),${status}{first}<>"{done}")'],
                    fill=styles.fill(OVERDUE_FILL)),
    )  # fmt: skip


def lists_sheet(book: BookWriter, ws: Workshop) -> SheetWriter:
    """The hidden sheet the validation lists read (Excel refuses an inline list over 255 characters); made last,
    after the sheets a person reads."""
    s = book.sheet(LISTS_SHEET, hidden=True)
    if s.sheet.title != LISTS_SHEET:
        raise ValueError(f"the lists sheet must be called {LISTS_SHEET}, the validation formulas name it")
    s.values(["Status", "Owner"], font=styles.BOLD)
    owners = [p.name for p in ws.participants]
    statuses = [status.value for status in ActionStatus]
    for index in range(max(len(owners), len(statuses))):
        s.put(index + 2, 1, statuses[index] if index < len(statuses) else None)
        s.put(index + 2, 2, owners[index] if index < len(owners) else None, where="participant")
    s.finish()
    return s


def _validation(s: SheetWriter, ws: Workshop, first: int, last: int) -> None:
    sheet = quote_sheetname(LISTS_SHEET)
    lists = (
        (_column("Status"), f"={sheet}!$A$2:$A${1 + len(ActionStatus)}", "a status"),
        (_column("Owner"), f"={sheet}!$B$2:$B${1 + len(ws.participants)}", "a participant"),
    )
    for column, formula, what in lists[: 2 if ws.participants else 1]:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = f"Choose {what} from the list."
        rule.errorTitle = "Not in the list"
        rule.prompt = f"Choose {what}."
        rule.showErrorMessage = rule.showInputMessage = True
        rule.add(f"{column}{first}:{column}{last}")
        s.sheet.add_data_validation(rule)


def checks_sheet(book: BookWriter, analysis: Analysis) -> SheetWriter:
    """Every check the method runs, errors first within each stage's order, as the checks panel lists them."""
    s = book.sheet("Checks")
    s.title("Checks")
    results = run_checks(analysis.workshop, analysis)
    s.note(f"{len(results)} finding{'' if len(results) == 1 else 's'}; errors stop a stage being ready.")
    header = s.header(["Code", "Severity", "Stage", "Subject", "Message"])
    for r in results:
        colour = palette.SEVERITY_COLOURS[r.severity]
        s.values(
            [
                r.code,
                Styled(SEVERITY_WORDS[r.severity], fill=styles.fill(colour), font=styles.font_on(colour)),
                STAGE_TITLES[r.stage],
                r.subject,
                Styled(r.message, alignment=styles.WRAP),
            ],
            where=f"check {r.code}",
        )
    if not results:
        s.note("No findings: every stage is ready.")
    s.width(5, 60)
    s.finish(freeze=f"A{header + 1}")
    return s


def notes_sheet(book: BookWriter, ws: Workshop) -> SheetWriter:
    """What the room parked for later and what it decided, each with who and when."""
    s = book.sheet("Parking lot & decisions")
    s.title("Parking lot and decisions")
    s.header(["List", "#", "Text", "By", "At"])
    for label, notes in (("Parking lot", ws.parking_lot), ("Decision", ws.decisions)):
        _note_rows(s, label, notes)
    if not ws.parking_lot and not ws.decisions:
        s.note("Nothing parked and nothing decided yet.")
    s.width(3, 50)
    s.finish()
    return s


def _note_rows(s: SheetWriter, label: str, notes: list[Note]) -> None:
    for number, note in enumerate(notes, start=1):
        s.values(
            [label, number, Styled(note.text, alignment=styles.WRAP), note.by,
             Styled(note.at, number_format=styles.DATETIME_FORMAT)],
            where=f"{label.lower()} {number}",
        )  # fmt: skip
