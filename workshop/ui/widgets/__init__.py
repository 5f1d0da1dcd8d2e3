"""Widgets several stages share: the chart canvas, and later the voting grid and item lists."""
