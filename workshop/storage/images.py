"""Row images: what an edit changed, so that undo and redo can put it back exactly.

An edit captures the rows it may touch, with every row that depends on them through a
foreign key (cascaded children, and rows whose reference would be set to null), before
and after. Applying the "before" images undoes the edit; the "after" images redo it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, ForeignKey, Table, and_, bindparam, delete, insert, select, tuple_, update

from workshop.storage.orm import Base

RowKey = tuple[str, tuple[Any, ...]]  # (table name, primary key values)
Images = dict[RowKey, dict[str, Any] | None]

_TABLES: dict[str, Table] = dict(Base.metadata.tables)
_ORDER = [t.name for t in Base.metadata.sorted_tables]


def _referencing() -> dict[str, list[tuple[Table, ForeignKey]]]:
    refs: dict[str, list[tuple[Table, ForeignKey]]] = defaultdict(list)
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            refs[fk.column.table.name].append((table, fk))
    return refs


_REFERENCING = _referencing()


_PK_NAMES: dict[str, tuple[str, ...]] = {t.name: tuple(c.name for c in t.primary_key.columns) for t in _TABLES.values()}


def _pk(table: Table, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _PK_NAMES[table.name])


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    result = conn.execute(query)
    keys = list(result.keys())
    return [dict(zip(keys, r, strict=True)) for r in result]


def row_key(table_name: str, *pk: Any) -> RowKey:
    return (table_name, tuple(pk))


def _fetch(conn: Connection, table: Table, pks: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    cols = list(table.primary_key.columns)
    out: list[dict[str, Any]] = []
    for i in range(0, len(pks), 500):
        chunk = pks[i : i + 500]
        if len(cols) == 1:
            cond = _keys_in(cols, chunk)
        else:
            # A block of pairs (30 outcomes by 40 people) reads fastest as one IN per column, the few extra rows
            # filtered out here; scattered pairs, whose columns' product is far larger, as row values.
            values = [sorted({p[j] for p in chunk}) for j in range(len(cols))]
            product = 1
            for v in values:
                product *= len(v)
            if product <= 4 * len(chunk):
                wanted = set(chunk)
                where = and_(*(c.in_(v) for c, v in zip(cols, values, strict=True)))
                out += [row for row in _rows(conn, select(table).where(where)) if _pk(table, row) in wanted]
                continue
            cond = _keys_in(cols, chunk)
        out += _rows(conn, select(table).where(cond))
    return out


def _keys_in(cols: list[Any], chunk: list[tuple[Any, ...]]) -> Any:
    """Rows whose primary key is one of ``chunk``: an IN on one column, row values on several."""
    return cols[0].in_([p[0] for p in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)


def _delete(conn: Connection, table: Table, pks: list[tuple[Any, ...]]) -> None:
    """Delete the rows of these keys, 500 at a time."""
    cols = list(table.primary_key.columns)
    for i in range(0, len(pks), 500):
        chunk = pks[i : i + 500]
        conn.execute(delete(table).where(_keys_in(cols, chunk)))


def capture(conn: Connection, roots: Iterable[RowKey]) -> Images:
    """The rows named by ``roots`` and everything that depends on them, level by level."""
    images: Images = {}
    frontier: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for name, pk in roots:
        frontier[name].append(pk)
    expanded: set[RowKey] = set()
    while frontier:
        next_frontier: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for name, pks in frontier.items():
            table = _TABLES[name]
            wanted = [pk for pk in dict.fromkeys(pks) if (name, pk) not in expanded]
            if not wanted:
                continue
            rows = _fetch(conn, table, wanted)
            for row in rows:
                key = (name, _pk(table, row))
                images[key] = row
                expanded.add(key)
            for child, fk in _REFERENCING.get(name, []):
                values = [row[fk.column.name] for row in rows]
                if not values:
                    continue
                for i in range(0, len(values), 500):
                    found = conn.execute(select(child).where(fk.parent.in_(values[i : i + 500])))
                    for r in found:
                        child_row = dict(r._mapping)
                        child_pk = _pk(child, child_row)
                        if fk.ondelete == "CASCADE":
                            next_frontier[child.name].append(child_pk)
                        else:
                            images.setdefault((child.name, child_pk), child_row)
        frontier = next_frontier
    return images


def reread(conn: Connection, keys: Iterable[RowKey]) -> Images:
    """The current image of each key (None where the row is gone)."""
    by_table: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for name, pk in keys:
        by_table[name].append(pk)
    images: Images = {}
    for name, pks in by_table.items():
        table = _TABLES[name]
        found = {_pk(table, row): row for row in _fetch(conn, table, pks)}
        for pk in pks:
            images[(name, pk)] = found.get(pk)
    return images


def apply(conn: Connection, images: Images) -> None:
    """Make the database hold exactly these images: delete children first, write parents first; many rows of a
    table in a few statements (a block of 1,200 RACI cells undoes in one delete and one insert)."""
    by_table: dict[str, list[tuple[tuple[Any, ...], dict[str, Any] | None]]] = defaultdict(list)
    for (name, pk), row in images.items():
        by_table[name].append((pk, row))
    for name in reversed(_ORDER):
        gone = [pk for pk, row in by_table.get(name, []) if row is None]
        if gone:
            _delete(conn, _TABLES[name], gone)
    for name in _ORDER:
        table = _TABLES[name]
        cols = list(table.primary_key.columns)
        entries = [(pk, row) for pk, row in by_table.get(name, []) if row is not None]
        if not entries:
            continue
        existing = {_pk(table, r) for r in _fetch(conn, table, [pk for pk, _ in entries])}
        updates = [row for pk, row in entries if pk in existing]
        inserts = [row for pk, row in entries if pk not in existing]
        if updates:
            where = and_(*(c == bindparam(f"pk_{c.name}") for c in cols))
            params = [{**row, **{f"pk_{c.name}": row[c.name] for c in cols}} for row in updates]
            conn.execute(update(table).where(where).values({c.name: bindparam(c.name) for c in table.columns}), params)
        if inserts:
            conn.execute(insert(table), inserts)
