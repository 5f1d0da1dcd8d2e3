"""The team workbook read back sheet by sheet and checked against the domain's figures, worked out here from the
workshop; never against constants typed in."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.export.hostile import ERROR_CODES, PAYLOADS, hostile_workshop
from workshop.domain.checks import run_checks
from workshop.domain.entities import Workshop
from workshop.domain.enums import CATEGORY_TITLES
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.plan_report import total_return_row
from workshop.domain.resilience import ranked_scenarios
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.export.excel import styles
from workshop.export.excel.team import TEAM_PARTS, build_team_workbook
from workshop.services.catalog import sample_workshop

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return sample_workshop()


@pytest.fixture(scope="module")
def data(sample: Workshop) -> bytes:
    return build_team_workbook(sample, today=TODAY).to_bytes()


@pytest.fixture(scope="module")
def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def _approx(value: float | None) -> object:
    """A figure as a workbook holds it (15 significant digits, as Excel); an undefined one is an empty cell."""
    return None if value is None else pytest.approx(value, rel=1e-14)


def _find(sheet: Worksheet, text: str, column: int = 1) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} is not in column {column} of {sheet.title}")


def _table_rows(sheet: Worksheet, header_row: int) -> list[dict[str, object]]:
    """The rows under a header until the first empty first-and-second cell, as dicts by header label."""
    labels = [c.value for c in sheet[header_row]]
    rows = []
    for row in range(header_row + 1, sheet.max_row + 1):
        values = [sheet.cell(row, col).value for col in range(1, len(labels) + 1)]
        if values[0] is None and values[1] is None:
            break
        rows.append(dict(zip(labels, values, strict=True)))
    return rows


def test_the_sheets_come_in_the_method_order_and_the_lists_are_hidden(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [*TEAM_PARTS, "Lists"]
    assert [s.title for s in book.worksheets if s.sheet_state == "visible"] == list(TEAM_PARTS)
    assert book["Lists"].sheet_state == "hidden"


def test_summary_holds_the_workshop_and_the_portfolio_figures_as_numbers(book: openpyxl.Workbook,
                                                                         sample: Workshop) -> None:  # fmt: skip
    s = book["Summary"]
    analysis = Analysis(sample)
    p = analysis.portfolio
    total = total_return_row(analysis)
    assert s["A1"].value == sample.title

    def value(label: str) -> object:
        return s.cell(_find(s, label), 2).value

    assert value("Organisation") == sample.organisation
    assert value("Facilitator") == sample.facilitator
    assert value("Date").date() == sample.date
    assert value("Resilience score (0-100)") == pytest.approx(p.resilience_score, rel=1e-12)
    assert value("Owned share") == pytest.approx(p.owned_share, rel=1e-12)
    assert value("Owner concentration (HHI, 0-1)") == pytest.approx(p.hhi, rel=1e-12)
    assert value("Plan cost") == pytest.approx(total.cost)
    assert value("Expected value of the valued outcomes") == pytest.approx(total.expected_value)
    assert value("Return on the plan (ROI)") == pytest.approx(total.roi)
    assert s.cell(_find(s, "Owned share"), 2).number_format == styles.PERCENT_FORMAT
    assert s.cell(_find(s, "Plan cost"), 2).number_format == styles.money_format(sample.currency)
    header = _find(s, "Rank")
    rows = _table_rows(s, header)
    assert [r["Key"] for r in rows] == [o.key for o in analysis.priority]
    assert [r["Expected value"] for r in rows] == [_approx(analysis.expected_values[name_key(o.key)])
                                                   for o in analysis.priority]  # fmt: skip


def test_summary_has_native_charts_and_the_stages_have_their_pictures(data: bytes) -> None:
    with zipfile.ZipFile(BytesIO(data)) as z:
        names = z.namelist()
        charts = [n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        pictures = [n for n in names if n.startswith("xl/media/") and n.endswith(".png")]
        chart_text = " ".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2
    assert "Expected value by outcome" in chart_text and "Value at risk by owner" in chart_text
    assert "<f>'Summary'!" in chart_text  # the charts read the sheet's cells, so they stay live
    assert len(pictures) == 3  # the outcome map, the silo heatmap, the timeline


def test_outcomes_sheet_matches_the_domain(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["Outcomes"]
    analysis = Analysis(sample)
    rows = _table_rows(s, _find(s, "Key"))
    rank = {o.key: i for i, o in enumerate(analysis.priority, start=1)}
    assert [r["Key"] for r in rows] == [o.key for o in sample.outcomes]
    header = _find(s, "Key")
    for offset, (row, o) in enumerate(zip(rows, sample.outcomes, strict=True), start=1):
        assert row["Title"] == o.title
        assert row["Category"] == CATEGORY_TITLES[o.category]
        fill = s.cell(header + offset, 3).fill.start_color.rgb
        assert fill == styles.argb(palette.CATEGORY_COLOURS[o.category])
        # A workbook holds 15 significant digits, as Excel does.
        assert row["Annual value"] == _approx(annual_value(o))
        assert row["Expected value"] == _approx(analysis.expected_values[name_key(o.key)])
        assert row["Confidence"] == o.confidence
        assert row["Dots"] == analysis.outcome_dots[name_key(o.key)]
        assert row["Rank"] == rank[o.key]
        assert row["Target"] == o.kpi.target
        due = row["Due"]
        assert (due.date() if due else None) == o.kpi.due


def test_raci_sheet_shows_every_role_in_its_colour_with_counts(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["RACI"]
    header = _find(s, "Department")
    labels = [c.value for c in s[header]]
    keys = [o.key for o in sample.outcomes]
    assert labels[2 : 2 + len(keys)] == keys and labels[-2:] == ["R", "A"]
    roles = {(name_key(a.participant), name_key(a.outcome)): a.role for a in sample.raci}
    seen = set()
    for row in range(header + 1, header + 1 + len(sample.participants)):
        person = s.cell(row, 2).value
        seen.add(person)
        for column, key in enumerate(keys, start=3):
            role = roles.get((name_key(person), name_key(key)))
            cell = s.cell(row, column)
            assert cell.value == (role.value if role else None)
            if role:
                assert cell.fill.start_color.rgb == styles.argb(palette.RACI_COLOURS[role])
        mine = [r for (p, _), r in roles.items() if p == name_key(person)]
        assert s.cell(row, 3 + len(keys)).value == sum(1 for r in mine if r.value == "R")
        assert s.cell(row, 4 + len(keys)).value == sum(1 for r in mine if r.value == "A")
    assert seen == {p.name for p in sample.participants}
    # One band per department: the department's name on its first row only.
    named = [s.cell(row, 1).value for row in range(header + 1, header + 1 + len(sample.participants))]
    assert [d for d in named if d] == [d.name for d in sample.departments
                                       if any(p.department == d.name for p in sample.participants)]  # fmt: skip


def test_channels_sheet_ranks_and_chooses_as_the_domain(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["Channels"]
    analysis = Analysis(sample)
    for o in sample.outcomes:
        ok = name_key(o.key)
        start = _find(s, f"{o.key}: {o.title}")
        ranking = analysis.ranking(ok)
        for offset, cs in enumerate(ranking, start=1):
            row = start + offset
            assert s.cell(row, 1).value == offset
            assert s.cell(row, 2).value == cs.channel.name
            assert s.cell(row, 5).value == pytest.approx(cs.display)
            assert s.cell(row, 6).value == ("yes" if cs.complete else "no")
            choice = next((c for c in analysis.choices.get(ok, []) if name_key(c.channel) == name_key(cs.channel.name)),
                          None)  # fmt: skip
            assert s.cell(row, 7).value == (choice.role.value if choice else None)
            in_use = analysis.reliance.get(ok, {}).get(name_key(cs.channel.name))
            if choice and in_use is not None:
                assert s.cell(row, 8).value == pytest.approx(in_use)
            else:
                assert s.cell(row, 8).value is None
    weights_row = _find(s, "Criteria and weights") + 1
    rows = _table_rows(s, weights_row)
    assert [(r["Key"], r["Weight"]) for r in rows] == [(c.key, c.weight) for c in sample.criteria]


def test_resilience_sheet_lists_every_scenario_worst_first(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["Resilience"]
    analysis = Analysis(sample)
    rows = _table_rows(s, _find(s, "Scenario"))
    expected = ranked_scenarios(analysis)
    assert [r["Channel or owner"] for r in rows] == [r.scenario.name for r in expected]
    for row, result in zip(rows, expected, strict=True):
        assert row["Value at risk"] == pytest.approx(result.value_at_risk)
        assert row["Stranded outcomes"] == (", ".join(result.stranded) or None)
        assert row["Saved by a live fallback"] == (", ".join(result.saved) or None)
    assert s.conditional_formatting, "the reliance matrix has its colour scale"


def test_action_plan_is_a_live_table(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["Action plan"]
    header = _find(s, "#")
    assert "Actions" in s.tables
    table = s.tables["Actions"]
    assert table.ref == f"A{header}:J{header + len(sample.actions)}"
    assert s.freeze_panes == f"C{header + 1}"
    titles = [s.cell(row, 2).value for row in range(header + 1, header + 1 + len(sample.actions))]
    assert titles == [a.title for a in sample.actions]
    first, last = header + 1, header + len(sample.actions)
    assert s.cell(first, 6).number_format == styles.DATE_FORMAT
    assert s.cell(first, 8).number_format == styles.money_format(sample.currency)
    totals = last + 1
    assert s.cell(totals, 8).value == f"=SUBTOTAL(109,H{first}:H{last})"
    assert s.cell(totals, 9).value == f"=SUBTOTAL(109,I{first}:I{last})"
    rules = [rule.formula[0] for rng in s.conditional_formatting for rule in rng.rules]
    assert any("TODAY()" in f and f"$F{first}" in f for f in rules), rules
    assert any('="blocked"' in f for f in rules), rules
    validations = {dv.formula1: str(dv.sqref) for dv in s.data_validations.dataValidation}
    assert validations == {
        "='Lists'!$A$2:$A$5": f"G{first}:G{last}",
        f"='Lists'!$B$2:$B${1 + len(sample.participants)}": f"E{first}:E{last}",
    }
    lists = book["Lists"]
    assert [lists.cell(r, 1).value for r in range(2, 6)] == ["todo", "doing", "done", "blocked"]
    assert [lists.cell(r, 2).value for r in range(2, 2 + len(sample.participants))] == [
        p.name for p in sample.participants
    ]


def test_checks_and_notes_sheets(book: openpyxl.Workbook, sample: Workshop) -> None:
    s = book["Checks"]
    rows = _table_rows(s, _find(s, "Code"))
    results = run_checks(sample)
    assert [(r["Code"], r["Subject"], r["Message"]) for r in rows] == [(c.code, c.subject, c.message)
                                                                       for c in results]  # fmt: skip
    n = book["Parking lot & decisions"]
    rows = _table_rows(n, _find(n, "List"))
    expected = [("Parking lot", x) for x in sample.parking_lot] + [("Decision", x) for x in sample.decisions]
    assert [(r["List"], r["Text"], r["By"], r["At"]) for r in rows] == [(kind, x.text, x.by, x.at)
                                                                        for kind, x in expected]  # fmt: skip


def test_every_sheet_prints_landscape_a4_fit_to_width_with_title_and_page_numbers(
    book: openpyxl.Workbook, sample: Workshop
) -> None:
    for title in TEAM_PARTS:
        s = book[title]
        assert s.page_setup.orientation == "landscape", title
        assert int(s.page_setup.paperSize) == int(s.PAPERSIZE_A4), title
        assert (s.page_setup.fitToWidth, s.page_setup.fitToHeight) == (1, 0), title
        assert s.sheet_properties.pageSetUpPr.fitToPage, title
        assert s.oddHeader.left.text == sample.title, title
        assert s.oddFooter.right.text == "Page &P of &N", title
        assert s.print_title_rows, title
        widths = [d.width for d in s.column_dimensions.values() if d.width]
        assert widths and all(8 <= w <= 60 for w in widths), (title, widths)


def test_document_properties(book: openpyxl.Workbook, sample: Workshop) -> None:
    props = book.properties
    assert props.title == f"{sample.title}: team plan"
    assert props.creator == sample.facilitator
    assert TODAY.isoformat() in props.description


def test_an_ampersand_in_the_title_is_escaped_in_headers(sample: Workshop) -> None:
    import copy

    ws = copy.deepcopy(sample)
    ws.title = "Sales & Service 2027"
    book = openpyxl.load_workbook(BytesIO(build_team_workbook(ws, today=TODAY).to_bytes()))
    assert book["Summary"].oddHeader.left.text == "Sales && Service 2027"
    assert book["Summary"]["A1"].value == "Sales & Service 2027"


def test_no_user_text_becomes_a_formula_or_an_error_cell(tmp_path: Path) -> None:
    ws = hostile_workshop(tmp_path)
    data = build_team_workbook(ws, today=TODAY).to_bytes()
    book = openpyxl.load_workbook(BytesIO(data))
    found: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert cell.value.startswith("=SUBTOTAL(109,"), (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.data_type == "s":
                    found.update(p for p in PAYLOADS if cell.value.startswith(p.strip()))
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate)
    # Every kind of payload reached the workbook, as text.
    assert found >= ERROR_CODES
    assert found >= {"=1+2", "+1+2", "-1+2", "@SUM(1+2)"}
    with zipfile.ZipFile(BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                assert 't="e"' not in xml, name
                assert all(f.startswith("SUBTOTAL(109,") for f in re.findall(r"<f>(.*?)</f>", xml)), name


def test_an_empty_workshop_exports_every_sheet_saying_what_is_missing() -> None:
    ws = Workshop(title="Empty")
    book = openpyxl.load_workbook(BytesIO(build_team_workbook(ws, today=TODAY).to_bytes()))
    assert book.sheetnames == [*TEAM_PARTS, "Lists"]
    texts = {s.title: " ".join(str(c.value) for row in s.iter_rows() for c in row if c.value) for s in book}
    assert "No outcomes yet." in texts["Outcomes"]
    assert "No actions yet." in texts["Action plan"]
    assert "Nothing parked and nothing decided yet." in texts["Parking lot & decisions"]


def test_a_matrix_too_wide_for_one_page_prints_across_pages(sample: Workshop) -> None:
    import copy

    from workshop.domain.entities import Outcome
    from workshop.export.excel.sheet import COLUMNS_PER_PAGE

    ws = copy.deepcopy(sample)
    ws.outcomes += [Outcome(key=f"X{i}", title=f"Extra {i}") for i in range(60)]
    book = openpyxl.load_workbook(BytesIO(build_team_workbook(ws, today=TODAY).to_bytes()))
    raci = book["RACI"]
    columns = 2 + len(ws.outcomes) + 2
    assert raci.max_column == columns
    assert raci.page_setup.fitToWidth == -(-columns // COLUMNS_PER_PAGE) > 1
    assert book["Checks"].page_setup.fitToWidth == 1
