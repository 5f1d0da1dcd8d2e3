"""A figure of the reliability suite: how many runs broke a guarantee, of how many, printed one a line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """``kill9_lost_edits: 0 of 100 runs``; ``failures`` holds a line per broken run, to show what broke."""

    name: str
    runs: int
    failures: list[str] = field(default_factory=list)
    unit: str = "runs"

    @property
    def ok(self) -> bool:
        return not self.failures

    def line(self) -> str:
        return f"{self.name}: {len(self.failures)} of {self.runs} {self.unit}"
