"""Alembic migrations of the library schema (run by workshop.storage.library, never by hand)."""
