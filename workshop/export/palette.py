"""Every colour that means something, defined once for the stages, the charts and the workbooks.

Colours are ``"#RRGGBB"`` strings keyed by the method's own enums, so a new category, kind, role,
severity or status without a colour fails its test. Each group stays apart for colour-vision deficiency
(tests/export/test_palette.py simulates protanopia, deuteranopia and tritanopia). Sources:

- Okabe, M. and Ito, K. (2008), "Color Universal Design (CUD): how to make figures and presentations
  that are friendly to colorblind people", https://jfly.uni-koeln.de/color/ : the eight colours below,
  for every group of at most eight.
- Petroff, M. A. (2021), "Accessible Color Sequences for Data Visualization", arXiv:2107.02270: the
  ten-colour sequence (matplotlib's ``petroff10`` style), whose colours were constrained to stay apart
  under simulated colour-vision deficiency, for the ten outcome categories.

Pure Python: no Qt, no matplotlib, so that the UI (through ``QColor(hex)``) and the exports share it.
"""

from __future__ import annotations

import re

from workshop.domain.enums import ActionStatus, ChannelKind, OutcomeCategory, RaciRole, Severity

# -- Okabe-Ito ---------------------------------------------------------------------------------------

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)

#: Petroff (2021), ten colours, in the published order (the first ones are the most distinct).
PETROFF_10 = (
    "#3F90DA",
    "#FFA90E",
    "#BD1F01",
    "#94A4A2",
    "#832DB6",
    "#A96B59",
    "#E76300",
    "#B9AC70",
    "#717581",
    "#92DADD",
)

# -- what the colours mean ---------------------------------------------------------------------------

#: The ten outcome categories, in the method's order, take Petroff's sequence in its order.
CATEGORY_COLOURS: dict[OutcomeCategory, str] = dict(zip(OutcomeCategory, PETROFF_10, strict=True))

#: Owned is the safe green, rented the exposed vermillion; yellow, hard to see on white, is left out.
CHANNEL_KIND_COLOURS: dict[ChannelKind, str] = {
    ChannelKind.OWNED: BLUISH_GREEN,
    ChannelKind.RENTED: VERMILLION,
    ChannelKind.EARNED: SKY_BLUE,
    ChannelKind.PAID: ORANGE,
    ChannelKind.PARTNER: REDDISH_PURPLE,
    ChannelKind.OFFLINE: BLUE,
}

#: The one Accountable person stands out; Informed, the least involved, is the lightest.
RACI_COLOURS: dict[RaciRole, str] = {
    RaciRole.R: BLUE,
    RaciRole.A: VERMILLION,
    RaciRole.C: YELLOW,
    RaciRole.I: SKY_BLUE,
}

#: Fills (badges, cells, chart marks) for a finding; a stage with no error is ready.
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.ERROR: VERMILLION,
    Severity.WARNING: YELLOW,
}
READY_COLOUR = BLUISH_GREEN

#: Text on a white background (the checks list, the stage badges): each at least 4.5:1 against white
#: (WCAG AA) and still told apart under colour-vision deficiency; darker relatives of the fills.
SEVERITY_TEXT_COLOURS: dict[Severity, str] = {
    Severity.ERROR: "#8B1A2B",
    Severity.WARNING: "#946500",
}
READY_TEXT_COLOUR = "#007A62"

#: An action's status: done is green, blocked vermillion, as ready and error are.
STATUS_COLOURS: dict[ActionStatus, str] = {
    ActionStatus.TODO: SKY_BLUE,
    ActionStatus.DOING: YELLOW,
    ActionStatus.DONE: BLUISH_GREEN,
    ActionStatus.BLOCKED: VERMILLION,
}

#: How involved a department is in an outcome, 0 (nobody holds a role) to 4 (A), by ROLE_STRENGTH: greys from light
#: to dark, so more involved reads darker for every eye. Greys, not hues: each hue of the palette already means
#: something (the RACI matrix fills R blue and C yellow), and a colour means one thing everywhere.
INVOLVEMENT_COLOURS: tuple[str, str, str, str, str] = ("#F5F5F5", "#C2C2C2", "#939393", "#5E5E5E", "#262626")

# -- contrast ----------------------------------------------------------------------------------------

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def rgb(colour: str) -> tuple[int, int, int]:
    """The 0-255 channels of ``"#RRGGBB"``; anything else is refused."""
    if not _HEX.match(colour):
        raise ValueError(f"{colour!r} is not a colour of the form #RRGGBB")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance: linearised sRGB weighted 0.2126, 0.7152, 0.0722."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (the better one is always at least 4.5:1)."""
    black, white = "#000000", "#FFFFFF"
    return black if contrast_ratio(fill, black) >= contrast_ratio(fill, white) else white
