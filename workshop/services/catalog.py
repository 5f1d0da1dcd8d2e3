"""The data shipped with the app, as domain objects: channel catalog, templates, sample."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop.domain.entities import Channel, Workshop
from workshop.domain.enums import OutcomeCategory
from workshop.resources import CATALOG, OUTCOME_TEMPLATES, SAMPLE, load_json, resource
from workshop.storage.interchange import channel_from_data, parse_workshop


def catalog_channels() -> list[Channel]:
    """A fresh copy of the shipped channel catalog (retired entries left out)."""
    return [channel_from_data(c) for c in load_json(*CATALOG) if not c.get("retired", False)]


@dataclass(frozen=True)
class OutcomeTemplate:
    category: OutcomeCategory
    title: str
    kpi_metric: str
    unit: str
    direction: str
    value_hint: str


def outcome_templates() -> list[OutcomeTemplate]:
    data: list[dict[str, Any]] = load_json(*OUTCOME_TEMPLATES)
    return [
        OutcomeTemplate(
            OutcomeCategory(t["category"]), t["title"], t["kpi_metric"], t["unit"], t["direction"], t["value_hint"]
        )
        for t in data
    ]


def sample_workshop() -> Workshop:
    return parse_workshop(resource(*SAMPLE).read_bytes()).workshop
