"""An analysis built on the previous one after an edit (the session's way) answers exactly as one built afresh:
the outcomes a score edit left alone lend their rankings, sensitivity and values; favourites follow the votes."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from workshop.domain.entities import Score, Vote, Workshop
from workshop.domain.formulas import Analysis
from workshop.services.catalog import sample_workshop


def figures(a: Analysis) -> dict[str, object]:
    out: dict[str, object] = {}
    for o in a.workshop.outcomes:
        out[o.key] = (
            [(cs.channel.name, cs.s, cs.complete) for cs in a.ranking(o.key)],
            [c.key for c in a.sensitivity(o.key)],
            a.favourites(o.key),
            a.dissent(o.key),
        )
    return out


def edited(ws: Workshop, **lists: object) -> Workshop:
    """The workshop after an edit: the edited lists are new, the others the very same (as the loader keeps them)."""
    after = copy.copy(ws)
    for name, value in lists.items():
        setattr(after, name, value)
    return after


@pytest.mark.parametrize("edit", ["score changed", "score added", "score removed", "vote", "weight"])
def test_an_analysis_built_on_the_previous_one_agrees_with_a_fresh_one(edit: str) -> None:
    ws = sample_workshop()
    before = Analysis(ws)
    figures(before)  # fill the caches that the next analysis may borrow
    o1 = [i for i, s in enumerate(ws.scores) if s.outcome == "O1"]
    if edit == "score changed":
        scores = list(ws.scores)
        scores[o1[0]] = replace(scores[o1[0]], score=1 if scores[o1[0]].score != 1 else 5)
        after = edited(ws, scores=scores)
    elif edit == "score added":
        after = edited(ws, scores=[*ws.scores, Score("O1", "Mobile app", "audience_fit", 5)])
    elif edit == "score removed":
        after = edited(ws, scores=[s for i, s in enumerate(ws.scores) if i != o1[0]])
    elif edit == "vote":
        voter = ws.participants[0].name
        after = edited(ws, votes=[*ws.votes, Vote(voter, "O2", "Instagram", 1)])
    else:
        criteria = list(ws.criteria)
        criteria[0] = replace(criteria[0], weight=0.5)
        after = edited(ws, criteria=criteria)
    assert figures(Analysis(after, previous=before)) == figures(Analysis(after))
    assert figures(Analysis(after, previous=before)) != figures(before) or edit == "vote"
