"""The export stage: the team workbook, one participant's or every participant's, in a worker thread."""
