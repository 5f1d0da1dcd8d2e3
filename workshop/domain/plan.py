"""Generating the plan (METHOD.md): the actions generating adds, and the origins that tie them to what made them.

Pure, so the plan stage, the service and the tests agree on one answer. An origin is ``manual``,
``choice:<outcome key>:<channel name>`` or ``fallback:<outcome key>``; origins compare as names do, part by part.
A choice's origin splits at the first colon after ``choice:``: channel names may hold a colon, keys seldom do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from workshop.domain.checks import run_checks
from workshop.domain.entities import Action, Outcome, Workshop
from workshop.domain.enums import ChoiceRole, RaciRole
from workshop.domain.formulas import Analysis
from workshop.domain.text import name_key
from workshop.domain.validation import NAME_MAX

MANUAL = "manual"
#: The checks that make generating add "set up an owned fallback" for an outcome.
FALLBACK_CHECKS = frozenset({"W_STRANDED", "W_NO_FALLBACK"})

OriginKind = Literal["choice", "fallback"]
RenamedKind = Literal["outcome", "channel"]


@dataclass(frozen=True, slots=True)
class Origin:
    """A generated origin read back: which outcome (and for a choice, which channel) made the action."""

    kind: OriginKind
    outcome: str
    channel: str | None = None


def choice_origin(outcome_key: str, channel: str) -> str:
    return f"choice:{outcome_key}:{channel}"


def fallback_origin(outcome_key: str) -> str:
    return f"fallback:{outcome_key}"


def parse_origin(origin: str) -> Origin | None:
    """The parts of a generated origin; None for ``manual`` or any text that is not one."""
    kind, sep, rest = origin.partition(":")
    if not sep or not rest:
        return None
    if kind == "fallback":
        return Origin("fallback", rest)
    if kind == "choice":
        key, sep, channel = rest.partition(":")
        if sep and key and channel:
            return Origin("choice", key, channel)
    return None


def origin_identity(origin: str) -> tuple[str, ...]:
    """What two origins share when they are the same as names are (case and surrounding spaces of each part
    ignored): the key of a set of origins."""
    parsed = parse_origin(origin)
    if parsed is None:
        return ("", name_key(origin))
    if parsed.channel is None:
        return (parsed.kind, name_key(parsed.outcome))
    return (parsed.kind, name_key(parsed.outcome), name_key(parsed.channel))


def same_origin(a: str, b: str) -> bool:
    return origin_identity(a) == origin_identity(b)


def rename_in_origin(origin: str, kind: RenamedKind, old: str, new: str) -> str:
    """The origin after an outcome key or a channel name changed from ``old`` to ``new`` (compared as names are);
    an origin that does not name it comes back as it was."""
    parsed = parse_origin(origin)
    if parsed is None:
        return origin
    if kind == "outcome":
        if name_key(parsed.outcome) != name_key(old):
            return origin
        if parsed.channel is None:
            return fallback_origin(new)
        return choice_origin(new, parsed.channel)
    if parsed.channel is None or name_key(parsed.channel) != name_key(old):
        return origin
    return choice_origin(parsed.outcome, new)


def action_title(head: str, outcome: Outcome) -> str:
    """``<head>: <outcome title>`` ("Run Blog for O1: Cut support cost"), kept within the bounds of a title:
    an outcome without a title leaves the head alone, a title too long ends in an ellipsis."""
    title = f"{head}: {outcome.title}" if outcome.title.strip() else head
    return title if len(title) <= NAME_MAX else title[: NAME_MAX - 1] + "…"


def first_responsible(ws: Workshop) -> dict[str, str]:
    """Per outcome (folded key), the first participant in the room's order who is R on it: who owns its actions."""
    position = {name_key(p.name): (i, p.name) for i, p in enumerate(ws.participants)}
    first: dict[str, tuple[int, str]] = {}
    for r in ws.raci:
        person = position.get(name_key(r.participant))
        if r.role is RaciRole.R and person is not None:
            ok = name_key(r.outcome)
            if ok not in first or person < first[ok]:
                first[ok] = person
    owners = {ok: name for ok, (_i, name) in first.items()}
    return owners


def fallback_outcomes(ws: Workshop, analysis: Analysis | None = None) -> set[str]:
    """The outcomes (folded keys) flagged W_STRANDED or W_NO_FALLBACK: those that need an owned fallback."""
    return {
        name_key(r.item.key) for r in run_checks(ws, analysis) if r.code in FALLBACK_CHECKS and r.item.key is not None
    }


def generated_actions(ws: Workshop, analysis: Analysis | None = None) -> list[Action]:
    """What generating adds now, in order: per outcome in the room's order, an action for each primary and
    supporting choice (channels in the workshop's order, retired ones left out), then, when the outcome is
    flagged W_STRANDED or W_NO_FALLBACK, one to set up an owned fallback. An origin that an action has or that
    was dismissed is skipped, so generating again adds nothing and never touches an existing action.
    ``analysis``: the figures of this very workshop, when the caller has them already."""
    taken = {origin_identity(a.origin) for a in ws.actions}
    taken |= {origin_identity(o) for o in ws.dismissed_origins}
    channels = {name_key(c.name): c for c in ws.channels}
    order = {name_key(c.name): i for i, c in enumerate(ws.channels)}
    active: dict[str, list[str]] = defaultdict(list)
    for choice in ws.choices:
        ck = name_key(choice.channel)
        channel = channels.get(ck)
        if choice.role is not ChoiceRole.FALLBACK and channel is not None and not channel.retired:
            active[name_key(choice.outcome)].append(ck)
    owners = first_responsible(ws)
    flagged = fallback_outcomes(ws, analysis)
    out: list[Action] = []

    def add(origin: str, title: str, outcome: Outcome, channel: str | None) -> None:
        identity = origin_identity(origin)
        if identity in taken:
            return
        taken.add(identity)
        owner = owners.get(name_key(outcome.key))
        out.append(Action(title, outcome.key, channel, owner, outcome.kpi.due, origin=origin))

    for o in ws.outcomes:
        ok = name_key(o.key)
        for ck in sorted(set(active.get(ok, ())), key=order.__getitem__):
            name = channels[ck].name
            add(choice_origin(o.key, name), action_title(f"Run {name} for {o.key}", o), o, name)
        if ok in flagged:
            add(fallback_origin(o.key), action_title(f"Set up an owned fallback for {o.key}", o), o, None)
    return out
