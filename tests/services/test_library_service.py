"""The one application service for library and file work, as the CLI and the app use it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.validation import DomainError, Problem
from workshop.services.library_service import LibraryService, private_copy, resolve_workshop
from workshop.services.refusals import REFUSALS, FileRefused, NotFound, Refusal, describe_refusal, refusal_lines
from workshop.storage.backup import take_backup
from workshop.storage.interchange import dumps_workshop


def test_open_for_app_falls_back_to_read_only_and_says_who_writes(
    library_path: Path, holder: subprocess.Popen[str]
) -> None:
    opened = LibraryService.open_for_app(library_path)
    assert opened.service is not None and opened.service.read_only
    assert "open for writing by" in opened.problem and opened.problem.endswith("The library is shown read-only.")
    opened.service.close()


def test_open_for_app_offers_the_latest_good_backup_of_a_damaged_library(library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        service.add_sample()
    backup = take_backup(library_path, reason="manual")
    library_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    opened = LibraryService.open_for_app(library_path)
    assert opened.service is None and opened.backup == backup
    assert "damaged" in opened.problem
    LibraryService.restore_backup(library_path, backup)
    with LibraryService.open(library_path) as service:
        assert [w.title for w in service.summaries()] == ["Social strategy 2027"]


def test_restore_is_refused_while_another_process_writes(library_path: Path, holder: subprocess.Popen[str]) -> None:
    backup = take_backup(library_path, reason="manual")
    with pytest.raises(Refusal, match="Nothing was changed"):
        LibraryService.restore_backup(library_path, backup)


def test_open_failure_is_one_refusal(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database at all, just notes\n" * 100)
    with pytest.raises(Refusal, match="damaged or is not a Social Working library"):
        LibraryService.open(notes)


def test_import_and_export_files(tmp_path: Path, library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        wid = service.add_sample().result
        out = service.export_file(wid, tmp_path / "sample.json")
        imported = service.import_file(out)
        assert imported.warnings == []
        again = tmp_path / "again.json"
        service.export_file(imported.edit.result, again)
    assert again.read_bytes() == out.read_bytes()


def test_an_invalid_file_is_refused_with_every_problem(tmp_path: Path, library_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "social-working/1", "workshop": {"title": "X", "overload_limit": "x"},
                               "participants": [{"name": "A", "power": 9}]}))  # fmt: skip
    with LibraryService.open(library_path) as service, pytest.raises(FileRefused) as caught:
        service.import_file(bad)
    assert "nothing was imported" in caught.value.message
    assert any(line.startswith("participants[0].power: 9:") for line in caught.value.details)
    with LibraryService.open(library_path, read_only=True) as service:
        assert service.summaries() == []


def test_export_to_a_folder_that_is_not_there_is_refused(tmp_path: Path, library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        wid = service.add_sample().result
        with pytest.raises(Refusal, match="Cannot write"):
            service.export_file(wid, tmp_path / "missing" / "x.json")


def test_new_from_template_starts_from_the_structure_without_the_room(library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        wid = service.add_sample().result
        service.workshops.update_workshop(wid, is_template=True)
        assert [t.id for t in service.templates()] == [wid]
        new = service.new_from_template(wid, "Kick-off 2028").result
        template, made = (service.workshops.load(i).workshop for i in (wid, new))
    assert (made.title, made.is_template, made.date) == ("Kick-off 2028", False, dt.date.today())
    assert made.facilitator == ""
    # the structure, as it was
    assert made.departments == template.departments and made.criteria == template.criteria
    assert made.channels == template.channels and made.agenda == template.agenda
    assert made.outcomes == template.outcomes  # KPIs and values included
    assert (made.currency, made.dots_per_participant, made.overload_limit) == (
        template.currency, template.dots_per_participant, template.overload_limit)  # fmt: skip
    # the room, left out (the sample has some of each)
    for part in ("participants", "stakeholders", "raci", "votes", "scores", "choices", "actions",
                 "parking_lot", "decisions"):  # fmt: skip
        assert getattr(template, part), part
        assert getattr(made, part) == [], part
    assert made.dismissed_origins == []


def test_save_as_template_makes_a_new_template_and_leaves_the_workshop_alone(library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        wid = service.add_sample().result
        before = dumps_workshop(service.workshops.load(wid).workshop)
        tid = service.save_as_template(wid, "Retail kick-off").result
        assert [t.id for t in service.templates()] == [tid]
        template = service.workshops.load(tid).workshop
        assert dumps_workshop(service.workshops.load(wid).workshop) == before
    assert (template.title, template.is_template, template.date) == ("Retail kick-off", True, None)
    assert template.participants == [] and template.raci == [] and template.actions == []
    assert len(template.outcomes) > 0 and any(c.ratings for c in template.channels)


@pytest.mark.parametrize("ref", ["²", "١٢", "99999999999999999999999", " 1x", ""])
def test_refs_that_are_not_ids_are_looked_up_as_titles(library_path: Path, ref: str) -> None:
    with LibraryService.open(library_path) as service:
        service.add_sample()
        with pytest.raises(NotFound, match="No workshop has the id or title"):
            service.find(ref)


def test_resolve_reads_any_existing_file_and_names_what_is_wrong(tmp_path: Path, library_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Remember the projector cable.")
    with pytest.raises(FileRefused, match=r"notes\.txt is not a valid workshop file") as caught:
        resolve_workshop(str(notes), library_path)
    assert caught.value.details
    with pytest.raises(NotFound, match="no library at"):
        resolve_workshop("Kick-off", library_path)
    with pytest.raises(NotFound, match="No workshop file at"):
        resolve_workshop(str(tmp_path / "nope.json"), library_path)


def test_private_copy_of_a_file_and_of_a_library_workshop(tmp_path: Path, library_path: Path) -> None:
    with LibraryService.open(library_path) as service:
        wid = service.add_sample().result
        exported = service.export_file(wid, tmp_path / "s.json")
    for ref in (str(exported), str(wid), "social strategy 2027"):
        with private_copy(ref, library_path) as (copy, copy_id), LibraryService.open(copy) as service:
            assert not service.read_only
            assert service.workshops.load(copy_id).workshop.title == "Social strategy 2027"
        assert not copy.exists()


def test_refusals_are_worded_once_for_a_person_and_for_the_command_line() -> None:
    error = DomainError([Problem("participants[0].power", 9, "must be from 1 to 5")])
    assert describe_refusal(error) == "Power must be from 1 to 5 (you entered 9)."
    assert refusal_lines(error) == ("The workshop was not changed:", ["participants[0].power: 9: must be from 1 to 5"])
    refused = FileRefused("x.json is not a valid workshop file:", [Problem("workshop.title", 3, "must be text")])
    assert refusal_lines(refused) == ("x.json is not a valid workshop file:", ["workshop.title: 3: must be text"])
    assert isinstance(NotFound("gone"), REFUSALS) and isinstance(error, REFUSALS)
    assert not isinstance(KeyError("a bug"), REFUSALS)


def test_item_refs_keep_the_check_json_form() -> None:
    assert ItemRef(RefKind.OUTCOME, "O3").as_json() == ["outcome", "O3"]
    assert ItemRef.list_of(RefKind.PARTICIPANT).as_json() == ["participants", ""]
    assert ItemRef.list_of(RefKind.PARTICIPANT).is_list and not ItemRef(RefKind.ACTION, "0").is_list
