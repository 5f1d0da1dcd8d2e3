"""The action plan stage: decisions become work with a name and a date on it."""
