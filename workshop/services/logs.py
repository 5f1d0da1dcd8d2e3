"""The one log file of the app and the commands: ``social-working.log`` in the user log folder."""

from __future__ import annotations

import logging
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
