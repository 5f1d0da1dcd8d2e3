"""No two actions share a key in the same window, and F1 lists every key of the window's actions.

Qt fires neither of two shortcuts with the same keys that are active at once ("Ambiguous shortcut
overload"). Two are active at once when both are window-wide (window or application context), or when
one is window-wide and the other belongs to a widget of that window (focus in the widget activates
both), or when both belong to the same widget (or one to a widget, the other to it or a descendant
with the widget-with-children context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.ui.main_window import MainWindow

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@dataclass(frozen=True)
class Binding:
    """One key sequence of one action or shortcut, and where it is active."""

    keys: str  # portable text, e.g. "Ctrl+Shift+Z"
    owner: str  # what the facilitator would call it
    context: Qt.ShortcutContext
    widget: QWidget | None  # the widget of a widget-context binding; None when window-wide
    source: QObject = field(compare=False)  # the QAction or QShortcut

    def __repr__(self) -> str:
        where = "window" if self.widget is None else f"{type(self.widget).__name__} {self.widget.objectName()!r}"
        return f"{self.keys} ({self.owner}, {where})"


def _label(obj: QObject) -> str:
    text = obj.text() if isinstance(obj, QAction) else obj.whatsThis()
    return f"{type(obj).__name__} {text.replace('&', '')!r}".strip()


def bindings(window: QWidget) -> list[Binding]:
    """Every key of every QAction and QShortcut in ``window`` (enabled or not: one may be enabled later)."""
    found: list[Binding] = []
    for action in window.findChildren(QAction):
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if action.shortcutContext() in WINDOW_WIDE:
                found.append(Binding(keys, _label(action), action.shortcutContext(), None, action))
            else:
                found += [Binding(keys, _label(action), action.shortcutContext(), w, action) for w in widgets]
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        sequences = shortcut.keys()  # a QShortcut's key sequences, not a dict's
        for sequence in sequences:
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            widget = None if shortcut.context() in WINDOW_WIDE else parent
            found.append(Binding(keys, _label(shortcut), shortcut.context(), widget, shortcut))  # type: ignore[arg-type]
    return [b for b in found if b.keys]


def _within(inner: QWidget, outer: QWidget) -> bool:
    return inner is outer or outer.isAncestorOf(inner)


def active_together(a: Binding, b: Binding) -> bool:
    if a.keys != b.keys:
        return False
    if a.widget is None or b.widget is None:
        return True  # window-wide against anything in the window
    children = Qt.ShortcutContext.WidgetWithChildrenShortcut
    if a.context == children and _within(b.widget, a.widget):
        return True
    if b.context == children and _within(a.widget, b.widget):
        return True
    return a.widget is b.widget


def conflicts(window: QWidget) -> list[tuple[Binding, Binding]]:
    """Pairs of bindings with the same keys active at once, between two actions or shortcuts."""
    found = bindings(window)
    return [
        (a, b)
        for i, a in enumerate(found)
        for b in found[i + 1 :]
        if a.source is not b.source and active_together(a, b)
    ]


def doubled_keys(window: QWidget) -> list[Binding]:
    """Keys one action or shortcut holds twice: Qt finds them ambiguous too, and fires nothing."""
    found = bindings(window)
    return [b for i, a in enumerate(found) for b in found[i + 1 :] if a.source is b.source and active_together(a, b)]


@pytest.fixture
def sample_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The main window with the sample workshop open, every stage page visited once."""
    edit = window.service.import_workshop(sample_workshop())  # type: ignore[union-attr]
    window.refresh_workshops(select=edit.result)
    window.open_workshop(edit.result)
    assert window.view is not None
    for stage in Stage:
        window.go_to_stage(stage)
        assert window.view.stage is stage
    window.go_to_stage(Stage.SETUP)
    return window


# -- the rule itself can fail -----------------------------------------------------------------------------


def test_the_rule_finds_a_planted_conflict_of_each_kind(qtbot: QtBot) -> None:
    host = QMainWindow()
    qtbot.addWidget(host)
    list_a, list_b = QListWidget(host), QListWidget(host)
    host.setCentralWidget(list_a)

    def action(keys: str, context: Qt.ShortcutContext, on: QWidget) -> QAction:
        a = QAction(keys, on)
        a.setShortcut(QKeySequence(keys))
        a.setShortcutContext(context)
        on.addAction(a)
        return a

    action("Ctrl+D", Qt.ShortcutContext.WindowShortcut, host)
    QShortcut(QKeySequence("Ctrl+D"), host)  # a QShortcut is window-wide unless told otherwise
    action("Del", Qt.ShortcutContext.WidgetShortcut, list_a)
    action("Del", Qt.ShortcutContext.WidgetShortcut, list_a)
    action("Del", Qt.ShortcutContext.WidgetShortcut, list_b)  # another widget: fine
    action("Alt+Up", Qt.ShortcutContext.WidgetWithChildrenShortcut, host)
    action("Alt+Up", Qt.ShortcutContext.WidgetShortcut, list_b)  # inside host
    action("F9", Qt.ShortcutContext.WindowShortcut, host)
    action("F9", Qt.ShortcutContext.WidgetShortcut, list_b)
    twice = action("Ctrl+R", Qt.ShortcutContext.WindowShortcut, host)
    twice.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("Ctrl+R")])
    found = {(a.keys, b.keys) for a, b in conflicts(host)}
    assert found == {("Ctrl+D", "Ctrl+D"), ("Del", "Del"), ("Alt+Up", "Alt+Up"), ("F9", "F9")}
    assert len(conflicts(host)) == 4
    assert [b.keys for b in doubled_keys(host)] == ["Ctrl+R"]


def test_qt_itself_fires_neither_of_two_active_shortcuts_with_the_same_keys(qtbot: QtBot) -> None:
    host = QMainWindow()
    qtbot.addWidget(host)
    table = QListWidget()
    host.setCentralWidget(table)
    fired: list[str] = []
    for name, on, context in (
        ("window", host, Qt.ShortcutContext.WindowShortcut),
        ("table", table, Qt.ShortcutContext.WidgetShortcut),
    ):
        a = QAction(name, on)
        a.setShortcut(QKeySequence("Ctrl+D"))
        a.setShortcutContext(context)
        a.triggered.connect(lambda _c=False, n=name: fired.append(n))
        on.addAction(a)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert fired == []  # ambiguous: what the conflict rule above guards against


# -- the app ------------------------------------------------------------------------------------------


def test_no_two_shortcuts_conflict_on_the_start_screen(qtbot: QtBot, window: MainWindow) -> None:
    assert bindings(window), "the window has shortcuts to check"
    assert conflicts(window) == []


def test_no_two_shortcuts_conflict_with_the_sample_open(qtbot: QtBot, sample_window: MainWindow) -> None:
    found = bindings(sample_window)
    keys = {b.keys for b in found}
    assert {"F1", "F6", "Ctrl+1", "Ctrl+7", "Del", "Alt+Up"} <= keys, keys  # main window and stage page keys
    assert conflicts(sample_window) == []


def test_no_action_holds_the_same_keys_twice(qtbot: QtBot, sample_window: MainWindow) -> None:
    # Redo once held [StandardKey.Redo, Ctrl+Y]: where StandardKey.Redo is Ctrl+Y (Windows, and Qt's own
    # bindings offscreen) it held Ctrl+Y twice, which redid nothing, and never Ctrl+Shift+Z.
    assert doubled_keys(sample_window) == []


def read_shortcut_sheet(qtbot: QtBot, window: MainWindow) -> str:
    """Open the F1 sheet as a person would, read it, close it with OK."""
    seen: list[str] = []

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.button(QMessageBox.StandardButton.Ok).click()

    when_dialog_opens(handle)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = QApplication.focusWidget() or window
    if isinstance(target, QLineEdit):  # F1 in a text field is still the sheet
        target = window
    qtbot.keyClick(target, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    return seen[0]


def _listed(sheet: str, name: str, keys: str) -> bool:
    pattern = re.compile(rf"(?<![\w+]){re.escape(keys)}(?![\w+])")
    return any(name in line and pattern.search(line) for line in sheet.splitlines())


def test_f1_lists_every_shortcut_of_the_window_s_actions(qtbot: QtBot, sample_window: MainWindow) -> None:
    sheet = read_shortcut_sheet(qtbot, sample_window)
    assert sample_window.shortcuts_action.shortcut().toString() == "F1"
    missing = [
        f"{a.text().replace('&', '')}: {s.toString(QKeySequence.SequenceFormat.NativeText)}"
        for a in sample_window.actions()
        for s in a.shortcuts()
        if not _listed(sheet, a.text().replace("&", ""), s.toString(QKeySequence.SequenceFormat.NativeText))
    ]
    assert missing == [], f"not on the F1 sheet: {missing}\n{sheet}"


def test_f1_lists_the_shortcuts_of_the_stage_shown(qtbot: QtBot, sample_window: MainWindow) -> None:
    from workshop.domain.enums import Stage

    sample_window.go_to_stage(Stage.SETUP)
    sheet = read_shortcut_sheet(qtbot, sample_window)
    page = sample_window.view.stage_pages[Stage.SETUP]
    for action in page.findChildren(QAction):
        for keys in action.shortcuts():
            assert _listed(sheet, action.text().replace("&", ""), keys.toString(QKeySequence.SequenceFormat.NativeText))
    assert "On this stage" in sheet


def test_f1_on_the_stakeholders_stage_lists_the_role_keys_and_the_grid_keys(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    from workshop.domain.enums import Stage

    sample_window.go_to_stage(Stage.STAKEHOLDERS)
    sheet = read_shortcut_sheet(qtbot, sample_window)
    for name, keys in (
        ("Set Responsible (R)", "R"), ("Set Accountable (A)", "A"), ("Set Consulted (C)", "C"),
        ("Set Informed (I)", "I"), ("Clear the role", "Del"), ("Department view", "Ctrl+Shift+D"),
        ("Silo heatmap", "Ctrl+Shift+H"), ("Power and interest grid", "Ctrl+Shift+P"),
        ("Fixes for the picked check", "Ctrl+J"), ("select a block", "Shift+Arrows"),
        ("next, previous person", "Tab, Shift+Tab"), ("place a person", "Drag"),
    ):  # fmt: skip
        assert _listed(sheet, name, keys), f"{name} ({keys}) is not on the F1 sheet:\n{sheet}"
