"""Widgets several stages share: the voting grid, the chart canvas."""
