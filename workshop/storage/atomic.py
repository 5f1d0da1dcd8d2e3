"""The library's and the interchange file's atomic writes: the one writer in ``workshop.atomic``."""

from workshop.atomic import WriteError, atomic_write_bytes, atomic_write_text

__all__ = ["WriteError", "atomic_write_bytes", "atomic_write_text"]
