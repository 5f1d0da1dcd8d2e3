"""The Social Working method as pure Python: entities, formulas and checks (no Qt, no ORM)."""
