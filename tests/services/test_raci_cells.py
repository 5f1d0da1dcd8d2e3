"""Many RACI cells as one edit: a block fill or a fix is one transaction and one undo step."""

from __future__ import annotations

import pytest

from tests.services.test_edit_cycle import same_as_fresh
from workshop.domain.enums import RaciRole
from workshop.domain.validation import DomainError
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop


def _roles(service: WorkshopService, wid: int) -> dict[tuple[str, str], RaciRole]:
    return {(r.outcome, r.participant): r.role for r in service.load(wid).workshop.raci}


def test_a_block_is_set_cleared_and_undone_as_one_edit(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    loaded = service.load(wid)
    before = dumps_workshop(loaded.workshop)
    outcomes = [o.key for o in loaded.workshop.outcomes[:3]]
    people = [p.name for p in loaded.workshop.participants[:4]]
    cells = [(loaded.id_of("outcome", o), loaded.id_of("participant", p), "C") for o in outcomes for p in people]
    edit = service.set_raci_cells(wid, cells, "Fill 12 RACI cells")
    assert edit.label == "Fill 12 RACI cells" and edit.tables == {"raci"}
    roles = _roles(service, wid)
    assert all(roles[(o, p)] is RaciRole.C for o in outcomes for p in people)
    same_as_fresh(service, wid, edit.loaded)

    cleared = service.set_raci_cells(wid, [(o, p, None) for o, p, _r in cells])
    assert not any((o, p) in _roles(service, wid) for o in outcomes for p in people)
    service.undo(cleared)
    service.undo(edit)
    assert dumps_workshop(service.load(wid).workshop) == before
    service.redo(edit)
    assert _roles(service, wid)[(outcomes[0], people[0])] is RaciRole.C


def test_the_last_value_for_a_cell_wins(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    loaded = service.load(wid)
    o, p = loaded.id_of("outcome", "O1"), loaded.id_of("participant", "Lea Schuster")
    service.set_raci_cells(wid, [(o, p, "I"), (o, p, "R")])
    assert _roles(service, wid)[("O1", "Lea Schuster")] is RaciRole.R


def test_a_refused_block_stores_nothing(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    other = service.import_workshop(sample_workshop()).result
    loaded, foreign = service.load(wid), service.load(other)
    before = dumps_workshop(loaded.workshop)
    good = (loaded.id_of("outcome", "O1"), loaded.id_of("participant", "Lea Schuster"), "A")
    with pytest.raises(DomainError, match="names nothing in this workshop"):
        service.set_raci_cells(wid, [good, (foreign.id_of("outcome", "O1"), good[1], "C")])
    with pytest.raises(DomainError):
        service.set_raci_cells(wid, [good, (good[0], good[1], "X")])
    # Two A's on one outcome are allowed (E_MULTI_ACCOUNTABLE is a check, not a rule), so this one is stored.
    service.set_raci_cells(wid, [good])
    assert _roles(service, wid)[("O1", "Lea Schuster")] is RaciRole.A
    assert dumps_workshop(service.load(other).workshop) == dumps_workshop(foreign.workshop)
    assert before != dumps_workshop(service.load(wid).workshop)
