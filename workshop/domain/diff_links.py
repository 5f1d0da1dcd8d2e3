"""What links the named items (RACI, scores, choices, votes), the plan and the room's notes, compared."""

from __future__ import annotations

from typing import Any

from workshop.domain.diff import Diff, changed_fields
from workshop.domain.diff_match import date, dots, field_change, match, number, occurrences, quoted, same
from workshop.domain.entities import Action, Note
from workshop.domain.enums import Stage
from workshop.domain.plan import parse_origin
from workshop.domain.plan_report import origin_words
from workshop.domain.text import name_key


def links_and_plan(d: Diff) -> None:
    _raci(d)
    _votes(d)
    _scores(d)
    _choices(d)
    _actions(d)
    _dismissed(d)
    _notes(d)


def _raci(d: Diff) -> None:
    def key(r: Any, old: bool) -> tuple[Any, ...]:
        return (d.canon("outcome", r.outcome, old=old), d.canon("participant", r.participant, old=old))

    old = {key(r, True): r.role for r in d.before.raci}
    new = {key(r, False): r.role for r in d.after.raci}

    def say(k: tuple[Any, ...], b: Any, a: Any) -> list[str]:
        who, on = d.name("participant", k[1]), d.name("outcome", k[0])
        if b is None:
            return [f"{who} is now {a.value} on {on}"]
        if a is None:
            return [f"{who} is no longer {b.value} on {on}"]
        return [f"{who} is now {a.value} on {on}, was {b.value}"] if a != b else []

    d.pairs(Stage.STAKEHOLDERS, old, new, lambda k: (d.order("outcome", k[0]), d.order("participant", k[1])), say)


def _votes(d: Diff) -> None:
    def key(v: Any, old: bool) -> tuple[Any, ...]:
        return (
            d.canon("participant", v.participant, old=old),
            d.canon("outcome", v.outcome, old=old),
            d.canon("channel", v.channel, old=old),
        )

    def sort(k: tuple[Any, ...]) -> Any:
        return (d.order("outcome", k[1]), d.order("channel", k[2]), d.order("participant", k[0]))

    for stage, on_channel in ((Stage.OUTCOMES, False), (Stage.CHANNELS, True)):
        old = {key(v, True): v.dots for v in d.before.votes if (v.channel is not None) == on_channel}
        new = {key(v, False): v.dots for v in d.after.votes if (v.channel is not None) == on_channel}

        def say(k: tuple[Any, ...], b: Any, a: Any) -> list[str]:
            who, target = d.name("participant", k[0]), d.name("outcome", k[1])
            if k[2] is not None:
                target = f"{d.name('channel', k[2])} for {target}"
            if b is None:
                return [f"{who} now gives {target} {dots(a)}"]
            if a is None:
                return [f"{who} no longer gives {target} any dots (was {dots(b)})"]
            return [f"{who} now gives {target} {dots(a)}, was {dots(b)}"] if a != b else []

        d.pairs(stage, old, new, sort, say)


def _scores(d: Diff) -> None:
    def key(s: Any, old: bool) -> tuple[Any, ...]:
        return (
            d.canon("outcome", s.outcome, old=old),
            d.canon("channel", s.channel, old=old),
            d.canon("criterion", s.criterion, old=old),
        )

    old = {key(s, True): s.score for s in d.before.scores}
    new = {key(s, False): s.score for s in d.after.scores}

    def say(k: tuple[Any, ...], b: Any, a: Any) -> list[str]:
        subject = f"{d.name('channel', k[1])} for {d.name('outcome', k[0])}"
        label = f"{d.criterion_names.get(k[2], k[2])} score"
        return [] if b == a else [field_change(subject, label, b, a, number)]

    sort = lambda k: (d.order("outcome", k[0]), d.order("channel", k[1]), d.order("criterion", k[2]))  # noqa: E731
    d.pairs(Stage.CHANNELS, old, new, sort, say)


def _choices(d: Diff) -> None:
    def key(c: Any, old: bool) -> tuple[Any, ...]:
        return (d.canon("outcome", c.outcome, old=old), d.canon("channel", c.channel, old=old))

    old = {key(c, True): c for c in d.before.choices}
    new = {key(c, False): c for c in d.after.choices}

    def say(k: tuple[Any, ...], b: Any, a: Any) -> list[str]:
        channel, outcome = d.name("channel", k[1]), d.name("outcome", k[0])
        if b is None:
            reliance = f", reliance {number(a.reliance)}" if a.reliance is not None else ""
            return [f"{channel} is now {a.role.value} for {outcome}{reliance}"]
        if a is None:
            return [f"{channel} no longer {b.role.value} for {outcome}"]
        lines = []
        if a.role != b.role:
            lines.append(f"{channel} is now {a.role.value} for {outcome}, was {b.role.value}")
        if not same(a.reliance, b.reliance):
            lines.append(field_change(f"{channel} for {outcome}", "reliance", b.reliance, a.reliance, number))
        return lines

    d.pairs(Stage.CHANNELS, old, new, lambda k: (d.order("outcome", k[0]), d.order("channel", k[1])), say)


def _origin(d: Diff, origin: str, old: bool) -> tuple[str, ...]:
    """An origin's identity on the new side (an old origin naming a renamed outcome or channel follows it)."""
    parsed = parse_origin(origin)
    if parsed is None:
        return ("", name_key(origin))
    outcome = d.canon("outcome", parsed.outcome, old=old) or ""
    if parsed.channel is None:
        return (parsed.kind, outcome)
    return (parsed.kind, outcome, d.canon("channel", parsed.channel, old=old) or "")


def _actions(d: Diff) -> None:
    refs = (("outcome", "outcome"), ("channel", "channel"), ("owner", "participant"))

    def signature(x: Action, old: bool) -> tuple[Any, ...]:
        return (*(d.canon(kind, getattr(x, attr), old=old) for attr, kind in refs), _origin(d, x.origin, old))

    before, after = d.before.actions, d.after.actions
    keys = occurrences([x.title for x in before]) + occurrences([x.title for x in after])
    m = match(before, after, keys, lambda b, a: signature(b, True) == signature(a, False))

    def fields(b: Action, a: Action) -> list[str]:
        subject = f"Action {quoted(a.title)}"
        lines = []
        for attr, kind in refs:
            old, new = d.canon(kind, getattr(b, attr), old=True), d.canon(kind, getattr(a, attr), old=False)
            if old != new:
                lines.append(field_change(subject, attr, old, new, lambda k, kind=kind: d.name(kind, k)))
        spec: list[Any] = [
            ("due", "due date", date),
            ("cost", "cost", d.old_money, d.new_money),
            ("effort_days", "effort", lambda x: f"{number(x)} days"),
            ("status", "status", str),
        ]
        lines += changed_fields(subject, b, a, spec)
        if _origin(d, b.origin, True) != _origin(d, a.origin, False):
            lines.append(f"{subject}: origin changed from {origin_words(b.origin)} to {origin_words(a.origin)}")
        return lines

    d.items(
        Stage.PLAN,
        m,
        added=lambda a: f"Action added: {a.title}",
        removed=lambda b: f"Action removed: {b.title}",
        renamed=lambda b, a: f"Action {quoted(b.title)} renamed to {quoted(a.title)}",
        fields=fields,
        moved=lambda a, old, new: f"Action {quoted(a.title)} moved from position {old} to {new}",
    )


def _dismissed(d: Diff) -> None:
    old = {_origin(d, o, True): o for o in d.before.dismissed_origins}
    new = {_origin(d, o, False): o for o in d.after.dismissed_origins}
    for key in sorted(old.keys() | new.keys()):
        if key in new and key not in old:
            d.say(Stage.PLAN, f"Generated action {origin_words(new[key])} dismissed")
        elif key in old and key not in new:
            d.say(Stage.PLAN, f"Generated action {origin_words(old[key])} no longer dismissed")


def _notes(d: Diff) -> None:
    for title, before, after in (
        ("Parked topic", d.before.parking_lot, d.after.parking_lot),
        ("Decision", d.before.decisions, d.after.decisions),
    ):
        keys = occurrences([n.text for n in before]) + occurrences([n.text for n in after])
        m = match(before, after, keys, lambda b, a: name_key(b.by) == name_key(a.by) and b.at == a.at)

        def fields(b: Note, a: Note, title: str = title) -> list[str]:
            spec: list[Any] = [("by", "by", str), ("at", "time", date)]
            return changed_fields(f"{title} {quoted(a.text)}", b, a, spec)

        def added(a: Note, title: str = title) -> str:
            return f"{title} added: {quoted(a.text)}" + (f" (by {a.by})" if a.by.strip() else "")

        d.items(
            None,
            m,
            added=added,
            removed=lambda b, title=title: f"{title} removed: {quoted(b.text)}",
            renamed=lambda b, a, title=title: f"{title} {quoted(b.text)} changed to {quoted(a.text)}",
            fields=fields,
            moved=lambda a, old, new, title=title: f"{title} {quoted(a.text)} moved from position {old} to {new}",
        )
