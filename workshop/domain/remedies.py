"""One-click remedies for the resilience findings, as plain data: what each would change, in words, so the stage
can offer it and the service can apply it as one edit.

- ``W_NO_FALLBACK`` / ``W_STRANDED``: add an owned channel as fallback, among the owned channels that are not
  retired, not already chosen for the outcome and not run by an owner whose demise strands it (best scored for
  the outcome first, then the unscored); when there is none, add one from the shipped catalog; or add the
  action that sets up an owned fallback (origin ``fallback:<key>``).
- ``W_NO_OWNED``: add the best-scored owned channel as supporting; when the outcome's primary and supporting
  choices all carry a reliance, the new one needs one too (else the default shares would replace them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from workshop.domain.entities import Channel
from workshop.domain.enums import ChannelKind, ChoiceRole
from workshop.domain.formulas import Analysis, owner_key
from workshop.domain.text import name_key

#: The findings a remedy answers.
FALLBACK_CODES = frozenset({"W_NO_FALLBACK", "W_STRANDED"})
OWNED_CODE = "W_NO_OWNED"


class RemedyKind(StrEnum):
    FALLBACK_CHANNEL = "fallback_channel"  # a workshop channel chosen as fallback
    CATALOG_FALLBACK = "catalog_fallback"  # a catalog channel added to the workshop and chosen as fallback
    FALLBACK_ACTION = "fallback_action"  # the action "Set up an owned fallback for ..."
    OWNED_SUPPORTING = "owned_supporting"  # an owned workshop channel chosen as supporting


@dataclass(frozen=True, slots=True)
class Remedy:
    """One fix for one outcome; ``text`` says what it will change."""

    kind: RemedyKind
    outcome: str  # the outcome's key as the workshop spells it
    text: str
    channel: str | None = None  # the channel it chooses (the catalog's name for CATALOG_FALLBACK)
    needs_reliance: bool = False  # ask the room for the new channel's reliance first

    @property
    def role(self) -> ChoiceRole | None:
        if self.kind in (RemedyKind.FALLBACK_CHANNEL, RemedyKind.CATALOG_FALLBACK):
            return ChoiceRole.FALLBACK
        return ChoiceRole.SUPPORTING if self.kind is RemedyKind.OWNED_SUPPORTING else None


def stranding_owners(analysis: Analysis, outcome_key: str) -> set[str]:
    """The owners (trimmed) whose demise strands the outcome: a fallback they run would die with them."""
    ok = name_key(outcome_key)
    return {
        owner_key(r.scenario.name)
        for r in analysis.demise_results
        if r.scenario.kind == "owner" and any(name_key(k) == ok for k in r.stranded)
    }


def _owned_candidates(analysis: Analysis, outcome_key: str, excluded_owners: set[str]) -> list[Channel]:
    """Owned channels not retired, not chosen for the outcome and not run by an excluded owner: the scored ones
    in the outcome's ranking order, then the unscored in the workshop's order."""
    ok = name_key(outcome_key)
    chosen = {name_key(c.channel) for c in analysis.choices.get(ok, [])}

    def fits(c: Channel) -> bool:
        return (
            c.kind is ChannelKind.OWNED
            and not c.retired
            and name_key(c.name) not in chosen
            and owner_key(c.owner) not in excluded_owners
        )

    scored = [cs.channel for cs in analysis.ranking(outcome_key) if fits(cs.channel)]
    seen = {name_key(c.name) for c in scored}
    return scored + [c for c in analysis.workshop.channels if fits(c) and name_key(c.name) not in seen]


def remedies_for(
    analysis: Analysis, outcome_key: str, codes: set[str], catalog: Sequence[Channel] = (), *, action_open: bool
) -> list[Remedy]:
    """The remedies for the findings ``codes`` of an outcome, the best first. ``catalog``: the shipped channels;
    ``action_open``: whether generating would still add the outcome's fallback action (none has its origin and
    it was not dismissed)."""
    outcome = next((o for o in analysis.outcomes if name_key(o.key) == name_key(outcome_key)), None)
    if outcome is None:
        return []
    key, out = outcome.key, []
    if codes & FALLBACK_CODES:
        excluded = stranding_owners(analysis, key)
        for c in _owned_candidates(analysis, key, excluded):
            out.append(Remedy(RemedyKind.FALLBACK_CHANNEL, key, f"Add {c.name} as fallback for {key}", c.name))
        if not out:
            known = {name_key(n) for c in analysis.workshop.channels for n in (c.name, *c.aliases)}
            spare = next(
                (
                    c
                    for c in catalog
                    if c.kind is ChannelKind.OWNED
                    and not c.retired
                    and owner_key(c.owner) not in excluded
                    and not {name_key(n) for n in (c.name, *c.aliases)} & known
                ),
                None,
            )
            if spare is not None:
                out.append(Remedy(RemedyKind.CATALOG_FALLBACK, key,
                                  f"Add {spare.name} from the catalog as fallback for {key}", spare.name))  # fmt: skip
        if action_open:
            title = f"Set up an owned fallback for {key}: {outcome.title}"
            out.append(Remedy(RemedyKind.FALLBACK_ACTION, key, f"Add the action \u201c{title}\u201d"))
    if OWNED_CODE in codes:
        best = next(iter(_owned_candidates(analysis, key, set())), None)
        if best is not None:
            active = [c for c in analysis.choices.get(name_key(key), []) if c.role is not ChoiceRole.FALLBACK]
            ask = bool(active) and all(c.reliance is not None for c in active)
            out.append(Remedy(RemedyKind.OWNED_SUPPORTING, key, f"Add {best.name} as supporting for {key}",
                              best.name, needs_reliance=ask))  # fmt: skip
    return out
