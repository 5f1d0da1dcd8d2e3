"""Item 6, export faults: a write, a sync, a close or a rename that fails, a folder that cannot take a new file
and a full disk, for the interchange file, the team workbook, one participant's workbook and every participant's.

The faults are injected into ``workshop.atomic`` (the one atomic writer) through stand-ins for its ``os`` and
``tempfile`` that fail at one call; when a small tmpfs can be mounted here (root in a container), a real full
disk is tried too, and skipped cleanly when it cannot. After each fault:

- ``export_faults_old_file_changed``: the earlier file at the target is byte for byte as it was (and, for every
  participant, the files finished before the fault are whole workbooks, the ones after it untouched);
- ``export_faults_temp_left``: no file in the folder that was not there before;
- ``export_faults_unclear``: the export ended in a ``Refusal`` naming the file and the reason in plain words
  ("No space left on device"), not in another exception nor in silence.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import workshop.atomic as atomic_module
from tests.reliability.figures import Figure
from workshop.domain.entities import Workshop
from workshop.services.catalog import sample_workshop
from workshop.services.exports import (
    export_all_participants,
    export_participant_workbook,
    export_workshop,
    participant_paths,
)
from workshop.services.refusals import Refusal

TMPFS_SIZE = "64k"


def _error(code: int) -> OSError:
    cls = PermissionError if code in (errno.EACCES, errno.EPERM) else OSError
    return cls(code, os.strerror(code))


@dataclass(frozen=True)
class Fault:
    """Where the writer fails: ``at`` is one of mkstemp, write, close, fsync, replace; ``after`` bytes written
    first (for write); ``code`` the errno."""

    at: str
    code: int
    after: int | str = 0

    @property
    def reason(self) -> str:
        return os.strerror(self.code)

    def __str__(self) -> str:
        detail = f" after {self.after} bytes" if self.at == "write" else ""
        return f"{self.at} fails{detail} ({errno.errorcode[self.code]})"


FAULTS = (
    Fault("mkstemp", errno.EACCES),  # a folder the user may read but not write
    Fault("write", errno.EIO),
    Fault("write", errno.ENOSPC, 4096),
    Fault("write", errno.ENOSPC, "half"),
    Fault("close", errno.EIO),  # a network share reporting the failed write at close
    Fault("fsync", errno.EIO),
    Fault("replace", errno.EACCES),  # the target open in Excel on Windows
    Fault("replace", errno.EROFS),
)


class _FailingFile:
    """The temporary file's handle: writes ``after`` bytes of the first write, then fails (or fails at close)."""

    def __init__(self, handle: Any, fault: Fault) -> None:
        self._handle = handle
        self._fault = fault

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, data: bytes) -> int:
        if self._fault.at != "write":
            return int(self._handle.write(data))
        after = len(data) // 2 if self._fault.after == "half" else int(self._fault.after)
        self._handle.write(data[:after])
        self._handle.flush()
        raise _error(self._fault.code)

    def close(self) -> None:
        self._handle.close()
        if self._fault.at == "close":
            raise _error(self._fault.code)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


class _Injector:
    """Stand-ins for ``os`` and ``tempfile`` in ``workshop.atomic``: the ``target``-th file written (counted at
    its temporary file, from 0) meets ``fault``; every other call is the real one."""

    def __init__(self, fault: Fault, target: int = 0) -> None:
        self.fault, self.target = fault, target
        self.files = -1
        self.fsyncs = 0
        injector = self

        class FaultyOs:
            def __getattr__(self, name: str) -> Any:
                return getattr(os, name)

            def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
                handle = os.fdopen(fd, *args, **kwargs)
                return _FailingFile(handle, injector.fault) if injector.armed else handle

            def fsync(self, fd: int) -> None:
                if injector.armed and injector.fault.at == "fsync" and injector.fsyncs == 0:
                    injector.fsyncs += 1  # only the file's own sync; a folder's sync after it is left alone
                    raise _error(injector.fault.code)
                os.fsync(fd)

            def replace(self, src: Any, dst: Any, **kwargs: Any) -> None:
                if injector.armed and injector.fault.at == "replace":
                    raise _error(injector.fault.code)
                os.replace(src, dst, **kwargs)

        class FaultyTempfile:
            def __getattr__(self, name: str) -> Any:
                return getattr(tempfile, name)

            def mkstemp(self, *args: Any, **kwargs: Any) -> Any:
                injector.files += 1
                if injector.armed and injector.fault.at == "mkstemp":
                    raise _error(injector.fault.code)
                return tempfile.mkstemp(*args, **kwargs)

        self.os, self.tempfile = FaultyOs(), FaultyTempfile()

    @property
    def armed(self) -> bool:
        return self.files == self.target

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        saved = atomic_module.os, atomic_module.tempfile
        atomic_module.os, atomic_module.tempfile = self.os, self.tempfile  # type: ignore[assignment]
        try:
            yield
        finally:
            atomic_module.os, atomic_module.tempfile = saved


@dataclass
class Target:
    """One kind of export: its name, the files it writes into a folder, and how to run it there."""

    name: str
    files: Callable[[Path], list[Path]]
    export: Callable[[Path], object]


def _targets(ws: Workshop) -> list[Target]:
    someone = ws.participants[0].name
    return [
        Target("interchange file", lambda d: [d / "workshop.json"], lambda d: export_workshop(ws, d / "workshop.json")),
        Target("team workbook", lambda d: [d / "team.xlsx"], lambda d: export_workshop(ws, d / "team.xlsx")),
        Target(
            "participant workbook",
            lambda d: [d / "plan.xlsx"],
            lambda d: export_participant_workbook(ws, someone, d / "plan.xlsx"),
        ),
        Target(
            "all participants",
            lambda d: [p for _participant, p in participant_paths(ws, d)],
            lambda d: export_all_participants(ws, d),
        ),
    ]


def _whole(path: Path) -> bool:
    """A finished file: a readable zip for a workbook, JSON text ending in a newline for the interchange file."""
    try:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                return book.testzip() is None and "xl/workbook.xml" in book.namelist()
        return path.read_bytes().endswith(b"}\n")
    except (OSError, zipfile.BadZipFile):
        return False


class _Tally:
    def __init__(self) -> None:
        self.runs = 0
        self.changed: list[str] = []
        self.left: list[str] = []
        self.unclear: list[str] = []

    def figures(self) -> list[Figure]:
        return [
            Figure("export_faults_old_file_changed", self.runs, self.changed, unit="faults"),
            Figure("export_faults_temp_left", self.runs, self.left, unit="faults"),
            Figure("export_faults_unclear", self.runs, self.unclear, unit="faults"),
        ]


def _check(
    tally: _Tally,
    where: str,
    folder: Path,
    files: list[Path],
    failing: int,
    reason: str,
    export: Callable[[], object],
) -> None:
    """Run ``export`` with every target holding an earlier file; the ``failing``-th of ``files`` meets the fault."""
    tally.runs += 1
    old = {path: f"an earlier export at {path.name}\n".encode() for path in files}
    for path, data in old.items():
        path.write_bytes(data)
    before = set(os.listdir(folder))
    try:
        export()
    except Refusal as exc:
        message = str(exc)
        named = files[failing]
        if str(named) not in message or reason not in message:
            tally.unclear.append(f"{where}: the refusal does not name {named.name} and {reason!r}: {message}")
    except Exception as exc:  # any other exception is what is measured
        tally.unclear.append(f"{where}: {type(exc).__name__} instead of a refusal: {exc}")
    else:
        tally.unclear.append(f"{where}: the export reported success")
    after = set(os.listdir(folder))
    if after != before:
        tally.left.append(f"{where}: left {sorted(after - before)}, removed {sorted(before - after)}")
    for index, path in enumerate(files):
        if index < failing:
            if not _whole(path) or path.read_bytes() == old[path]:
                tally.changed.append(f"{where}: {path.name}, finished before the fault, is not a whole new file")
        elif not path.exists() or path.read_bytes() != old[path]:
            tally.changed.append(f"{where}: the earlier {path.name} was changed")


def _injected(tally: _Tally, targets: list[Target], root: Path) -> None:
    for target in targets:
        for fault in FAULTS:
            probe = root / "probe"
            probe.mkdir(exist_ok=True)
            count = len(target.files(probe))
            failing_files = sorted({0, count // 2, count - 1})
            for failing in failing_files:
                folder = root / f"{target.name}-{fault.at}-{fault.code}-{fault.after}-{failing}".replace(" ", "-")
                folder.mkdir()
                injector = _Injector(fault, failing)
                where = f"{target.name}, file {failing + 1} of {count}: {fault}"
                with injector.installed():
                    _check(
                        tally,
                        where,
                        folder,
                        target.files(folder),
                        failing,
                        fault.reason,
                        lambda t=target, f=folder: t.export(f),
                    )


@contextlib.contextmanager
def _small_tmpfs(root: Path) -> Iterator[Path | None]:
    """A freshly mounted tmpfs of TMPFS_SIZE, or None when mounting is not allowed here."""
    mount = root / "tmpfs"
    mount.mkdir(parents=True)
    if os.name != "posix" or shutil.which("mount") is None:
        yield None
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, check=False)


def _fill(folder: Path, leave: int) -> None:
    """Take all but ``leave`` bytes of the disk with one filler file (it stays: it is expected in the folder)."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(folder / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def _full_disk(tally: _Tally, targets: list[Target], root: Path) -> int:
    """Each export on a real, nearly full tmpfs; returns how many ran (0 when no tmpfs could be mounted)."""
    ran = 0
    for target in targets:
        with _small_tmpfs(root / target.name.replace(" ", "-")) as mount:
            if mount is None:
                return ran
            files = target.files(mount)
            for path in files:  # the earlier files, written before the disk fills (as _check writes them again)
                path.write_bytes(f"an earlier export at {path.name}\n".encode())
            many = len(files) > 1
            _fill(mount, leave=14 * 1024 if many else 8 * 1024)  # every participant: the first file still fits
            failing = 1 if many else 0
            where = f"{target.name} on a full {TMPFS_SIZE} tmpfs"
            _check(
                tally, where, mount, files, failing, os.strerror(errno.ENOSPC), lambda t=target, m=mount: t.export(m)
            )
            ran += 1
    return ran


def run(long: bool, seed: int) -> list[Figure]:
    ws = sample_workshop()
    targets = _targets(ws)
    tally = _Tally()
    with tempfile.TemporaryDirectory(prefix="reliability-export-") as tmp:
        root = Path(tmp)
        (root / "injected").mkdir()
        _injected(tally, targets, root / "injected")
        (root / "full").mkdir()
        if _full_disk(tally, targets, root / "full") == 0:
            print(
                "  (export_faults: no tmpfs can be mounted here; the injected full disk stands for it)", file=sys.stderr
            )
    return tally.figures()
