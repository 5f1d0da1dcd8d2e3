"""Applying a remedy of the resilience stage (``workshop.domain.remedies``) as one undoable edit.

A mixin of ``WorkshopService`` like ``channel_edits.py``: a remedy chooses a channel (adding it from the catalog
first when it comes from there) or adds the generated fallback action, through the service's own edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workshop.domain.remedies import Remedy, RemedyKind
from workshop.domain.text import name_key
from workshop.services.refusals import Refusal

if TYPE_CHECKING:
    from workshop.services.workshops import Edit, LoadedWorkshop


class RemedyEdits:
    """Remedies, on top of the edit machinery of ``WorkshopService``."""

    add: Callable[..., Edit]
    batch: Callable[[str, int, Callable[[], Any]], Edit]
    load: Callable[[int], LoadedWorkshop]
    set_choice: Callable[..., Edit]
    add_catalog_channels: Callable[..., Edit]

    def apply_remedy(self, workshop_id: int, remedy: Remedy, reliance: float | None = None) -> Edit:
        """Do what ``remedy.text`` says, as one edit labelled with it. A remedy that needs a reliance is refused
        without one; one that no longer applies (its channel retired, its action added meanwhile) is refused
        by the rules, naming why."""
        loaded = self.load(workshop_id)
        oid = loaded.id_of("outcome", remedy.outcome)
        if remedy.kind is RemedyKind.FALLBACK_ACTION:
            from workshop.domain.plan import fallback_origin, generated_actions

            origin = name_key(fallback_origin(remedy.outcome))
            action = next((a for a in generated_actions(loaded.workshop) if name_key(a.origin) == origin), None)
            if action is None:
                raise Refusal(f"{remedy.outcome} already has its fallback action, or it was dismissed.")
            fields: dict[str, Any] = {"title": action.title, "outcome_id": oid, "due": action.due,
                                      "origin": action.origin}  # fmt: skip
            if action.owner is not None:
                fields["owner_id"] = loaded.id_of("participant", action.owner)
            edit = self.add("action", workshop_id, **fields)
            edit.label = remedy.text
            return edit
        if remedy.channel is None or remedy.role is None:
            raise Refusal(f"The remedy for {remedy.outcome} names no channel.")
        if remedy.needs_reliance and not reliance:
            raise Refusal(f"{remedy.channel} needs a reliance for {remedy.outcome}: its other channels have one.")
        role, channel = remedy.role.value, remedy.channel
        if remedy.kind is RemedyKind.CATALOG_FALLBACK:

            def run() -> None:
                ids = self.add_catalog_channels(workshop_id, [channel]).result
                self.set_choice(oid, int(ids[0]), role)

            return self.batch(remedy.text, workshop_id, run)
        edit = self.set_choice(oid, loaded.id_of("channel", channel), role, reliance if reliance else None)
        edit.label = remedy.text
        return edit
