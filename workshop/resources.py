"""The one locator for data shipped with the app (``resources/`` in the source tree).

In an installed wheel the folder travels inside the package as ``workshop/_resources``;
from a source checkout (or an editable install) it is the top-level ``resources/``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


@cache
def resources_root() -> Traversable:
    packaged = files("workshop") / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    return resources_root().joinpath(*parts)


def load_json(*parts: str) -> Any:
    return json.loads(resource(*parts).read_text(encoding="utf-8"))


SCHEMA = ("schema", "social-working-1.schema.json")
CATALOG = ("catalog", "channels.json")
OUTCOME_TEMPLATES = ("templates", "outcomes.json")
SAMPLE = ("sample", "sample-workshop.json")
