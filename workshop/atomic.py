"""Write a file so that the old one stays whole until the new one is complete (stdlib only: every layer may use it)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class WriteError(OSError):
    """A target that cannot be written; the message names the file and the reason."""


def _read_umask() -> int:
    """The process's umask (read once, at import: setting it back and forth is not safe across threads)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _mode_for(path: Path) -> int:
    """The permissions the new file takes: the old file's, else what a plain ``open()`` gives (0666 less the
    umask). ``mkstemp`` makes its file 0600, which would hide an export from the rest of the team."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _sync_folder(directory: Path) -> None:
    """Make the rename itself durable: on POSIX a new name lives in the folder, which has to reach the disk too
    (Windows cannot open a folder and does not need it). A file system that cannot sync a folder is let be."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # not on Windows, where a new file takes the folder's permissions
                os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_folder(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"Cannot write {path}: {exc.strerror or exc}; the old file is unchanged") from exc


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
