"""Fixtures of the shell tests, shared with the review tests."""

from tests.ui.test_shell import settings, window  # noqa: F401
