"""The reliability suite: the guarantees of DESIGN.md (Storage and safety) measured, one figure a line.

``python -m tests.reliability`` runs the short default (also part of the normal test suite, through
``test_reliability.py``); ``--long`` the long run. Each part is a module with ``run(long, seed) -> list[Figure]``.
"""
