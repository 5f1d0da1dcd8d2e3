"""The workshop's own details and its named items (departments, people, outcomes, criteria, channels) compared."""

from __future__ import annotations

from typing import Any

from workshop.domain.diff import Diff, changed_fields
from workshop.domain.diff_match import date, field_change, match, number, quoted, same
from workshop.domain.entities import Channel, Criterion, Department, Outcome, Participant, Stakeholder
from workshop.domain.enums import CATEGORY_TITLES, OWN_OWNER, STAGE_TITLES, DepartmentFunction, Stage
from workshop.domain.text import name_key

_FUNCTION_WORDS = {DepartmentFunction.IT: "IT", DepartmentFunction.HR: "HR"}


def function_word(function: DepartmentFunction) -> str:
    return _FUNCTION_WORDS.get(function, function.value.capitalize())


def setup_and_outcomes(d: Diff) -> None:
    """Every named kind, in the order their renames are needed (a participant names a department...)."""
    _details(d)
    _departments(d)
    _people(d)
    _agenda(d)
    _outcomes(d)
    _criteria(d)
    _channels(d)


def _details(d: Diff) -> None:
    b, a = d.before, d.after
    spec = [
        ("title", "title", quoted),
        ("organisation", "organisation", quoted),
        ("date", "date", date),
        ("facilitator", "facilitator", quoted),
        ("currency", "currency", str),
        ("dots_per_participant", "dots per participant", number),
        ("overload_limit", "overload limit", number),
    ]
    for line in changed_fields("Workshop", b, a, spec):
        d.say(Stage.SETUP, line)
    if b.is_template != a.is_template:
        d.say(Stage.SETUP, "Workshop is now a template" if a.is_template else "Workshop is no longer a template")


def _departments(d: Diff) -> None:
    m = match(
        d.before.departments, d.after.departments, lambda x: name_key(x.name), lambda b, a: b.function == a.function
    )
    d.named("department", m, lambda x: x.name)

    def fields(b: Department, a: Department) -> list[str]:
        spec = [("function", "function", function_word)]
        return changed_fields(f"Department {a.name}", b, a, spec)

    d.items(
        Stage.SETUP,
        m,
        added=lambda a: f"Department added: {a.name} ({function_word(a.function)})",
        removed=lambda b: f"Department removed: {b.name}",
        renamed=lambda b, a: f"Department {b.name} renamed to {a.name}",
        fields=fields,
        moved=lambda a, old, new: f"Department {a.name} moved from position {old} to {new}",
    )


def _department_line(d: Diff, subject: str, b: Any, a: Any) -> list[str]:
    old = d.canon("department", b.department, old=True)
    new = d.canon("department", a.department, old=False)
    if old == new:
        return []
    return [field_change(subject, "department", old, new, lambda k: d.name("department", k))]


def _people(d: Diff) -> None:
    """Participants and stakeholders: who they are in set-up, their power and interest in Stakeholders."""

    def same_dept(b: Any, a: Any) -> bool:
        return d.canon("department", b.department, old=True) == d.canon("department", a.department, old=False)

    def alike_person(b: Participant, a: Participant) -> bool:
        return same_dept(b, a) and b.role == a.role and b.email == a.email

    def alike_stakeholder(b: Stakeholder, a: Stakeholder) -> bool:
        return same_dept(b, a) and b.role == a.role

    for kind, title, before, after, alike in (
        ("participant", "Participant", d.before.participants, d.after.participants, alike_person),
        ("stakeholder", "Stakeholder", d.before.stakeholders, d.after.stakeholders, alike_stakeholder),
    ):
        m = match(before, after, lambda x: name_key(x.name), alike)
        d.named(kind, m, lambda x: x.name)

        def fields(b: Any, a: Any, title: str = title) -> list[str]:
            subject = f"{title} {a.name}"
            lines = _department_line(d, subject, b, a)
            spec: list[Any] = [("role", "role", quoted)]
            if hasattr(a, "email"):
                spec.append(("email", "email", str))
            return lines + changed_fields(subject, b, a, spec)

        def added(a: Any, title: str = title) -> str:
            about = ", ".join(x for x in (a.department, a.role) if x)
            return f"{title} added: {a.name}" + (f" ({about})" if about else "")

        d.items(
            Stage.SETUP,
            m,
            added=added,
            removed=lambda b, title=title: f"{title} removed: {b.name}",
            renamed=lambda b, a, title=title: f"{title} {b.name} renamed to {a.name}",
            fields=fields,
            moved=lambda a, old, new, title=title: f"{title} {a.name} moved from position {old} to {new}",
        )
        for b, a in m.entries:
            if b is not None and a is not None:
                spec = [("power", "power", number), ("interest", "interest", number)]
                for line in changed_fields(f"{title} {a.name}", b, a, spec):
                    d.say(Stage.STAKEHOLDERS, line)


def _agenda(d: Diff) -> None:
    old = {x.stage: x.minutes for x in d.before.agenda}
    new = {x.stage: x.minutes for x in d.after.agenda}
    for stage in Stage:
        b, a = old.get(stage), new.get(stage)
        name = STAGE_TITLES[stage]
        if b is None and a is not None:
            d.say(Stage.SETUP, f"Agenda: {name} set to {a} minutes")
        elif a is None and b is not None:
            d.say(Stage.SETUP, f"Agenda: {name} removed (was {b} minutes)")
        elif a != b:
            d.say(Stage.SETUP, f"Agenda: {name} changed from {b} to {a} minutes")


def _outcomes(d: Diff) -> None:
    def alike(b: Outcome, a: Outcome) -> bool:
        return bool(a.title.strip()) and name_key(b.title) == name_key(a.title)

    m = match(d.before.outcomes, d.after.outcomes, lambda x: name_key(x.key), alike)
    d.named("outcome", m, lambda x: x.key)

    def fields(b: Outcome, a: Outcome) -> list[str]:
        lines = []
        if b.title != a.title:
            if b.title and a.title:
                lines.append(f"{a.key} renamed from {quoted(b.title)} to {quoted(a.title)}")
            else:
                lines.append(field_change(f"Outcome {a.key}", "title", b.title, a.title, quoted))
        spec: list[Any] = [
            ("category", "category", lambda c: CATEGORY_TITLES[c]),
            ("audience", "audience", quoted),
            ("kpi.metric", "KPI metric", quoted),
            ("kpi.unit", "KPI unit", quoted),
            ("kpi.baseline", "KPI baseline", number),
            ("kpi.target", "KPI target", number),
            ("kpi.due", "KPI due date", date),
            ("value_per_unit", "value per unit", d.old_money, d.new_money),
            ("annual_value", "annual value", d.old_money, d.new_money),
            ("confidence", "confidence", number),
            ("notes", "notes", quoted),
        ]
        return lines + changed_fields(f"Outcome {a.key}", b, a, spec)

    d.items(
        Stage.OUTCOMES,
        m,
        added=lambda a: f"Outcome added: {a.key} {quoted(a.title)}",
        removed=lambda b: f"Outcome removed: {b.key} {quoted(b.title)}",
        renamed=lambda b, a: f"Outcome key {b.key} changed to {a.key} ({quoted(a.title)})",
        fields=fields,
        moved=lambda a, old, new: f"Outcome {a.key} moved from position {old} to {new}",
    )


def _criteria(d: Diff) -> None:
    def alike(b: Criterion, a: Criterion) -> bool:
        return name_key(b.name) == name_key(a.name)

    m = match(d.before.criteria, d.after.criteria, lambda x: name_key(x.key), alike)
    d.named("criterion", m, lambda x: x.key)
    d.criterion_names = {}
    for b, a in m.entries:
        item = a if a is not None else b
        assert item is not None
        key = d.canon("criterion", item.key, old=a is None)
        assert key is not None
        d.criterion_names[key] = item.name

    def how(c: Criterion) -> str:
        return "scored per outcome" if c.per_outcome else "rated once per channel"

    def fields(b: Criterion, a: Criterion) -> list[str]:
        lines = []
        if b.name != a.name:
            lines.append(f"Criterion {quoted(b.name)} renamed to {quoted(a.name)}")
        lines += changed_fields(f"Criterion {a.name}", b, a, [("weight", "weight", number)])
        if b.per_outcome != a.per_outcome:
            lines.append(f"Criterion {a.name} is now {how(a)}")
        return lines

    d.items(
        Stage.CHANNELS,
        m,
        added=lambda a: f"Criterion added: {a.name} (weight {number(a.weight)}, {how(a)})",
        removed=lambda b: f"Criterion removed: {b.name}",
        renamed=lambda b, a: f"Criterion key {b.key} changed to {a.key} ({a.name})",
        fields=fields,
        moved=lambda a, old, new: f"Criterion {a.name} moved from position {old} to {new}",
    )


def _channels(d: Diff) -> None:
    def alike(b: Channel, a: Channel) -> bool:
        return b.kind == a.kind and name_key(b.owner) == name_key(a.owner)

    m = match(d.before.channels, d.after.channels, lambda x: name_key(x.name), alike)
    d.named("channel", m, lambda x: x.name)

    def fields(b: Channel, a: Channel) -> list[str]:
        subject = f"Channel {a.name}"
        spec: list[Any] = [
            ("kind", "kind", str),
            ("owner", "owner", str),
            ("portability", "portability", str),
            ("platform_risk", "platform risk", number),
        ]
        lines = changed_fields(subject, b, a, spec)
        if b.aliases != a.aliases:
            lines.append(field_change(subject, "aliases", ", ".join(b.aliases), ", ".join(a.aliases), str))
        if b.retired != a.retired:
            lines.append(f"{subject} retired" if a.retired else f"{subject} back in use (no longer retired)")
        old = {d.canon("criterion", k, old=True): v for k, v in b.ratings.items()}
        new = {d.canon("criterion", k, old=False): v for k, v in a.ratings.items()}
        for key in sorted(old.keys() | new.keys(), key=lambda k: d.order("criterion", k)):
            if not same(old.get(key), new.get(key)):
                label = f"{d.criterion_names.get(key or '', key)} rating"
                lines.append(field_change(subject, label, old.get(key), new.get(key), number))
        return lines

    def added(a: Channel) -> str:
        about = a.kind.value if a.owner == OWN_OWNER else f"{a.kind.value}, owner {a.owner}"
        return f"Channel added: {a.name} ({about})"

    d.items(
        Stage.CHANNELS,
        m,
        added=added,
        removed=lambda b: f"Channel removed: {b.name}",
        renamed=lambda b, a: f"Channel {b.name} renamed to {a.name}",
        fields=fields,
        moved=lambda a, old, new: f"Channel {a.name} moved from position {old} to {new}",
    )
