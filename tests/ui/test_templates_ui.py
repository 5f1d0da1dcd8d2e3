"""Save a workshop as a template and start a new workshop from it, from the start screen (issue 15, item 6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from tests.ui.dialogs import when_dialog_opens
from tests.ui.test_shell import press, type_into_input_dialog
from workshop.ui.main_window import MainWindow


def test_save_as_template_then_new_from_it_leaves_the_room_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.start.sample_button, Qt.MouseButton.LeftButton)
    sample = window.session.workshop
    press(qtbot, window, Qt.Key.Key_W)
    assert window.start.save_template_button.isEnabled()

    type_into_input_dialog("Bikes template")
    qtbot.mouseClick(window.start.save_template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Bikes template" in [w.title for w in window.start.model.rows])
    template = next(w for w in window.start.model.rows if w.title == "Bikes template")
    assert template.is_template

    def pick_template(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        combo = dialog.findChild(QComboBox)
        combo.setCurrentIndex(combo.findText("Bikes template", Qt.MatchFlag.MatchStartsWith))
        type_into_input_dialog("Spring 2028")  # the title asked next
        dialog.accept()

    when_dialog_opens(pick_template)
    qtbot.mouseClick(window.start.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None)
    made = window.session.workshop
    assert (made.title, made.is_template) == ("Spring 2028", False)
    assert [o.key for o in made.outcomes] == [o.key for o in sample.outcomes]
    assert [d.name for d in made.departments] == [d.name for d in sample.departments]
    assert made.participants == [] and made.raci == [] and made.actions == [] and made.votes == []
    assert sample.participants  # the sample had people: they were left out, not missing


def test_save_as_template_needs_a_selected_workshop(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.start.model.rows == [] and not window.start.save_template_button.isEnabled()
