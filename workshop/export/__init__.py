"""Charts and workbooks, and the palette they share with the UI; no Qt."""
