"""Use cases: the only door through which the app and the CLI change a workshop."""
