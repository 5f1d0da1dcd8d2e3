"""Social Working: facilitate an organisation's outcome-led social and channel strategy."""

from __future__ import annotations

__version__ = "0.1.0"
