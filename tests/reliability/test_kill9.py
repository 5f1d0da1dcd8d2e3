"""The default run of the kill -9 parts of the reliability suite (items 1 and 2 of issue 14): every figure 0."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.reliability import kill9_edits, kill9_files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and fork are POSIX")

SEED = 20261202


def test_kill9_during_edits_loses_nothing_and_leaves_no_half_edit() -> None:
    figures = kill9_edits.run(long=False, seed=SEED)
    for figure in figures:
        print(figure.line(), *figure.failures[:10], sep="\n  ")
    assert [f.name for f in figures] == ["kill9_lost_edits", "kill9_half_edits", "kill9_integrity"]
    assert all(f.runs == 100 for f in figures)
    assert [f.line() for f in figures if not f.ok] == []


def test_kill9_during_imports_and_exports_leaves_no_half_workshop_or_file() -> None:
    figures = kill9_files.run(long=False, seed=SEED)
    for figure in figures:
        print(figure.line(), *figure.failures[:10], sep="\n  ")
    assert [f.name for f in figures] == ["kill9_half_workshops", "kill9_half_files"]
    assert all(f.runs == 20 for f in figures)
    assert [f.line() for f in figures if not f.ok] == []


def test_the_edit_checks_catch_a_lost_edit_a_half_edit_and_a_damaged_file(tmp_path: Path) -> None:
    """The checks can fail: a library missing a saved edit, holding part of a RACI block, or damaged is caught."""
    from workshop.services.library_service import LibraryService

    template = kill9_edits.make_template(tmp_path)
    library = kill9_edits.fresh_copy(template, tmp_path / "run")
    with LibraryService.open(library) as service:
        plan = kill9_edits.EditPlan(service.workshops, template.workshop_id)
        for i in range(14):  # through the batch of actions of the second cycle
            plan.edit(i)
    checked = kill9_edits.Tally()
    kill9_edits.check_run(0, library, template, 14, checked)  # said saved: all 14
    kill9_edits.check_run(1, library, template, 13, checked)  # the 14th was committing when the kill came
    assert (checked.lost, checked.half, checked.broken) == ([], [], [])
    kill9_edits.check_run(2, library, template, 16, checked)  # two saved edits missing
    assert checked.lost == [
        f"run 2: 16 edits said saved, the library holds the state after 14 edits (kept in {library.parent})"
    ]
    con = sqlite3.connect(library)
    with con:
        con.execute("DELETE FROM raci WHERE rowid = (SELECT min(r.rowid) FROM raci r JOIN participant p "
                    "ON p.id = r.participant_id WHERE p.name = 'kill-1')")  # fmt: skip
        con.execute("DELETE FROM action WHERE title = 'batch-1-3'")
    con.close()
    kill9_edits.check_run(3, library, template, 14, checked)
    assert checked.half == [
        f"run 3 (14 edits saved): kill-1 holds {template.outcomes - 1} of {template.outcomes} RACI cells of a block "
        f"fill; batch 1 holds {kill9_edits.BATCH - 1} of {kill9_edits.BATCH} actions"
    ]
    library.write_bytes(library.read_bytes()[:8192])  # cut short
    kill9_edits.check_run(4, library, template, 14, checked)
    assert checked.broken and checked.broken[0].startswith("run 4: reopening failed")


def test_the_file_checks_catch_a_half_file_and_a_stray_file(tmp_path: Path) -> None:
    old, new = b'{"old": true}', b'{"format": "new", "title": "A workshop"}'
    setup = kill9_files.Setup(template=None, source=tmp_path, source_text="", old_json=old, new_json=new,  # type: ignore[arg-type]
                              old_xlsx=b"PK old")  # fmt: skip
    target = tmp_path / "out.json"
    for data, done, wrong in [(old, False, ""), (new, True, ""), (old, True, "said done but out.json holds the old"),
                              (new[:20], False, "out.json is half written (20 of 40 bytes)")]:  # fmt: skip
        target.write_bytes(data)
        assert wrong in kill9_files.check_export(setup, target, "json", done)
        assert bool(wrong) == bool(kill9_files.check_export(setup, target, "json", done))
    xlsx = tmp_path / "out.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 not a whole zip")
    assert "does not load" in kill9_files.check_export(setup, xlsx, "xlsx", False)
    (tmp_path / ".out.json.abc123.tmp").write_bytes(b"")
    (tmp_path / "out.json.part").write_bytes(b"")
    assert kill9_files.leftovers(tmp_path, target) == ([".out.json.abc123.tmp"], ["out.json.part", "out.xlsx"])
