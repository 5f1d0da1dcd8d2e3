"""The facilitator's tools for the room: the stage timer, the presenter view, the parking lot and decisions,
snapshots. Each follows the open workshop through ``MainWindow.workshop_opened`` / ``workshop_closing`` and
adds its actions to the window's Room menu."""
