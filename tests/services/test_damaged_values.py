"""A library whose file is sound but holds a damaged value (what a flipped bit leaves when the integrity check cannot
see it): reading that workshop is one clear refusal, it still shows in the list, and the other workshops open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workshop.services.catalog import sample_workshop
from workshop.services.damage import WorkshopUnreadable
from workshop.services.library_service import LibraryService


def two_workshops(path: Path) -> tuple[int, int]:
    with LibraryService.open(path) as service:
        first = int(service.workshops.import_workshop(sample_workshop()).result)
        second = int(service.workshops.import_workshop(sample_workshop()).result)
    return first, second


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE choice SET role = 'supportiog' WHERE outcome_id IN (SELECT id FROM outcome WHERE workshop_id = {wid})",
        "UPDATE workshop SET updated_at = '2026-12-02 07:02z57.000000' WHERE id = {wid}",
        "UPDATE raci SET role = 'Q' WHERE outcome_id IN (SELECT id FROM outcome WHERE workshop_id = {wid})",
        "UPDATE participant SET name = CAST(name AS BLOB) WHERE workshop_id = {wid}",
    ],
    ids=["a role name", "a time", "a RACI letter", "a name read back as bytes"],
)
def test_a_damaged_value_is_one_clear_refusal_and_the_rest_opens(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "library.sqlite3"
    first, second = two_workshops(path)
    connection = sqlite3.connect(path)
    connection.execute(damage.format(wid=first))
    connection.commit()
    connection.close()
    with LibraryService.open(path) as service:
        summaries = service.summaries()
        assert [s.id for s in summaries] == [first, second]
        assert summaries[0].title == f"Workshop {first} (damaged: cannot be read)"
        assert summaries[1].title == sample_workshop().title
        with pytest.raises(WorkshopUnreadable) as caught:
            service.workshops.load(first)
        message = str(caught.value)
        assert f"Workshop {first} in {path} cannot be read: the library holds a damaged value" in message
        assert "Nothing was changed" in message and str(tmp_path / "backups") in message
        assert service.workshops.load(second).workshop.title == sample_workshop().title
