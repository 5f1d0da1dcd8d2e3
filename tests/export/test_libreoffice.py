"""A real spreadsheet program opens the workbooks without repair: LibreOffice converts the team and a participant's
workbook to PDF (exit 0, at least a page a sheet) and re-saves them as xlsx, which keeps every sheet name and every
action title.

LibreOffice (``libreoffice-calc-nogui``) is a test prerequisite that ``.ci/prerequisites`` installs; without it the
tests fail in CI (``CI=true``) and are skipped elsewhere, with the reason in the summary.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.exports import export_participant_workbook, export_team_workbook

TODAY = dt.date(2026, 12, 2)
#: A conversion takes a few seconds; a hang must not stall the suite.
TIMEOUT_S = 180


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice (soffice) is not installed: run .ci/prerequisites or apt-get install libreoffice-calc-nogui"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def convert(soffice: str, source: Path, to: str, out: Path, profile: Path) -> Path:
    """LibreOffice headless, with a profile of its own, so that a desktop LibreOffice or a parallel run cannot
    lock it."""
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT_S, env={**os.environ, "HOME": str(profile)},
    )  # fmt: skip
    target = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0, done.stderr
    assert target.is_file(), f"LibreOffice wrote no {target.name}: {done.stdout} {done.stderr}"
    return target


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    ws = sample_workshop()
    team = folder / "team.xlsx"
    export_team_workbook(ws, team, today=TODAY)
    owner = max(ws.participants, key=lambda p: sum(name_key(a.owner or "") == name_key(p.name) for a in ws.actions))
    mine = folder / "mine.xlsx"
    export_participant_workbook(ws, owner.name, mine, today=TODAY)
    return {"team": team, "participant": mine, "owner": Path(owner.name)}


@pytest.mark.parametrize("which", ["team", "participant"])
def test_libreoffice_prints_every_sheet(soffice: str, workbooks: dict[str, Path], which: str, tmp_path: Path) -> None:
    source = workbooks[which]
    visible = [s for s in openpyxl.load_workbook(source).worksheets if s.sheet_state == "visible"]
    pdf = convert(soffice, source, "pdf", tmp_path / "pdf", tmp_path / "profile")
    assert pdf_pages(pdf) >= len(visible)


@pytest.mark.parametrize("which", ["team", "participant"])
def test_libreoffice_resaves_every_sheet_and_action(soffice: str, workbooks: dict[str, Path], which: str,
                                                     tmp_path: Path) -> None:  # fmt: skip
    source = workbooks[which]
    ours = openpyxl.load_workbook(source)
    resaved = openpyxl.load_workbook(convert(soffice, source, "xlsx:Calc MS Excel 2007 XML", tmp_path / "xlsx",
                                             tmp_path / "profile"))  # fmt: skip
    assert resaved.sheetnames == ours.sheetnames
    ws = sample_workshop()
    if which == "team":
        titles = [a.title for a in ws.actions]
        sheet = "Action plan"
    else:
        owner = str(workbooks["owner"])
        titles = [a.title for a in ws.actions if name_key(a.owner or "") == name_key(owner)]
        sheet = "My plan"
    assert titles
    texts = {c.value for row in resaved[sheet].iter_rows() for c in row if isinstance(c.value, str)}
    assert set(titles) <= texts
