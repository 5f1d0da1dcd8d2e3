"""The stakeholder stage's method: role strength, load, the department roll-up, fixes in one click, the
power/interest quadrants.

Pure Python (no Qt, no database), so the stage, the presenter view and the workbooks agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from workshop.domain.checks import CheckResult
from workshop.domain.entities import Outcome, Participant, Workshop
from workshop.domain.enums import DepartmentFunction, RaciRole
from workshop.domain.text import name_key

#: A over R over C over I: the strongest role a department holds through any of its people.
ROLE_STRENGTH: dict[RaciRole, int] = {RaciRole.A: 4, RaciRole.R: 3, RaciRole.C: 2, RaciRole.I: 1}

#: Power and interest at or above this are "high"; 3 sits on the dividing line and counts as low.
HIGH = 4


class Quadrant(StrEnum):
    """Where a person sits on the power/interest grid, and what the room does about them."""

    MANAGE_CLOSELY = "manage_closely"  # high power, high interest
    KEEP_SATISFIED = "keep_satisfied"  # high power, low interest
    KEEP_INFORMED = "keep_informed"  # low power, high interest
    MONITOR = "monitor"  # low power, low interest


QUADRANT_TITLES: dict[Quadrant, str] = {
    Quadrant.MANAGE_CLOSELY: "Manage closely",
    Quadrant.KEEP_SATISFIED: "Keep satisfied",
    Quadrant.KEEP_INFORMED: "Keep informed",
    Quadrant.MONITOR: "Monitor",
}


def quadrant(power: int, interest: int) -> Quadrant:
    high_power, high_interest = power >= HIGH, interest >= HIGH
    if high_power:
        return Quadrant.MANAGE_CLOSELY if high_interest else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if high_interest else Quadrant.MONITOR


# -- load: the R and A roles W_OVERLOAD counts -------------------------------------------------------

#: The stakeholder checks a click can fix; W_DEPT_UNENGAGED needs the room to talk, not a click.
FIXABLE_CODES = frozenset(
    {"E_NO_ACCOUNTABLE", "E_MULTI_ACCOUNTABLE", "E_NO_RESPONSIBLE", "W_SILO", "W_NO_FINANCE", "W_OVERLOAD"}
)

#: What the stage, the heatmap and the workbooks call the people without a department.
NO_DEPARTMENT = "No department"


def ra_outcomes(ws: Workshop) -> dict[str, tuple[set[str], set[str]]]:
    """name_key(participant) -> (name keys of the outcomes where R, where A), every participant present: the
    figures of the workload, counted once per outcome as W_OVERLOAD counts them."""
    held: dict[str, tuple[set[str], set[str]]] = {name_key(p.name): (set(), set()) for p in ws.participants}
    for cell in ws.raci:
        role = cell.role
        if role is RaciRole.R or role is RaciRole.A:
            sets = held.get(name_key(cell.participant))
            if sets is not None:
                sets[0 if role is RaciRole.R else 1].add(name_key(cell.outcome))
    return held


def raci_load(ws: Workshop) -> dict[str, int]:
    """name_key(participant) -> the outcomes where they are R or A (what W_OVERLOAD compares); 0 when none."""
    return {pk: len(r | a) for pk, (r, a) in ra_outcomes(ws).items()}


def least_loaded(ws: Workshop, people: Iterable[Participant], load: dict[str, int] | None = None) -> list[Participant]:
    """``people`` by their R and A roles, fewest first, ties in the room's order: who can best take one more."""
    load = raci_load(ws) if load is None else load
    seat = {name_key(p.name): i for i, p in enumerate(ws.participants)}

    def rank(p: Participant) -> tuple[int, int]:
        pk = name_key(p.name)
        return load.get(pk, 0), seat.get(pk, len(seat))

    return sorted(people, key=rank)


# -- the department roll-up --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepartmentHold:
    """A department's part in one outcome: the strongest role any of its people holds, and how many hold one."""

    role: RaciRole
    holders: int


def department_rollup(ws: Workshop) -> dict[tuple[str, str], DepartmentHold]:
    """(name_key(outcome key), name_key(department)) -> what the department holds there; people without a
    department roll up under "". An absent key: nobody of that department holds a role on that outcome.
    One role per outcome and participant, as the method has it, so each cell is one holder."""
    dept_of = {name_key(p.name): "" if p.department is None else name_key(p.department) for p in ws.participants}
    strongest: dict[tuple[str, str], list[int]] = {}
    for cell in ws.raci:
        dk = dept_of.get(name_key(cell.participant))
        if dk is None:
            continue
        key = (name_key(cell.outcome), dk)
        strength = ROLE_STRENGTH[cell.role]
        seen = strongest.get(key)
        if seen is None:
            strongest[key] = [strength, 1]
        else:
            seen[1] += 1
            if strength > seen[0]:
                seen[0] = strength
    role_of = {s: role for role, s in ROLE_STRENGTH.items()}
    return {key: DepartmentHold(role_of[s], n) for key, (s, n) in strongest.items()}


# -- fixes in one click ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RaciChange:
    """One RACI cell a fix sets; ``role`` None clears it."""

    outcome: str  # the outcome's key
    participant: str  # the participant's name
    role: RaciRole | None


@dataclass(frozen=True, slots=True)
class Fix:
    """One way to clear a finding; ``title`` says on its button exactly what applying it changes."""

    code: str
    subject: str
    title: str
    changes: tuple[RaciChange, ...]


@dataclass(frozen=True, slots=True)
class FixOffer:
    """The fixes for one finding, best first, under a lead sentence (``prompt``); with none, ``note`` says why
    and what the room can do instead."""

    check: CheckResult
    fixes: tuple[Fix, ...]
    note: str = ""
    prompt: str = ""


_LEADS = (RaciRole.R, RaciRole.A)
_HOLDS = (RaciRole.R, RaciRole.A, RaciRole.C)


class _Room:
    """What the fixes read of a workshop, looked up once per offer."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.people = {name_key(p.name): p for p in ws.participants}
        self.outcomes = {name_key(o.key): o for o in ws.outcomes}
        self.department_names = {name_key(d.name): d.name for d in ws.departments}
        # The load reads the R and A cells only (most cells of a large matrix are C or I), each name folded once;
        # the roles of an outcome are read when a fix asks for them.
        self._fold: dict[str, str] = {}
        fold = self._fold
        leads: dict[str, set[str]] = {pk: set() for pk in self.people}
        r_role, a_role = RaciRole.R, RaciRole.A
        for cell in ws.raci:
            if cell.role is r_role or cell.role is a_role:
                pk = fold.get(cell.participant) or fold.setdefault(cell.participant, name_key(cell.participant))
                if pk in leads:
                    leads[pk].add(fold.get(cell.outcome) or fold.setdefault(cell.outcome, name_key(cell.outcome)))
        self.load = {pk: len(outcomes) for pk, outcomes in leads.items()}

    def roles_on(self, outcomes: set[str]) -> dict[str, dict[str, RaciRole]]:
        """name_key(outcome) -> name_key(participant) -> role, for the outcomes asked only."""
        fold = self._fold
        found: dict[str, dict[str, RaciRole]] = {ok: {} for ok in outcomes}
        for cell in self.ws.raci:
            held = found.get(fold.get(cell.outcome) or fold.setdefault(cell.outcome, name_key(cell.outcome)))
            if held is not None:
                held[fold.get(cell.participant) or fold.setdefault(cell.participant, name_key(cell.participant))] = (
                    cell.role
                )
        return found

    def members(self, dk: str) -> list[Participant]:
        return [p for p in self.ws.participants if p.department is not None and name_key(p.department) == dk]

    def department_of(self, p: Participant) -> str:
        return "" if p.department is None else self.department_names.get(name_key(p.department), p.department)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _instead(role: RaciRole | None) -> str:
    """What a fix replaces, said on its button: the room sees that a C becomes an A before it clicks."""
    return "" if role is None else f" instead of {role.value}"


def _fix(check: CheckResult, title: str, *changes: RaciChange) -> Fix:
    return Fix(check.code, check.subject, title, changes)


def _none(check: CheckResult, note: str, prompt: str = "") -> FixOffer:
    return FixOffer(check, (), note, prompt)


def _add_c(check: CheckResult, room: _Room, o: Outcome, roles: dict[str, RaciRole], p: Participant) -> Fix:
    title = f"Add {p.name} ({room.department_of(p)}) as C on {o.key}{_instead(roles.get(name_key(p.name)))}"
    return _fix(check, title, RaciChange(o.key, p.name, RaciRole.C))


def _no_finance(check: CheckResult, room: _Room, o: Outcome, roles: dict[str, RaciRole]) -> FixOffer:
    finance = [d for d in room.ws.departments if d.function is DepartmentFunction.FINANCE]
    prompt = f"Ask finance to stand behind the value of {o.key}:"
    if not finance:
        return _none(check, "Nobody from finance is in the room: add a finance department and its people in Set-up.")
    keys = {name_key(d.name) for d in finance}
    staff = [p for p in room.ws.participants if p.department is not None and name_key(p.department) in keys]
    if not staff:
        names = [d.name for d in finance]
        verb = "has" if len(names) == 1 else "have"
        return _none(check, f"{_and(names)} {verb} nobody in the room: add finance's people in Set-up.")
    staff = [p for p in staff if roles.get(name_key(p.name)) not in _HOLDS]
    if not staff:
        return _none(check, f"Finance already holds R, A or C on {o.key}: nothing to fix.")
    return FixOffer(check, (_add_c(check, room, o, roles, least_loaded(room.ws, staff, room.load)[0]),), "", prompt)


def _silo(check: CheckResult, room: _Room, o: Outcome, roles: dict[str, RaciRole]) -> FixOffer:
    holding = {
        name_key(p.department)
        for pk, role in roles.items()
        if role in _HOLDS and (p := room.people.get(pk)) is not None and p.department is not None
    }
    staffed = [(d, members) for d in room.ws.departments if (members := room.members(name_key(d.name)))]
    for d, members in staffed:
        if name_key(d.name) not in holding:
            p = least_loaded(room.ws, members, room.load)[0]
            prompt = f"Bring {d.name} in on {o.key} (the first department with no R, A or C there):"
            return FixOffer(check, (_add_c(check, room, o, roles, p),), "", prompt)
    if not staffed:
        return _none(check, "No department has people in the room: add departments and their people in Set-up.")
    if len(staffed) == 1:
        return _none(check, f"{staffed[0][0].name} is the only department with people in the room: "
                     "add another department and its people in Set-up.")  # fmt: skip
    names = _and([d.name for d, _ in staffed])
    return _none(check, f"{names} already hold R, A or C on {o.key}: nothing to fix.")


def _multi_accountable(check: CheckResult, room: _Room, o: Outcome, roles: dict[str, RaciRole]) -> FixOffer:
    accountable = [p for p in room.ws.participants if roles.get(name_key(p.name)) is RaciRole.A]
    if len(accountable) < 2:
        return _none(check, f"{o.key} has at most one Accountable person now: nothing to fix.")
    fixes = []
    for keep in accountable:
        others = [p for p in accountable if p is not keep]
        verb = "becomes" if len(others) == 1 else "become"
        title = f"Keep {keep.name} as A on {o.key}; {_and([p.name for p in others])} {verb} R"
        fixes.append(_fix(check, title, *(RaciChange(o.key, p.name, RaciRole.R) for p in others)))
    return FixOffer(check, tuple(fixes), "", f"Pick who stays Accountable for {o.key}; the others become Responsible:")


def _make(check: CheckResult, room: _Room, o: Outcome, roles: dict[str, RaciRole], role: RaciRole) -> FixOffer:
    """E_NO_ACCOUNTABLE and E_NO_RESPONSIBLE: anyone (for R: anyone but the A) takes the role, least loaded first."""
    word = "Accountable" if role is RaciRole.A else "Responsible"
    prompt = f"Pick who becomes {word} for {o.key}, least loaded first:"
    if not room.ws.participants:
        return _none(check, "Nobody is in the room yet: add the participants in Set-up.")
    skip = (RaciRole.A,) if role is RaciRole.A else (RaciRole.A, RaciRole.R)
    people = [p for p in room.ws.participants if roles.get(name_key(p.name)) not in skip]
    if not people and role is RaciRole.R:
        return _none(check, f"Everyone in the room is Accountable for {o.key}: keep one A first, then make "
                     "someone Responsible.")  # fmt: skip
    if not people:
        return _none(check, f"Everyone in the room is already Accountable for {o.key}: nothing to fix.")
    fixes = tuple(
        _fix(check, f"Make {p.name} {word} for {o.key}{_instead(roles.get(name_key(p.name)))}",
             RaciChange(o.key, p.name, role))
        for p in least_loaded(room.ws, people, room.load)
    )  # fmt: skip
    return FixOffer(check, fixes, "", prompt)


def _overload(check: CheckResult, room: _Room) -> FixOffer:
    p = room.people.get(name_key(check.item.key or ""))
    if p is None:
        return _none(check, f"{check.subject} is no longer in the room.")
    pk = name_key(p.name)
    mine = {name_key(c.outcome): c.role for c in room.ws.raci if name_key(c.participant) == pk}
    handed = RaciRole.R
    outcomes = [o for o in reversed(room.ws.outcomes) if mine.get(name_key(o.key)) is RaciRole.R]
    if not outcomes:
        handed = RaciRole.A
        outcomes = [o for o in reversed(room.ws.outcomes) if mine.get(name_key(o.key)) is RaciRole.A]
    if not outcomes:
        return _none(check, f"{p.name} holds no R or A role now: nothing to hand over.")
    ask = "ask the room who else can take one of them on."
    if p.department is None:
        return _none(check, f"{p.name} has no department, so no colleague to hand a role to: {ask}")
    dept = room.department_of(p)
    colleagues = [q for q in room.members(name_key(p.department)) if name_key(q.name) != pk]
    if not colleagues:
        return _none(check, f"{p.name} has no colleague in {dept} to hand a role to: {ask}")
    roles = room.roles_on({name_key(o.key) for o in outcomes})
    fixes = []
    for o in outcomes:
        held = roles[name_key(o.key)]
        free = [q for q in colleagues if held.get(name_key(q.name)) not in _LEADS]
        if free:
            q = least_loaded(room.ws, free, room.load)[0]
            title = f"Hand {p.name}'s {handed.value} on {o.key} to {q.name}; {p.name} becomes C there"
            fixes.append(_fix(check, title, RaciChange(o.key, q.name, handed), RaciChange(o.key, p.name, RaciRole.C)))
    prompt = f"Hand one of {p.name}'s {handed.value} roles to a colleague in {dept}, the last outcome first:"
    if not fixes:
        note = f"Every colleague of {p.name} in {dept} already holds R or A where {p.name} is {handed.value}: {ask}"
        return _none(check, note, prompt)
    return FixOffer(check, tuple(fixes), "", prompt)


def fix_offer(ws: Workshop, check: CheckResult) -> FixOffer | None:
    """The fixes for a stakeholder finding, as the method's fix rules give them; None for a code without fixes.

    Where the rules are silent: "least loaded" is the load now (each fix is applied on its own); a title names a
    role it replaces ("instead of C"); W_SILO on an outcome no department holds brings in one department per
    click; W_OVERLOAD offers the A roles only to someone with no R role at all, at most one fix per outcome, and
    makes the colleague R (or A) whatever they held there; cells of outcomes the workshop no longer has are left
    alone; a finding whose item is gone gets a note instead of fixes.
    """
    if check.code not in FIXABLE_CODES:
        return None
    return _offer(_Room(ws), check)


def fix_offers(ws: Workshop, checks: Iterable[CheckResult]) -> list[FixOffer]:
    """The offers for several findings of one workshop state (the fix panel's), reading the workshop once."""
    wanted = [c for c in checks if c.code in FIXABLE_CODES]
    if not wanted:
        return []
    room = _Room(ws)
    return [_offer(room, c) for c in wanted]


def _offer(room: _Room, check: CheckResult) -> FixOffer:
    if check.code == "W_OVERLOAD":
        return _overload(check, room)
    o = room.outcomes.get(name_key(check.item.key or ""))
    if o is None:
        return _none(check, f"{check.subject} is no longer in the workshop.")
    roles = room.roles_on({name_key(o.key)})[name_key(o.key)]
    if check.code == "W_NO_FINANCE":
        return _no_finance(check, room, o, roles)
    if check.code == "W_SILO":
        return _silo(check, room, o, roles)
    if check.code == "E_MULTI_ACCOUNTABLE":
        return _multi_accountable(check, room, o, roles)
    return _make(check, room, o, roles, RaciRole.A if check.code == "E_NO_ACCOUNTABLE" else RaciRole.R)
