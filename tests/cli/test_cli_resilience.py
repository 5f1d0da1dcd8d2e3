"""``social-working resilience WORKSHOP [--without-channel NAME]... [--without-owner NAME]... [--json]``.

The what-if numbers are worked out here from the sample file's raw JSON, with METHOD.md's formulas written out
by hand in the same order of operations, so the JSON must carry them at full precision, unrounded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_outcomes import SAMPLE_PATH
from workshop.cli import main
from workshop.domain.entities import Choice
from workshop.domain.enums import ChoiceRole
from workshop.services.catalog import sample_workshop
from workshop.storage.interchange import dumps_workshop

REPORT_KEYS = ["resilience_score", "owned_share", "hhi", "owner_shares", "scenarios"]
SCENARIO_KEYS = ["kind", "name", "value_at_risk", "stranded", "saved"]
WHAT_IF_KEYS = ["channels", "owners", "value_at_risk", "stranded", "live_fallbacks", "outcomes"]
OUTCOME_KEYS = ["key", "reliance_lost", "fallback_live", "stranded", "value_at_risk"]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def sample_weights() -> dict[str, float]:
    """w(o) from the sample's raw outcomes: EV = |target - baseline| * value_per_unit (or the entered value)
    times confidence; the one unvalued outcome (O3) weighs the mean EV of the others."""
    raw: list[dict[str, Any]] = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))["outcomes"]
    evs: dict[str, float | None] = {}
    for o in raw:
        kpi = o["kpi"]
        if o["value_per_unit"] is not None and kpi["baseline"] is not None and kpi["target"] is not None:
            annual = abs(kpi["target"] - kpi["baseline"]) * o["value_per_unit"]
        else:
            annual = o["annual_value"]
        evs[o["key"]] = None if annual is None else annual * o["confidence"]
    valued = [ev for ev in evs.values() if ev is not None]
    mean = sum(valued) / len(valued)
    return {k: mean if ev is None else ev for k, ev in evs.items()}


def test_without_flags_the_report_has_no_what_if_and_each_scenario_says_saved() -> None:
    code, text = run("resilience", str(SAMPLE_PATH), "--json")
    assert code == 0
    data = json.loads(text)
    assert list(data) == REPORT_KEYS
    assert all(list(s) == SCENARIO_KEYS for s in data["scenarios"])
    assert all(s["saved"] == [] for s in data["scenarios"])  # the sample's fallbacks never catch a whole outcome
    code, text = run("resilience", str(SAMPLE_PATH))
    assert "What-if" not in text


def test_what_if_json_at_full_precision_against_the_formulas_by_hand() -> None:
    code, text = run(
        "resilience", str(SAMPLE_PATH), "--without-channel", " instagram", "--without-owner", "Alphabet", "--json"
    )
    assert code == 0
    data = json.loads(text)
    assert list(data) == [*REPORT_KEYS, "what_if"]
    w = data["what_if"]
    assert list(w) == WHAT_IF_KEYS
    assert all(list(o) == OUTCOME_KEYS for o in w["outcomes"])
    assert w["channels"] == ["Instagram", "YouTube", "Google Ads"]  # the workshop's order; Alphabet's two included
    assert w["owners"] == ["Alphabet"]
    weights = sample_weights()
    # O1: forum primary 0.7, website and YouTube supporting 0.3 / 2 each; YouTube goes; the email fallback lives.
    o1_lost = 0.3 / 2
    o1 = weights["O1"] * o1_lost * 0.5
    # O2: website primary 0.7; email, Instagram and Google Ads supporting 0.3 / 3 each; two go; no fallback.
    o2_lost = 0.3 / 3 + 0.3 / 3
    o2 = weights["O2"] * o2_lost * 1.0
    # O3 (unvalued, the mean EV): Instagram primary 0.7, Meta Ads supporting 0.3; Instagram goes; no fallback.
    o3 = weights["O3"] * 0.7 * 1.0
    assert w["outcomes"][:3] == [
        {"key": "O1", "reliance_lost": o1_lost, "fallback_live": True, "stranded": False, "value_at_risk": o1},
        {"key": "O2", "reliance_lost": o2_lost, "fallback_live": False, "stranded": False, "value_at_risk": o2},
        {"key": "O3", "reliance_lost": 0.7, "fallback_live": False, "stranded": False, "value_at_risk": o3},
    ]
    assert o2 == 32399.999999999996  # unrounded: 0.3 / 3 is a hair under 0.1
    assert [o["key"] for o in w["outcomes"]] == ["O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8"]  # the room's order
    assert all(o["reliance_lost"] == 0 and o["value_at_risk"] == 0 for o in w["outcomes"][3:])
    assert [o["fallback_live"] for o in w["outcomes"][3:]] == [True, True, True, False, False]
    assert w["value_at_risk"] == 0.0 + o1 + o2 + o3
    assert w["stranded"] == [] and w["live_fallbacks"] == ["O1"]


def test_what_if_of_meta_strands_o3_and_its_figures_match_the_meta_scenario() -> None:
    code, text = run("resilience", str(SAMPLE_PATH), "--without-owner", "Meta", "--json")
    assert code == 0
    data = json.loads(text)
    meta = next(s for s in data["scenarios"] if (s["kind"], s["name"]) == ("owner", "Meta"))
    w = data["what_if"]
    assert w["channels"] == ["Instagram", "WhatsApp Business", "Meta Ads"]
    assert w["value_at_risk"] == meta["value_at_risk"]
    assert w["stranded"] == meta["stranded"] == ["O3"]
    o3 = next(o for o in w["outcomes"] if o["key"] == "O3")
    assert o3 == {
        "key": "O3",
        "reliance_lost": 0.7 + 0.3,
        "fallback_live": False,
        "stranded": True,
        "value_at_risk": sample_weights()["O3"] * (0.7 + 0.3) * 1.0,
    }


def test_saved_shows_in_the_json_when_a_fallback_catches_a_whole_outcome(tmp_path: Path) -> None:
    ws = sample_workshop()
    ws.choices.append(Choice("O3", "Email newsletter", ChoiceRole.FALLBACK))
    path = tmp_path / "o3-fallback.json"
    path.write_text(dumps_workshop(ws), encoding="utf-8")
    code, text = run("resilience", str(path), "--json")
    assert code == 0
    meta = next(s for s in json.loads(text)["scenarios"] if s["name"] == "Meta")
    assert (meta["stranded"], meta["saved"]) == ([], ["O3"])


def test_text_prints_the_what_if_beside_the_portfolio_figures() -> None:
    code, text = run("resilience", str(SAMPLE_PATH), "--without-channel", "Instagram", "--without-owner", "Alphabet")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("Resilience score:")
    start = lines.index("What-if: without Instagram, YouTube, Google Ads (owner Alphabet)")
    assert lines[start + 1 :] == [
        "  value at risk:   138,551 EUR a year",
        "  stranded:        -",
        "  live fallbacks:  O1",
        "  O1  loses 15% of its reliance, fallback live: 15,120 EUR at risk",
        "  O2  loses 20% of its reliance, no live fallback: 32,400 EUR at risk",
        "  O3  loses 70% of its reliance, no live fallback: 91,031 EUR at risk",
    ]
    code, text = run("resilience", str(SAMPLE_PATH), "--without-owner", "Meta")
    assert "  stranded:        O3" in text
    assert "  O3  loses 100% of its reliance, stranded: 130,044 EUR at risk" in text


@pytest.mark.parametrize(
    ("flags", "message", "first_known"),
    [
        (["--without-channel", "Trustpilot"], "no channel named 'Trustpilot'", "  Company website"),
        (["--without-owner", "meta"], "no owner named 'meta'", "  (own)"),
    ],
)
def test_a_name_the_workshop_does_not_have_exits_2_listing_those_it_has(
    flags: list[str], message: str, first_known: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run("resilience", str(SAMPLE_PATH), *flags, "--json")
    assert code == 2 and text == ""
    err = capsys.readouterr().err.splitlines()
    assert message in err[0] and "Traceback" not in "\n".join(err)
    assert err[1] == first_known
    if "--without-owner" in flags:
        assert err[1:] == [f"  {o}" for o in ("(own)", "Meta", "Microsoft", "Alphabet", "Strava", "Trustpilot",
                                              "Partners (various)")]  # fmt: skip
    else:
        assert "  Trustpilot reviews" in err and len(err) == 1 + len(sample_workshop().channels)
