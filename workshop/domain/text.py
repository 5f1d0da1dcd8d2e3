"""How the method compares names and words: trimmed case-folded names, Unicode tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The identity of a name: unique among its kind, compared case-insensitively after trimming."""
    return name.strip().casefold()


def tokens(text: str | None) -> tuple[str, ...]:
    """Runs of Unicode letters and digits, case-folded ("Google+ page" -> google, page)."""
    if not text:
        return ()
    return tuple(t.casefold() for t in _TOKEN.findall(text))


def appears(name: str, text_tokens: tuple[str, ...]) -> bool:
    """True when the tokens of ``name`` occur consecutively in ``text_tokens``."""
    return appears_tokens(tokens(name), text_tokens)


def appears_tokens(needle: tuple[str, ...], text_tokens: tuple[str, ...]) -> bool:
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    start = 0
    while True:
        try:
            i = text_tokens.index(first, start)
        except ValueError:
            return False
        if text_tokens[i : i + n] == needle:
            return True
        start = i + 1


def any_appears(names: Iterable[str], text_tokens: tuple[str, ...]) -> str | None:
    """The first of ``names`` that appears in ``text_tokens``, else None."""
    for name in names:
        if appears(name, text_tokens):
            return name
    return None


def name_sort_key(name: str) -> tuple[str, str]:
    """Tie-break order of the method: case-folded, then as written."""
    return (name.casefold(), name)


_NUMBERED_KEY = re.compile(r"^[Oo](\d{1,9})$")


def next_outcome_key(keys: Iterable[str]) -> str:
    """A new outcome's key: ``O<n+1>`` after the highest number in use ("O1", "O7" -> "O8"; none -> "O1")."""
    numbers = [int(m.group(1)) for k in keys if (m := _NUMBERED_KEY.match(k.strip()))]
    return f"O{max(numbers, default=0) + 1}"
