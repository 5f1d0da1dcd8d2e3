"""The participant workbook read back: the actions by deadline, the outcomes by role and priority, the live
table, totals and overdue rule, and no user text turned into a formula or an error cell.

Expected values are worked out here from the workshop (owner and RACI matched by hand, the domain's Analysis for
priority and value), never typed in as constants.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from workshop.domain.entities import (
    Action,
    Channel,
    Department,
    Kpi,
    Note,
    Outcome,
    Participant,
    RaciAssignment,
    Stakeholder,
    Workshop,
)
from workshop.domain.enums import CATEGORY_TITLES, ActionStatus, ChannelKind, OutcomeCategory, RaciRole
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.validation import workshop_problems
from workshop.export import palette
from workshop.export.excel.participant import (
    ACTION_HEADERS,
    ACTIONS_TABLE,
    INVOLVED_HEADERS,
    LEAD_HEADERS,
    NO_ACTIONS,
    NO_INVOLVED,
    NO_LEAD,
    SHEETS,
    WORKSHOP_HEADERS,
    build_participant_workbook,
)
from workshop.services.catalog import sample_workshop

TODAY = dt.date(2027, 3, 10)
PAYLOADS = (
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    '=HYPERLINK("http://x","y")',
    "#N/A",
    "#DIV/0!",
    "#REF!",
    "=cmd|' /C notepad'!'A1'",
    "#VALUE!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "=1+2&A1",
)


def fold(name: str) -> str:
    return name.strip().casefold()


def build(ws: Workshop, participant: Participant) -> bytes:
    return build_participant_workbook(ws, participant, today=TODAY).to_bytes()


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def row_of(sheet: Worksheet, text: str, column: int = 1) -> int:
    for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
        if cell.value == text:
            return cell.row
    raise AssertionError(f"{text!r} not in column {column} of {sheet.title}")


def rows_after(sheet: Worksheet, header: int, width: int) -> list[tuple[Any, ...]]:
    """The rows under a header up to the first empty one."""
    rows = []
    for row in sheet.iter_rows(min_row=header + 1, max_col=width, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(row)
    return rows


def as_date(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def expected_actions(ws: Workshop, participant: Participant) -> list[Action]:
    mine = [(i, a) for i, a in enumerate(ws.actions) if a.owner and fold(a.owner) == fold(participant.name)]
    dated = sorted(((a.due, i, a) for i, a in mine if a.due is not None), key=lambda t: (t[0], t[1]))
    return [a for _, _, a in dated] + [a for _, a in mine if a.due is None]


def roles_of(ws: Workshop, participant: Participant) -> dict[str, set[RaciRole]]:
    roles: dict[str, set[RaciRole]] = {}
    for r in ws.raci:
        if fold(r.participant) == fold(participant.name):
            roles.setdefault(fold(r.outcome), set()).add(r.role)
    return roles


# -- a small room built by hand -----------------------------------------------------------------------


def room() -> Workshop:
    """Ana owns four actions (one spelled "ana ", one undated, two due the same day) and holds R, A and C roles;
    Ben owns nothing and holds no role."""
    ws = Workshop(
        title="Kick-off",
        organisation="Acme",
        date=dt.date(2027, 1, 5),
        facilitator="Fay",
        departments=[Department("Support"), Department("Sales")],
        participants=[Participant("Ana", "Support", "Lead"), Participant("Ben", "Sales"), Participant("Cleo")],
        outcomes=[
            Outcome("O1", "Cut support cost", OutcomeCategory.SUPPORT,
                    kpi=Kpi("Cost per ticket", "EUR", 12, 9, dt.date(2027, 12, 31)), value_per_unit=10_000),
            Outcome("O2", "Grow partner sales", OutcomeCategory.SALES_GROWTH, annual_value=50_000, confidence=0.8),
            Outcome("O3", "Keep riders", OutcomeCategory.COMMUNITY, kpi=Kpi("Churn", "%", 5, 4)),
        ],
        channels=[Channel("Forum", ChannelKind.OWNED, "(own)")],
        raci=[
            RaciAssignment("O1", "Ana", RaciRole.R),
            RaciAssignment("o2", "ANA", RaciRole.A),
            RaciAssignment("O3", "Ana", RaciRole.C),
            RaciAssignment("O1", "Cleo", RaciRole.A),
        ],
        actions=[
            Action("Undated task", "O1", None, "Ana", None, 100, 1),
            Action("Open the forum", "O1", "forum", "Ana", dt.date(2027, 4, 1), 5_000, 10, ActionStatus.DOING),
            Action("Cleo's task", "O3", None, "Cleo", dt.date(2027, 1, 1), 50, 1),
            Action("Partner kit", "O2", None, "ana ", dt.date(2027, 2, 1), 3_000, 4),
            Action("Finished kit", "O2", None, "Ana", dt.date(2027, 2, 1), 1_000, 2.5, ActionStatus.DONE),
        ],
    )  # fmt: skip
    assert workshop_problems(ws) == []
    return ws


def test_the_actions_come_in_deadline_order_with_their_figures() -> None:
    ws = sample_workshop()
    checked = 0
    for participant in ws.participants:
        expected = expected_actions(ws, participant)
        if not expected:
            continue
        sheet = load(build(ws, participant))["My plan"]
        header = row_of(sheet, "Action")
        rows = rows_after(sheet, header, len(ACTION_HEADERS))[: len(expected)]
        outcomes = {fold(o.key): o for o in ws.outcomes}
        assert [r[0] for r in rows] == [a.title for a in expected]
        for row, action in zip(rows, expected, strict=True):
            outcome = outcomes.get(fold(action.outcome or ""))
            assert row[1] == (None if outcome is None else f"{outcome.key}: {outcome.title}")
            assert row[2] == action.channel
            assert as_date(row[3]) == action.due
            assert row[4] == ActionStatus(action.status).value
            assert row[5] == pytest.approx(action.cost) and row[6] == pytest.approx(action.effort_days)
        checked += 1
    assert checked >= 5


def test_undated_actions_come_last_and_ties_keep_the_workshop_order() -> None:
    ws = room()
    sheet = load(build(ws, ws.participants[0]))["My plan"]
    rows = rows_after(sheet, row_of(sheet, "Action"), len(ACTION_HEADERS))
    titles = [r[0] for r in rows]
    assert titles == [a.title for a in expected_actions(ws, ws.participants[0])] + ["Total"]
    assert titles[:4] == ["Partner kit", "Finished kit", "Open the forum", "Undated task"]
    assert rows[2][2] == "Forum"  # spelled as the channel list spells it


def test_the_actions_are_a_table_with_a_totals_row() -> None:
    ws = room()
    ana = ws.participants[0]
    sheet = load(build(ws, ana))["My plan"]
    header = row_of(sheet, "Action")
    count = len(expected_actions(ws, ana))
    table = sheet.tables[ACTIONS_TABLE]
    assert table.ref == f"A{header}:G{header + count + 1}"
    assert table.totalsRowCount == 1
    assert [c.name for c in table.tableColumns] == list(ACTION_HEADERS)
    assert [c.value for c in sheet[header]][: len(ACTION_HEADERS)] == list(ACTION_HEADERS)
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", table.displayName) and not re.fullmatch(
        r"[A-Za-z]{1,3}\d+", table.displayName
    )
    totals = header + count + 1
    assert sheet.cell(totals, 1).value == "Total"
    assert sheet.cell(totals, 6).value == f"=SUBTOTAL(109,F{header + 1}:F{header + count})"
    assert sheet.cell(totals, 7).value == f"=SUBTOTAL(109,G{header + 1}:G{header + count})"
    data = [sheet.cell(r, 6).value for r in range(header + 1, header + count + 1)]
    assert sum(data) == pytest.approx(sum(a.cost for a in expected_actions(ws, ana)))
    assert sheet.cell(header + 1, 4).number_format == "yyyy-mm-dd"
    assert "EUR" in sheet.cell(header + 1, 6).number_format


def test_an_overdue_rule_on_today_covers_the_actions() -> None:
    ws = room()
    sheet = load(build(ws, ws.participants[0]))["My plan"]
    header = row_of(sheet, "Action")
    last = header + len(expected_actions(ws, ws.participants[0]))
    ranges = list(sheet.conditional_formatting)
    assert len(ranges) == 1
    assert str(ranges[0].sqref) == f"A{header + 1}:D{last}"
    (rule,) = ranges[0].rules
    assert rule.type == "expression"
    formula = rule.formula[0]
    assert "TODAY()" in formula and f'$D{header + 1}<>""' in formula and f'$E{header + 1}<>"done"' in formula


def test_the_status_is_coloured_as_in_the_app() -> None:
    ws = room()
    sheet = load(build(ws, ws.participants[0]))["My plan"]
    header = row_of(sheet, "Action")
    for row in range(header + 1, header + len(expected_actions(ws, ws.participants[0])) + 1):
        status = ActionStatus(sheet.cell(row, 5).value)
        assert sheet.cell(row, 5).fill.start_color.rgb == "FF" + palette.STATUS_COLOURS[status][1:]


def test_the_heading_and_context_name_the_participant_and_the_workshop() -> None:
    ws = room()
    ana = ws.participants[0]
    book = load(build(ws, ana))
    assert book.sheetnames == list(SHEETS)
    sheet = book["My plan"]
    text = [c.value for c in sheet["A"] if c.value is not None] + [c.value for c in sheet["B"] if c.value]
    assert any(ana.name in str(v) for v in text[:1])
    assert f"{ana.role}, {ana.department}" in text
    for value in (ws.title, ws.organisation, ws.facilitator):
        assert value in text
    assert as_date(sheet.cell(row_of(sheet, "Date"), 2).value) == ws.date
    assert book.properties.title == f"{ws.title}: plan for {ana.name}"
    assert book.properties.creator == ws.facilitator


def test_the_outcomes_by_role_in_priority_order_with_their_figures() -> None:
    ws = sample_workshop()
    analysis = Analysis(ws)
    for participant in ws.participants:
        roles = roles_of(ws, participant)
        lead = [o for o in analysis.priority if roles.get(fold(o.key), set()) & {RaciRole.R, RaciRole.A}]
        involved = [
            o for o in analysis.priority if o not in lead and roles.get(fold(o.key), set()) & {RaciRole.C, RaciRole.I}
        ]
        sheet = load(build(ws, participant))["My outcomes"]
        if lead:
            header = row_of(sheet, "Role")
            assert [c.value for c in sheet[header]][: len(LEAD_HEADERS)] == list(LEAD_HEADERS)
            rows = rows_after(sheet, header, len(LEAD_HEADERS))
            assert [r[1] for r in rows] == [o.key for o in lead]
            for row, o in zip(rows, lead, strict=True):
                held = roles[fold(o.key)] & {RaciRole.R, RaciRole.A}
                assert set(row[0].split(", ")) == {r.value for r in held}
                assert row[2:8] == (o.title, o.kpi.metric, o.kpi.baseline, o.kpi.target, o.kpi.unit, row[7])
                assert as_date(row[7]) == o.kpi.due
                assert row[8] == pytest.approx(annual_value(o)) if annual_value(o) is not None else row[8] is None
                ev = analysis.expected_values[fold(o.key)]
                assert row[9] == pytest.approx(ev) if ev is not None else row[9] is None
        else:
            assert NO_LEAD in [c.value for c in sheet["A"]]
        if involved:
            header = row_of(sheet, "Consulted (C) or Informed (I)") + 1
            assert [c.value for c in sheet[header]][: len(INVOLVED_HEADERS)] == list(INVOLVED_HEADERS)
            rows = rows_after(sheet, header, len(INVOLVED_HEADERS))
            assert [(r[1], r[2], r[3], r[4]) for r in rows] == [(o.key, o.title, o.kpi.metric, o.kpi.target)
                                                                for o in involved]  # fmt: skip
            assert [set(r[0].split(", ")) for r in rows] == [
                {r.value for r in roles[fold(o.key)] & {RaciRole.C, RaciRole.I}} for o in involved
            ]
        else:
            assert NO_INVOLVED in [c.value for c in sheet["A"]]


def test_the_workshop_sheet_shows_every_outcome_by_priority_and_who_is_accountable() -> None:
    ws = sample_workshop()
    analysis = Analysis(ws)
    participant = ws.participants[0]
    sheet = load(build(ws, participant))["Workshop"]
    header = row_of(sheet, "Rank")
    assert [c.value for c in sheet[header]][: len(WORKSHOP_HEADERS)] == list(WORKSHOP_HEADERS)
    rows = rows_after(sheet, header, len(WORKSHOP_HEADERS))
    assert [r[1] for r in rows] == [o.key for o in analysis.priority]
    assert [r[0] for r in rows] == list(range(1, len(ws.outcomes) + 1))
    roles = roles_of(ws, participant)
    for offset, (row, o) in enumerate(zip(rows, analysis.priority, strict=True)):
        assert row[2] == o.title and row[3] == CATEGORY_TITLES[o.category]
        fill = sheet.cell(header + 1 + offset, 4).fill.start_color.rgb
        assert fill == "FF" + palette.CATEGORY_COLOURS[o.category][1:].upper()
        ev = analysis.expected_values[fold(o.key)]
        assert row[4] == pytest.approx(ev) if ev is not None else row[4] is None
        accountable = [r.participant for r in ws.raci if r.role == RaciRole.A and fold(r.outcome) == fold(o.key)]
        assert (row[5] or "") == ", ".join(accountable)
        assert set((row[6] or "").split(", ")) - {""} == {r.value for r in roles.get(fold(o.key), set())}


def test_a_participant_with_no_actions_and_no_roles_reads_so() -> None:
    ws = room()
    ben = ws.participants[1]
    book = load(build(ws, ben))
    plan = [c.value for c in book["My plan"]["A"]]
    assert NO_ACTIONS in plan and "Action" not in plan
    assert not book["My plan"].tables and not list(book["My plan"].conditional_formatting)
    outcomes = [c.value for c in book["My outcomes"]["A"]]
    assert NO_LEAD in outcomes and NO_INVOLVED in outcomes
    assert "Role" not in outcomes
    rows = rows_after(book["Workshop"], row_of(book["Workshop"], "Rank"), len(WORKSHOP_HEADERS))
    assert [r[1] for r in rows] == [o.key for o in Analysis(ws).priority] and all(r[6] is None for r in rows)


def test_every_sheet_is_set_up_to_print() -> None:
    ws = room()
    book = load(build(ws, ws.participants[0]))
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert "Page &P of &N" in sheet.oddFooter.right.text


# -- formula injection ----------------------------------------------------------------------------------


def poisoned() -> Workshop:
    """Every text field a payload: names, keys, titles, KPI, departments, roles, channels, actions, notes."""
    pay = iter(PAYLOADS * 20)

    def p(suffix: str = "") -> str:
        return next(pay) + suffix

    departments = [Department(p()), Department(p(" d"))]
    people = [Participant(p(), departments[0].name, p()), Participant(p(" x"), departments[1].name, p(), p())]
    outcomes = [
        Outcome(p(f" {i}"), p(), OutcomeCategory.SUPPORT, p(), Kpi(p(), p(), 1, 2, dt.date(2027, 1, 1)), 100.0, None,
                0.5, p())
        for i in range(3)
    ]  # fmt: skip
    channels = [Channel(p(), ChannelKind.OWNED, p(), aliases=[p(" alias")])]
    ws = Workshop(
        title=p(), organisation=p(), date=dt.date(2027, 1, 1), facilitator=p(),
        departments=departments, participants=people, outcomes=outcomes, channels=channels,
        stakeholders=[Stakeholder(p(), p(), departments[0].name)],
        raci=[
            RaciAssignment(outcomes[0].key, people[0].name, RaciRole.A),
            RaciAssignment(outcomes[1].key, people[0].name, RaciRole.C),
            RaciAssignment(outcomes[2].key, people[1].name, RaciRole.A),
        ],
        actions=[
            Action(p(), outcomes[0].key, channels[0].name, people[0].name, dt.date(2027, 2, 1), 10, 1),
            Action(p(), outcomes[1].key, None, people[0].name, None, 20, 2),
            Action(p(), outcomes[2].key, channels[0].name, people[1].name, dt.date(2027, 1, 1), 30, 3),
        ],
        parking_lot=[Note(p(), p())],
        decisions=[Note(p(), p())],
    )  # fmt: skip
    assert workshop_problems(ws) == []
    return ws


def test_no_payload_becomes_a_formula_or_an_error_cell() -> None:
    ws = poisoned()
    for participant in ws.participants:
        data = build(ws, participant)
        book = load(data)
        seen: set[str] = set()
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "e", f"{sheet.title}!{cell.coordinate}"
                    if cell.data_type == "f":
                        assert re.fullmatch(r"=SUBTOTAL\(109,[FG]\d+:[FG]\d+\)", cell.value), cell.coordinate
                    elif isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        seen.update(x for x in PAYLOADS if x in cell.value)
        assert len(seen) >= 8  # the payloads really went in, as text
        assert ws.title in [c.value for c in book["My plan"]["B"]]
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for name in archive.namelist():
                if not name.startswith("xl/worksheets/sheet"):
                    continue
                xml = archive.read(name).decode("utf-8")
                assert 't="e"' not in xml, name
                for formula in re.findall(r"<f>(.*?)</f>", xml):
                    assert formula.startswith("SUBTOTAL(109,"), (name, formula)
        properties = book.properties.title
        assert properties == f"{ws.title}: plan for {participant.name}"
