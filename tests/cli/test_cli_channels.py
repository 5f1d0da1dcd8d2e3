"""``social-working channels WORKSHOP [--json]``: the JSON contract, checked against the domain's figures."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.cli.test_cli_outcomes import SAMPLE_PATH
from workshop.cli import main
from workshop.domain.formulas import Analysis
from workshop.domain.stability import stability_intervals
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.storage.interchange import dumps_workshop

OUTCOME_KEYS = {"key", "ranking", "sensitive_to", "stability", "favourites", "choices"}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_json_has_every_outcome_with_the_contracts_keys_at_full_precision() -> None:
    code, text = run("channels", str(SAMPLE_PATH), "--json")
    assert code == 0
    data = json.loads(text)
    ws = sample_workshop()
    a = Analysis(ws)
    assert list(data) == ["outcomes"]
    assert [o["key"] for o in data["outcomes"]] == [o.key for o in ws.outcomes]  # the room's order
    for row in data["outcomes"]:
        assert set(row) == OUTCOME_KEYS
        ranking = a.ranking(row["key"])
        assert row["ranking"] == [
            {"channel": cs.channel.name, "score": cs.display, "complete": cs.complete} for cs in ranking
        ]
        completes = [r["complete"] for r in row["ranking"]]
        assert completes == sorted(completes, reverse=True)  # candidates first
        assert row["sensitive_to"] == [c.key for c in a.sensitivity(row["key"])]
        intervals = stability_intervals(a, row["key"])
        assert row["stability"] == {i.criterion.key: [i.low, i.high] for i in intervals}
    o1 = data["outcomes"][0]
    assert o1["ranking"][0] == {"channel": "Customer community forum", "score": 85.00000000000001, "complete": True}
    assert o1["stability"]["audience_ownership"] == [None, None]  # open at both ends: null
    assert o1["stability"]["ease"][0] is None and o1["stability"]["ease"][1] == 2.0
    assert o1["choices"] == [  # in the workshop's channel order, with the reliance in use (0.0 for a fallback)
        {"channel": "Company website", "role": "supporting", "reliance": 0.15},
        {"channel": "Email newsletter", "role": "fallback", "reliance": 0.0},
        {"channel": "Customer community forum", "role": "primary", "reliance": 0.7},
        {"channel": "YouTube", "role": "supporting", "reliance": 0.15},
    ]
    o6 = next(o for o in data["outcomes"] if o["key"] == "O6")
    assert list(o6["favourites"]) == ["Marketing", "Customer Service", "Product"]  # the departments' order
    assert o6["favourites"]["Marketing"] == "Strava club"


def test_stability_is_empty_with_fewer_than_two_candidates(tmp_path: Path) -> None:
    ws = sample_workshop()
    keep = next(s.channel for s in ws.scores if s.outcome == "O3")
    ws.scores = [s for s in ws.scores if s.outcome != "O3" or name_key(s.channel) == name_key(keep)]
    path = tmp_path / "one-candidate.json"
    path.write_text(dumps_workshop(ws), encoding="utf-8")
    code, text = run("channels", str(path), "--json")
    assert code == 0
    o3 = next(o for o in json.loads(text)["outcomes"] if o["key"] == "O3")
    assert [r["channel"] for r in o3["ranking"]] == [keep]
    assert o3["stability"] == {} and o3["sensitive_to"] == []


def test_text_says_the_ranking_and_the_stability_sentences() -> None:
    code, text = run("channels", str(SAMPLE_PATH))
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "O1  Cut support cost per customer"
    assert lines[1].split()[:4] == ["1.", "Customer", "community", "forum"] and lines[1].endswith("85.0")
    assert "  Customer community forum stays first unless the weight of Ease goes above 2.0" in lines
    assert "  chosen: Email newsletter (fallback, reliance 0.00)" in lines
