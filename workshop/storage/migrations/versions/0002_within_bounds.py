"""Bring stored data within the bounds of METHOD.md (Entities, Bounds); schema number 2.

Libraries made before the bounds may hold what the rules now refuse: numbers beyond their
range, control characters or line breaks in names, names and text longer than the limits.
This revision changes no table; it runs after the verified pre-migration backup and
- clamps every number to its bounds (a non-finite one becomes null where the field is
  optional, else its nearest bound),
- replaces line breaks and tabs in names by a space and removes other control characters;
  names and titles are cut to 500 characters, free text to 32,767,
- keeps names unique in their workshop as the folded ``*_key`` indexes demand (a name that
  now equals another gets " (2)", " (3)"...), a blank one becomes "(unnamed)",
- keeps dot budgets (a vote is lowered when the clamped budget is spent) and the origins of
  generated actions (rewritten with the cleaned keys and names),
and logs one line per change: table, row id, field, old value -> new value.

The bounds are written out here as this revision knows them, so it keeps doing the same
whatever later versions of the app allow.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from workshop.domain.text import name_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None
#: The ordered schema number this revision leaves in library_info.
SCHEMA_NUMBER = 2

#: Under the app's "workshop" logger, so each change reaches the log file.
log = logging.getLogger("workshop.storage.migrations.versions.0002_within_bounds")

NAME_MAX = 500
TEXT_MAX = 32_767
ORIGIN_MAX = len("choice:") + NAME_MAX + len(":") + NAME_MAX
UNNAMED = "(unnamed)"
NO_TEXT = "(no text)"
_LINE_BREAKS = re.compile(r"\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_ORIGIN = re.compile(r"^(manual|choice:.+:.+|fallback:.+)$", re.DOTALL)

# table, column, low, high, whole number, optional (may be null), low excluded
_NUMBERS: tuple[tuple[str, str, float, float, bool, bool, bool], ...] = (
    ("workshop", "dots_per_participant", 1, 1_000, True, False, False),
    ("workshop", "overload_limit", 0, 1_000, True, False, False),
    ("participant", "power", 1, 5, True, False, False),
    ("participant", "interest", 1, 5, True, False, False),
    ("stakeholder", "power", 1, 5, True, False, False),
    ("stakeholder", "interest", 1, 5, True, False, False),
    ("outcome", "kpi_baseline", -1e12, 1e12, False, True, False),
    ("outcome", "kpi_target", -1e12, 1e12, False, True, False),
    ("outcome", "value_per_unit", 0, 1e12, False, True, False),
    ("outcome", "annual_value", 0, 1e12, False, True, False),
    ("outcome", "confidence", 0, 1, False, False, False),
    ("criterion", "weight", 0, 1_000, False, False, False),
    ("channel", "platform_risk", 1, 5, True, False, False),
    ("rating", "value", 1, 5, True, False, False),
    ("score", "value", 1, 5, True, False, False),
    ("choice", "reliance", 0, 1_000, False, True, True),
    ("vote", "dots", 1, 1_000, True, False, False),
    ("action", "cost", 0, 1e12, False, False, False),
    ("action", "effort_days", 0, 36_500, False, False, False),
    ("agenda_item", "minutes", 0, 10_080, True, False, False),
)
#: Names and titles that may be empty (a missing one stays null).
_LABELS = (
    ("workshop", "title"),
    ("workshop", "organisation"),
    ("workshop", "facilitator"),
    ("participant", "role"),
    ("participant", "email"),
    ("stakeholder", "role"),
    ("outcome", "title"),
    ("outcome", "audience"),
    ("outcome", "kpi_metric"),
    ("outcome", "kpi_unit"),
    ("criterion", "name"),
    ("note", "by"),
)
#: Names that must be there and need no unique folded copy.
_REQUIRED_NAMES = (("action", "title"), ("channel", "owner"))
#: Names unique in their workshop: table, column, folded column.
_UNIQUE_NAMES = (
    ("department", "name", "name_key"),
    ("participant", "name", "name_key"),
    ("stakeholder", "name", "name_key"),
    ("channel", "name", "name_key"),
    ("outcome", "key", "key_folded"),
    ("criterion", "key", "key_folded"),
)


#: Tables whose rows are named by their key columns rather than an id.
_COMPOSITE_KEYS = {
    "rating": ("channel_id", "criterion_id"),
    "score": ("outcome_id", "channel_id", "criterion_id"),
    "choice": ("outcome_id", "channel_id"),
    "agenda_item": ("workshop_id", "stage"),
}


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) <= 61:
        return text
    return text[:60] + (f"… ({len(value)} characters)" if isinstance(value, str) else "…")


class _Changes:
    """Writes each change and logs it: table, row, field, old value -> new value."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.count = 0

    def set(self, table: str, key: str, row_id: int, column: str, old: Any, new: Any, row: str | None = None) -> None:
        sql = f'UPDATE "{table}" SET "{column}" = :new WHERE {key} = :id'
        self.conn.execute(sa.text(sql), {"new": new, "id": row_id})
        self.note(table, row or row_id, column, old, new)

    def note(self, table: str, row: int | str, column: str, old: Any, new: Any) -> None:
        self.count += 1
        log.info("Schema 2 changed %s %s, %s: %s -> %s", table, row, column, _shown(old), _shown(new))


def clean_name(value: str, limit: int = NAME_MAX) -> str:
    """A name within the bounds: line breaks and tabs become a space, other control characters go."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", value))[:limit]


def clean_text(value: str) -> str:
    """Free text within the bounds: tab and line breaks stay, other control characters go."""
    return _CONTROL_IN_TEXT.sub("", value)[:TEXT_MAX]


def clamp(value: Any, low: float, high: float, whole: bool, optional: bool, low_excluded: bool) -> Any:
    """The nearest value within the bounds; NaN is null where allowed, else the lower bound."""
    if value is None:
        return None if optional else low
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value  # not a number: no bound of this revision applies
    if isinstance(value, float) and math.isnan(value):
        return None if optional else low
    if low_excluded and value <= low:
        return None  # only reliance: without a positive value the default shares apply
    new: Any = min(max(value, low), high)
    if whole and isinstance(new, float):
        new = round(new)
    return new


def _rows(conn: sa.Connection, sql: str, **params: Any) -> list[Any]:
    return list(conn.execute(sa.text(sql), params))


def _clamp_numbers(conn: sa.Connection, changes: _Changes) -> None:
    for table, column, low, high, whole, optional, low_excluded in _NUMBERS:
        keys = _COMPOSITE_KEYS.get(table, ("id",))
        names = ", ".join(f'"{k}"' for k in keys)
        for row_id, value, *key in _rows(conn, f'SELECT rowid, "{column}", {names} FROM "{table}" ORDER BY rowid'):
            new = clamp(value, low, high, whole, optional, low_excluded)
            if new != value or type(new) is not type(value):
                named = ", ".join(f"{k} {v}" for k, v in zip(keys, key, strict=True))
                row = str(key[0]) if keys == ("id",) else f"({named})"
                changes.set(table, "rowid", row_id, column, value, new, row)


def _clean_texts(conn: sa.Connection, changes: _Changes) -> None:
    for table, column in _LABELS:
        for row_id, value in _rows(conn, f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid'):
            if isinstance(value, str) and clean_name(value) != value:
                changes.set(table, "rowid", row_id, column, value, clean_name(value))
    for table, column in _REQUIRED_NAMES:
        for row_id, value in _rows(conn, f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid'):
            new = clean_name(value) if isinstance(value, str) else UNNAMED
            new = new if new.strip() else UNNAMED
            if new != value:
                changes.set(table, "rowid", row_id, column, value, new)
    for row_id, value in _rows(conn, "SELECT rowid, notes FROM outcome ORDER BY rowid"):
        if isinstance(value, str) and clean_text(value) != value:
            changes.set("outcome", "rowid", row_id, "notes", value, clean_text(value))
    for row_id, value in _rows(conn, "SELECT rowid, text FROM note ORDER BY rowid"):
        new = clean_text(value) if isinstance(value, str) else NO_TEXT
        new = new if new.strip() else NO_TEXT
        if new != value:
            changes.set("note", "rowid", row_id, "text", value, new)


def _unique(name: str, taken: set[str]) -> str:
    """``name``, else ``name (2)``, ``name (3)``...: the first whose folded key is not taken."""
    if name_key(name) not in taken:
        return name
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[: NAME_MAX - len(suffix)] + suffix
        if name_key(candidate) not in taken:
            return candidate
        n += 1


def _clean_unique_names(conn: sa.Connection, changes: _Changes) -> dict[str, dict[int, tuple[str, str]]]:
    """Clean the names and keys that are unique in a workshop; returns table -> row id -> (old, new)."""
    renamed: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for table, column, folded in _UNIQUE_NAMES:
        by_workshop: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for row_id, workshop_id, value, key in _rows(
            conn, f'SELECT id, workshop_id, "{column}", "{folded}" FROM "{table}" ORDER BY workshop_id, position, id'
        ):
            by_workshop[workshop_id].append((row_id, value, key))
        for rows in by_workshop.values():
            final: dict[int, str] = {}
            for row_id, value, key in rows:
                cleaned = clean_name(value) if isinstance(value, str) else ""
                cleaned = cleaned if cleaned.strip() else UNNAMED
                if cleaned != value or key != name_key(cleaned):
                    final[row_id] = cleaned
            if not final:
                continue
            taken = {key for row_id, _value, key in rows if row_id not in final}
            for row_id, _value, _key in rows:
                if row_id in final:
                    final[row_id] = _unique(final[row_id], taken)
                    taken.add(name_key(final[row_id]))
            # Two steps, so that no new key meets an old one under the unique index on the way.
            for row_id in final:
                conn.execute(
                    sa.text(f'UPDATE "{table}" SET "{folded}" = :temporary WHERE id = :id'),
                    {"temporary": f"\x00schema-2:{row_id}", "id": row_id},
                )
            old = {row_id: (value, key) for row_id, value, key in rows}
            for row_id, new in final.items():
                conn.execute(
                    sa.text(f'UPDATE "{table}" SET "{column}" = :new, "{folded}" = :key WHERE id = :id'),
                    {"new": new, "key": name_key(new), "id": row_id},
                )
                if new != old[row_id][0]:
                    changes.note(table, row_id, column, old[row_id][0], new)
                    renamed[table][row_id] = (old[row_id][0], new)
                elif name_key(new) != old[row_id][1]:  # the folded copy alone was out of step
                    changes.note(table, row_id, folded, old[row_id][1], name_key(new))
    return renamed


def _clean_aliases(conn: sa.Connection, changes: _Changes) -> None:
    for row_id, raw in _rows(conn, "SELECT id, aliases FROM channel ORDER BY id"):
        try:
            aliases = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            aliases = []
        if not isinstance(aliases, list):
            aliases = []
        kept: list[str] = []
        seen: set[str] = set()
        for alias in aliases:
            if not isinstance(alias, str):
                continue
            cleaned = clean_name(alias)
            if cleaned.strip() and name_key(cleaned) not in seen:
                kept.append(cleaned)
                seen.add(name_key(cleaned))
        if kept != aliases:
            changes.set("channel", "id", row_id, "aliases", raw, json.dumps(kept))


def _keep_dot_budgets(conn: sa.Connection, changes: _Changes) -> None:
    """A participant's outcome dots, and their channel dots for one outcome, stay within the budget."""
    budgets = dict(_rows(conn, "SELECT id, dots_per_participant FROM workshop"))
    spent: dict[tuple[int, int | None], int] = defaultdict(int)  # (participant, outcome of channel dots)
    for vote_id, workshop_id, participant_id, outcome_id, channel_id, dots in _rows(
        conn,
        "SELECT vote.id, participant.workshop_id, vote.participant_id, vote.outcome_id, vote.channel_id, vote.dots "
        "FROM vote JOIN participant ON participant.id = vote.participant_id ORDER BY vote.id",
    ):
        budget = budgets.get(workshop_id, 1)
        group = (participant_id, None if channel_id is None else outcome_id)
        left = budget - spent[group]
        if dots <= left:
            spent[group] += dots
        elif left >= 1:
            spent[group] += left
            changes.set("vote", "id", vote_id, "dots", dots, left)
        else:
            conn.execute(sa.text("DELETE FROM vote WHERE id = :id"), {"id": vote_id})
            changes.note("vote", vote_id, "dots", dots, None)


def _origin_renames(conn: sa.Connection, renamed: dict[str, dict[int, tuple[str, str]]]) -> dict[int, dict[str, str]]:
    """Per workshop, each generated origin made of a renamed outcome key or channel name -> its new spelling."""
    outcomes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    channels: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for table, into in (("outcome", outcomes), ("channel", channels)):
        column = "key" if table == "outcome" else "name"
        for row_id, workshop_id, value in _rows(conn, f'SELECT id, workshop_id, "{column}" FROM "{table}"'):
            old, new = renamed.get(table, {}).get(row_id, (value, value))
            into[workshop_id].append((old, new))
    rewrites: dict[int, dict[str, str]] = defaultdict(dict)
    for workshop_id in outcomes.keys() | channels.keys():
        for old_key, new_key in outcomes[workshop_id]:
            if old_key != new_key:
                rewrites[workshop_id][f"fallback:{old_key}"] = f"fallback:{new_key}"
            for old_name, new_name in channels[workshop_id]:
                if old_key != new_key or old_name != new_name:
                    rewrites[workshop_id][f"choice:{old_key}:{old_name}"] = f"choice:{new_key}:{new_name}"
    return rewrites


def _clean_origin(origin: Any, rewrites: dict[str, str], *, generated_only: bool) -> str | None:
    if not isinstance(origin, str):
        return None if generated_only else "manual"
    new = rewrites.get(origin)
    if new is None:
        new = clean_name(origin, ORIGIN_MAX)
    if not _ORIGIN.match(new) or (generated_only and new == "manual"):
        return None if generated_only else "manual"
    return new


def _clean_origins(conn: sa.Connection, changes: _Changes, renamed: dict[str, dict[int, tuple[str, str]]]) -> None:
    rewrites = _origin_renames(conn, renamed)
    for row_id, workshop_id, origin in _rows(conn, "SELECT id, workshop_id, origin FROM action ORDER BY id"):
        new = _clean_origin(origin, rewrites.get(workshop_id, {}), generated_only=False)
        if new != origin:
            changes.set("action", "id", row_id, "origin", origin, new)
    by_workshop: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row_id, workshop_id, origin in _rows(conn, "SELECT id, workshop_id, origin FROM dismissed_origin ORDER BY id"):
        by_workshop[workshop_id].append((row_id, origin))
    for workshop_id, rows in by_workshop.items():
        final = {row_id: _clean_origin(o, rewrites.get(workshop_id, {}), generated_only=True) for row_id, o in rows}
        changed = {row_id for row_id, origin in rows if final[row_id] != origin}
        if not changed:
            continue
        kept = {origin for row_id, origin in rows if row_id not in changed}
        for row_id in changed:
            conn.execute(sa.text("DELETE FROM dismissed_origin WHERE id = :id"), {"id": row_id})
        for row_id, origin in rows:
            if row_id not in changed:
                continue
            new = final[row_id]
            if new is None or new in kept:
                changes.note("dismissed_origin", row_id, "origin", origin, None)
                continue
            kept.add(new)
            conn.execute(
                sa.text("INSERT INTO dismissed_origin (id, workshop_id, origin) VALUES (:id, :workshop_id, :origin)"),
                {"id": row_id, "workshop_id": workshop_id, "origin": new},
            )
            changes.note("dismissed_origin", row_id, "origin", origin, new)


def bring_within_bounds(conn: sa.Connection) -> int:
    """Every change this revision makes to stored data; returns how many values it changed."""
    changes = _Changes(conn)
    _clamp_numbers(conn, changes)
    _clean_texts(conn, changes)
    renamed = _clean_unique_names(conn, changes)
    _clean_aliases(conn, changes)
    _keep_dot_budgets(conn, changes)
    _clean_origins(conn, changes, renamed)
    return changes.count


def upgrade() -> None:
    conn = op.get_bind()
    changed = bring_within_bounds(conn)
    if changed:
        # A change like any other: the next open backs the library up again.
        conn.execute(sa.text("UPDATE library_info SET data_version = data_version + 1 WHERE id = 1"))
        log.warning(
            "Schema 2 brought %d stored value(s) within the bounds of the method; "
            "the log lists each change and the pre-migration backup keeps the old values.",
            changed,
        )
    conn.execute(sa.text("UPDATE library_info SET schema_number = :n WHERE id = 1"), {"n": SCHEMA_NUMBER})


def downgrade() -> None:
    # Values brought within the bounds stay so (the pre-migration backup holds the old ones).
    op.get_bind().execute(sa.text("UPDATE library_info SET schema_number = 1 WHERE id = 1"))
