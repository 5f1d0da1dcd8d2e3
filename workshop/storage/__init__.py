"""Where workshops live: the interchange file (and, later, the SQLite library)."""
