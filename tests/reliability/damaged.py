"""Damaged libraries: bit flips, truncation, zeroed pages, an empty file, another kind of file renamed, and a
foreign, stale or damaged ``-wal`` beside a good library. Each variant is opened as the app opens a library; the
guarantees: never a crash or a hang over 10 s, a clean open or a clear message, a refused file's bytes unchanged,
and no workshop lost without a copy kept aside.

The variants are made in the parent; one child process opens them one after another and reports each on a line,
so a hang is caught by the parent's watchdog (the child is killed and started again after the variant that hung).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.figures import Figure

HANG_S = 10.0
RUNS, LONG_RUNS = 200, 2_000
PAGE = 4096


@dataclass
class Prepared:
    """A good library (a few workshops), its journals from crashed writers, and other kinds of file."""

    library: bytes
    workshops: int
    own_wal: bytes  # from a crash of this library, at an earlier state: stale once the library moved on
    foreign_wal: bytes  # from a crash of another library
    others: dict[str, bytes]


def crash_after_adding(library: Path, title: str) -> None:
    """A process that adds a workshop (committed) and dies without closing the library: its edit is only in the
    ``-wal``, which no process owns once it is gone."""
    code = textwrap.dedent(
        f"""
        import os
        from workshop.services.library_service import LibraryService
        from workshop.services.catalog import sample_workshop
        service = LibraryService.open({str(library)!r})
        ws = sample_workshop()
        ws.title = {title!r}
        service.workshops.import_workshop(ws)
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def prepare(folder: Path) -> Prepared:
    from workshop.services.catalog import sample_workshop
    from workshop.services.library_service import LibraryService

    ours, theirs = folder / "ours" / "library.sqlite3", folder / "theirs" / "library.sqlite3"
    for path, titles in ((ours, ("One", "Two")), (theirs, ("Theirs",))):
        with LibraryService.open(path) as service:
            for title in titles:
                ws = sample_workshop()
                ws.title = title
                service.workshops.import_workshop(ws)
    crash_after_adding(ours, "Three (crashed)")
    own_wal = Path(f"{ours}-wal").read_bytes()
    with LibraryService.open(ours) as service:  # replays "Three", then the library moves on
        ws = sample_workshop()
        ws.title = "Four"
        service.workshops.import_workshop(ws)
        workshops = len(service.summaries())
    crash_after_adding(theirs, "Theirs, crashed")
    foreign_wal = Path(f"{theirs}-wal").read_bytes()
    import sqlite3

    other_db = folder / "other.db"
    con = sqlite3.connect(other_db)
    con.execute("CREATE TABLE notes (text)")
    con.execute("INSERT INTO notes VALUES ('not a library')")
    con.commit()
    con.close()
    others = {
        "png": b"\x89PNG\r\n\x1a\n" + bytes(2000),
        "zip": b"PK\x03\x04" + bytes(3000),
        "json": json.dumps({"format": "social-working/1", "workshop": {"title": "A file"}}).encode(),
        "text": "Ceci n'est pas une bibliothèque.\n".encode() * 100,
        "random": random.Random(7).randbytes(20_000),
        "other sqlite": other_db.read_bytes(),
    }
    return Prepared(ours.read_bytes(), workshops, own_wal, foreign_wal, others)


def variants(prepared: Prepared, count: int, rng: random.Random) -> list[tuple[str, bytes, bytes | None]]:
    """(what, library bytes, -wal bytes or None), ``count`` of them, every kind at least once. Those made from the
    good library are the ones with workshops to lose."""
    good = prepared.library
    pages = max(1, len(good) // PAGE)
    kinds = ["bit flips", "truncated", "zeroed page", "header", "foreign wal", "stale wal", "damaged wal", "other"]
    out: list[tuple[str, bytes, bytes | None]] = [("empty file", b"", None)]
    out += [(f"another file renamed ({name})", data, None) for name, data in prepared.others.items()]
    while len(out) < count:
        kind = kinds[len(out) % len(kinds)]
        data = bytearray(good)
        wal: bytes | None = None
        if kind == "bit flips":
            flips = rng.randint(1, 8)
            for _ in range(flips):
                at = rng.randrange(len(data))
                data[at] ^= 1 << rng.randrange(8)
            what = f"{flips} bit flips"
        elif kind == "truncated":
            cut = rng.randrange(1, len(data))
            data = data[:cut]
            what = f"truncated to {cut} bytes"
        elif kind == "zeroed page":
            page = rng.randrange(pages)
            data[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
            what = f"page {page + 1} zeroed"
        elif kind == "header":
            at = rng.randrange(100)
            data[at] = rng.randrange(256)
            what = f"header byte {at} changed"
        elif kind == "foreign wal":
            wal, what = prepared.foreign_wal, "a -wal from another library"
        elif kind == "stale wal":
            wal, what = prepared.own_wal, "a stale -wal of this library"
        elif kind == "damaged wal":
            damaged = bytearray(prepared.own_wal)
            for _ in range(rng.randint(1, 8)):
                at = rng.randrange(len(damaged))
                damaged[at] ^= 1 << rng.randrange(8)
            wal, what = bytes(damaged), "a stale -wal with bit flips"
        else:
            name = rng.choice(sorted(prepared.others))
            data = bytearray(prepared.others[name][: rng.randrange(1, len(prepared.others[name]) + 1)])
            what = f"part of another file ({name})"
        out.append((what, bytes(data), wal))
    return out[:count]


_CHILD = textwrap.dedent(
    """
    import json, logging, sys, traceback
    from pathlib import Path
    logging.getLogger("workshop").addHandler(logging.NullHandler())
    logging.getLogger("workshop").propagate = False
    from workshop.services.library_service import LibraryService
    from workshop.services.refusals import REFUSALS
    for line in sys.stdin:
        folder = Path(line.strip())
        path = folder / "library.sqlite3"
        report = {}
        try:
            opened = LibraryService.open_for_app(path)
            if opened.service is None:
                report = {"outcome": "refused", "message": opened.problem}
            else:
                service = opened.service
                try:
                    summaries = service.summaries()
                    refused = 0
                    for summary in summaries:
                        try:
                            service.workshops.load(summary.id)
                        except REFUSALS:
                            refused += 1
                    unread = sum(1 for s in summaries if s.title.endswith("(damaged: cannot be read)"))
                    report = {"outcome": "opened", "workshops": len(summaries), "unreadable": refused,
                              "listed_unreadable": unread,
                              "kept": str(service.library.journal_kept or "")}
                finally:
                    service.close()
        except REFUSALS as exc:
            report = {"outcome": "refused", "message": str(exc)}
        except BaseException:
            report = {"outcome": "crash", "message": traceback.format_exc(limit=4)}
        print(json.dumps(report), flush=True)
    """
)


def from_library(what: str) -> bool:
    """Whether the variant was made from the good library (so it has workshops to lose)."""
    return not what.startswith(("empty file", "another file", "part of another file"))


class _Child:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def ask(self, folder: Path) -> dict[str, str] | None:
        """The child's report on ``folder``; None when it hung past the limit or died."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{folder}\n")
        self.process.stdin.flush()
        try:
            line = self.lines.get(timeout=HANG_S)
        except queue.Empty:
            return None
        return json.loads(line) if line else None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)


def run(long: bool = False, seed: int = 0) -> list[Figure]:
    count = LONG_RUNS if long else RUNS
    rng = random.Random(seed)
    crashes = Figure("damaged_crashes_or_hangs", count)
    unclear = Figure("damaged_unclear_refusals", count)
    changed = Figure("damaged_refused_file_changed", count)
    lost = Figure("damaged_workshops_lost_without_copy", count)
    with tempfile.TemporaryDirectory(prefix="damaged-") as tmp:
        root = Path(tmp)
        quiet = logging.getLogger("workshop.storage.library")
        quiet.disabled = True  # preparing replays a crash's journal on purpose: no warning for it
        try:
            prepared = prepare(root / "prepared")
        finally:
            quiet.disabled = False
        child = _Child()
        try:
            for index, (what, data, wal) in enumerate(variants(prepared, count, rng)):
                folder = root / f"v{index}"
                folder.mkdir()
                path = folder / "library.sqlite3"
                path.write_bytes(data)
                if wal is not None:
                    Path(f"{path}-wal").write_bytes(wal)
                started = time.monotonic()
                report = child.ask(folder)
                label = f"#{index} {what}"
                if report is None:
                    crashes.failures.append(f"{label}: no answer within {HANG_S:.0f} s (hung or died)")
                    child.stop()
                    child = _Child()
                    continue
                seconds = time.monotonic() - started
                if report["outcome"] == "crash":
                    crashes.failures.append(f"{label}: {report['message'].strip().splitlines()[-1]}")
                elif report["outcome"] == "refused":
                    if len(report["message"]) < 20 or str(path) not in report["message"]:
                        unclear.failures.append(f"{label}: {report['message']!r}")
                    same = path.read_bytes() == data and (wal is None or Path(f"{path}-wal").read_bytes() == wal)
                    if not same:
                        changed.failures.append(f"{label}: the refused file was changed")
                elif from_library(what) and int(report["workshops"]) < prepared.workshops and not report["kept"]:
                    lost.failures.append(f"{label}: opened with {report['workshops']} workshops, no copy kept aside")
                if seconds > HANG_S:
                    crashes.failures.append(f"{label}: took {seconds:.1f} s")
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            child.stop()
    return [crashes, unclear, changed, lost]
