"""A library whose file is sound but holds a damaged value (a flipped bit the integrity check cannot see: a role
name, a date, a JSON list read back wrong): each read of it is one clear refusal, never an unexpected error, and
the library's other workshops stay usable."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from workshop.services.refusals import Refusal
from workshop.storage.backup import backup_dir

log = logging.getLogger(__name__)

#: What reading a damaged value raises: an enum, a date or a number that is no longer one (ValueError, TypeError,
#: KeyError), a JSON text that no longer parses (a ValueError), a row SQLAlchemy cannot make (SQLAlchemyError).
DAMAGED_VALUE: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError, AttributeError, SQLAlchemyError)


def check_read_back(ws: object) -> None:
    """Raise ValueError when a value read back is not of its kind: a flipped type byte makes SQLite hand a text
    back as bytes, which would fail far from here, in a check or a page."""
    pending = [ws]
    while pending:
        item = pending.pop()
        values = item if isinstance(item, list) else getattr(item, "__dict__", None) or (
            [getattr(item, name) for name in getattr(item, "__slots__", ())])  # fmt: skip
        for value in values.values() if isinstance(values, dict) else values:
            if isinstance(value, (bytes, bytearray, memoryview)):
                raise ValueError("a text of the workshop reads back as bytes")
            if isinstance(value, list) or hasattr(value, "__dataclass_fields__"):
                pending.append(value)


class WorkshopUnreadable(Refusal):
    """A workshop that cannot be read back from the library; nothing was changed."""


def unreadable(library_path: Path, what: str, exc: BaseException) -> WorkshopUnreadable:
    """The refusal for ``what`` ("Workshop 3") that cannot be read, logged with its traceback for the developers."""
    log.warning("%s in %s cannot be read", what, library_path, exc_info=exc)
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return WorkshopUnreadable(
        f"{what} in {library_path} cannot be read: the library holds a damaged value ({reason}). Nothing was "
        f"changed; the library's backups are in {backup_dir(library_path)}."
    )
