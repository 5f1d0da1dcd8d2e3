"""Participants' file names: every rule of safe names, the clash suffixes, and a property over any list of names.

The reserved-name and clash checks here are written afresh from Microsoft's naming rules and Unicode case folding,
not taken from the code under test.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.export.file_names import (
    FALLBACK_STEM,
    file_names_in_order,
    is_reserved_name,
    participant_file_names,
    safe_file_stem,
)

DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"}
ILLEGAL = '<>:"/\\|?*'


def windows_device(file_name: str) -> bool:
    """Windows opens a device for its name before the first dot, spaces at the end ignored."""
    return file_name.split(".", 1)[0].rstrip(" ").upper() in DEVICES


def fold(file_name: str) -> str:
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", file_name).upper()).casefold()


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ('a<b>c:d"e/f\\g|h?i*j', "abcdefghij"),
        ("Ana\x00\x01\x1f\x7f Lee", "Ana Lee"),
        ("Ana\tLee\nSmith", "Ana Lee Smith"),
        ("  Ana   Lee  ", "Ana Lee"),
        ("Ana\u00a0\u3000Lee", "Ana Lee"),
        ("Ana...", "Ana"),
        ("Ana. . .", "Ana"),
        ("...Ana", "Ana"),
        (". .bashrc", "bashrc"),
        ("A.N. Other", "A.N. Other"),
        ("Zoë O'Brien-Łukasz", "Zoë O'Brien-Łukasz"),
        ("~$Ana", "Ana"),
        ("evil\u202eslx.exe", "evilslx.exe"),
        ("A:\u0300", "\u00c0"),
    ],
)
def test_the_stem_drops_what_some_system_refuses(name: str, stem: str) -> None:
    assert safe_file_stem(name) == stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("CON", "CON_"),
        ("con", "con_"),
        ("Prn", "Prn_"),
        ("aux", "aux_"),
        ("NUL ", "NUL_"),
        ("nul.", "nul_"),
        ("COM1", "COM1_"),
        ("com1.report", "com1_.report"),
        ("con.txt", "con_.txt"),
        ("CON .txt", "CON_ .txt"),
        ("Lpt9", "Lpt9_"),
        ("LPT¹", "LPT¹_"),
        ("com²", "com²_"),
        ("CONIN$", "CONIN$_"),
    ],
)
def test_windows_device_names_get_an_underscore(name: str, stem: str) -> None:
    assert safe_file_stem(name) == stem
    assert not windows_device(stem + ".xlsx")


@pytest.mark.parametrize("name", ["CONSOLE", "Connie", "COM10", "LPT", "NULL", "aux-team", "Nul Lee"])
def test_names_that_only_start_like_a_device_stay(name: str) -> None:
    assert safe_file_stem(name) == name


@pytest.mark.parametrize("name", ["", " ", "\t\n", "...", " . . ", "???", "\x00\x01", "\u202e", "~$"])
def test_nothing_left_becomes_participant(name: str) -> None:
    assert safe_file_stem(name) == FALLBACK_STEM


@pytest.mark.parametrize(
    "name",
    [
        "a" * 400,
        "é" * 300,
        "日本語" * 200,
        "😀" * 150,
        "👨\u200d👩\u200d👧" * 40,
        "🇩🇪🇫🇷" * 60,
        "e\u0301" * 300,
        "a" + "\u0301" * 500,
        "ΐ" * 200,
        "x" * 241 + "😀" * 5,
    ],
)
def test_long_names_fit_255_bytes_with_suffix_and_extension(name: str) -> None:
    stem = safe_file_stem(name)
    full = stem + " (12).xlsx"
    assert utf8_size(full) <= 255
    assert len(unicodedata.normalize("NFD", full).encode("utf-16-le")) // 2 <= 255  # HFS+ stores names as NFD
    full.encode("utf-8").decode("utf-8")
    assert name.startswith(stem) or unicodedata.normalize("NFC", name).startswith(stem)


def test_long_names_are_cut_between_whole_characters() -> None:
    family = "👨\u200d👩\u200d👧"
    assert len(safe_file_stem(family * 40)) % len(family) == 0
    flags = "🇩🇪"
    assert len(safe_file_stem(flags * 80)) % 2 == 0
    assert safe_file_stem("e\u0301" * 300) == "é" * (len(safe_file_stem("e\u0301" * 300)))
    assert safe_file_stem("x" * 242 + "y\u0301\u0302") == "x" * 242


def test_the_extension_counts_against_the_length() -> None:
    short = safe_file_stem("a" * 400, extension=".x")
    long = safe_file_stem("a" * 400, extension=".workbook")
    assert len(short) - len(long) == len(".workbook") - len(".x")
    assert utf8_size(long + " (999).workbook") == 255


@pytest.mark.parametrize("extension", ["xlsx", ".", ".xl?x", ".xlsx ", ".xlsx.", ". xlsx", "." + "x" * 300])
def test_an_unsafe_extension_is_refused(extension: str) -> None:
    with pytest.raises(ValueError, match="extension"):
        safe_file_stem("Ana", extension=extension)


def test_names_that_come_out_alike_get_numbered_in_order() -> None:
    assert participant_file_names(["Ana", "ana", "Ana?", "Ben"]) == {
        "Ana": "Ana.xlsx",
        "ana": "ana (2).xlsx",
        "Ana?": "Ana (3).xlsx",
        "Ben": "Ben.xlsx",
    }


def test_composed_and_decomposed_names_collide() -> None:
    composed, decomposed = "José", "Jose\u0301"
    assert composed != decomposed
    assert participant_file_names([composed, decomposed]) == {composed: "José.xlsx", decomposed: "José (2).xlsx"}


@pytest.mark.parametrize(("first", "second"), [("ı", "I"), ("Straße", "STRASSE"), ("ǅ", "ǆ"), ("ſam", "Sam")])
def test_case_is_compared_as_loosely_as_windows_or_macos_do(first: str, second: str) -> None:
    names = file_names_in_order([first, second])
    assert names[1].endswith(" (2).xlsx")


def test_a_generated_suffix_never_clashes_with_a_real_name() -> None:
    assert file_names_in_order(["Ana", "Ana (2)", "ana", "ANA (2)"]) == [
        "Ana.xlsx",
        "Ana (2).xlsx",
        "ana (3).xlsx",
        "ANA (2) (2).xlsx",
    ]


def test_empty_names_share_the_fallback_with_numbers() -> None:
    assert file_names_in_order(["", "  ", "Participant"]) == [
        "participant.xlsx",
        "participant (2).xlsx",
        "Participant (3).xlsx",
    ]


def test_a_name_listed_twice_gets_two_files_in_order_and_one_entry_by_name() -> None:
    assert file_names_in_order(["Ana", "Ana"]) == ["Ana.xlsx", "Ana (2).xlsx"]
    assert participant_file_names(["Ana", "Ana"]) == {"Ana": "Ana.xlsx"}


def test_suffixes_past_the_reserved_room_still_fit() -> None:
    names = file_names_in_order(["é" * 300] * 1200)
    assert names[-1].endswith(" (1200).xlsx")
    assert all(utf8_size(name) <= 255 for name in names)
    assert len({fold(name) for name in names}) == len(names)


def test_the_same_names_give_the_same_files() -> None:
    names = ["Ana", "ana", "CON", "", "José", "Jose\u0301", "😀" * 100]
    assert file_names_in_order(names) == file_names_in_order(list(names))


def test_is_reserved_name_reads_like_windows() -> None:
    assert is_reserved_name("nul.tar.gz")
    assert is_reserved_name("Com3 .xlsx")
    assert not is_reserved_name("com3_.xlsx")


_PIECES = st.sampled_from(
    [
        *(
            "CON",
            "nul",
            "Com1",
            "lpt¹",
            ".",
            "..",
            " ",
            "\t",
            "?",
            ":",
            "/",
            "\\",
            "\x00",
            "\x7f",
            "~$",
            "é",
            "e\u0301",
        ),
        *("ß", "SS", "ı", "I", "İ", "😀", "👨\u200d👩", "🇩🇪", "\u202e", "\u0301", "日本", "a" * 60, "é" * 40),
    ]
)
_ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates included: a str may hold them
_NAME = st.one_of(
    st.text(_ANY_CHARACTER, max_size=40),
    st.lists(st.one_of(_PIECES, st.text(_ANY_CHARACTER, max_size=3)), max_size=12).map("".join),
    st.text(_ANY_CHARACTER, min_size=200, max_size=400),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAME, max_size=12), extension=st.sampled_from([".xlsx", ".csv", ".interchange.json"]))
def test_any_names_give_unique_safe_files_that_can_be_created(names: list[str], extension: str, tmp_path: Path) -> None:
    file_names = file_names_in_order(names, extension)
    assert len(file_names) == len(names)
    assert len({fold(name) for name in file_names}) == len(file_names)
    by_name = participant_file_names(names, extension)
    assert list(by_name) == list(dict.fromkeys(names))
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        for file_name in file_names:
            assert file_name.endswith(extension)
            assert utf8_size(file_name) <= 255
            assert not any(ch in ILLEGAL or ord(ch) < 32 or ord(ch) == 127 for ch in file_name)
            assert not windows_device(file_name)
            assert file_name == unicodedata.normalize("NFC", file_name)
            assert file_name[0] not in ". " and file_name[: -len(extension)][-1] not in ". "
            with open(Path(folder) / file_name, "x") as handle:
                handle.write("")
        assert sorted(path.name for path in Path(folder).iterdir()) == sorted(file_names)
