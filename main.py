"""``python main.py``: the same program as ``social-working``."""

from __future__ import annotations

import sys

from workshop.cli import main

if __name__ == "__main__":
    sys.exit(main())
