"""The stakeholder stage's domain: load, least loaded, the department roll-up and every fix rule.

Each fix rule is taken from a small workshop built by hand: the check is run, its finding offered, the titles and
changes asserted, then the changes are applied to ``ws.raci`` by hand and the check asserted gone (W_OVERLOAD:
the count dropped). A property test applies every fix of random valid workshops.
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings

from tests.domain.strategies import workshops
from workshop.domain.checks import CHECK_STAGES, CheckResult, run_checks
from workshop.domain.entities import Department, Kpi, Outcome, Participant, RaciAssignment, Workshop
from workshop.domain.enums import DepartmentFunction, RaciRole, Stage
from workshop.domain.stakeholders import (
    FIXABLE_CODES,
    DepartmentHold,
    Fix,
    FixOffer,
    RaciChange,
    department_rollup,
    fix_offer,
    least_loaded,
    raci_load,
)
from workshop.domain.text import name_key
from workshop.domain.validation import workshop_problems
from workshop.services.catalog import sample_workshop

R, A, C, I = RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I  # noqa: E741 - the method's letters
F = DepartmentFunction


def room(
    departments: list[tuple[str, DepartmentFunction]],
    people: list[tuple[str, str | None]],
    outcomes: list[str],
    cells: dict[tuple[str, str], RaciRole],
    *,
    valued: tuple[str, ...] = (),
    limit: int = 4,
) -> Workshop:
    """A valid workshop from plain lists: outcome keys (those in ``valued`` with an annual value), RACI cells."""
    ws = Workshop(title="Test", overload_limit=limit)
    ws.departments = [Department(n, f) for n, f in departments]
    ws.participants = [Participant(n, d) for n, d in people]
    ws.outcomes = [Outcome(k, f"Outcome {k}", kpi=Kpi("m", "u", 0, 1), annual_value=1000.0 if k in valued else None)
                   for k in outcomes]  # fmt: skip
    ws.raci = [RaciAssignment(o, p, role) for (o, p), role in cells.items()]
    assert workshop_problems(ws) == []
    return ws


def finding(ws: Workshop, code: str, key: str) -> CheckResult:
    found = [c for c in run_checks(ws) if c.code == code and name_key(c.item.key or "") == name_key(key)]
    assert len(found) == 1, [c.code for c in run_checks(ws)]
    return found[0]


def fires(ws: Workshop, code: str, key: str) -> bool:
    return any(c.code == code and name_key(c.item.key or "") == name_key(key) for c in run_checks(ws))


def offer(ws: Workshop, code: str, key: str) -> FixOffer:
    result = fix_offer(ws, finding(ws, code, key))
    assert result is not None
    return result


def apply(ws: Workshop, fix: Fix) -> Workshop:
    """The fix's changes on a copy of the workshop, cell by cell, as the service sets them."""
    ws = copy.deepcopy(ws)
    for change in fix.changes:
        pair = (name_key(change.outcome), name_key(change.participant))
        ws.raci = [c for c in ws.raci if (name_key(c.outcome), name_key(c.participant)) != pair]
        if change.role is not None:
            ws.raci.append(RaciAssignment(change.outcome, change.participant, change.role))
    assert workshop_problems(ws) == []
    return ws


def titles(o: FixOffer) -> list[str]:
    return [f.title for f in o.fixes]


# -- load --------------------------------------------------------------------------------------------


def test_load_counts_outcomes_where_r_or_a_and_every_participant_is_present() -> None:
    ws = room(
        [("Marketing", F.MARKETING)],
        [("Ana", "Marketing"), ("Ben", "Marketing"), ("Cleo", None)],
        ["O1", "O2", "O3"],
        {("O1", "Ana"): R, ("O2", "Ana"): A, ("O3", "Ana"): C, ("O1", "Ben"): I, ("O3", "Ben"): A},
    )
    ws.raci.append(RaciAssignment(" o2 ", "  BEN ", C))  # references resolve as names do
    assert raci_load(ws) == {"ana": 2, "ben": 1, "cleo": 0}


def test_load_is_what_w_overload_compares() -> None:
    ws = sample_workshop()
    load = raci_load(ws)
    assert load["jonas albrecht"] == 4  # R on O2, A on O3, O6 and O8
    overloaded = {c.subject for c in run_checks(ws) if c.code == "W_OVERLOAD"}
    assert overloaded == {p.name for p in ws.participants if load[name_key(p.name)] > ws.overload_limit}


def test_least_loaded_breaks_ties_in_the_rooms_order() -> None:
    ws = room(
        [("Sales", F.SALES)],
        [("Ana", "Sales"), ("Ben", "Sales"), ("Cleo", "Sales"), ("Dan", "Sales")],
        ["O1", "O2"],
        {("O1", "Ana"): R, ("O2", "Ana"): A, ("O1", "Cleo"): A, ("O2", "Dan"): C},
    )
    people = list(reversed(ws.participants))  # asked in another order
    assert [p.name for p in least_loaded(ws, people)] == ["Ben", "Dan", "Cleo", "Ana"]
    assert [p.name for p in least_loaded(ws, people, {"ana": 0, "ben": 5})] == ["Ana", "Cleo", "Dan", "Ben"]


# -- the department roll-up --------------------------------------------------------------------------


def test_rollup_keeps_the_strongest_role_and_counts_its_holders() -> None:
    ws = room(
        [("Marketing", F.MARKETING), ("Sales", F.SALES), ("Legal", F.LEGAL)],
        [("Ana", "Marketing"), ("Ben", "marketing "), ("Cleo", "Sales"), ("Dan", None), ("Eve", None)],
        ["O1", "O2"],
        {("O1", "Ana"): I, ("O1", "Ben"): R, ("O1", "Cleo"): C, ("O2", "Ana"): C, ("O2", "Dan"): I,
         ("O2", "Eve"): A, ("O1", "Dan"): I},
    )  # fmt: skip
    assert department_rollup(ws) == {
        ("o1", "marketing"): DepartmentHold(R, 2),  # R over I, two holders
        ("o1", "sales"): DepartmentHold(C, 1),
        ("o1", ""): DepartmentHold(I, 1),  # no department: under ""
        ("o2", "marketing"): DepartmentHold(C, 1),
        ("o2", ""): DepartmentHold(A, 2),
    }  # Legal holds nothing, Sales nothing on O2: absent


def test_rollup_on_the_sample() -> None:
    rollup = department_rollup(sample_workshop())
    assert rollup[("o6", "customer service")] == DepartmentHold(A, 2)  # Katrin Wolff A, Felix Neumann R
    assert rollup[("o3", "sales")] == DepartmentHold(I, 1)  # Tobias Brandt I
    assert rollup[("o8", "finance")] == DepartmentHold(C, 2)  # Paul Lehmann C over Miriam Hoffmann I
    assert ("o3", "finance") not in rollup


# -- W_NO_FINANCE ------------------------------------------------------------------------------------


def finance_room(**cells: RaciRole) -> Workshop:
    return room(
        [("Marketing", F.MARKETING), ("Controlling", F.FINANCE), ("Treasury", F.FINANCE)],
        [("Ana", "Marketing"), ("Ben", "Treasury"), ("Cleo", "Controlling"), ("Dan", "Controlling")],
        ["O1", "O2", "O3"],
        {("O1", "Ana"): A, ("O1", "Ben"): R, ("O2", "Ben"): R, ("O2", "Ana"): A,
         **{("O3", p): role for p, role in cells.items()}},
        valued=("O3",),
    )  # fmt: skip


def test_no_finance_adds_the_least_loaded_of_any_finance_department_as_c() -> None:
    ws = finance_room(Ana=A)
    ws.raci.append(RaciAssignment("O2", "Cleo", R))  # loads: Ben (Treasury) 2, Cleo (Controlling) 1, Dan 0
    o = offer(ws, "W_NO_FINANCE", "O3")
    assert titles(o) == ["Add Dan (Controlling) as C on O3"]
    assert o.fixes[0].changes == (RaciChange("O3", "Dan", C),)
    assert o.fixes[0].code == "W_NO_FINANCE" and o.fixes[0].subject == "O3"
    assert o.note == "" and o.prompt
    assert not fires(apply(ws, o.fixes[0]), "W_NO_FINANCE", "O3")


def test_no_finance_replaces_an_i_and_says_so() -> None:
    ws = finance_room(Ana=A, Cleo=I, Dan=I)
    o = offer(ws, "W_NO_FINANCE", "O3")
    assert titles(o) == ["Add Cleo (Controlling) as C on O3 instead of I"]  # Cleo and Dan tie: the room's order
    fixed = apply(ws, o.fixes[0])
    assert not fires(fixed, "W_NO_FINANCE", "O3")
    assert [c.role for c in fixed.raci if c.participant == "Cleo"] == [C]


def test_no_finance_on_the_sample_takes_the_first_of_two_equally_free_people() -> None:
    ws = sample_workshop()
    o = offer(ws, "W_NO_FINANCE", "O6")
    # Miriam Hoffmann and Paul Lehmann are R or A nowhere: the room's order gives Miriam.
    assert titles(o) == ["Add Miriam Hoffmann (Finance) as C on O6"]
    assert not fires(apply(ws, o.fixes[0]), "W_NO_FINANCE", "O6")


def test_no_finance_in_the_room_says_what_to_do_instead() -> None:
    ws = room([("Marketing", F.MARKETING)], [("Ana", "Marketing")], ["O1"], {("O1", "Ana"): A}, valued=("O1",))
    o = offer(ws, "W_NO_FINANCE", "O1")
    assert o.fixes == ()
    assert o.note == "Nobody from finance is in the room: add a finance department and its people in Set-up."
    ws.departments.append(Department("Finance", F.FINANCE))
    o = offer(ws, "W_NO_FINANCE", "O1")
    assert o.fixes == () and o.note.startswith("Finance has nobody in the room")


# -- W_SILO ------------------------------------------------------------------------------------------


def test_silo_brings_in_the_first_department_with_people_and_no_r_a_or_c() -> None:
    ws = room(
        [("Marketing", F.MARKETING), ("Legal", F.LEGAL), ("Sales", F.SALES), ("IT", F.IT)],
        [("Ana", "Marketing"), ("Ben", "Sales"), ("Cleo", "Sales"), ("Dan", "IT")],
        ["O1", "O2"],
        {("O1", "Ana"): A, ("O1", "Ben"): I, ("O2", "Ben"): R, ("O2", "Ana"): A, ("O2", "Dan"): C},
    )
    # Legal has nobody: skipped; Sales holds only an I on O1: the first; Cleo carries less than Ben.
    o = offer(ws, "W_SILO", "O1")
    assert titles(o) == ["Add Cleo (Sales) as C on O1"]
    assert o.fixes[0].changes == (RaciChange("O1", "Cleo", C),)
    assert "Sales" in o.prompt
    assert not fires(apply(ws, o.fixes[0]), "W_SILO", "O1")


def test_silo_on_the_sample() -> None:
    ws = sample_workshop()
    o = offer(ws, "W_SILO", "O3")
    # Sales is the first department after Marketing; Aylin Demir (R on O2) carries less than Tobias Brandt (2).
    assert titles(o) == ["Add Aylin Demir (Sales) as C on O3"]
    assert not fires(apply(ws, o.fixes[0]), "W_SILO", "O3")


def test_silo_with_one_department_in_the_room_says_so() -> None:
    ws = room([("Marketing", F.MARKETING), ("Sales", F.SALES)], [("Ana", "Marketing")], ["O1"], {("O1", "Ana"): A})
    o = offer(ws, "W_SILO", "O1")
    assert o.fixes == ()
    assert o.note == (
        "Marketing is the only department with people in the room: add another department and its people in Set-up."
    )


def test_silo_of_an_outcome_nobody_holds_brings_in_one_department_per_click() -> None:
    ws = room([("Marketing", F.MARKETING), ("Sales", F.SALES)], [("Ana", "Marketing"), ("Ben", "Sales")], ["O1"], {})
    first = apply(ws, offer(ws, "W_SILO", "O1").fixes[0])
    assert fires(first, "W_SILO", "O1")
    second = offer(first, "W_SILO", "O1")
    assert titles(second) == ["Add Ben (Sales) as C on O1"]
    assert not fires(apply(first, second.fixes[0]), "W_SILO", "O1")


# -- E_MULTI_ACCOUNTABLE -----------------------------------------------------------------------------


def test_multi_accountable_offers_to_keep_each_a_in_the_rooms_order() -> None:
    ws = room(
        [("Ops", F.OPERATIONS)],
        [("Ana", "Ops"), ("Ben", "Ops"), ("Cleo", "Ops")],
        ["O1"],
        {("O1", "Cleo"): A, ("O1", "Ana"): A, ("O1", "Ben"): A},  # stored in another order
    )
    o = offer(ws, "E_MULTI_ACCOUNTABLE", "O1")
    assert titles(o) == [
        "Keep Ana as A on O1; Ben and Cleo become R",
        "Keep Ben as A on O1; Ana and Cleo become R",
        "Keep Cleo as A on O1; Ana and Ben become R",
    ]
    assert o.fixes[1].changes == (RaciChange("O1", "Ana", R), RaciChange("O1", "Cleo", R))
    for fix in o.fixes:
        fixed = apply(ws, fix)
        assert not fires(fixed, "E_MULTI_ACCOUNTABLE", "O1")
        assert not fires(fixed, "E_NO_RESPONSIBLE", "O1")


def test_multi_accountable_on_the_sample() -> None:
    ws = sample_workshop()
    o = offer(ws, "E_MULTI_ACCOUNTABLE", "O6")
    assert titles(o) == [
        "Keep Jonas Albrecht as A on O6; Katrin Wolff becomes R",
        "Keep Katrin Wolff as A on O6; Jonas Albrecht becomes R",
    ]
    assert not fires(apply(ws, o.fixes[0]), "E_MULTI_ACCOUNTABLE", "O6")


# -- E_NO_ACCOUNTABLE --------------------------------------------------------------------------------


def test_no_accountable_offers_everyone_least_loaded_first() -> None:
    ws = room(
        [("Ops", F.OPERATIONS)],
        [("Ana", "Ops"), ("Ben", None), ("Cleo", "Ops"), ("Dan", "Ops")],
        ["O1", "O2", "O3"],
        {("O1", "Ana"): R, ("O1", "Cleo"): C, ("O2", "Ana"): A, ("O2", "Dan"): R, ("O3", "Ben"): A},
    )
    o = offer(ws, "E_NO_ACCOUNTABLE", "O1")
    # Loads: Ana 2, Ben 1, Cleo 0, Dan 1: Cleo, then Ben and Dan in the room's order, then Ana.
    assert titles(o) == [
        "Make Cleo Accountable for O1 instead of C",
        "Make Ben Accountable for O1",
        "Make Dan Accountable for O1",
        "Make Ana Accountable for O1 instead of R",
    ]
    assert o.fixes[1].changes == (RaciChange("O1", "Ben", A),)
    assert o.prompt == "Pick who becomes Accountable for O1, least loaded first:"
    for fix in o.fixes:
        assert not fires(apply(ws, fix), "E_NO_ACCOUNTABLE", "O1")


def test_no_accountable_with_nobody_in_the_room() -> None:
    ws = room([], [], ["O1"], {})
    o = offer(ws, "E_NO_ACCOUNTABLE", "O1")
    assert o.fixes == () and "add the participants" in o.note


# -- E_NO_RESPONSIBLE --------------------------------------------------------------------------------


def test_no_responsible_offers_everyone_but_the_a_least_loaded_first() -> None:
    ws = room(
        [("Marketing", F.MARKETING)],
        [("Jonas Albrecht", "Marketing"), ("Lea Schuster", "Marketing"), ("Max Roth", "Marketing")],
        ["O1", "O3"],
        {("O3", "Jonas Albrecht"): A, ("O3", "Max Roth"): I, ("O1", "Max Roth"): R},
    )
    o = offer(ws, "E_NO_RESPONSIBLE", "O3")
    assert titles(o) == ["Make Lea Schuster Responsible for O3", "Make Max Roth Responsible for O3 instead of I"]
    assert o.fixes[0].changes == (RaciChange("O3", "Lea Schuster", R),)
    for fix in o.fixes:
        fixed = apply(ws, fix)
        assert not fires(fixed, "E_NO_RESPONSIBLE", "O3")
        assert not fires(fixed, "E_NO_ACCOUNTABLE", "O3")


def test_no_responsible_when_the_only_person_is_the_a() -> None:
    ws = room([("Ops", F.OPERATIONS)], [("Ana", "Ops")], ["O1"], {("O1", "Ana"): A})
    o = offer(ws, "E_NO_RESPONSIBLE", "O1")
    assert o.fixes == () and o.note.startswith("Everyone in the room is Accountable for O1")


# -- W_OVERLOAD --------------------------------------------------------------------------------------


def overload_room() -> Workshop:
    return room(
        [("Marketing", F.MARKETING), ("Sales", F.SALES)],
        [("Jonas", "Marketing"), ("Lea", "Marketing"), ("Max", "Marketing"), ("Tom", "Sales")],
        ["O1", "O2", "O3", "O4", "O5"],
        {
            ("O1", "Jonas"): R, ("O2", "Jonas"): A, ("O3", "Jonas"): R, ("O4", "Jonas"): R, ("O5", "Jonas"): C,
            ("O1", "Lea"): A, ("O3", "Lea"): A, ("O3", "Max"): R, ("O4", "Max"): C, ("O4", "Tom"): A,
            ("O2", "Max"): R,
        },
        limit=2,
    )  # fmt: skip


def test_overload_hands_each_r_to_the_least_loaded_free_colleague_last_outcome_first() -> None:
    ws = overload_room()
    assert raci_load(ws)["jonas"] == 4
    o = offer(ws, "W_OVERLOAD", "Jonas")
    # R on O1, O3, O4 (O2 is an A: not offered while he has an R). Last first: O4 to Lea (load 2) or Max (load 2,
    # C there): a tie, the room's order gives Lea. O3: Lea is A and Max R there, nobody is free. O1: Lea is A there,
    # Max takes it.
    assert titles(o) == [
        "Hand Jonas's R on O4 to Lea; Jonas becomes C there",
        "Hand Jonas's R on O1 to Max; Jonas becomes C there",
    ]
    assert o.fixes[0].changes == (RaciChange("O4", "Lea", R), RaciChange("O4", "Jonas", C))
    assert o.note == "" and "Jonas" in o.prompt
    for fix in o.fixes:
        fixed = apply(ws, fix)
        assert raci_load(fixed)["jonas"] == 3
        assert finding(fixed, "W_OVERLOAD", "Jonas").message.startswith("Jonas is R or A on 3 outcomes")


def test_overload_on_the_sample() -> None:
    ws = sample_workshop()
    o = offer(ws, "W_OVERLOAD", "Jonas Albrecht")
    assert titles(o) == ["Hand Jonas Albrecht's R on O2 to Lea Schuster; Jonas Albrecht becomes C there"]
    assert raci_load(apply(ws, o.fixes[0]))["jonas albrecht"] == 3


def test_overload_by_a_roles_alone_hands_the_a_roles() -> None:
    ws = room(
        [("Marketing", F.MARKETING)],
        [("Jonas", "Marketing"), ("Lea", "Marketing")],
        ["O1", "O2", "O3"],
        {("O1", "Jonas"): A, ("O2", "Jonas"): A, ("O3", "Jonas"): A, ("O2", "Lea"): R, ("O1", "Lea"): C},
        limit=2,
    )
    o = offer(ws, "W_OVERLOAD", "Jonas")
    assert titles(o) == [
        "Hand Jonas's A on O3 to Lea; Jonas becomes C there",
        "Hand Jonas's A on O1 to Lea; Jonas becomes C there",  # O2: Lea is R there
    ]
    fixed = apply(ws, o.fixes[1])
    assert raci_load(fixed)["jonas"] == 2 and not fires(fixed, "W_OVERLOAD", "Jonas")
    assert not fires(fixed, "E_MULTI_ACCOUNTABLE", "O1") and not fires(fixed, "E_NO_ACCOUNTABLE", "O1")


def test_overload_without_a_colleague_says_why() -> None:
    cells = {("O1", "Jonas"): R, ("O2", "Jonas"): A}
    ws = room([("Marketing", F.MARKETING), ("Sales", F.SALES)], [("Jonas", "Marketing"), ("Tom", "Sales")],
              ["O1", "O2"], cells, limit=1)  # fmt: skip
    o = offer(ws, "W_OVERLOAD", "Jonas")
    assert o.fixes == ()
    assert o.note.startswith("Jonas has no colleague in Marketing to hand a role to: ")
    ws.participants[0].department = None
    o = offer(ws, "W_OVERLOAD", "Jonas")
    assert o.fixes == () and o.note.startswith("Jonas has no department")


def test_overload_when_every_colleague_already_leads_there() -> None:
    ws = room(
        [("Marketing", F.MARKETING)],
        [("Jonas", "Marketing"), ("Lea", "Marketing")],
        ["O1", "O2"],
        {("O1", "Jonas"): R, ("O2", "Jonas"): R, ("O1", "Lea"): A, ("O2", "Lea"): A},
        limit=1,
    )
    o = offer(ws, "W_OVERLOAD", "Jonas")
    assert o.fixes == () and "Every colleague of Jonas in Marketing" in o.note


# -- which codes have fixes --------------------------------------------------------------------------


def test_only_the_fixable_stakeholder_codes_get_an_offer() -> None:
    ws = room(
        [("Marketing", F.MARKETING), ("Sales", F.SALES)],
        [("Ana", "Marketing"), ("Ben", "Sales")],
        ["O1"],
        {("O1", "Ana"): A},
        valued=("O1",),
    )
    results = run_checks(ws)
    codes = {c.code for c in results}
    assert {"W_DEPT_UNENGAGED", "E_NO_CHANNEL", "E_NO_RESPONSIBLE", "W_SILO"} <= codes
    for check in results:
        assert (fix_offer(ws, check) is not None) == (check.code in FIXABLE_CODES), check.code


def test_a_finding_whose_item_is_gone_gets_a_note() -> None:
    ws = sample_workshop()
    check = finding(ws, "W_SILO", "O3")
    ws.outcomes = [o for o in ws.outcomes if o.key != "O3"]
    ws.raci = [c for c in ws.raci if c.outcome != "O3"]
    o = fix_offer(ws, check)
    assert o is not None and o.fixes == () and "O3" in o.note


# -- every fix of any valid workshop -----------------------------------------------------------------


def _a_count(ws: Workshop, key: str) -> int:
    return sum(1 for c in ws.raci if name_key(c.outcome) == name_key(key) and c.role is A)


def _holding(ws: Workshop, key: str) -> int:
    """How many departments hold R, A or C on the outcome (what W_SILO counts)."""
    dept = {name_key(p.name): p.department for p in ws.participants}
    return len(
        {
            name_key(d)
            for c in ws.raci
            if name_key(c.outcome) == name_key(key) and c.role is not I and (d := dept[name_key(c.participant)])
        }
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workshops(messy=True))
def test_every_fix_clears_its_finding_and_keeps_the_workshop_valid(ws: Workshop) -> None:
    ws.overload_limit = 1
    for check in run_checks(ws):
        o = fix_offer(ws, check)
        if o is None:
            continue
        assert bool(o.fixes) != bool(o.note), check
        key = check.item.key or ""
        for fix in o.fixes:
            assert fix.title and fix.changes and (fix.code, fix.subject) == (check.code, check.subject)
            fixed = apply(ws, fix)
            if check.code == "W_OVERLOAD":
                assert raci_load(fixed)[name_key(key)] == raci_load(ws)[name_key(key)] - 1
            elif check.code == "W_SILO":  # one more department per click: gone once there are two
                assert _holding(fixed, key) == _holding(ws, key) + 1
                assert fires(fixed, "W_SILO", key) is (_holding(fixed, key) < 2)
            else:
                assert not fires(fixed, check.code, key), (check.code, fix.title)
            if check.code in ("E_NO_ACCOUNTABLE", "E_MULTI_ACCOUNTABLE"):
                assert _a_count(fixed, key) == 1
            elif check.code != "W_OVERLOAD":
                assert _a_count(fixed, key) == _a_count(ws, key)


def test_every_fixable_code_is_a_stakeholder_check() -> None:
    assert all(CHECK_STAGES[code][1] is Stage.STAKEHOLDERS for code in FIXABLE_CODES)
    assert len(FIXABLE_CODES) == 6
