"""The stakeholder stage's method: role strength, load, the power/interest quadrants.

Pure Python (no Qt, no database), so the stage, the presenter view and the workbooks agree.
"""

from __future__ import annotations

from enum import StrEnum

from workshop.domain.enums import RaciRole

#: A over R over C over I: the strongest role a department holds through any of its people.
ROLE_STRENGTH: dict[RaciRole, int] = {RaciRole.A: 4, RaciRole.R: 3, RaciRole.C: 2, RaciRole.I: 1}

#: Power and interest at or above this are "high"; 3 sits on the dividing line and counts as low.
HIGH = 4


class Quadrant(StrEnum):
    """Where a person sits on the power/interest grid, and what the room does about them."""

    MANAGE_CLOSELY = "manage_closely"  # high power, high interest
    KEEP_SATISFIED = "keep_satisfied"  # high power, low interest
    KEEP_INFORMED = "keep_informed"  # low power, high interest
    MONITOR = "monitor"  # low power, low interest


QUADRANT_TITLES: dict[Quadrant, str] = {
    Quadrant.MANAGE_CLOSELY: "Manage closely",
    Quadrant.KEEP_SATISFIED: "Keep satisfied",
    Quadrant.KEEP_INFORMED: "Keep informed",
    Quadrant.MONITOR: "Monitor",
}


def quadrant(power: int, interest: int) -> Quadrant:
    high_power, high_interest = power >= HIGH, interest >= HIGH
    if high_power:
        return Quadrant.MANAGE_CLOSELY if high_interest else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if high_interest else Quadrant.MONITOR
