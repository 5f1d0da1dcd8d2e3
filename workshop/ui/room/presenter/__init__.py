"""The presenter view (issue 15 item 2): a second window for the room, following the facilitator's stage."""

from workshop.ui.room.presenter.controller import Presenter

__all__ = ["Presenter"]
