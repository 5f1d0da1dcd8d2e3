"""Outcome edits of the outcomes stage: the next key, duplicating an outcome's own fields."""

from __future__ import annotations

import pytest

from tests.services.test_edit_cycle import same_as_fresh
from workshop.domain.text import next_outcome_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop


@pytest.mark.parametrize(
    ("keys", "expected"),
    [([], "O1"), (["O1", "O2"], "O3"), (["O1", "O7", "O3"], "O8"), (["X", "o4", "O 9", "O02"], "O5"), (["Q1"], "O1")],
)
def test_next_outcome_key_follows_the_highest_number_in_use(keys: list[str], expected: str) -> None:
    assert next_outcome_key(keys) == expected


def test_add_outcome_takes_the_next_key_and_undo_takes_it_back(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    edit = service.add_outcome(wid, title="Fewer returns", category="cost_reduction")
    plain = service.add_outcome(wid, title="Only a title")
    assert service.load(wid).workshop.outcomes[-1].category.value == "awareness"  # the method's default
    service.undo(plain)
    ws = service.load(wid).workshop
    assert ws.outcomes[-1].key == "O9" and ws.outcomes[-1].title == "Fewer returns"
    same_as_fresh(service, wid, edit.loaded)
    service.undo(edit)
    assert [o.key for o in service.load(wid).workshop.outcomes][-1] == "O8"


def test_duplicate_copies_the_outcomes_own_fields_only_and_sits_after_it(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    before = service.load(wid)
    o2 = before.workshop.outcomes[1]
    edit = service.duplicate_outcome(before.id_of("outcome", o2.key))
    ws = service.load(wid).workshop
    copy = ws.outcomes[2]
    assert copy.key == "O9" and [o.key for o in ws.outcomes][:3] == ["O1", "O2", "O9"]
    assert (copy.title, copy.category, copy.kpi, copy.value_per_unit, copy.annual_value, copy.confidence) == (
        o2.title, o2.category, o2.kpi, o2.value_per_unit, o2.annual_value, o2.confidence,
    )  # fmt: skip
    assert not any("O9" in (r.outcome,) for r in ws.raci)
    assert not any(x.outcome == "O9" for x in [*ws.scores, *ws.choices, *ws.votes])
    assert not any(a.outcome == "O9" for a in ws.actions)
    same_as_fresh(service, wid, edit.loaded)
    service.undo(edit)
    assert dumps_workshop(service.load(wid).workshop) == dumps_workshop(before.workshop)
