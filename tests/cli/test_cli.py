"""The first commands, run as a user would: through main() and as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.resources import SAMPLE, resource

SAMPLE_PATH = Path(str(resource(*SAMPLE)))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def small_workshop(tmp_path: Path) -> Path:
    data = {
        "format": "social-working/1",
        "workshop": {"title": "Tiny", "currency": "EUR"},
        "departments": [{"name": "Finance", "function": "finance"}, {"name": "Support", "function": "support"}],
        "participants": [
            {"name": "Ana", "department": "Finance"},
            {"name": "Bo", "department": "Support"},
        ],
        "outcomes": [
            {
                "key": "O1",
                "title": "Cut support cost",
                "category": "cost_reduction",
                "kpi": {"metric": "Cost per ticket", "unit": "EUR", "baseline": 10, "target": 8},
                "value_per_unit": 1000,
                "confidence": 0.5,
            }
        ],
        "raci": [
            {"outcome": "O1", "participant": "Ana", "role": "A"},
            {"outcome": "O1", "participant": "Bo", "role": "R"},
        ],
        "channels": [
            {"name": "Forum", "kind": "owned", "owner": "(own)", "portability": "full", "platform_risk": 1},
            {"name": "Facebook page", "kind": "rented", "owner": "Meta", "portability": "none", "platform_risk": 4},
        ],
        "choices": [
            {"outcome": "O1", "channel": "Facebook page", "role": "primary"},
            {"outcome": "O1", "channel": "Forum", "role": "fallback"},
        ],
        "actions": [{"title": "Launch forum", "outcome": "O1", "owner": None, "cost": 500}],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for command in ("check", "resilience", "demo", "list", "import", "export", "screenshot"):
        assert command in text


def test_check_text_and_json_agree(tmp_path: Path) -> None:
    path = small_workshop(tmp_path)
    code, text = run("check", str(path))
    assert code == 0
    assert "E_ACTION_NO_OWNER" in text and "Launch forum" in text
    code, raw = run("check", str(path), "--json")
    findings = json.loads(raw)
    # Two departments on O1, finance among them, an owned fallback that stays live: only the
    # ownerless action is a finding.
    assert [f["code"] for f in findings] == ["E_ACTION_NO_OWNER"]
    for f in findings:
        assert set(f) >= {"code", "severity", "stage", "subject", "message"}
        assert f["code"] in text
    no_owner = next(f for f in findings if f["code"] == "E_ACTION_NO_OWNER")
    assert no_owner == no_owner | {"severity": "E", "stage": "plan", "subject": "Launch forum"}


def test_strict_exits_1_only_on_errors(tmp_path: Path) -> None:
    path = small_workshop(tmp_path)
    assert run("check", str(path), "--strict")[0] == 1
    data = json.loads(path.read_text())
    data["actions"][0]["owner"] = "Ana"
    path.write_text(json.dumps(data))
    code, raw = run("check", str(path), "--strict", "--json")
    assert code == 0
    assert all(f["severity"] == "W" for f in json.loads(raw))


def test_resilience_figures_by_hand(tmp_path: Path) -> None:
    # O1: EV = |8 - 10| * 1000 * 0.5 = 1000 = w. Facebook page (Meta) carries all reliance,
    # the forum fallback stays live: VaR = 1000 * 1 * 0.5 = 500 for the channel and for Meta.
    # Resilience = 100 * (1 - 500 / 1000) = 50; owned share 0; HHI = 1 (Meta holds it all).
    code, raw = run("resilience", str(small_workshop(tmp_path)), "--json")
    assert code == 0
    data = json.loads(raw)
    assert data["resilience_score"] == pytest.approx(50)
    assert data["owned_share"] == pytest.approx(0)
    assert data["hhi"] == pytest.approx(1)
    assert [(s["kind"], s["name"], s["value_at_risk"], s["stranded"]) for s in data["scenarios"]] == [
        ("channel", "Facebook page", pytest.approx(500), []),
        ("owner", "Meta", pytest.approx(500), []),
    ]
    code, text = run("resilience", str(small_workshop(tmp_path)))
    assert "50.0 / 100" in text and "Meta" in text


def test_invalid_file_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small_workshop(tmp_path)
    data = json.loads(path.read_text())
    data["participants"][0]["power"] = 9
    data["outcomes"][0]["confidence"] = 2
    path.write_text(json.dumps(data))
    code, _ = run("check", str(path))
    err = capsys.readouterr().err
    assert code == 2
    assert "participants[0].power" in err and "outcomes[0].confidence" in err
    assert "Traceback" not in err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("resilience", str(tmp_path / "nope.json"))
    assert code == 2
    assert "No workshop file" in capsys.readouterr().err


def test_sample_check_json_is_exactly_the_fifteen_findings() -> None:
    """The contract of ``check --json`` on the shipped sample: every key, subject and item, in order."""
    code, raw = run("check", str(SAMPLE_PATH), "--json")
    assert code == 0
    findings = json.loads(raw)
    assert all(set(f) == {"code", "severity", "stage", "subject", "message", "item"} for f in findings)
    assert [(f["code"], f["severity"], f["stage"], f["subject"], f["item"]) for f in findings] == [
        ("W_CHANNEL_LED", "W", "outcomes", "O3", ["outcome", "O3"]),
        ("W_VANITY", "W", "outcomes", "O3", ["outcome", "O3"]),
        ("W_UNVALUED", "W", "outcomes", "O3", ["outcome", "O3"]),
        ("W_NO_KPI", "W", "outcomes", "O7", ["outcome", "O7"]),
        ("E_MULTI_ACCOUNTABLE", "E", "stakeholders", "O6", ["outcome", "O6"]),
        ("W_SILO", "W", "stakeholders", "O3", ["outcome", "O3"]),
        ("W_NO_FINANCE", "W", "stakeholders", "O6", ["outcome", "O6"]),
        ("W_OVERLOAD", "W", "stakeholders", "Jonas Albrecht", ["participant", "Jonas Albrecht"]),
        ("E_NO_CHANNEL", "E", "channels", "O7", ["outcome", "O7"]),
        ("W_NO_OWNED", "W", "channels", "O3", ["outcome", "O3"]),
        ("W_DISSENT", "W", "channels", "O6", ["outcome", "O6"]),
        ("W_NO_FALLBACK", "W", "resilience", "O3", ["outcome", "O3"]),
        ("W_STRANDED", "W", "resilience", "O3", ["outcome", "O3"]),
        ("E_ACTION_NO_OWNER", "E", "plan", "Choose a fallback channel for O3", ["action", "7"]),
        ("W_OUTCOME_NO_ACTION", "W", "plan", "O7", ["outcome", "O7"]),
    ]


def test_sample_resilience_json_shape() -> None:
    _code, raw = run("resilience", str(SAMPLE_PATH), "--json")
    data = json.loads(raw)
    assert 0 <= data["resilience_score"] <= 100
    assert 0 <= data["owned_share"] <= 1 and 0 <= data["hhi"] <= 1
    assert {s["kind"] for s in data["scenarios"]} == {"channel", "owner"}
    for s in data["scenarios"]:
        assert set(s) >= {"kind", "name", "value_at_risk", "stranded"}


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "workshop"],
        [sys.executable, "main.py"],
    ],
)
def test_entry_points_are_the_same_program(command: list[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([*command, "check", str(SAMPLE_PATH), "--json"], capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(run("check", str(SAMPLE_PATH), "--json")[1])
