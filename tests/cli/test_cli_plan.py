"""``social-working plan WORKSHOP [--json] [--generate]``: the JSON contract and generating on a library workshop.

The figures are worked out here from the sample file's raw JSON with METHOD.md's Return and Workload written out
by hand (payback as ``cost * 12 / EV``, the order the domain uses so EV / 12 cannot underflow), so the JSON must
carry them at full precision, unrounded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_outcomes import SAMPLE_PATH
from workshop.cli import main
from workshop.domain.entities import Channel, Choice, Outcome, Participant, RaciAssignment, Workshop
from workshop.domain.enums import ChannelKind, ChoiceRole, Portability, RaciRole
from workshop.domain.plan import generated_actions
from workshop.services.catalog import sample_workshop
from workshop.storage.interchange import dumps_workshop

REPORT_KEYS = ["actions", "returns", "total", "workload"]
ACTION_KEYS = ["title", "outcome", "channel", "owner", "due", "cost", "effort_days", "status", "origin"]
RETURN_KEYS = ["outcome", "cost", "expected_value", "roi", "payback_months"]
TOTAL_KEYS = ["cost", "expected_value", "roi", "payback_months"]
WORKLOAD_KEYS = ["participant", "actions", "effort_days", "cost", "responsible_or_accountable"]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def raw_sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
    return data


def expected_values(raw: dict[str, Any]) -> dict[str, float | None]:
    evs: dict[str, float | None] = {}
    for o in raw["outcomes"]:
        kpi = o["kpi"]
        if o["value_per_unit"] is not None and kpi["baseline"] is not None and kpi["target"] is not None:
            annual = abs(kpi["target"] - kpi["baseline"]) * o["value_per_unit"]
        else:
            annual = o["annual_value"]
        evs[o["key"]] = None if annual is None else annual * o["confidence"]
    return evs


def by_hand(ev: float | None, cost: float) -> tuple[float | None, float | None]:
    """ROI and payback in months, or None where METHOD.md leaves them undefined."""
    if ev is None or cost <= 0:
        return None, None
    return (ev - cost) / cost, (cost * 12 / ev if ev > 0 else None)


def test_json_keys_in_order_and_figures_at_full_precision() -> None:
    code, text = run("plan", str(SAMPLE_PATH), "--json")
    assert code == 0
    data = json.loads(text)
    raw = raw_sample()
    assert list(data) == REPORT_KEYS

    assert all(list(a) == ACTION_KEYS for a in data["actions"])
    assert data["actions"] == [
        {k: float(a[k]) if k in ("cost", "effort_days") else a[k] for k in ACTION_KEYS} for a in raw["actions"]
    ]  # the workshop's order, due as ISO dates, status and origin as stored
    assert all(isinstance(a["cost"], float) and isinstance(a["effort_days"], float) for a in data["actions"])

    evs = expected_values(raw)
    assert [r["outcome"] for r in data["returns"]] == [o["key"] for o in raw["outcomes"]]
    for row in data["returns"]:
        assert list(row) == RETURN_KEYS
        cost = float(sum(a["cost"] for a in raw["actions"] if a["outcome"] == row["outcome"]))
        roi, payback = by_hand(evs[row["outcome"]], cost)
        assert row == {"outcome": row["outcome"], "cost": cost, "expected_value": evs[row["outcome"]], "roi": roi,
                       "payback_months": payback}  # fmt: skip
    returns = {r["outcome"]: r for r in data["returns"]}
    assert returns["O3"]["expected_value"] is None and returns["O3"]["roi"] is None  # unvalued
    assert returns["O7"]["cost"] == 0.0 and returns["O7"]["payback_months"] is None  # no action yet
    assert returns["O1"]["roi"] == (201_600 - 38_000) / 38_000  # unrounded

    assert list(data["total"]) == TOTAL_KEYS
    total_cost = float(sum(a["cost"] for a in raw["actions"]))  # the policy action, tied to no outcome, too
    assert any(a["outcome"] is None for a in raw["actions"])
    total_ev = sum(ev for ev in evs.values() if ev is not None)
    roi, payback = by_hand(total_ev, total_cost)
    assert data["total"] == {"cost": total_cost, "expected_value": total_ev, "roi": roi, "payback_months": payback}

    assert [w["participant"] for w in data["workload"]] == [p["name"] for p in raw["participants"]]
    for w in data["workload"]:
        assert list(w) == WORKLOAD_KEYS
        owned = [a for a in raw["actions"] if a["owner"] == w["participant"]]
        ra = {c["outcome"] for c in raw["raci"] if c["participant"] == w["participant"] and c["role"] in "RA"}
        assert w == {"participant": w["participant"], "actions": len(owned),
                     "effort_days": float(sum(a["effort_days"] for a in owned)),
                     "cost": float(sum(a["cost"] for a in owned)), "responsible_or_accountable": len(ra)}  # fmt: skip


def test_without_any_valued_outcome_the_total_is_null(tmp_path: Path) -> None:
    ws = sample_workshop()
    for o in ws.outcomes:
        o.annual_value, o.value_per_unit = None, None
    path = tmp_path / "unvalued.json"
    path.write_text(dumps_workshop(ws), encoding="utf-8")
    code, text = run("plan", str(path), "--json")
    assert code == 0
    data = json.loads(text)
    assert data["total"] == {"cost": 248_000.0, "expected_value": None, "roi": None, "payback_months": None}
    assert all(r["expected_value"] is None and r["roi"] is None for r in data["returns"])
    code, text = run("plan", str(path))
    assert "(no outcome valued yet)" in text


def test_text_shows_the_actions_the_reasons_the_total_and_who_is_overloaded() -> None:
    code, text = run("plan", str(SAMPLE_PATH))
    assert code == 0
    assert "Actions (19):" in text
    assert "Choose a fallback channel for O3" in text and "(no owner)" in text
    lines = text.splitlines()
    o3 = next(line for line in lines if line.strip().startswith("O3 "))
    assert "n/a" in o3 and o3.endswith("no value yet")
    o7 = next(line for line in lines if line.strip().startswith("O7 "))
    assert o7.endswith("no cost yet")
    assert "Total: cost 248,000 EUR, expected value 910,310, ROI 267%, payback 3.3 months" in text
    overloaded = [line.split()[0] for line in lines if line.endswith("overloaded")]
    assert overloaded == ["Jonas"]  # R or A on 4 outcomes against a limit of 2


def test_generate_adds_the_missing_actions_once(library_path: Path) -> None:
    assert run("demo", "--library", str(library_path))[0] == 0
    missing = generated_actions(sample_workshop())
    assert len(missing) > 1
    code, text = run("plan", "1", "--generate", "--library", str(library_path))
    assert code == 0
    assert text.startswith(f"Added {len(missing)} actions.\n")
    assert f"Actions ({19 + len(missing)}):" in text  # and the plan as it is now

    data = json.loads(run("plan", "Social strategy 2027", "--json", "--library", str(library_path))[1])
    assert [a["origin"] for a in data["actions"][19:]] == [a.origin for a in missing]
    assert [a["title"] for a in data["actions"][19:]] == [a.title for a in missing]

    code, text = run("plan", "1", "--generate", "--library", str(library_path))
    assert code == 0
    assert text.startswith("Nothing to add: every generated action is there or was dismissed.\n")
    again = json.loads(run("plan", "1", "--json", "--library", str(library_path))[1])
    assert again == data


def test_generate_with_json_prints_the_plan_after_generating(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One choice of an owned channel generates exactly one action; the count goes to stderr beside the JSON."""
    ws = Workshop(
        title="Small",
        participants=[Participant("Ana")],
        outcomes=[Outcome("O1", "Cut support cost", annual_value=1_000.0)],
        channels=[Channel("Forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1)],
        raci=[RaciAssignment("O1", "Ana", RaciRole.R)],
        choices=[Choice("O1", "Forum", ChoiceRole.PRIMARY)],
    )
    path = tmp_path / "small.json"
    path.write_text(dumps_workshop(ws), encoding="utf-8")
    assert run("import", str(path), "--library", str(library_path))[0] == 0
    capsys.readouterr()
    code, text = run("plan", "Small", "--generate", "--json", "--library", str(library_path))
    assert code == 0
    assert capsys.readouterr().err == "Added 1 action.\n"
    data = json.loads(text)
    assert data["actions"] == [
        {"title": "Run Forum for O1: Cut support cost", "outcome": "O1", "channel": "Forum", "owner": "Ana",
         "due": None, "cost": 0.0, "effort_days": 0.0, "status": "todo", "origin": "choice:O1:Forum"}
    ]  # fmt: skip
    assert data["returns"] == [
        {"outcome": "O1", "cost": 0.0, "expected_value": 500.0, "roi": None, "payback_months": None}
    ]


def test_generate_on_a_file_is_refused_and_changes_nothing(
    tmp_path: Path, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sample.json"
    path.write_bytes(SAMPLE_PATH.read_bytes())
    code, text = run("plan", str(path), "--generate", "--library", str(library_path))
    assert code == 2
    assert text == ""
    err = capsys.readouterr().err
    assert "error: --generate changes a workshop: import the file into the library first" in err
    assert f"social-working import {path}" in err
    assert path.read_bytes() == SAMPLE_PATH.read_bytes()
    assert not library_path.exists()


def test_generate_refuses_what_names_no_library_workshop(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("plan", "1", "--generate", "--library", str(library_path))[0] == 2
    assert "no library" in capsys.readouterr().err
    assert not library_path.exists()  # not created by a refused command
    run("demo", "--library", str(library_path))
    assert run("plan", "7", "--generate", "--library", str(library_path))[0] == 2
    assert run("plan", "gone.json", "--generate", "--library", str(library_path))[0] == 2
    assert "No workshop file at gone.json" in capsys.readouterr().err
