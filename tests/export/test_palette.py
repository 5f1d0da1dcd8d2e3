"""The one palette: a colour for every member of every enum, distinct, and distinct for colour-blind eyes.

Colour-vision deficiency is simulated here in plain Python, not with the code under test: Machado,
Oliveira and Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
Deficiency" (IEEE TVCG 15(6)), severity 1.0 (dichromacy), applied in linear RGB; the simulated
colours are compared in CIELAB (D65) with CIEDE2000. Contrast follows WCAG 2.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from enum import Enum

import pytest

from workshop.domain.enums import ActionStatus, ChannelKind, OutcomeCategory, RaciRole, Severity
from workshop.export import palette
from workshop.export.palette import (
    CATEGORY_COLOURS,
    CHANNEL_KIND_COLOURS,
    RACI_COLOURS,
    READY_COLOUR,
    READY_TEXT_COLOUR,
    SEVERITY_COLOURS,
    SEVERITY_TEXT_COLOURS,
    STATUS_COLOURS,
    contrast_ratio,
    text_colour_on,
)

WHITE, BLACK = "#FFFFFF", "#000000"

#: Machado et al. (2009), Table 1, severity 1.0, for linear RGB.
MACHADO_2009: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("normal", *MACHADO_2009)

#: The least CIEDE2000 difference two colours of a group keep, for every vision. Okabe-Ito's eight
#: keep 10.9 (orange and reddish purple, tritanopia) and Petroff's ten 11.9; a red and a green of
#: similar lightness, the naive choice, fall far below (see the tests at the end).
MIN_DELTA_E = 10.0

Lab = tuple[float, float, float]

# -- colour science, in plain Python -------------------------------------------------------------------


def linear_rgb(colour: str) -> tuple[float, float, float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def simulate(rgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    """The linear RGB a dichromat sees, clipped to the displayable range."""
    if vision == "normal":
        return rgb
    m = MACHADO_2009[vision]
    r, g, b = (min(1.0, max(0.0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])) for row in m)
    return r, g, b


def cielab(rgb: tuple[float, float, float]) -> Lab:
    """CIELAB (D65 white) of a linear sRGB colour."""
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lp_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    else:
        hp_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    d_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (lp_mean - 50) ** 2 / math.sqrt(20 + (lp_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dlp / s_l) ** 2 + (dcp / s_c) ** 2 + (dhp_big / s_h) ** 2 + r_t * (dcp / s_c) * (dhp_big / s_h))


def seen_difference(a: str, b: str, vision: str) -> float:
    return ciede2000(cielab(simulate(linear_rgb(a), vision)), cielab(simulate(linear_rgb(b), vision)))


def closest_pair(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min((seen_difference(colours[x], colours[y], vision), x, y) for x, y in itertools.combinations(colours, 2))


def wcag_contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = linear_rgb(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


# -- the groups --------------------------------------------------------------------------------------

ENUM_GROUPS: list[tuple[str, type[Enum], dict]] = [  # type: ignore[type-arg]
    ("CATEGORY_COLOURS", OutcomeCategory, CATEGORY_COLOURS),
    ("CHANNEL_KIND_COLOURS", ChannelKind, CHANNEL_KIND_COLOURS),
    ("RACI_COLOURS", RaciRole, RACI_COLOURS),
    ("SEVERITY_COLOURS", Severity, SEVERITY_COLOURS),
    ("SEVERITY_TEXT_COLOURS", Severity, SEVERITY_TEXT_COLOURS),
    ("STATUS_COLOURS", ActionStatus, STATUS_COLOURS),
]


def _named(mapping: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {str(k.value): v for k, v in mapping.items()}


#: Colours shown side by side, which must be told apart: each group, the ready colour with the severities.
GROUPS: dict[str, dict[str, str]] = {
    "categories": _named(CATEGORY_COLOURS),
    "channel kinds": _named(CHANNEL_KIND_COLOURS),
    "RACI roles": _named(RACI_COLOURS),
    "severities and ready": {**_named(SEVERITY_COLOURS), "ready": READY_COLOUR},
    "severity texts and ready text": {**_named(SEVERITY_TEXT_COLOURS), "ready": READY_TEXT_COLOUR},
    "action statuses": _named(STATUS_COLOURS),
}
FILLS = sorted({c for name, group in GROUPS.items() if name != "severity texts and ready text" for c in group.values()})


@pytest.mark.parametrize("name, enum, mapping", ENUM_GROUPS, ids=[g[0] for g in ENUM_GROUPS])
def test_every_member_of_the_enum_has_a_colour(name: str, enum: type[Enum], mapping: dict) -> None:  # type: ignore[type-arg]
    assert set(mapping) == set(enum), f"{name} must colour exactly the members of {enum.__name__}"


def test_there_are_ten_categories_with_ten_colours() -> None:
    assert len(CATEGORY_COLOURS) == len(OutcomeCategory) == 10


@pytest.mark.parametrize("group", GROUPS, ids=list(GROUPS))
def test_colours_are_hex_and_distinct_within_a_group(group: str) -> None:
    colours = list(GROUPS[group].values())
    assert all(len(c) == 7 and c[0] == "#" and int(c[1:], 16) >= 0 for c in colours), colours
    assert len({c.upper() for c in colours}) == len(colours), colours


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("group", GROUPS, ids=list(GROUPS))
def test_each_group_stays_apart_for_every_vision(group: str, vision: str) -> None:
    distance, a, b = closest_pair(GROUPS[group], vision)
    assert distance >= MIN_DELTA_E, f"{group}: {a} and {b} differ by only {distance:.1f} for {vision}"


def test_the_published_sets_themselves_pass() -> None:
    okabe_ito = {c: c for c in palette.OKABE_ITO}
    petroff = {c: c for c in palette.PETROFF_10}
    for vision in VISIONS:
        assert closest_pair(okabe_ito, vision)[0] >= MIN_DELTA_E, vision
        assert closest_pair(petroff, vision)[0] >= MIN_DELTA_E, vision


# -- contrast ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", [*SEVERITY_TEXT_COLOURS.values(), READY_TEXT_COLOUR])
def test_text_colours_read_on_white(colour: str) -> None:
    assert wcag_contrast(colour, WHITE) >= 4.5
    assert contrast_ratio(colour, WHITE) == pytest.approx(wcag_contrast(colour, WHITE))


@pytest.mark.parametrize("fill", FILLS)
def test_text_on_every_fill_is_black_or_white_and_reads(fill: str) -> None:
    text = text_colour_on(fill)
    assert text in (BLACK, WHITE)
    other = WHITE if text == BLACK else BLACK
    assert wcag_contrast(fill, text) >= wcag_contrast(fill, other)
    assert wcag_contrast(fill, text) >= 4.5


def test_text_colour_on_the_extremes_and_a_mid_grey() -> None:
    assert text_colour_on(WHITE) == BLACK
    assert text_colour_on(BLACK) == WHITE
    assert text_colour_on("#0072B2") == WHITE  # Okabe-Ito blue: 5.2 with white, 4.0 with black
    assert text_colour_on("#E69F00") == BLACK  # orange: 9.3 with black, 2.3 with white


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white


@pytest.mark.parametrize("bad", ["red", "#FFF", "#GGGGGG", "000000", "#0000000"])
def test_a_malformed_colour_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        text_colour_on(bad)


# -- the measures can fail -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "red, green, vision",
    [
        ("#D62728", "#2CA02C", "deuteranopia"),  # matplotlib's default red and green (tab10): 4.6
        ("#FF0000", "#008000", "protanopia"),  # pure red against the web's "green": 7.7
        ("#9C0006", "#006100", "deuteranopia"),  # a spreadsheet's "bad" and "good" text: 3.4
    ],
)
def test_a_naive_red_and_green_fail_the_check(red: str, green: str, vision: str) -> None:
    assert seen_difference(red, green, "normal") > 50  # obvious to normal vision
    assert closest_pair({"red": red, "green": green}, vision)[0] < MIN_DELTA_E


def test_ciede2000_matches_sharma_wu_dalal_test_data() -> None:
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ]
    for lab1, lab2, expected in pairs:
        assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
        assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_keeps_greys_and_merges_red_with_green() -> None:
    for vision in MACHADO_2009:
        assert seen_difference("#808080", "#808080", vision) == 0
        grey = simulate(linear_rgb("#808080"), vision)
        assert max(grey) - min(grey) < 1e-3  # a neutral stays neutral
    # dichromats lose one opponent axis: red-green for protanopes and deuteranopes, blue-yellow for tritanopes
    assert seen_difference("#D62728", "#2CA02C", "deuteranopia") < seen_difference("#D62728", "#2CA02C", "tritanopia")
    assert seen_difference("#0072B2", "#009E73", "tritanopia") < seen_difference("#0072B2", "#009E73", "deuteranopia")


# -- one module, no Qt -------------------------------------------------------------------------------


def test_the_palette_imports_neither_qt_nor_matplotlib() -> None:
    code = (
        "import sys, workshop.export.palette; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'matplotlib')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
