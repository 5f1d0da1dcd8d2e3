"""Item 4: two instances. Per run, process A opens a library for writing and keeps renaming its workshop; then

- ``second_writer_refused``: process B, opening the same library for writing, is refused: ``Library.open`` raises
  ``LibraryLockedError`` whose holder is A (user, host, process id), ``LibraryService.open`` refuses with a message
  naming A's user, host and process, and the app's way of opening (``open_for_app``) falls back to read-only
  naming A as the writer;
- ``reopen_after_kill9``: A is killed with SIGKILL mid-edit; process C then opens the library for writing with no
  clean-up of any kind (the lock file and A's note are still there), finds A's last saved rename (or the one it
  was committing), and saves an edit of its own.
"""

from __future__ import annotations

import getpass
import json
import random
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.reliability.figures import Figure
from tests.reliability.kill9_edits import fresh_copy, make_template


def _result(texts: list[str]) -> dict[str, Any] | None:
    for text in texts:
        if text.startswith("R "):
            return dict(json.loads(text[2:]))
    return None


def refusal_problems(got: dict[str, Any] | None, pid: int) -> list[str]:
    """What B's attempt got wrong, given A's process id."""
    if got is None:
        return ["the second process said nothing"]
    user, host = getpass.getuser(), socket.gethostname()
    problems = []
    lib = got["library"]
    if lib.get("opened"):
        problems.append("Library.open let a second writer in")
    elif lib.get("error") != "LibraryLockedError":
        problems.append(f"Library.open raised {lib.get('error')}, not LibraryLockedError")
    elif lib.get("holder") != [user, host, pid]:
        problems.append(f"the holder named is {lib.get('holder')}, not {[user, host, pid]}")
    service = got["service"]
    if service.get("opened"):
        problems.append("LibraryService.open let a second writer in")
    else:
        message = service.get("message", service.get("error", ""))
        missing = [what for what in (user, host, f"process {pid}") if what not in message]
        if service.get("error") != "Refusal" or missing:
            problems.append(f"the refusal {message!r} does not name {missing or 'the holder'}")
    app = got["app"]
    if not app["read_only"] or f"process {pid}" not in app["writer"]:
        problems.append(f"open_for_app did not fall back to read-only naming the writer: {app}")
    return problems


def run(long: bool, seed: int) -> list[Figure]:
    if sys.platform == "win32":
        return []
    from tests.reliability.processes import ChildError, ForkServer, counting_app_logs, kill_after

    runs = 100 if long else 10
    rng = random.Random(seed)
    refused: list[str] = []
    reopened: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="reliability-two-instances-"))
    keep = False
    with ForkServer() as server, counting_app_logs():
        template = make_template(root)
        for i in range(runs):
            library = fresh_copy(template, root / f"run-{i}")
            holder = server.start("hold", library=str(library), workshop_id=template.workshop_id, seconds=20.0)
            try:
                holder.wait_for("D ")  # open for writing, and editing
                second = server.start("second_writer", library=str(library))
                second.finish()
                problems = refusal_problems(_result(second.texts()), holder.pid)
                if problems:
                    refused.append(f"run {i}: " + "; ".join(problems))
                kill_after(holder, "D ", 1, rng.uniform(0.0, 0.01))
                holder.finish()
                if not holder.killed:
                    reopened.append(f"run {i}: the holder was not killed (status {holder.status})")
                    continue
                saved = [t[2:] for t in holder.texts() if t.startswith("D ")]
                last = int(saved[-1].split()[-1])
                third = server.start("reopen", library=str(library), workshop_id=template.workshop_id)
                third.finish()
            except ChildError as exc:
                holder.kill()
                reopened.append(f"run {i}: {exc}")
                keep = True
                continue
            got = _result(third.texts())
            if got is None or not got["opened"]:
                reopened.append(f"run {i}: reopening after kill -9 failed: {got}")
            elif got["title"] not in (f"Held {last}", f"Held {last + 1}"):
                reopened.append(f"run {i}: A saved 'Held {last}' but the library holds {got['title']!r}")
            if refused or reopened:
                keep = True
            else:
                shutil.rmtree(library.parent, ignore_errors=True)
    if keep:
        print(f"  two_instances: the broken runs are kept in {root}", file=sys.stderr, flush=True)
    else:
        shutil.rmtree(root, ignore_errors=True)
    return [Figure("second_writer_refused", runs, refused), Figure("reopen_after_kill9", runs, reopened)]
