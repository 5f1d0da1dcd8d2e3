"""Item 2: kill -9 during imports and exports. Each run kills three processes with SIGKILL at a random moment:

- one importing a workshop file of 30 outcomes, 20 participants and 150 actions: after
  reopening, the library holds that workshop whole (its re-export is the source file, byte for byte) or
  nothing of it, and an import said done is there (``kill9_half_workshops``);
- one writing the interchange file and one writing the team workbook over an older file of the same name: the
  target is the old bytes or a complete new file (the interchange file byte for byte; the workbook a sound zip
  that openpyxl loads), and nothing else is left in the folder but temporary files named ``.<target>.*.tmp``,
  which are counted and shown (``kill9_half_files``).

The export kills come at a random time over the whole export, or (every third run for the workbook, every
other for the interchange file) a random 0-130% of the time the save takes after the export says it is
saving, so many land while the file is being written.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.figures import Figure
from tests.reliability.kill9_edits import Template, fresh_copy, integrity, make_template


@dataclass
class Setup:
    template: Template
    source: Path  # the workshop file imported
    source_text: str
    old_json: bytes
    new_json: bytes
    old_xlsx: bytes
    timings: dict[str, float] = field(default_factory=dict)


def prepare(root: Path) -> Setup:
    from benchmarks.large_workshop import large_workshop
    from workshop.services.exports import export_team_workbook
    from workshop.services.library_service import LibraryService
    from workshop.storage.interchange import dumps_workshop, write_workshop

    template = make_template(root)
    source = root / "mid.json"
    write_workshop(large_workshop(outcomes=30, channels=12, participants=20, departments=4, actions=150), source)
    with LibraryService.open(template.path, read_only=True) as service:
        ws = service.workshops.load(template.workshop_id).workshop
    new_json = dumps_workshop(ws).encode("utf-8")
    ws.title = "An older export"
    old_json = dumps_workshop(ws).encode("utf-8")
    export_team_workbook(ws, root / "old.xlsx")
    return Setup(template, source, source.read_text("utf-8"), old_json, new_json, (root / "old.xlsx").read_bytes())


def leftovers(folder: Path, target: Path) -> tuple[list[str], list[str]]:
    """Files beside ``target`` other than it: (temporary files named after it, anything else)."""
    temp, other = [], []
    for entry in folder.iterdir():
        if entry.name == target.name:
            continue
        if entry.name.startswith(f".{target.name}.") and entry.name.endswith(".tmp"):
            temp.append(entry.name)
        else:
            other.append(entry.name)
    return sorted(temp), sorted(other)


def check_export(setup: Setup, target: Path, kind: str, done: bool) -> str:
    """What is wrong with the target after the kill, or ''."""
    data = target.read_bytes() if target.exists() else None
    old = setup.old_json if kind == "json" else setup.old_xlsx
    if data is None:
        return f"{target.name} is gone"
    if data == old:
        return f"the export was said done but {target.name} holds the old bytes" if done else ""
    if kind == "json":
        if data == setup.new_json:
            return ""
        try:
            json.loads(data)
        except ValueError:
            return f"{target.name} is half written ({len(data)} of {len(setup.new_json)} bytes)"
        return f"{target.name} is JSON but neither the old nor the new file"
    try:
        import openpyxl

        with zipfile.ZipFile(target) as archive:
            bad = archive.testzip()
        if bad is not None:
            return f"{target.name}: {bad} is damaged"
        openpyxl.load_workbook(target, read_only=True).close()
    except Exception as exc:  # a file that does not load is the finding
        return f"{target.name} ({len(data)} bytes) does not load: {type(exc).__name__}: {exc}"
    return ""


def calibrate(server: object, setup: Setup, root: Path) -> None:
    """How long an import, an interchange export and a team workbook export take here, unkilled."""
    from tests.reliability.processes import ForkServer

    assert isinstance(server, ForkServer)
    library = fresh_copy(setup.template, root / "calibrate")
    child = server.start("import", library=str(library), source=str(setup.source))
    opened = child.wait_for("open")
    setup.timings["import"] = child.wait_for("D ").at - opened.at
    child.finish()
    for kind in ("json", "xlsx"):
        target = library.parent / f"out.{kind}"
        child = server.start(
            "export", library=str(library), workshop_id=setup.template.workshop_id, target=str(target), kind=kind
        )
        opened = child.wait_for("open")
        saving = child.wait_for("P ") if kind == "json" else child.wait_for("P Saving")
        end = child.wait_for("D ")
        setup.timings[kind] = end.at - opened.at
        setup.timings[f"{kind} save"] = end.at - saving.at
        child.finish()
    shutil.rmtree(library.parent)


def run(long: bool, seed: int) -> list[Figure]:
    if sys.platform == "win32":
        return []
    from tests.reliability.processes import ChildError, ForkServer, counting_app_logs, kill_after
    from workshop.services.library_service import LibraryService
    from workshop.storage.interchange import dumps_workshop

    runs = 200 if long else 20
    rng = random.Random(seed)
    half_workshops: list[str] = []
    half_files: list[str] = []
    temp_left: dict[str, int] = {"json": 0, "xlsx": 0}
    keep = False
    root = Path(tempfile.mkdtemp(prefix="reliability-kill9-files-"))
    started = time.monotonic()
    with ForkServer(warm_export=True) as server, counting_app_logs():
        setup = prepare(root)
        calibrate(server, setup, root)
        for i in range(runs):
            folder = root / f"run-{i}"
            library = fresh_copy(setup.template, folder)
            # -- an import ------------------------------------------------------------------
            try:
                child = server.start("import", library=str(library), source=str(setup.source))
                kill_after(child, "open", 1, rng.uniform(0.0, 1.2 * setup.timings["import"]))
                child.finish()
            except ChildError as exc:
                half_workshops.append(f"run {i}: {exc}")
                keep = True
                continue
            said_done = any(t.startswith("D ") for t in child.texts())
            try:
                with LibraryService.open(library) as service:
                    added = [w for w in service.workshops.workshop_ids() if w != setup.template.workshop_id]
                    dumps = [dumps_workshop(service.workshops.load(w).workshop) for w in added]
                problem = integrity(library)
            except Exception as exc:
                dumps, problem = [], f"reopening failed: {type(exc).__name__}: {exc}"
            if problem:
                half_workshops.append(f"run {i}: {problem}")
            elif len(dumps) > 1:
                half_workshops.append(f"run {i}: {len(dumps)} workshops added by one import")
            elif dumps and dumps[0] != setup.source_text:
                half_workshops.append(f"run {i}: the imported workshop differs from its file (kept in {folder})")
            elif not dumps and said_done:
                half_workshops.append(f"run {i}: the import was said done but the workshop is not there")
            # -- the two exports, each over an older file --------------------------------------
            for kind in ("json", "xlsx"):
                target = folder / f"out-{kind}" / f"out.{kind}"
                target.parent.mkdir()
                target.write_bytes(setup.old_json if kind == "json" else setup.old_xlsx)
                try:
                    child = server.start(
                        "export", library=str(library), workshop_id=setup.template.workshop_id, target=str(target),
                        kind=kind,
                    )  # fmt: skip
                    if i % 3 == 1 or (kind == "json" and i % 2):
                        saving = "P " if kind == "json" else "P Saving"
                        kill_after(child, saving, 1, rng.uniform(0.0, 1.3 * setup.timings[f"{kind} save"]))
                    else:
                        kill_after(child, "open", 1, rng.uniform(0.0, 1.1 * setup.timings[kind]))
                    child.finish()
                except ChildError as exc:
                    half_files.append(f"run {i} ({kind}): {exc}")
                    keep = True
                    continue
                wrong = check_export(setup, target, kind, any(t.startswith("D ") for t in child.texts()))
                temp, other = leftovers(target.parent, target)
                temp_left[kind] += bool(temp)
                if other:
                    wrong = "; ".join(filter(None, [wrong, f"unexpected files left: {other}"]))
                if wrong:
                    half_files.append(f"run {i} ({kind}): {wrong}")
            if half_files or half_workshops:
                keep = True
            else:
                shutil.rmtree(folder, ignore_errors=True)
        cleaned = next_export_cleans(setup, root) if any(temp_left.values()) else None
    timings = ", ".join(f"{k} {v:.2f} s" for k, v in setup.timings.items())
    print(f"  kill9_files: unkilled: {timings} ({time.monotonic() - started:.1f} s in all)", file=sys.stderr)
    print(
        f"  kill9_files: a temporary .<target>.*.tmp file was left by {temp_left['json']} of {runs} interchange "
        f"and {temp_left['xlsx']} of {runs} workbook kills"
        + ("" if cleaned is None else f"; the next export {'removes' if cleaned else 'does not remove'} it"),
        file=sys.stderr,
        flush=True,
    )
    if keep:
        print(f"  kill9_files: the broken runs are kept in {root}", file=sys.stderr, flush=True)
    else:
        shutil.rmtree(root, ignore_errors=True)
    return [Figure("kill9_half_workshops", runs, half_workshops), Figure("kill9_half_files", runs, half_files)]


def next_export_cleans(setup: Setup, root: Path) -> bool:
    """Whether an export after a kill that left a temporary file removes it."""
    from workshop.services.exports import export_workshop
    from workshop.services.library_service import LibraryService

    folder = root / "next-export"
    folder.mkdir()
    target = folder / "out.json"
    target.write_bytes(setup.old_json)
    (folder / ".out.json.left-by-a-kill.tmp").write_bytes(setup.new_json[:100])
    with LibraryService.open(setup.template.path, read_only=True) as service:
        export_workshop(service.workshops.load(setup.template.workshop_id).workshop, target)
    temp, _other = leftovers(folder, target)
    return not temp
