"""The interchange file of METHOD.md: canonical bytes, defaults, references, warnings, and every problem named."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.domain.entities import (
    Action,
    AgendaItem,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Note,
    Outcome,
    Participant,
    RaciAssignment,
    Score,
    Stakeholder,
    Vote,
    Workshop,
    default_criteria,
)
from workshop.domain.enums import (
    ActionStatus,
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
    Stage,
)
from workshop.domain.text import name_key
from workshop.domain.validation import workshop_problems
from workshop.storage.interchange import (
    InterchangeError,
    ReadResult,
    dumps_workshop,
    parse_workshop,
    read_workshop,
    write_workshop,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample-workshop.json"
FORMAT = "social-working/1"


# -- a rich valid workshop, as objects and as a file ---------------------------------------------


def rich_workshop() -> Workshop:
    return Workshop(
        title="Social strategy 2027",
        organisation="Nordlicht Bikes",
        date=dt.date(2026, 12, 1),
        facilitator="Maren",
        currency="EUR",
        dots_per_participant=3,
        overload_limit=2,
        is_template=False,
        dismissed_origins=["fallback:O2", "choice:O1:Forum"],
        departments=[Department("Finance", DepartmentFunction.FINANCE), Department("Marketing")],
        participants=[
            Participant("Ana", "Finance", "CFO", None, 5, 3),
            Participant("Bob", "Marketing", "CMO", "bob@example.org", 4, 5),
        ],
        stakeholders=[Stakeholder("Board chair", "Chair", None, 5, 2)],
        outcomes=[
            Outcome(
                "O1",
                "Cut support cost",
                OutcomeCategory.SUPPORT,
                "customers",
                Kpi("Cost per ticket", "EUR", 12, 9, dt.date(2027, 12, 31)),
                25.0,
                None,
                0.6,
                "from the CFO",
            ),
            Outcome("O2", "Grow dealer sales", OutcomeCategory.SALES_GROWTH, "", Kpi(), None, 120000.5, 0.5, ""),
        ],
        raci=[
            RaciAssignment("O2", "Bob", RaciRole.A),
            RaciAssignment("O1", "Bob", RaciRole.R),
            RaciAssignment("O1", "Ana", RaciRole.A),
        ],
        criteria=default_criteria(),
        channels=[
            Channel("Forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1, [], {"ease": 4, "cost_efficiency": 5}),
            Channel("X", ChannelKind.RENTED, "X Corp", Portability.NONE, 4, ["Twitter"], {}, True),
        ],
        scores=[
            Score("O1", "X", "audience_fit", 2),
            Score("O1", "Forum", "outcome_fit", 5),
            Score("O1", "Forum", "audience_fit", 4),
        ],
        choices=[
            Choice("O1", "X", ChoiceRole.FALLBACK),
            Choice("O1", "Forum", ChoiceRole.PRIMARY, 2.0),
            Choice("O2", "X", ChoiceRole.SUPPORTING),
        ],
        votes=[
            Vote("Bob", "O1", "X", 1),
            Vote("Ana", "O2", None, 1),
            Vote("Ana", "O1", "Forum", 1),
            Vote("Ana", "O1", None, 2),
        ],
        actions=[
            Action("Launch the forum", "O1", "Forum", "Bob", dt.date(2027, 3, 1), 5000.0, 10.0, ActionStatus.TODO),
            Action("Brief the board", None, None, None, None, 0.0, 0.5, ActionStatus.DOING, "fallback:O1"),
        ],
        agenda=[AgendaItem(Stage.PLAN, 30), AgendaItem(Stage.SETUP, 15)],
        parking_lot=[Note("Budget for 2028?", "Ana", dt.datetime(2026, 12, 1, 10, 15))],
        decisions=[Note("Forum first", "facilitator", dt.datetime(2026, 12, 1, 11, 40, 5, 120000))],
    )


def valid_data() -> dict[str, Any]:
    """A small valid file as a dict, for the tests that break it one way or another."""
    return {
        "format": FORMAT,
        "workshop": {"title": "T", "date": "2026-12-01", "currency": "EUR", "dots_per_participant": 3},
        "departments": [{"name": "Finance", "function": "finance"}, {"name": "Marketing", "function": "marketing"}],
        "participants": [
            {"name": "Ana", "department": "Finance", "power": 5, "interest": 3},
            {"name": "Bob", "department": "Marketing", "power": 3, "interest": 3},
        ],
        "outcomes": [
            {"key": "O1", "category": "support", "kpi": {"metric": "Cost", "baseline": 10, "target": 8, "due": None}},
            {"key": "O2", "category": "sales_growth"},
        ],
        "raci": [{"outcome": "O1", "participant": "Ana", "role": "A"}],
        "criteria": [
            {"key": "audience_fit", "name": "Audience fit", "weight": 3, "per_outcome": True},
            {"key": "ease", "name": "Ease", "weight": 1, "per_outcome": False},
        ],
        "channels": [
            {
                "name": "Forum",
                "kind": "owned",
                "owner": "(own)",
                "portability": "full",
                "platform_risk": 1,
                "ratings": {"ease": 4},
            },
            {"name": "X", "kind": "rented", "owner": "X Corp", "portability": "none", "platform_risk": 4},
        ],
        "scores": [{"outcome": "O1", "channel": "Forum", "criterion": "audience_fit", "score": 4}],
        "choices": [
            {"outcome": "O1", "channel": "Forum", "role": "primary", "reliance": None},
            {"outcome": "O1", "channel": "X", "role": "fallback", "reliance": None},
        ],
        "votes": [
            {"participant": "Ana", "outcome": "O1", "channel": None, "dots": 2},
            {"participant": "Ana", "outcome": "O1", "channel": "X", "dots": 1},
        ],
        "actions": [{"title": "Launch", "outcome": "O1", "owner": "Bob", "due": "2027-03-01", "cost": 10}],
        "agenda": [{"stage": "outcomes", "minutes": 45}],
        "parking_lot": [{"text": "Later", "by": "Ana", "at": "2026-12-01T10:15:00"}],
        "decisions": [],
    }


def parse(data: Any) -> ReadResult:
    return parse_workshop(json.dumps(data))


def problems_of(data: Any) -> list[Any]:
    with pytest.raises(InterchangeError) as info:
        parse(data)
    assert info.value.problems, "an InterchangeError names at least one problem"
    return info.value.problems


def paths(problems: list[Any]) -> set[str]:
    return {p.path for p in problems}


def assert_well_formed(problems: list[Any]) -> None:
    for p in problems:
        assert isinstance(p.path, str)
        assert p.path
        assert hasattr(p, "value")
        assert isinstance(p.reason, str)
        assert p.reason.strip()


def test_the_fixtures_are_valid() -> None:
    assert workshop_problems(rich_workshop()) == []
    result = parse(valid_data())
    assert result.warnings == []


# -- canonical writing ------------------------------------------------------------------------


def test_write_read_write_gives_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_workshop(rich_workshop(), first)
    result = read_workshop(first)
    assert result.warnings == []
    write_workshop(result.workshop, second)
    assert first.read_bytes() == second.read_bytes()
    write_workshop(rich_workshop(), second)
    assert first.read_bytes() == second.read_bytes()


def test_exporting_twice_gives_the_same_text_and_writes_every_key() -> None:
    ws = rich_workshop()
    text = dumps_workshop(ws)
    assert text == dumps_workshop(ws)
    data = json.loads(text)
    assert data["format"] == FORMAT
    assert set(data) == {
        "format", "workshop", "departments", "participants", "stakeholders", "outcomes", "raci", "criteria",
        "channels", "scores", "choices", "votes", "actions", "agenda", "parking_lot", "decisions",
    }  # fmt: skip
    assert set(data["workshop"]) == {
        "title", "organisation", "date", "facilitator", "currency", "dots_per_participant", "overload_limit",
        "is_template", "dismissed_origins",
    }  # fmt: skip
    assert set(data["participants"][0]) == {"name", "department", "role", "email", "power", "interest"}
    assert data["participants"][0]["email"] is None  # explicit nulls
    assert set(data["outcomes"][1]["kpi"]) == {"metric", "unit", "baseline", "target", "due"}
    assert data["outcomes"][1]["kpi"] == {"metric": None, "unit": None, "baseline": None, "target": None, "due": None}
    assert set(data["actions"][1]) == {
        "title", "outcome", "channel", "owner", "due", "cost", "effort_days", "status", "origin",
    }  # fmt: skip
    assert set(data["choices"][0]) == {"outcome", "channel", "role", "reliance"}
    assert set(data["votes"][0]) == {"participant", "outcome", "channel", "dots"}
    assert set(data["channels"][0]) == {
        "name", "kind", "owner", "portability", "platform_risk", "aliases", "ratings", "retired",
    }  # fmt: skip


def test_lists_without_a_room_order_are_sorted_by_their_references() -> None:
    data = json.loads(dumps_workshop(rich_workshop()))
    assert [(r["outcome"], r["participant"]) for r in data["raci"]] == [("O1", "Ana"), ("O1", "Bob"), ("O2", "Bob")]
    assert [(s["channel"], s["criterion"]) for s in data["scores"]] == [
        ("Forum", "audience_fit"),
        ("Forum", "outcome_fit"),
        ("X", "audience_fit"),
    ]
    assert [(c["outcome"], c["channel"]) for c in data["choices"]] == [("O1", "Forum"), ("O1", "X"), ("O2", "X")]
    assert [(v["participant"], v["outcome"], v["channel"]) for v in data["votes"]] == [
        ("Ana", "O1", None),
        ("Ana", "O1", "Forum"),
        ("Ana", "O2", None),
        ("Bob", "O1", "X"),
    ]
    assert [a["stage"] for a in data["agenda"]] == ["setup", "plan"]
    assert list(data["channels"][0]["ratings"]) == ["cost_efficiency", "ease"]  # the criteria's order
    assert [o["key"] for o in data["outcomes"]] == ["O1", "O2"]  # the room's order is kept
    assert [a["title"] for a in data["actions"]] == ["Launch the forum", "Brief the board"]


def test_a_shuffled_workshop_writes_the_same_bytes() -> None:
    ws = rich_workshop()
    shuffled = rich_workshop()
    for name in ("raci", "scores", "choices", "votes", "agenda", "dismissed_origins"):
        getattr(shuffled, name).reverse()
    shuffled.channels[0].ratings = dict(reversed(list(shuffled.channels[0].ratings.items())))
    assert dumps_workshop(shuffled) == dumps_workshop(ws)


def test_whole_numbers_keep_no_fraction_across_round_trips() -> None:
    data = json.loads(dumps_workshop(rich_workshop()))
    assert data["actions"][0]["cost"] == 5000
    assert isinstance(data["actions"][0]["cost"], int)
    assert data["outcomes"][1]["annual_value"] == 120000.5


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shipped sample is not there yet")
def test_the_shipped_sample_reads_cleanly_and_writes_canonically(tmp_path: Path) -> None:
    result = read_workshop(SAMPLE)
    assert result.warnings == []
    assert workshop_problems(result.workshop) == []
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_workshop(result.workshop, first)
    write_workshop(read_workshop(first).workshop, second)
    assert first.read_bytes() == second.read_bytes()


def test_an_empty_criterion_name_survives_a_round_trip() -> None:
    """A criterion's name is not required; whatever a valid workshop holds must come back as written."""
    ws = Workshop(criteria=[Criterion("speed", "", 1, False)])
    assert workshop_problems(ws) == []
    text = dumps_workshop(ws)
    assert parse_workshop(text).workshop.criteria[0].name == ""
    assert dumps_workshop(parse_workshop(text).workshop) == text


# -- defaults -----------------------------------------------------------------------------------


def test_a_file_without_default_keys_reads_with_the_defaults() -> None:
    data = {
        "format": FORMAT,
        "workshop": {"title": "Mini"},
        "departments": [{"name": "Finance"}],
        "participants": [{"name": "Ana"}],
        "outcomes": [{"key": "O1", "category": "support"}],
        "channels": [{"name": "Forum", "kind": "owned", "owner": "(own)", "portability": "full", "platform_risk": 1}],
        "choices": [{"outcome": "O1", "channel": "Forum", "role": "primary"}],
        "votes": [{"participant": "Ana", "outcome": "O1", "dots": 2}],
        "actions": [{"title": "Launch"}],
        "parking_lot": [{"text": "Later"}],
    }
    result = parse(data)
    assert result.warnings == []
    ws = result.workshop
    assert (ws.title, ws.organisation, ws.facilitator, ws.date) == ("Mini", "", "", None)
    assert ws.dots_per_participant == 3
    assert ws.overload_limit == 4
    assert ws.is_template is False
    assert ws.dismissed_origins == []
    for name in ("stakeholders", "raci", "scores", "agenda", "decisions"):
        assert getattr(ws, name) == [], name
    assert ws.departments[0].function is DepartmentFunction.OTHER
    p = ws.participants[0]
    assert (p.department, p.role, p.email, p.power, p.interest) == (None, "", None, 3, 3)
    o = ws.outcomes[0]
    assert o.confidence == 0.5
    assert o.notes == ""
    assert (o.title, o.audience, o.value_per_unit, o.annual_value) == ("", "", None, None)
    assert o.kpi == Kpi()
    c = ws.channels[0]
    assert (c.aliases, c.ratings, c.retired) == ([], {}, False)
    assert ws.choices[0].reliance is None
    assert ws.votes[0].channel is None
    a = ws.actions[0]
    assert (a.outcome, a.channel, a.owner, a.due) == (None, None, None, None)
    assert (a.cost, a.effort_days, a.status, a.origin) == (0, 0, ActionStatus.TODO, "manual")
    n = ws.parking_lot[0]
    assert (n.text, n.by, n.at) == ("Later", "", None)
    # A missing criteria list means the default criteria (an empty one could not be valid).
    assert ws.criteria == default_criteria()


def test_the_bare_minimum_file_is_an_empty_workshop() -> None:
    ws = parse({"format": FORMAT}).workshop
    assert dumps_workshop(ws) == dumps_workshop(Workshop())


def test_explicit_nulls_read_like_missing_optional_fields() -> None:
    data = valid_data()
    data["outcomes"][1].update({"title": None, "audience": None, "kpi": None, "notes": None, "annual_value": None})
    data["participants"][0].update({"role": None, "email": None, "department": None})
    data["workshop"].update({"organisation": None, "facilitator": None, "date": None})
    ws = parse(data).workshop
    assert (ws.outcomes[1].title, ws.outcomes[1].notes, ws.outcomes[1].kpi) == ("", "", Kpi())
    assert (ws.participants[0].role, ws.participants[0].email, ws.participants[0].department) == ("", None, None)
    assert (ws.organisation, ws.facilitator, ws.date) == ("", "", None)


def test_a_defaulted_file_writes_back_every_key_and_then_round_trips() -> None:
    text = dumps_workshop(parse({"format": FORMAT, "outcomes": [{"key": "O1", "category": "talent"}]}).workshop)
    data = json.loads(text)
    assert data["workshop"]["dots_per_participant"] == 3
    assert data["workshop"]["overload_limit"] == 4
    assert data["outcomes"][0]["confidence"] == 0.5
    assert data["outcomes"][0]["notes"] == ""
    assert dumps_workshop(parse_workshop(text).workshop) == text


# -- references -------------------------------------------------------------------------------


def test_references_resolve_ignoring_case_and_spaces_and_are_written_as_the_referent() -> None:
    data = valid_data()
    data["participants"][0]["department"] = "  finance "
    data["stakeholders"] = [{"name": "Chair", "department": "MARKETING"}]
    data["raci"] = [{"outcome": " o1", "participant": "ANA ", "role": "A"}]
    data["scores"] = [{"outcome": "o1", "channel": " forum", "criterion": "Audience_Fit", "score": 4}]
    data["channels"][0]["ratings"] = {"EASE": 4}
    data["choices"] = [{"outcome": "O1 ", "channel": "FORUM", "role": "primary"}]
    data["votes"] = [
        {"participant": "ana", "outcome": "o1", "channel": None, "dots": 2},
        {"participant": " Ana", "outcome": "O1", "channel": "x", "dots": 1},
    ]
    data["actions"] = [{"title": "Launch", "outcome": "o1", "channel": "forum ", "owner": " bob"}]
    result = parse(data)
    ws = result.workshop
    assert ws.participants[0].department == "Finance"
    assert ws.stakeholders[0].department == "Marketing"
    assert (ws.raci[0].outcome, ws.raci[0].participant) == ("O1", "Ana")
    assert (ws.scores[0].outcome, ws.scores[0].channel, ws.scores[0].criterion) == ("O1", "Forum", "audience_fit")
    assert ws.channels[0].ratings == {"ease": 4}
    assert (ws.choices[0].outcome, ws.choices[0].channel) == ("O1", "Forum")
    assert [(v.participant, v.outcome, v.channel) for v in ws.votes] == [("Ana", "O1", None), ("Ana", "O1", "X")]
    assert (ws.actions[0].outcome, ws.actions[0].channel, ws.actions[0].owner) == ("O1", "Forum", "Bob")
    text = dumps_workshop(ws)
    spellings = ["  finance ", "MARKETING", "FORUM", " forum", "forum ", " o1", "o1", "ANA ", "ana", " Ana"]
    for messy in [*spellings, "Audience_Fit", "EASE", " bob", "x"]:
        assert f'"{messy}"' not in text
    assert dumps_workshop(parse_workshop(text).workshop) == text


def test_duplicate_votes_differing_only_in_spelling_are_one_vote_twice() -> None:
    data = valid_data()
    data["votes"] = [
        {"participant": "Ana", "outcome": "O1", "channel": None, "dots": 1},
        {"participant": "ana ", "outcome": "o1", "channel": None, "dots": 1},
    ]
    assert "votes[1]" in paths(problems_of(data))


# -- unknown keys -------------------------------------------------------------------------------


def test_unknown_keys_are_warnings_naming_their_path_and_the_file_still_reads() -> None:
    data = valid_data()
    data["generator"] = "Social Working 1.4"
    data["workshop"]["theme"] = "dark"
    data["participants"][1]["pronouns"] = "he/him"
    data["outcomes"][0]["kpi"]["source"] = "ERP"
    data["channels"][1]["colour"] = "#000"
    data["actions"][0]["labels"] = ["q1"]
    result = parse(data)
    warned = {w.path for w in result.warnings}
    assert warned == {
        "generator",
        "workshop.theme",
        "participants[1].pronouns",
        "outcomes[0].kpi.source",
        "channels[1].colour",
        "actions[0].labels",
    }
    for w in result.warnings:
        assert w.reason.strip()
    assert result.workshop.participants[1].name == "Bob"
    assert "pronouns" not in dumps_workshop(result.workshop)


def test_unknown_keys_are_reported_beside_the_problems_of_an_invalid_file() -> None:
    data = valid_data()
    data["workshop"]["theme"] = "dark"
    data["participants"][0]["power"] = 9
    with pytest.raises(InterchangeError) as info:
        parse(data)
    assert "participants[0].power" in paths(info.value.problems)
    assert "workshop.theme" in {w.path for w in info.value.warnings}


# -- invalid files ----------------------------------------------------------------------------


def _set(data: dict[str, Any], path: list[Any], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _breakers() -> list[tuple[str, Any, str, Any]]:
    """(id, how to break valid_data, the path named, the value named)."""

    def setter(path: list[Any], value: Any) -> Any:
        return lambda d: _set(d, path, value)

    def append(key: str, item: dict[str, Any]) -> Any:
        return lambda d: d.setdefault(key, []).append(item)

    def zero_weights(d: dict[str, Any]) -> None:
        for c in d["criteria"]:
            c["weight"] = 0

    def overspend(d: dict[str, Any]) -> None:
        d["votes"].append({"participant": "ana", "outcome": "O2", "channel": None, "dots": 2})

    def overspend_channels(d: dict[str, Any]) -> None:
        d["votes"].append({"participant": "Bob", "outcome": "O1", "channel": "Forum", "dots": 2})
        d["votes"].append({"participant": "Bob", "outcome": "O1", "channel": "X", "dots": 2})

    return [
        ("wrong enum", setter(["departments", 0, "function"], "accounting"), "departments[0].function", "accounting"),
        ("wrong role", setter(["raci", 0, "role"], "X"), "raci[0].role", "X"),
        ("power 6", setter(["participants", 0, "power"], 6), "participants[0].power", 6),
        ("risk 0", setter(["channels", 1, "platform_risk"], 0), "channels[1].platform_risk", 0),
        ("score 9", setter(["scores", 0, "score"], 9), "scores[0].score", 9),
        ("rating 0", setter(["channels", 0, "ratings", "ease"], 0), "channels[0].ratings.ease", 0),
        ("minutes -5", setter(["agenda", 0, "minutes"], -5), "agenda[0].minutes", -5),
        ("2.5 dots", setter(["workshop", "dots_per_participant"], 2.5), "workshop.dots_per_participant", 2.5),
        ("0 dots", setter(["workshop", "dots_per_participant"], 0), "workshop.dots_per_participant", 0),
        ("vote 1.5", setter(["votes", 0, "dots"], 1.5), "votes[0].dots", 1.5),
        ("overload 4.5", setter(["workshop", "overload_limit"], 4.5), "workshop.overload_limit", 4.5),
        ("power true", setter(["participants", 1, "interest"], True), "participants[1].interest", True),
        ("confidence 1.5", setter(["outcomes", 0, "confidence"], 1.5), "outcomes[0].confidence", 1.5),
        ("negative cost", setter(["actions", 0, "cost"], -1), "actions[0].cost", -1),
        ("currency", setter(["workshop", "currency"], "eur"), "workshop.currency", "eur"),
        ("reliance 0", setter(["choices", 0, "reliance"], 0), "choices[0].reliance", 0),
        ("fallback with reliance", setter(["choices", 1, "reliance"], 0.5), "choices[1].reliance", 0.5),
        ("blank name", setter(["participants", 1, "name"], "   "), "participants[1].name", "   "),
        ("origin", setter(["actions", 0, "origin"], "auto"), "actions[0].origin", "auto"),
        ("number as text", setter(["outcomes", 0, "kpi", "baseline"], "10"), "outcomes[0].kpi.baseline", "10"),
        ("duplicate participant", append("participants", {"name": "ana"}), "participants[2].name", "ana"),
        ("duplicate department", append("departments", {"name": " FINANCE "}), "departments[2].name", " FINANCE "),
        (
            "duplicate channel",
            append("channels", {"name": "x", "kind": "paid", "owner": "Y", "portability": "none", "platform_risk": 3}),
            "channels[2].name",
            "x",
        ),
        ("duplicate outcome", append("outcomes", {"key": "o2", "category": "talent"}), "outcomes[2].key", "o2"),
        ("dangling outcome", setter(["raci", 0, "outcome"], "O9"), "raci[0].outcome", "O9"),
        ("dangling channel", setter(["choices", 0, "channel"], "Mastodon"), "choices[0].channel", "Mastodon"),
        ("dangling owner", setter(["actions", 0, "owner"], "Zoe"), "actions[0].owner", "Zoe"),
        (
            "dangling department",
            setter(["participants", 1, "department"], "Sales"),
            "participants[1].department",
            "Sales",
        ),
        ("dangling criterion", setter(["scores", 0, "criterion"], "tone"), "scores[0].criterion", "tone"),
        (
            "rating a per-outcome criterion",
            setter(["channels", 0, "ratings"], {"audience_fit": 3}),
            "channels[0].ratings.audience_fit",
            3,
        ),
        (
            "scoring a channel-level criterion",
            setter(["scores", 0, "criterion"], "ease"),
            "scores[0].criterion",
            "ease",
        ),
        ("all weights zero", zero_weights, "criteria", [0, 0]),
        ("outcome dots over budget", overspend, "votes", "Ana"),
        ("channel dots over budget", overspend_channels, "votes", "Bob"),
        ("invalid date", setter(["workshop", "date"], "2026-02-30"), "workshop.date", "2026-02-30"),
        ("invalid due", setter(["actions", 0, "due"], "2027-13-01"), "actions[0].due", "2027-13-01"),
        ("invalid kpi due", setter(["outcomes", 0, "kpi", "due"], "2027-02-29"), "outcomes[0].kpi.due", "2027-02-29"),
        (
            "invalid time",
            setter(["parking_lot", 0, "at"], "2026-02-30T10:00:00"),
            "parking_lot[0].at",
            "2026-02-30T10:00:00",
        ),
        ("missing owner", lambda d: d["channels"][1].pop("owner"), "channels[1]", None),
        ("missing category", lambda d: d["outcomes"][1].pop("category"), "outcomes[1]", None),
        ("list is an object", setter(["departments"], {"name": "Finance"}), "departments", {"name": "Finance"}),
    ]


@pytest.mark.parametrize(("break_it", "path", "value"), [b[1:] for b in _breakers()], ids=[b[0] for b in _breakers()])
def test_each_invalid_file_is_rejected_naming_path_value_and_reason(break_it: Any, path: str, value: Any) -> None:
    data = valid_data()
    break_it(data)
    problems = problems_of(data)
    assert_well_formed(problems)
    named = [p for p in problems if p.path == path]
    assert named, f"no problem at {path}: {problems}"
    if value is not None:
        assert any(p.value == value and type(p.value) is type(value) for p in named), named


def test_a_budget_problem_names_the_participant_as_written_in_the_room() -> None:
    data = valid_data()
    data["votes"].append({"participant": "ana", "outcome": "O2", "channel": None, "dots": 2})
    [problem] = [p for p in problems_of(data) if p.path == "votes"]
    assert "Ana" in problem.reason or "ana" in problem.reason


def test_several_shape_problems_are_all_listed() -> None:
    data = valid_data()
    data["departments"][0]["function"] = "accounting"
    data["participants"][0]["power"] = 6
    data["workshop"]["dots_per_participant"] = 2.5
    data["workshop"]["date"] = "2026-02-30"
    data["channels"][1]["kind"] = "social"
    del data["channels"][0]["owner"]
    problems = problems_of(data)
    assert_well_formed(problems)
    assert {
        "departments[0].function",
        "participants[0].power",
        "workshop.dots_per_participant",
        "workshop.date",
        "channels[1].kind",
        "channels[0]",
    } <= paths(problems)


def test_several_rule_problems_are_all_listed() -> None:
    data = valid_data()
    data["participants"].append({"name": " ANA"})
    data["raci"].append({"outcome": "O7", "participant": "Bob", "role": "R"})
    data["votes"].append({"participant": "Ana", "outcome": "O2", "channel": None, "dots": 2})
    data["choices"][1]["reliance"] = 0.5
    for c in data["criteria"]:
        c["weight"] = 0
    problems = problems_of(data)
    assert_well_formed(problems)
    assert {"participants[2].name", "raci[1].outcome", "votes", "choices[1].reliance", "criteria"} <= paths(problems)


def test_every_problem_of_one_file_is_listed_at_once() -> None:
    """METHOD.md: an import validates the whole file first and names every problem."""
    data = valid_data()
    data["departments"][0]["function"] = "accounting"  # wrong enum
    data["participants"][0]["power"] = 6  # out of range
    data["workshop"]["dots_per_participant"] = 2.5  # float for an integer
    data["participants"].append({"name": " ana"})  # duplicate differing in case
    data["raci"].append({"outcome": "O7", "participant": "Bob", "role": "R"})  # dangling reference
    data["votes"].append({"participant": "Bob", "outcome": "O1", "channel": None, "dots": 4})  # over any budget
    data["choices"][1]["reliance"] = 0.5  # fallback with reliance
    for c in data["criteria"]:
        c["weight"] = 0  # all-zero weights
    data["parking_lot"][0]["at"] = "2026-02-30T10:00:00"  # invalid date
    problems = problems_of(data)
    assert_well_formed(problems)
    assert {
        "departments[0].function",
        "participants[0].power",
        "workshop.dots_per_participant",
        "participants[2].name",
        "raci[1].outcome",
        "votes",
        "choices[1].reliance",
        "criteria",
        "parking_lot[0].at",
    } <= paths(problems)


@pytest.mark.parametrize(
    "text",
    ["", "not json at all", "{", '{"format": "social-working/1",}', "\ufeff{]", b"\xff\xfe\x00garbage"],
    ids=["empty", "prose", "truncated", "trailing comma", "bom garbage", "bad utf-8"],
)
def test_not_json_is_rejected_with_one_problem(text: str | bytes) -> None:
    with pytest.raises(InterchangeError) as info:
        parse_workshop(text)
    assert_well_formed(info.value.problems)


@pytest.mark.parametrize("text", ["[]", '[{"format": "social-working/1"}]', "42", '"social-working/1"', "null"])
def test_json_that_is_not_an_object_is_rejected(text: str) -> None:
    with pytest.raises(InterchangeError) as info:
        parse_workshop(text)
    assert_well_formed(info.value.problems)


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("social-working/2", "newer"),
        ("social-working/10", "newer"),
        ("social-working/1.0", None),
        ("Social-Working/1", None),
        ("spreadsheet/1", None),
        (None, None),
        (1, None),
    ],
)
def test_a_wrong_or_newer_format_is_rejected_naming_the_format(fmt: Any, needle: str | None) -> None:
    data = valid_data()
    data["format"] = fmt
    problems = problems_of(data)
    assert_well_formed(problems)
    [problem] = [p for p in problems if p.path == "format"]
    assert problem.value == fmt
    if needle:
        assert needle in problem.reason


def test_a_file_without_format_is_rejected() -> None:
    data = valid_data()
    del data["format"]
    assert "format" in paths(problems_of(data))


@pytest.mark.parametrize(
    ("path", "literal"),
    [
        (["outcomes", 0, "confidence"], "NaN"),
        (["outcomes", 0, "kpi", "baseline"], "NaN"),
        (["actions", 0, "cost"], "Infinity"),
        (["outcomes", 0, "annual_value"], "Infinity"),
        (["criteria", 0, "weight"], "Infinity"),
    ],
)
def test_non_finite_numbers_are_rejected(path: list[Any], literal: str) -> None:
    data = valid_data()
    _set(data, path, "__HOLE__")
    text = json.dumps(data).replace('"__HOLE__"', literal)
    with pytest.raises(InterchangeError) as info:
        parse_workshop(text)
    assert_well_formed(info.value.problems)


# -- nothing changes ------------------------------------------------------------------------------


def test_reading_a_missing_file_raises_interchange_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(InterchangeError) as info:
        read_workshop(missing)
    assert_well_formed(info.value.problems)
    assert "nope.json" in info.value.problems[0].path
    assert not missing.exists()


def test_reading_a_directory_raises_interchange_error(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError):
        read_workshop(tmp_path)


def test_an_invalid_file_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = valid_data()
    data["participants"][0]["power"] = 0
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InterchangeError):
        read_workshop(path)
    assert path.read_bytes() == before


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "ws.json"
    write_workshop(rich_workshop(), path)
    before = path.read_bytes()
    broken = rich_workshop()
    broken.outcomes[0].confidence = float("nan")
    with pytest.raises(ValueError):
        write_workshop(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ws.json"]


# -- generated workshops ------------------------------------------------------------------------

_NAME_CHARS = "abcxyzABCXYZ019 +&-'.éÉßøΣ"
_names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=10).map(str.strip).filter(bool)
# Any text a name may hold (METHOD.md, Bounds): no control characters (Cc), line breaks (Zl, Zp), U+FFFE, U+FFFF.
_texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufffe\uffff"),
    max_size=16,
)
_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
_amounts = st.one_of(st.integers(0, 10**6), st.floats(min_value=0, max_value=1e6, allow_nan=False))
_efforts = st.one_of(st.integers(0, 36_500), st.floats(min_value=0, max_value=36_500, allow_nan=False))
_levels = st.integers(1, 5)
_dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
_datetimes = st.datetimes(
    dt.datetime(1990, 1, 1),
    dt.datetime(2100, 12, 31),
    timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
)


def _unique(max_size: int, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(_names, min_size=min_size, max_size=max_size, unique_by=name_key)


@st.composite
def generated_workshops(draw: st.DrawFn, messy: bool = False) -> Workshop:
    """A valid workshop; with ``messy`` its references are written in another case or padded."""

    def ref(name: str) -> str:
        if not messy:
            return name
        options = [v for v in (name, name.upper(), name.lower(), f"  {name} ") if name_key(v) == name_key(name)]
        return draw(st.sampled_from(options))

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    if draw(st.booleans()):
        criteria = default_criteria()
    else:
        keys = draw(st.lists(_names, min_size=1, max_size=3, unique_by=name_key))
        criteria = [Criterion(k, draw(_texts), draw(st.sampled_from([0, 1, 2.5])), draw(st.booleans())) for k in keys]
        criteria[0].weight = 1
    per_outcome = [c.key for c in criteria if c.per_outcome]
    channel_level = [c.key for c in criteria if not c.per_outcome]

    departments = [Department(n, draw(st.sampled_from(list(DepartmentFunction)))) for n in draw(_unique(3))]
    dept_names = [d.name for d in departments]
    dept_ref = st.sampled_from(dept_names).map(ref) if dept_names else st.none()
    participants = [
        Participant(n, maybe(dept_ref), draw(_texts), maybe(_texts), draw(_levels), draw(_levels))
        for n in draw(_unique(4))
    ]
    stakeholders = [
        Stakeholder(n, draw(_texts), maybe(dept_ref), draw(_levels), draw(_levels)) for n in draw(_unique(2))
    ]
    outcomes = [
        Outcome(
            k,
            draw(_texts),
            draw(st.sampled_from(list(OutcomeCategory))),
            draw(_texts),
            Kpi(maybe(_texts), maybe(_texts), maybe(_finite), maybe(_finite), maybe(_dates)),
            maybe(_amounts),
            maybe(_amounts),
            draw(st.floats(0, 1)),
            draw(_texts),
        )
        for k in draw(_unique(3))
    ]
    channel_names = draw(_unique(3))
    claimed = {name_key(n) for n in channel_names}  # a name or alias names one channel only

    def aliases() -> list[str]:
        drawn = [a for a in draw(st.lists(_names, max_size=2, unique_by=name_key)) if name_key(a) not in claimed]
        claimed.update(name_key(a) for a in drawn)
        return drawn

    channels = [
        Channel(
            n,
            draw(st.sampled_from(list(ChannelKind))),
            draw(st.sampled_from(["(own)", "Meta", "Google", " Acme "])),
            draw(st.sampled_from(list(Portability))),
            draw(_levels),
            aliases(),
            {ref(k): draw(_levels) for k in channel_level if draw(st.booleans())},
            draw(st.booleans()),
        )
        for n in channel_names
    ]
    keys, people, names = [o.key for o in outcomes], [p.name for p in participants], [c.name for c in channels]
    raci = [
        RaciAssignment(ref(k), ref(p), draw(st.sampled_from(list(RaciRole))))
        for k in keys
        for p in people
        if draw(st.booleans())
    ]
    scores = [
        Score(ref(k), ref(c), ref(crit), draw(_levels))
        for k in keys
        for c in names
        for crit in per_outcome
        if draw(st.booleans())
    ]
    choices = []
    for k in keys:
        for c in names:
            role = maybe(st.sampled_from(list(ChoiceRole)))
            if role is not None:
                reliance = None if role is ChoiceRole.FALLBACK else maybe(st.floats(0.01, 10))
                choices.append(Choice(ref(k), ref(c), role, reliance))
    budget = draw(st.integers(1, 4))
    votes = []
    for p in people:
        left = budget
        for k in keys:
            dots = draw(st.integers(0, left))
            if dots:
                votes.append(Vote(ref(p), ref(k), None, dots))
                left -= dots
            left_here = budget
            for c in names:
                dots = draw(st.integers(0, left_here))
                if dots:
                    votes.append(Vote(ref(p), ref(k), ref(c), dots))
                    left_here -= dots
    origins = ["manual"] + [f"fallback:{k}" for k in keys] + [f"choice:{k}:{c}" for k in keys for c in names]
    actions = [
        Action(
            draw(_names),
            maybe(st.sampled_from(keys).map(ref)) if keys else None,
            maybe(st.sampled_from(names).map(ref)) if names else None,
            maybe(st.sampled_from(people).map(ref)) if people else None,
            maybe(_dates),
            draw(_amounts),
            draw(_efforts),
            draw(st.sampled_from(list(ActionStatus))),
            draw(st.sampled_from(origins)),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    agenda = [
        AgendaItem(s, draw(st.integers(0, 240))) for s in draw(st.lists(st.sampled_from(list(Stage)), unique=True))
    ]
    notes = st.builds(Note, _names, _texts, st.none() | _datetimes)
    ws = Workshop(
        title=draw(_texts),
        organisation=draw(_texts),
        date=maybe(_dates),
        facilitator=draw(_texts),
        currency=draw(st.sampled_from(["EUR", "USD", "JPY"])),
        dots_per_participant=budget,
        overload_limit=draw(st.integers(0, 10)),
        is_template=draw(st.booleans()),
        dismissed_origins=draw(st.lists(st.sampled_from(origins[1:]), max_size=3)) if len(origins) > 1 else [],
        departments=departments,
        participants=participants,
        stakeholders=stakeholders,
        outcomes=outcomes,
        raci=raci,
        criteria=criteria,
        channels=channels,
        scores=scores,
        choices=choices,
        votes=votes,
        actions=actions,
        agenda=agenda,
        parking_lot=draw(st.lists(notes, max_size=2)),
        decisions=draw(st.lists(notes, max_size=2)),
    )
    assert workshop_problems(ws) == [], workshop_problems(ws)
    return ws


HYPOTHESIS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(generated_workshops())
def test_generated_workshops_round_trip_canonically(ws: Workshop) -> None:
    text = dumps_workshop(ws)
    result = parse_workshop(text)
    assert result.warnings == []
    assert dumps_workshop(result.workshop) == text


@HYPOTHESIS
@given(generated_workshops(messy=True))
def test_messy_references_settle_in_one_read(ws: Workshop) -> None:
    once = dumps_workshop(parse_workshop(dumps_workshop(ws)).workshop)
    assert dumps_workshop(parse_workshop(once).workshop) == once
    data = json.loads(once)
    outcome_keys = {o["key"] for o in data["outcomes"]}
    participant_names = {p["name"] for p in data["participants"]}
    channel_names = {c["name"] for c in data["channels"]}
    assert {r["outcome"] for r in data["raci"] + data["scores"] + data["choices"] + data["votes"]} <= outcome_keys
    assert {r["participant"] for r in data["raci"] + data["votes"]} <= participant_names
    assert {r["channel"] for r in data["scores"] + data["choices"]} <= channel_names
    assert {v["channel"] for v in data["votes"]} <= channel_names | {None}


@HYPOTHESIS
@given(generated_workshops())
def test_generated_workshops_write_and_read_files(ws: Workshop) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a.json", Path(tmp) / "b.json"
        write_workshop(ws, first)
        write_workshop(read_workshop(first).workshop, second)
        assert first.read_bytes() == second.read_bytes()


def test_the_shared_strategy_round_trips_too() -> None:
    strategies = pytest.importorskip("tests.domain.strategies")

    @HYPOTHESIS
    @given(strategies.workshops(messy=True))
    def round_trip(ws: Workshop) -> None:
        once = dumps_workshop(parse_workshop(dumps_workshop(ws)).workshop)
        assert dumps_workshop(parse_workshop(once).workshop) == once

    round_trip()


# -- corrupted files ------------------------------------------------------------------------------


def integer_fields(data: dict[str, Any]) -> list[list[Any]]:
    """Paths (as lists of keys) of every integer field of an interchange file."""
    found: list[list[Any]] = [["workshop", "dots_per_participant"], ["workshop", "overload_limit"]]
    for kind, fields in (
        ("participants", ("power", "interest")),
        ("stakeholders", ("power", "interest")),
        ("channels", ("platform_risk",)),
        ("scores", ("score",)),
        ("votes", ("dots",)),
        ("agenda", ("minutes",)),
    ):
        for i in range(len(data[kind])):
            found += [[kind, i, f] for f in fields]
    for i, channel in enumerate(data["channels"]):
        found += [["channels", i, "ratings", k] for k in channel["ratings"]]
    return found


def dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@HYPOTHESIS
@given(generated_workshops(), st.data())
def test_a_corrupted_integer_is_rejected_at_its_path(ws: Workshop, data: st.DataObject) -> None:
    content = json.loads(dumps_workshop(ws))
    path = data.draw(st.sampled_from(integer_fields(content)), label="path")
    bad_values: list[Any] = ["3", 2.5, None, True, [], {}, -1, 10**30]
    if path[-1] in {"power", "interest", "platform_risk", "score"} or "ratings" in path:  # integers 1-5
        bad_values.append(6)
    bad = data.draw(st.sampled_from(bad_values), label="value")
    _set(content, path, bad)
    with pytest.raises(InterchangeError) as info:
        parse_workshop(json.dumps(content))
    assert_well_formed(info.value.problems)
    assert dotted(path) in paths(info.value.problems)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _containers(node: Any, path: list[Any]) -> list[list[Any]]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            found.append([*path, k])
            found += _containers(v, [*path, k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found.append([*path, i])
            found += _containers(v, [*path, i])
    return found


@HYPOTHESIS
@given(generated_workshops(), st.data())
def test_any_corruption_raises_nothing_but_interchange_error(ws: Workshop, data: st.DataObject) -> None:
    content = json.loads(dumps_workshop(ws))
    original = copy.deepcopy(content)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        path = data.draw(st.sampled_from(_containers(content, [])), label="path")
        if data.draw(st.booleans(), label="delete"):
            node: Any = content
            for part in path[:-1]:
                node = node[part]
            del node[path[-1]]
        else:
            _set(content, path, data.draw(_json_values, label="value"))
    try:
        result = parse_workshop(json.dumps(content))
    except InterchangeError as exc:
        assert exc.problems
        assert_well_formed(exc.problems)
    else:
        assert workshop_problems(result.workshop) == []
        again = dumps_workshop(result.workshop)
        assert dumps_workshop(parse_workshop(again).workshop) == again
    assert original == json.loads(dumps_workshop(ws))


@HYPOTHESIS
@given(generated_workshops(), st.data())
def test_a_truncated_or_garbled_file_raises_nothing_but_interchange_error(ws: Workshop, data: st.DataObject) -> None:
    raw = dumps_workshop(ws).encode("utf-8")
    cut = data.draw(st.integers(0, raw.rindex(b"}") - 1), label="cut")
    garbage = data.draw(st.binary(max_size=4).filter(lambda b: b"}" not in b), label="garbage")
    with pytest.raises(InterchangeError) as info:
        parse_workshop(raw[:cut] + garbage)
    assert_well_formed(info.value.problems)
