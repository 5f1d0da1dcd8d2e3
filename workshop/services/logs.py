"""The one log file of the app and the commands: ``social-working.log`` in the user log folder."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

log = logging.getLogger("workshop")


def default_log_dir() -> Path:
    import platformdirs

    return platformdirs.user_log_path("social-working", appauthor=False)


def configure_logging(log_dir: Path | None = None) -> Path:
    """Log to a rotating file in the user log folder (what a migration changed, unexpected errors); returns its
    path."""
    log_dir = log_dir or default_log_dir()
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "social-working.log"
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class _WarningsToStderr(logging.Handler):
    """``warning: ...`` lines on whatever ``sys.stderr`` is when the warning comes."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"warning: {record.getMessage()}", file=sys.stderr)


def warnings_to_stderr() -> None:
    """For the commands: what opening the library did that the user must know (a journal kept aside, a failed
    backup) goes to stderr as well as to the log."""
    library_log = logging.getLogger("workshop.storage.library")
    if not any(isinstance(h, _WarningsToStderr) for h in library_log.handlers):
        library_log.addHandler(_WarningsToStderr(logging.WARNING))
