"""The participant workbook, "my plan": what one person takes home from the room, their actions by deadline,
the outcomes they answer for or are asked about, and the whole picture of the workshop.

Built sheet by sheet here (copying sheets from the team workbook would drop tables and print titles); every user
text goes through ``SheetWriter`` and so through the safe cell writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from workshop.domain.entities import Action, Outcome, Participant, Workshop
from workshop.domain.enums import CATEGORY_TITLES, ActionStatus, RaciRole, Severity
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.export.excel import styles
from workshop.export.excel.sheet import BookWriter, SheetWriter, Styled

PLAN_SHEET = "My plan"
OUTCOMES_SHEET = "My outcomes"
WORKSHOP_SHEET = "Workshop"
SHEETS = (PLAN_SHEET, OUTCOMES_SHEET, WORKSHOP_SHEET)

#: The actions table's name in Excel (one per workbook, so a constant is unique); letters only, never a cell name.
ACTIONS_TABLE = "MyActions"
ACTION_HEADERS = ("Action", "Outcome", "Channel", "Due", "Status", "Cost", "Effort (days)")
_DUE_COL, _STATUS_COL, _COST_COL, _EFFORT_COL = 4, 5, 6, 7
TOTAL_LABEL = "Total"

LEAD_HEADERS = (
    "Role", "Key", "Title", "KPI", "Baseline", "Target", "Unit", "Due", "Annual value", "Expected value",
)  # fmt: skip
INVOLVED_HEADERS = ("Role", "Key", "Title", "KPI", "Target")
WORKSHOP_HEADERS = ("Rank", "Key", "Title", "Category", "Expected value", "Accountable", "My role")

LEAD_ROLES = (RaciRole.R, RaciRole.A)
INVOLVED_ROLES = (RaciRole.C, RaciRole.I)
ROLE_WORDS: dict[RaciRole, str] = {
    RaciRole.R: "Responsible",
    RaciRole.A: "Accountable",
    RaciRole.C: "Consulted",
    RaciRole.I: "Informed",
}

NO_ACTIONS = "You own no actions in this plan yet."
NO_LEAD = "You are neither Responsible nor Accountable for any outcome."
NO_INVOLVED = "You are neither Consulted nor Informed on any outcome."
NO_OUTCOMES = "The workshop has no outcomes yet."

#: Overdue rows read in the error colour, as a failed check does in the app; the status cell keeps its own colour.
_OVERDUE_FILL = styles.fill(palette.SEVERITY_COLOURS[Severity.ERROR])
_OVERDUE_FONT = styles.font_on(palette.SEVERITY_COLOURS[Severity.ERROR], bold=True)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sheet of one participant's workbook looks up: the figures and the participant's roles."""

    ws: Workshop
    participant: Participant
    analysis: Analysis
    roles: dict[str, list[RaciRole]]  # folded outcome key -> the participant's roles, in R A C I order
    outcome_by_key: dict[str, Outcome]


def build_participant_workbook(ws: Workshop, participant: Participant, *, today: dt.date) -> BookWriter:
    """One participant's "my plan" workbook: their actions, their outcomes and the workshop's priorities."""
    context = _context(ws, participant)
    book = BookWriter(ws.title, currency=ws.currency)
    _plan_sheet(book, context, today)
    _outcomes_sheet(book, context)
    _workshop_sheet(book, context)
    name = participant.name.strip()
    book.set_properties(
        title=f"{ws.title}: plan for {name}",
        subject=f"The actions and outcomes of {name} in the social strategy of {ws.organisation or ws.title}",
        creator=ws.facilitator or "Social Working",
        keywords=", ".join(part for part in ("social strategy", "action plan", ws.organisation, name) if part),
        description=f"Exported by Social Working on {today.isoformat()} for {name}.",
    )
    return book


def participant_actions(ws: Workshop, participant: Participant) -> list[Action]:
    """The actions the participant owns, by deadline: undated last, ties in the workshop's order."""
    me = name_key(participant.name)
    mine = [(i, a) for i, a in enumerate(ws.actions) if a.owner is not None and name_key(a.owner) == me]
    mine.sort(key=lambda pair: (pair[1].due is None, pair[1].due or dt.date.min, pair[0]))
    return [a for _, a in mine]


def participant_roles(ws: Workshop, participant: Participant) -> dict[str, list[RaciRole]]:
    """The participant's RACI roles by folded outcome key, each list in R A C I order without repeats."""
    me = name_key(participant.name)
    order = list(RaciRole)
    roles: dict[str, list[RaciRole]] = {}
    for assignment in ws.raci:
        if name_key(assignment.participant) == me:
            held = roles.setdefault(name_key(assignment.outcome), [])
            if assignment.role not in held:
                held.append(assignment.role)
                held.sort(key=order.index)
    return roles


def is_overdue(action: Action, today: dt.date) -> bool:
    """Past its deadline and not done: what the overdue rule on TODAY() highlights in Excel."""
    return action.due is not None and action.due < today and action.status != ActionStatus.DONE


def _context(ws: Workshop, participant: Participant) -> _Context:
    return _Context(ws, participant, Analysis(ws), participant_roles(ws, participant),
                    {name_key(o.key): o for o in ws.outcomes})  # fmt: skip


# -- My plan ----------------------------------------------------------------------------------------------


def _plan_sheet(book: BookWriter, c: _Context, today: dt.date) -> None:
    ws, me = c.ws, c.participant
    out = book.sheet(PLAN_SHEET)
    out.title(f"My plan: {me.name.strip()}")
    who = ", ".join(part for part in (me.role.strip(), (me.department or "").strip()) if part)
    if who:
        out.title(who, font=styles.SUBTITLE_FONT)
    out.skip()
    for label, value, number_format in (
        ("Workshop", ws.title, None),
        ("Organisation", ws.organisation, None),
        ("Date", ws.date, styles.DATE_FORMAT),
        ("Facilitator", ws.facilitator, None),
        ("Exported", today, styles.DATE_FORMAT),
    ):
        # Like ``SheetWriter.pairs``, with dates left too and never wrapped: column B is the actions' outcome column.
        out.put(out.row, 1, label, font=styles.BOLD)
        out.put(out.row, 2, value, number_format=number_format, alignment=styles.TEXT, fit=False)
        out.row += 1
    out.skip()
    out.title("My actions", font=styles.SUBTITLE_FONT)
    actions = participant_actions(ws, me)
    if not actions:
        out.note(NO_ACTIONS)
        out.finish()
        return
    overdue = sum(is_overdue(a, today) for a in actions)
    out.note(f"{_count(len(actions), 'action')} by deadline; {overdue} overdue on {today.isoformat()}.")
    header = out.header(ACTION_HEADERS)
    out.width(_DUE_COL, 10)
    for action in actions:
        status = ActionStatus(action.status)
        colour = palette.STATUS_COLOURS[status]
        out.values([
            action.title,
            _outcome_words(c, action.outcome),
            _channel_name(ws, action.channel),
            Styled(action.due, number_format=styles.DATE_FORMAT),
            Styled(status.value, fill=styles.fill(colour), font=styles.font_on(colour)),
            Styled(action.cost, number_format=book.money),
            Styled(action.effort_days, number_format=styles.DAYS_FORMAT),
        ], where=f"action {action.title!r}")  # fmt: skip
    last = out.row - 1
    out.put(out.row, 1, TOTAL_LABEL, font=styles.BOLD, alignment=styles.TEXT)
    out.row += 1
    _actions_table(out, header, last)
    _overdue_rule(out, header + 1, last)
    out.finish()
    _totals(out, header, last, book.money)


def _totals(out: SheetWriter, header: int, last: int, money: str) -> None:
    """SUBTOTAL(109, ...) sums only the rows a filter leaves visible, as Excel's own totals row does. Written after
    ``finish`` so that fitting the columns takes the formulas for neither text to wrap nor width to make room for."""
    row = last + 1
    for column, number_format in ((_COST_COL, money), (_EFFORT_COL, styles.DAYS_FORMAT)):
        letter = get_column_letter(column)
        cell = out.sheet.cell(row=row, column=column)
        cell.value = f"=SUBTOTAL(109,{letter}{header + 1}:{letter}{last})"  # our formula, never user text
        cell.number_format = number_format
        cell.font = styles.BOLD
        cell.alignment = styles.NUMBER


def _actions_table(out: SheetWriter, header: int, last: int) -> None:
    """A real Excel table over the actions, with filters and the totals row Excel knows as its own."""
    end = get_column_letter(len(ACTION_HEADERS))
    columns = []
    for index, label in enumerate(ACTION_HEADERS, start=1):
        column = TableColumn(id=index, name=label)
        if index == 1:
            column.totalsRowLabel = TOTAL_LABEL
        elif index in (_COST_COL, _EFFORT_COL):
            column.totalsRowFunction = "sum"
        columns.append(column)
    table = Table(
        displayName=ACTIONS_TABLE,
        ref=f"A{header}:{end}{last + 1}",
        tableColumns=columns,
        totalsRowCount=1,
        autoFilter=AutoFilter(ref=f"A{header}:{end}{last}"),
        tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
    )
    out.sheet.add_table(table)


def _overdue_rule(out: SheetWriter, first: int, last: int) -> None:
    """Live in Excel: a row turns red the day its deadline passes, until its status says done."""
    due = f"${get_column_letter(_DUE_COL)}{first}"
    status = f"${get_column_letter(_STATUS_COL)}{first}"
    formula = f'AND({due}<>"",{due}<TODAY(),{status}<>"{ActionStatus.DONE.value}")'
    cells = f"A{first}:{get_column_letter(_DUE_COL)}{last}"
    out.sheet.conditional_formatting.add(
        cells, FormulaRule(formula=[formula], fill=_OVERDUE_FILL, font=_OVERDUE_FONT, stopIfTrue=False)
    )


# -- My outcomes ------------------------------------------------------------------------------------------


def _outcomes_sheet(book: BookWriter, c: _Context) -> None:
    out = book.sheet(OUTCOMES_SHEET)
    out.title(f"My outcomes: {c.participant.name.strip()}")
    out.note("By priority: dots first, then expected value, then the room's order.")
    out.skip()
    lead = [o for o in c.analysis.priority if _holds(c, o, LEAD_ROLES)]
    involved = [o for o in c.analysis.priority if not _holds(c, o, LEAD_ROLES) and _holds(c, o, INVOLVED_ROLES)]
    evs = c.analysis.expected_values
    freeze: str | None = None

    out.title("Responsible (R) or Accountable (A)", font=styles.SUBTITLE_FONT)
    if lead:
        freeze = f"A{out.header(LEAD_HEADERS) + 1}"
        for o in lead:
            k = o.kpi
            out.values([
                _role_cell(c, o, LEAD_ROLES), o.key, o.title, k.metric,
                Styled(k.baseline, number_format=styles.NUMBER_FORMAT),
                Styled(k.target, number_format=styles.NUMBER_FORMAT),
                k.unit,
                Styled(k.due, number_format=styles.DATE_FORMAT),
                Styled(annual_value(o), number_format=book.money),
                Styled(evs[name_key(o.key)], number_format=book.money),
            ], where=f"outcome {o.key!r}")  # fmt: skip
    else:
        out.note(NO_LEAD)
    out.skip()
    out.title("Consulted (C) or Informed (I)", font=styles.SUBTITLE_FONT)
    if involved:
        out.header(INVOLVED_HEADERS, repeat=False)
        for o in involved:
            out.values([
                _role_cell(c, o, INVOLVED_ROLES), o.key, o.title, o.kpi.metric,
                Styled(o.kpi.target, number_format=styles.NUMBER_FORMAT),
            ], where=f"outcome {o.key!r}")  # fmt: skip
    else:
        out.note(NO_INVOLVED)
    out.finish(freeze=freeze)


def _holds(c: _Context, o: Outcome, roles: Sequence[RaciRole]) -> bool:
    return any(role in roles for role in c.roles.get(name_key(o.key), ()))


def _role_cell(c: _Context, o: Outcome, roles: Sequence[RaciRole]) -> Styled:
    """The participant's roles of that group on the outcome ("R", "R, A"), coloured as the RACI matrix is."""
    held = [role for role in c.roles.get(name_key(o.key), ()) if role in roles]
    colour = palette.RACI_COLOURS[held[0]]
    return Styled(", ".join(role.value for role in held), fill=styles.fill(colour),
                  font=styles.font_on(colour, bold=True), alignment=styles.CENTRE)  # fmt: skip


# -- Workshop ---------------------------------------------------------------------------------------------


def _workshop_sheet(book: BookWriter, c: _Context) -> None:
    ws = c.ws
    out = book.sheet(WORKSHOP_SHEET)
    out.title(f"Workshop: {ws.title}" if ws.title.strip() else "Workshop")
    out.note("Every outcome by priority, and who is Accountable for it.")
    out.skip()
    if not ws.outcomes:
        out.note(NO_OUTCOMES)
        out.finish()
        return
    header = out.header(WORKSHOP_HEADERS)
    evs = c.analysis.expected_values
    accountable = _accountable(ws)
    for rank, o in enumerate(c.analysis.priority, start=1):
        colour = palette.CATEGORY_COLOURS[o.category]
        mine = c.roles.get(name_key(o.key), [])
        out.values([
            rank, o.key, o.title,
            Styled(CATEGORY_TITLES[o.category], fill=styles.fill(colour), font=styles.font_on(colour)),
            Styled(evs[name_key(o.key)], number_format=book.money),
            ", ".join(accountable.get(name_key(o.key), [])) or None,
            _role_cell(c, o, list(RaciRole)) if mine else None,
        ], where=f"outcome {o.key!r}")  # fmt: skip
    out.finish(freeze=f"A{header + 1}")


def _accountable(ws: Workshop) -> dict[str, list[str]]:
    """Who is Accountable for each outcome (folded key), spelled as the participants list spells them."""
    spelled = {name_key(p.name): p.name for p in ws.participants}
    result: dict[str, list[str]] = {}
    for assignment in ws.raci:
        if assignment.role == RaciRole.A:
            names = result.setdefault(name_key(assignment.outcome), [])
            name = spelled.get(name_key(assignment.participant), assignment.participant)
            if name not in names:
                names.append(name)
    return result


# -- words ------------------------------------------------------------------------------------------------


def _outcome_words(c: _Context, ref: str | None) -> str | None:
    """An action's outcome as "O1: Cut support cost"; a reference that resolves nowhere as written."""
    if ref is None:
        return None
    o = c.outcome_by_key.get(name_key(ref))
    if o is None:
        return ref
    return f"{o.key}: {o.title}" if o.title.strip() else o.key


def _channel_name(ws: Workshop, ref: str | None) -> str | None:
    if ref is None:
        return None
    for channel in ws.channels:
        if name_key(channel.name) == name_key(ref):
            return channel.name
    return ref


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
