"""What the difference of two workshops is built from: items paired across the two, and values written in words.

Items are paired by their identity (a name or key, compared as the method compares names; a title with its
occurrence where titles may repeat). An item gone from one place and a new one in the same place that agrees
on everything that identifies it otherwise is a rename; anything less certain stays a removal and an addition.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Generic, TypeVar

from workshop.domain.text import name_key

T = TypeVar("T")

#: How long a free text may be in a line before it is shortened.
TEXT_WIDTH = 60


@dataclass
class Matching(Generic[T]):
    """Two lists' items paired: every item once, in the room's order (the new list's, with a removed item
    placed after its old neighbour)."""

    entries: list[tuple[T | None, T | None]] = field(default_factory=list)
    #: (before, after) pairs whose identity changed: renamed items.
    renamed: list[tuple[T, T]] = field(default_factory=list)
    #: (before, after, old position, new position), 1-based: items whose place among the others changed.
    moved: list[tuple[T, T, int, int]] = field(default_factory=list)


def occurrences(texts: Sequence[str]) -> list[tuple[str, int]]:
    """Keys for items whose text may repeat (actions, notes): the folded text and which occurrence it is."""
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        folded = name_key(text)
        seen[folded] = seen.get(folded, -1) + 1
        keys.append((folded, seen[folded]))
    return keys


def match(
    before: Sequence[T],
    after: Sequence[T],
    key: Callable[[T], Hashable] | Sequence[Hashable],
    alike: Callable[[T, T], bool] | None = None,
) -> Matching[T]:
    """Pair ``before`` with ``after`` by ``key`` (a function, or the keys of before then after in one list);
    an unpaired old item and an unpaired new one in the same place are a rename when ``alike`` says so."""
    if callable(key):
        keys_b = [key(x) for x in before]
        keys_a = [key(x) for x in after]
    else:
        keys_b, keys_a = list(key[: len(before)]), list(key[len(before) :])
    where_a = {k: j for j, k in enumerate(keys_a)}
    pair: dict[int, int] = {i: where_a[k] for i, k in enumerate(keys_b) if k in where_a}
    out: Matching[T] = Matching()
    if alike is not None:
        _renames(before, after, (keys_b, keys_a), pair, alike, out)
    of_a = {j: i for i, j in pair.items()}
    anchored: dict[int, list[int]] = {}
    last = -1
    for i in range(len(before)):
        if i in pair:
            last = pair[i]
        else:
            anchored.setdefault(last, []).append(i)
    out.entries += [(before[i], None) for i in anchored.get(-1, [])]
    for j, item in enumerate(after):
        out.entries.append((before[of_a[j]] if j in of_a else None, item))
        out.entries += [(before[i], None) for i in anchored.get(j, [])]
    in_order = sorted(pair)
    steady = _kept_in_order([(i, pair[i]) for i in in_order])
    out.moved = [(before[i], after[pair[i]], i + 1, pair[i] + 1) for i in in_order if pair[i] not in steady]
    return out


def _renames(
    before: Sequence[T],
    after: Sequence[T],
    keys: tuple[list[Hashable], list[Hashable]],
    pair: dict[int, int],
    alike: Callable[[T, T], bool],
    out: Matching[T],
) -> None:
    """Unpaired items between the same paired neighbours pair up when alike: in order when as many went as came,
    else the closest names first (a list that lost one item and renamed another)."""
    of_a = set(pair.values())
    gaps_b: dict[int, list[int]] = {}
    last = -1
    for i in range(len(before)):
        if i in pair:
            last = pair[i]
        else:
            gaps_b.setdefault(last, []).append(i)
    gaps_a: dict[int, list[int]] = {}
    last = -1
    for j in range(len(after)):
        if j in of_a:
            last = j
        else:
            gaps_a.setdefault(last, []).append(j)
    for gap, gone in gaps_b.items():
        came = gaps_a.get(gap, [])
        if len(came) == len(gone):
            candidates = list(zip(gone, came, strict=True))
        else:
            ranked = sorted(
                ((i, j) for i in gone for j in came),
                key=lambda ij: -SequenceMatcher(None, str(keys[0][ij[0]]), str(keys[1][ij[1]])).ratio(),
            )
            candidates = []
            for i, j in ranked:
                if all((i < i2) == (j < j2) and i != i2 and j != j2 for i2, j2 in candidates):
                    candidates.append((i, j))
            candidates.sort()
        for i, j in candidates:
            if alike(before[i], after[j]):
                pair[i] = j
                out.renamed.append((before[i], after[j]))


def _kept_in_order(pairs: list[tuple[int, int]]) -> set[int]:
    """The new positions of the most items that kept their order among themselves; between as many, those that
    moved least, so that one item dragged up the list is the one said to move."""
    values = [j for _, j in pairs]
    if len(values) > 2000:  # longer than any room's list: the plain longest rising run, in n log n
        return _longest_rising(values)
    best: list[tuple[int, int]] = []  # per item: (length, -displacement) of the best run ending there
    back: list[int] = []
    for n, (i, j) in enumerate(pairs):
        score, prev = (1, -abs(i - j)), -1
        for m in range(n):
            if values[m] < j:
                candidate = (best[m][0] + 1, best[m][1] - abs(i - j))
                if candidate > score:
                    score, prev = candidate, m
        best.append(score)
        back.append(prev)
    kept: set[int] = set()
    n = max(range(len(best)), key=best.__getitem__, default=-1)
    while n != -1:
        kept.add(values[n])
        n = back[n]
    return kept


def _longest_rising(values: list[int]) -> set[int]:
    """The values of a longest strictly rising subsequence."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(values)
    for n, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        back[n] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(v)
            tail_at.append(n)
        else:
            tails[k] = v
            tail_at[k] = n
    kept: set[int] = set()
    n = tail_at[-1] if tail_at else -1
    while n != -1:
        kept.add(values[n])
        n = back[n]
    return kept


# -- values in words -----------------------------------------------------------


def same(a: object, b: object) -> bool:
    """Equal as a person would read them: floats within rounding noise, texts exactly."""
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool | str):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def number(value: float | None) -> str:
    """12000.0 -> "12,000", 0.6000000001 -> "0.6", 2.5 -> "2.5"."""
    if value is None:
        return "none"
    v = float(f"{value:.9g}")
    if v.is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.9g}"


def money(value: float | None, currency: str) -> str:
    return "none" if value is None else f"{number(value)} {currency}".rstrip()


def date(value: dt.date | None) -> str:
    """A date as read aloud: "1 May 2026"."""
    if value is None:
        return "none"
    text = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        text += f" {value:%H:%M}"
    return text


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def quoted(text: str | None, width: int = TEXT_WIDTH) -> str:
    """A text in quotes, on one line, shortened when long."""
    flat = " ".join((text or "").split())
    if len(flat) > width:
        flat = flat[: width - 1].rstrip() + "…"
    return f'"{flat}"'


def dots(n: int) -> str:
    return f"{n} dot" if n == 1 else f"{n} dots"


def field_change(
    subject: str,
    name: str,
    old: Any,
    new: Any,
    show: Callable[[Any], str],
    show_new: Callable[[Any], str] | None = None,
) -> str:
    """ "Participant Ana: role changed from "CMO" to "CEO"", or "set to", or "cleared (was ...)"."""
    show_new = show_new or show
    if old is None or old == "":
        return f"{subject}: {name} set to {show_new(new)}"
    if new is None or new == "":
        return f"{subject}: {name} cleared (was {show(old)})"
    return f"{subject}: {name} changed from {show(old)} to {show_new(new)}"
