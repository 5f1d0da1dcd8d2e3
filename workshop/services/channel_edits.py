"""The edits of the channel stage's lists: criteria (add, rename, reset the defaults) and the workshop's channels
(add from the shipped catalog, retire, bring back).

A mixin of ``WorkshopService`` like ``assignments.py``: each edit is one of the service's validated, undoable edits
(several at once through ``batch``), so a change that would leave no positive weight is refused by the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.domain.entities import Channel, default_criteria
from workshop.domain.text import name_key, tokens
from workshop.domain.validation import DomainError, Problem
from workshop.storage.orm import ChannelRow, CriterionRow

if TYPE_CHECKING:
    from workshop.services.workshops import Edit


def criterion_key(name: str, taken: Iterable[str]) -> str:
    """A key for a new criterion from its name ("Brand fit" -> "brand_fit"), made unique with _2, _3..."""
    base = "_".join(tokens(name)) or "criterion"
    used = {name_key(k) for k in taken}
    key, n = base, 1
    while name_key(key) in used:
        n += 1
        key = f"{base}_{n}"
    return key


class ChannelEdits:
    """Criteria and channel edits, on top of the edit machinery of ``WorkshopService``."""

    add: Callable[..., Edit]
    update: Callable[..., Edit]
    batch: Callable[[str, int, Callable[[], Any]], Edit]
    set_rating: Callable[[int, int, int | None], Edit]
    _reading: Callable[[], AbstractContextManager[Session]]
    _workshop_of: Callable[[str, int], int]

    # -- criteria ------------------------------------------------------------

    def _criteria(self, workshop_id: int) -> list[CriterionRow]:
        with self._reading() as s:
            query = select(CriterionRow).where(CriterionRow.workshop_id == workshop_id).order_by(CriterionRow.position)
            return list(s.scalars(query))

    def add_criterion(self, workshop_id: int, name: str, *, per_outcome: bool, weight: float = 1.0) -> Edit:
        """A custom criterion at the end, scored per outcome or rated once per channel; ``result`` is its id."""
        key = criterion_key(name, [c.key for c in self._criteria(workshop_id)])
        edit = self.add("criterion", workshop_id, key=key, name=name, weight=weight, per_outcome=per_outcome)
        edit.label = "Add criterion"
        return edit

    def rename_criterion(self, criterion_id: int, name: str) -> Edit:
        """A criterion's name; its key (what scores, files and checks refer to) stays."""
        edit = self.update("criterion", criterion_id, name=name)
        edit.label = "Rename criterion"
        return edit

    def reset_criteria(self, workshop_id: int) -> Edit:
        """The default criteria back at their default weights (and kinds), one undoable edit; a default that was
        deleted comes back at the end; custom criteria stay as they are."""
        defaults = default_criteria()
        present = {name_key(c.key): c for c in self._criteria(workshop_id)}

        def run() -> None:
            for d in defaults:
                row = present.get(name_key(d.key))
                if row is None:
                    self.add("criterion", workshop_id, key=d.key, name=d.name, weight=d.weight,
                             per_outcome=d.per_outcome)  # fmt: skip
                elif (row.weight, row.per_outcome) != (d.weight, d.per_outcome):
                    self.update("criterion", row.id, weight=d.weight, per_outcome=d.per_outcome)

        return self.batch("Reset the default criteria", workshop_id, run)

    # -- channels ------------------------------------------------------------

    def missing_catalog_channels(self, workshop_id: int) -> list[Channel]:
        """The shipped catalog's channels this workshop lacks (compared as names are, aliases included)."""
        from workshop.services.catalog import catalog_channels

        with self._reading() as s:
            rows = list(s.scalars(select(ChannelRow).where(ChannelRow.workshop_id == workshop_id)))
        known = {name_key(n) for r in rows for n in (r.name, *(r.aliases or []))}
        return [c for c in catalog_channels() if name_key(c.name) not in known]

    def add_catalog_channels(self, workshop_id: int, names: Iterable[str]) -> Edit:
        """Channels of the shipped catalog, with their explicit ratings for criteria the workshop has, as one
        edit; ``result`` is the new channels' ids. A name the catalog does not offer (or the workshop has) is
        refused, naming it."""
        offered = {name_key(c.name): c for c in self.missing_catalog_channels(workshop_id)}
        wanted = list(dict.fromkeys(names))
        unknown = [n for n in wanted if name_key(n) not in offered]
        if unknown:
            raise DomainError([Problem("channel", n, "is not a catalog channel this workshop lacks") for n in unknown])
        criteria = {name_key(c.key): c.id for c in self._criteria(workshop_id) if not c.per_outcome}

        def run() -> list[int]:
            ids = []
            for n in wanted:
                c = offered[name_key(n)]
                fields = {"name": c.name, "kind": c.kind.value, "owner": c.owner, "portability": c.portability.value,
                          "platform_risk": c.platform_risk, "aliases": list(c.aliases)}  # fmt: skip
                cid = int(self.add("channel", workshop_id, **fields).result)
                for key, value in c.ratings.items():
                    if name_key(key) in criteria:
                        self.set_rating(cid, criteria[name_key(key)], value)
                ids.append(cid)
            return ids

        label = "Add a channel from the catalog" if len(wanted) == 1 else f"Add {len(wanted)} channels from the catalog"
        return self.batch(label, workshop_id, run)

    def set_retired(self, channel_id: int, retired: bool) -> Edit:
        """Retire a channel (hidden from pickers; what refers to it keeps counting) or bring it back."""
        edit = self.update("channel", channel_id, retired=retired)
        edit.label = "Retire channel" if retired else "Bring back channel"
        return edit
