"""Participants' workbook file names: a person's name made safe to create on Windows, macOS and Linux.

Pure string work, no file system: the same names come out wherever the export runs, so a folder written on one
machine copies to another without a clash or a rename.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: The longest path component NTFS (UTF-16 units), APFS and ext4 (UTF-8 bytes) all accept.
MAX_COMPONENT_BYTES = 255
#: What a stem falls back to when nothing of the name survives.
FALLBACK_STEM = "participant"
DEFAULT_EXTENSION = ".xlsx"
#: Room kept free after every stem, so a clash suffix up to " (999)" needs no second cut.
_SUFFIX_ROOM = len(" (999)")

_ILLEGAL = frozenset('<>:"/\\|?*')
#: Bidirectional embedding, override and isolate controls: legal, but they let "xslx.exe" read as "exe.xlsx".
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_DIGITS = "0123456789¹²³"
#: Windows device names: opening "NUL.xlsx" or "com1 .xlsx" opens the device, not a file.
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in _DIGITS}
)
_ZWJ = "\u200d"
_WHITESPACE = re.compile(r"\s+")


def safe_file_stem(name: str, *, extension: str = DEFAULT_EXTENSION) -> str:
    """The participant's name as a file stem every desktop system can create, short enough for ``extension``.

    Leaves room for a clash suffix such as " (12)" so that ``participant_file_names`` need not cut again.
    """
    _check_extension(extension)
    stem = _clean(name)
    budget = MAX_COMPONENT_BYTES - _measure(extension) - _SUFFIX_ROOM
    stem = _avoid_reserved(_fit(_avoid_reserved(stem), budget).strip(" ."))
    return stem or FALLBACK_STEM


def participant_file_names(names: Sequence[str], extension: str = DEFAULT_EXTENSION) -> dict[str, str]:
    """Each distinct name's file name (stem and ``extension``), in order, unique as Windows and macOS compare names.

    A name listed twice has one entry; ``file_names_in_order`` gives one file name per position instead.
    """
    result: dict[str, str] = {}
    for name, file_name in zip(names, file_names_in_order(names, extension), strict=True):
        result.setdefault(name, file_name)
    return result


def file_names_in_order(names: Sequence[str], extension: str = DEFAULT_EXTENSION) -> list[str]:
    """One file name per position: a later name that comes out like an earlier one gets " (2)", " (3)"...

    Two participants may share a name; each still needs a workbook of their own.
    """
    _check_extension(extension)
    budget = MAX_COMPONENT_BYTES - _measure(extension)
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        stem = safe_file_stem(name, extension=extension)
        candidate = stem
        number = 1
        while _clash_key(candidate) in taken:
            number += 1
            suffix = f" ({number})"
            candidate = _fit(stem, budget - _measure(suffix)).rstrip(" .") + suffix
        taken.add(_clash_key(candidate))
        result.append(candidate + extension)
    return result


def is_reserved_name(file_name: str) -> bool:
    """Whether Windows reads ``file_name`` as a device: the part before the first dot, trailing spaces dropped."""
    return file_name.split(".", 1)[0].rstrip(" ").upper() in RESERVED_NAMES


def _clean(name: str) -> str:
    """NFC, then drop what no system, or not every system, takes in a name; trim dots and spaces at the ends."""
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", name))  # a tab or line break parts words as a space
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if not _is_dropped(ch)))  # "A:\u0300" -> "À"
    text = _WHITESPACE.sub(" ", text).strip(" .")
    while text.startswith("~$"):  # Office's lock-file prefix: Excel, OneDrive and SharePoint skip such files
        text = text[2:].lstrip(" .")
    return text


def _is_dropped(ch: str) -> bool:
    """Illegal on Windows, a control character, a lone surrogate (no UTF-8 for it) or a bidi control."""
    code = ord(ch)
    return (
        ch in _ILLEGAL
        or code < 32
        or code == 127
        or 0xD800 <= code <= 0xDFFF
        or ch in _BIDI_CONTROLS
        or unicodedata.category(ch) == "Cc"
    )


def _avoid_reserved(stem: str) -> str:
    """Put "_" right after a device name's base, so "com1.report" becomes "com1_.report", not a device."""
    if not is_reserved_name(stem):
        return stem
    base = stem.split(".", 1)[0].rstrip(" ")
    return base + "_" + stem[len(base) :]


def _measure(text: str) -> int:
    """Bytes in UTF-8 (ext4, APFS) or UTF-16 units after NFD (HFS+ stores names decomposed), whichever is more."""
    return max(len(text.encode("utf-8")), len(unicodedata.normalize("NFD", text).encode("utf-16-le")) // 2)


def _fit(text: str, budget: int) -> str:
    """The longest start of ``text`` within ``budget``, cut between user-perceived characters where possible."""
    if _measure(text) <= budget:
        return text
    kept: list[str] = []
    used = 0
    clusters = _clusters(text)
    for cluster in clusters:
        size = _measure(cluster)
        if used + size > budget:
            break
        kept.append(cluster)
        used += size
    result = "".join(kept)
    if not kept and clusters:  # one cluster alone is too long (a pile of marks): cut it between code points
        for ch in clusters[0]:
            if _measure(result + ch) > budget:
                break
            result += ch
    result = unicodedata.normalize("NFC", result)
    while result and _measure(result) > budget:
        result = result[:-1]
    return result


def _clusters(text: str) -> list[str]:
    """Approximate grapheme clusters: a base with its marks, joiners, variation selectors, modifiers and flag pairs."""
    clusters: list[str] = []
    for index, ch in enumerate(text):
        if clusters and _continues(text, index):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _continues(text: str, index: int) -> bool:
    """Whether the character at ``index`` belongs with the one before it (UAX #29, the cases names meet)."""
    ch, before = text[index], text[index - 1]
    code = ord(ch)
    if before == _ZWJ or ch == _ZWJ or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return True
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0xE0020 <= code <= 0xE007F:
        return True  # variation selectors and emoji tag characters
    if 0x1F3FB <= code <= 0x1F3FF:
        return True  # skin-tone modifiers
    if _is_regional_indicator(ch) and _is_regional_indicator(before):
        run = 0
        while index - run - 1 >= 0 and _is_regional_indicator(text[index - run - 1]):
            run += 1
        return run % 2 == 1  # flags are pairs: the second of a pair continues, the next starts a new flag
    return False


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _clash_key(stem: str) -> str:
    """Equal for names Windows (upper-case table) or macOS (case folding, normalization-insensitive) takes as one."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", stem).upper()).casefold()
    return unicodedata.normalize("NFD", folded)


def _check_extension(extension: str) -> None:
    """An extension that would itself make the name unsafe is a programming error, not a participant's."""
    if (
        len(extension) < 2
        or not extension.startswith(".")
        or extension != extension.rstrip(" .")
        or any(_is_dropped(ch) or ch.isspace() for ch in extension)
        or _measure(extension) > MAX_COMPONENT_BYTES - _SUFFIX_ROOM - 1
    ):
        raise ValueError(f"not a file extension: {extension!r}")
