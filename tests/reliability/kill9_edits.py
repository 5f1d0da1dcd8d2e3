"""Item 1: kill -9 during edits. A process edits a library through the services and says ``D i`` after each
commit; it is killed with SIGKILL at a random moment; the library is reopened as the app would open it, and:

- ``kill9_lost_edits``: the library holds exactly the edits said to be saved, plus at most the one that was
  committing when the kill came (edits run in a fixed order, so the state after each prefix is known);
- ``kill9_half_edits``: no multi-row edit (a RACI block fill, a batch of added actions, a bulk edit of actions,
  deleting many actions) is there in part;
- ``kill9_integrity``: the library reopens for writing and ``PRAGMA integrity_check`` says ok.

Most kills come a random 0-12 ms after a random number (0-16) of saved edits (an edit takes 5-30 ms here, so
they land all over an edit, its commit included); one in ten comes at a random time 0-1.5 s after the
process started (during opening, or after a long run of edits).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.reliability.figures import Figure

if TYPE_CHECKING:
    from workshop.domain.entities import Workshop
    from workshop.services.workshops import WorkshopService

#: The edits of one cycle, in order; edit ``i`` is step ``i % 8`` of cycle ``i // 8``.
STEPS = (
    "add participant",  # one row
    "edit participant",  # one row
    "RACI block fill",  # many rows: the participant on every outcome
    "set RACI cell",  # one row
    "rename workshop",  # one row
    "add actions (batch)",  # many rows, through WorkshopService.batch
    "edit actions (bulk)",  # many rows, one update
    "delete actions",  # many rows
)
BATCH = 12
MAX_EDITS = 400


def participant_name(cycle: int) -> str:
    return f"kill-{cycle}"


def action_title(cycle: int, j: int) -> str:
    return f"batch-{cycle}-{j}"


class EditPlan:
    """Edit ``i`` of the fixed sequence, made through the services (run in the child process)."""

    def __init__(self, service: WorkshopService, workshop_id: int) -> None:
        self.service = service
        self.wid = workshop_id
        loaded = service.load(workshop_id)
        self.outcomes = [loaded.id_of("outcome", o.key) for o in loaded.workshop.outcomes]
        self.participant = 0
        self.actions: list[int] = []

    def edit(self, i: int) -> None:
        cycle, step = divmod(i, len(STEPS))
        w, wid = self.service, self.wid
        if step == 0:
            self.participant = int(w.add("participant", wid, name=participant_name(cycle)).result)
        elif step == 1:
            w.update("participant", self.participant, email=f"kill{cycle}@example.org")
        elif step == 2:
            w.set_raci_cells(wid, [(o, self.participant, "I") for o in self.outcomes], "Fill RACI block")
        elif step == 3:
            w.set_raci(self.outcomes[0], self.participant, "C")
        elif step == 4:
            w.update_workshop(wid, title=f"Kill title {cycle}")
        elif step == 5:

            def add_all() -> list[int]:
                return [int(w.add("action", wid, title=action_title(cycle, j)).result) for j in range(BATCH)]

            self.actions = w.batch("Add actions", wid, add_all).result
        elif step == 6:
            w.update_actions(wid, self.actions, cost=float(cycle + 1))
        else:
            w.delete_actions(wid, self.actions)


# -- what the library should hold -------------------------------------------------


def observe(ws: Workshop) -> dict[str, Any]:
    """What the edits of the plan change, read from the workshop as loaded."""
    names = {p.name for p in ws.participants if p.name.startswith("kill-")}
    raci: dict[str, Counter[str]] = {n: Counter() for n in names}
    for r in ws.raci:
        if r.participant in raci:
            raci[r.participant][str(getattr(r.role, "value", r.role))] += 1
    batches: dict[int, list[float]] = {}
    for a in ws.actions:
        if a.title.startswith("batch-"):
            batches.setdefault(int(a.title.split("-")[1]), []).append(float(a.cost or 0))
    return {
        "title": ws.title,
        "participants": {p.name: p.email or "" for p in ws.participants if p.name in names},
        "raci": {n: dict(c) for n, c in raci.items()},
        "batches": {c: sorted(costs) for c, costs in batches.items()},
    }


def expected(edits: int, title: str, outcomes: int) -> dict[str, Any]:
    """The observation after the first ``edits`` edits of the plan."""
    participants: dict[str, str] = {}
    raci: dict[str, dict[str, int]] = {}
    batches: dict[int, list[float]] = {}
    for i in range(edits):
        cycle, step = divmod(i, len(STEPS))
        name = participant_name(cycle)
        if step == 0:
            participants[name], raci[name] = "", {}
        elif step == 1:
            participants[name] = f"kill{cycle}@example.org"
        elif step == 2:
            raci[name] = {"I": outcomes}
        elif step == 3:
            raci[name] = {"I": outcomes - 1, "C": 1} if outcomes > 1 else {"C": 1}
        elif step == 4:
            title = f"Kill title {cycle}"
        elif step == 5:
            batches[cycle] = [0.0] * BATCH
        elif step == 6:
            batches[cycle] = [float(cycle + 1)] * BATCH
        else:
            del batches[cycle]
    return {"title": title, "participants": participants, "raci": raci, "batches": batches}


def half_done(seen: dict[str, Any], outcomes: int) -> list[str]:
    """Multi-row edits that are there in part."""
    half = []
    for name, roles in seen["raci"].items():
        if sum(roles.values()) not in (0, outcomes):
            half.append(f"{name} holds {sum(roles.values())} of {outcomes} RACI cells of a block fill")
    for cycle, costs in seen["batches"].items():
        if len(costs) != BATCH:
            half.append(f"batch {cycle} holds {len(costs)} of {BATCH} actions")
        if len(set(costs)) > 1:
            half.append(f"batch {cycle} is half edited (costs {sorted(set(costs))})")
    return half


# -- the part -----------------------------------------------------------------------


@dataclass
class Template:
    path: Path
    workshop_id: int
    title: str
    outcomes: int


def make_template(folder: Path) -> Template:
    """A library holding the sample workshop, closed, backed up on a second open (so a copy opens without
    taking a backup), with no ``-wal`` beside it."""
    from workshop.services.library_service import LibraryService

    path = folder / "template.sqlite3"
    with LibraryService.open(path) as service:
        wid = int(service.add_sample().result)
        ws = service.workshops.load(wid).workshop
    LibraryService.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return Template(path, wid, ws.title, len(ws.outcomes))


def fresh_copy(template: Template, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    library = folder / "library.sqlite3"
    shutil.copyfile(template.path, library)
    return library


def integrity(library: Path) -> str:
    con = sqlite3.connect(library)
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check")]
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if rows != ["ok"]:
        return "; ".join(rows[:3])
    return f"{len(broken)} broken references" if broken else ""


@dataclass
class Tally:
    lost: list[str] = field(default_factory=list)
    half: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    landed: Counter[str] = field(default_factory=Counter)


def check_run(run: int, library: Path, template: Template, saved: int, tally: Tally) -> None:
    from workshop.services.library_service import LibraryService

    try:
        with LibraryService.open(library) as service:
            ws = service.workshops.load(template.workshop_id).workshop
    except Exception as exc:  # any failure to reopen is the finding
        tally.broken.append(f"run {run}: reopening failed: {type(exc).__name__}: {exc}")
        return
    problem = integrity(library)
    if problem:
        tally.broken.append(f"run {run}: integrity_check: {problem}")
    seen = observe(ws)
    half = half_done(seen, template.outcomes)
    if half:
        tally.half.append(f"run {run} ({saved} edits saved): " + "; ".join(half))
    if seen in (
        expected(saved, template.title, template.outcomes),
        expected(saved + 1, template.title, template.outcomes),
    ):
        return
    holds = next((k for k in range(MAX_EDITS + 1) if expected(k, template.title, template.outcomes) == seen), None)
    if holds is None and half:
        return  # counted as a half edit
    what = f"the state after {holds} edits" if holds is not None else "a state no prefix of the edits gives"
    tally.lost.append(f"run {run}: {saved} edits said saved, the library holds {what} (kept in {library.parent})")


def run(long: bool, seed: int) -> list[Figure]:
    if sys.platform == "win32":
        return []
    from tests.reliability.processes import ChildError, ForkServer, counting_app_logs, kill_after

    runs = 1000 if long else 100
    rng = random.Random(seed)
    tally = Tally()
    root = Path(tempfile.mkdtemp(prefix="reliability-kill9-edits-"))
    keep = False
    template = make_template(root)
    started = time.monotonic()
    with ForkServer() as server, counting_app_logs() as notices:
        for i in range(runs):
            library = fresh_copy(template, root / f"run-{i}")
            child = server.start("edits", library=str(library), workshop_id=template.workshop_id, max_edits=MAX_EDITS)
            try:
                if rng.random() < 0.1:
                    kill_after(child, "", 0, rng.uniform(0.0, 1.5))
                else:
                    kill_after(child, "D ", rng.randint(0, 16), rng.uniform(0.0, 0.012))
                child.finish()
            except ChildError as exc:
                child.kill()
                tally.broken.append(f"run {i}: {exc}")
                keep = True
                continue
            texts = child.texts()
            failed = [t for t in texts if t.startswith("X ")]
            if failed:
                tally.broken.append(f"run {i}: the editing process failed: {failed[0][2:]}")
            saved = sum(t.startswith("D ") for t in texts)
            last = texts[-1] if texts else ""
            tally.landed["before the library was open" if not texts else
                         "during an edit (or its commit)" if last.startswith("B ") else
                         "between edits"] += 1  # fmt: skip
            before = len(tally.lost) + len(tally.half) + len(tally.broken)
            check_run(i, library, template, saved, tally)
            if len(tally.lost) + len(tally.half) + len(tally.broken) > before:
                keep = True
            else:
                shutil.rmtree(library.parent, ignore_errors=True)
    landed = ", ".join(f"{n} {where}" for where, n in tally.landed.most_common())
    kept = sum("was kept as" in m for m in notices.messages)
    print(
        f"  kill9_edits: kills landed {landed}; reopening kept {kept} unowned journals aside "
        f"({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
        flush=True,
    )
    if keep:
        print(f"  kill9_edits: the broken runs' libraries are kept in {root}", file=sys.stderr, flush=True)
    else:
        shutil.rmtree(root, ignore_errors=True)
    return [
        Figure("kill9_lost_edits", runs, tally.lost),
        Figure("kill9_half_edits", runs, tally.half),
        Figure("kill9_integrity", runs, tally.broken),
    ]
