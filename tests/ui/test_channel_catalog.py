"""The channels stage's catalog browser: the model and filter without widgets, then the real widget clicked and
typed through, read back from the library."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.entities import Channel, Workshop
from workshop.domain.enums import ChannelKind, Portability
from workshop.services.catalog import catalog_channels, sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library
from workshop.ui.models import ROW_ID_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.catalog import ChannelCatalogView
from workshop.ui.stages.channels.catalog_model import (
    RETIRED_TEXT,
    CatalogChannelsDialog,
    ChannelFilterProxy,
    ChannelTableModel,
    new_channel_name,
    split_aliases,
)

M = ChannelTableModel


@pytest.fixture
def session(qapp: QApplication, service: WorkshopService) -> WorkshopSession:
    """The shipped sample: 16 channels, none retired (the model's colour swatches need a QApplication)."""
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


@pytest.fixture
def view(qtbot: QtBot, session: WorkshopSession) -> ChannelCatalogView:
    return shown(qtbot, ChannelCatalogView(session))


def shown(qtbot: QtBot, widget: ChannelCatalogView, size: tuple[int, int] = (1400, 800)) -> ChannelCatalogView:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def stored(session: WorkshopSession) -> Workshop:
    """What the library holds now, read afresh."""
    return session.service.load(session.workshop_id).workshop


def channel(ws: Workshop, name: str) -> Channel:
    return next(c for c in ws.channels if c.name == name)


def shown_names(view: ChannelCatalogView) -> list[str]:
    return [view.proxy.index(r, M.COL_NAME).data() for r in range(view.proxy.rowCount())]


def cell(view: ChannelCatalogView, name: str, column: int) -> QModelIndex:
    row = shown_names(view).index(name)
    return view.proxy.index(row, column)


def click(
    qtbot: QtBot,
    view: ChannelCatalogView,
    name: str,
    column: int = M.COL_NAME,
    keys: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    rect = view.table.visualRect(cell(view, name, column))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, keys, rect.center())


def open_editor(qtbot: QtBot, view: ChannelCatalogView, name: str, column: int) -> QWidget:
    """Click the cell and press F2, as a person would; the editor that opens has the focus."""
    click(qtbot, view, name, column)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.table.state() == view.table.State.EditingState)
    editor = view.table.indexWidget(view.table.currentIndex())
    assert editor is not None and editor.isVisible()
    return editor


def commit(qtbot: QtBot, editor: QWidget) -> None:
    """Enter in a cell editor; the view commits on its next turn of the event loop and closes it."""
    window = editor.window()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())
    activate(qtbot, window)


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Offscreen, a closed popup (the owner completer's) gives activation back to nobody; a desktop gives it back."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


# -- the model, without widgets ---------------------------------------------------


def test_model_shows_each_channel_in_plain_words(session: WorkshopSession) -> None:
    model = M(session)
    assert (model.rowCount(), model.columnCount()) == (16, 7)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Name", "Kind", "Owner", "Portability", "Risk", "Aliases", "Status"
    ]  # fmt: skip
    assert "Platform risk" in model.headerData(M.COL_RISK, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    row = model.row_of_name("instagram")
    assert row is not None
    assert [model.index(row, c).data() for c in range(7)] == [
        "Instagram",
        "Rented",
        "Meta",
        "None",
        "3",
        "Insta, IG",
        "",
    ]
    assert model.index(row, M.COL_KIND).data(Qt.ItemDataRole.EditRole) == "rented"
    assert model.index(row, M.COL_PORTABILITY).data(Qt.ItemDataRole.EditRole) == "none"
    assert model.index(row, M.COL_RISK).data(Qt.ItemDataRole.EditRole) == 3
    assert isinstance(model.index(row, M.COL_KIND).data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.index(row, M.COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(row, M.COL_NAME).data(ROW_ID_ROLE) == session.id_of("channel", "Instagram")


def test_a_retired_channel_is_greyed_and_marked(session: WorkshopSession) -> None:
    session.apply(lambda: session.service.set_retired(session.id_of("channel", "Strava club"), True))
    model = M(session)
    row = model.row_of_name("Strava club")
    assert row is not None
    assert model.index(row, M.COL_STATUS).data() == "retired"
    assert model.index(row, M.COL_STATUS).data(Qt.ItemDataRole.EditRole) == M.RETIRED
    assert model.index(row, M.COL_NAME).data(Qt.ItemDataRole.ForegroundRole) == QColor(RETIRED_TEXT)
    font = model.index(row, M.COL_OWNER).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()


def test_each_cell_edit_is_one_undoable_edit(session: WorkshopSession) -> None:
    model, stack = M(session), session.undo_stack
    session.changed.connect(lambda _tables: model.refresh())  # as the view does
    row = model.row_of_name("Instagram")
    assert row is not None
    edits = [
        (M.COL_OWNER, "Meta Platforms"),
        (M.COL_KIND, "paid"),
        (M.COL_PORTABILITY, "partial"),
        (M.COL_RISK, 5),
        (M.COL_ALIASES, " Insta,IG , , Gram "),
        (M.COL_STATUS, M.RETIRED),
        (M.COL_NAME, "Instagram (brand)"),
    ]
    for n, (column, value) in enumerate(edits, start=1):
        assert model.setData(model.index(row, column), value)
        assert stack.count() == n
    c = channel(stored(session), "Instagram (brand)")
    assert (c.owner, c.kind, c.portability, c.platform_risk) == ("Meta Platforms", ChannelKind.PAID,
                                                                  Portability.PARTIAL, 5)  # fmt: skip
    assert c.aliases == ["Insta", "IG", "Gram"] and c.retired
    assert model.setData(model.index(row, M.COL_RISK), 5) and stack.count() == len(edits)  # unchanged: no step
    stack.undo()
    stack.undo()
    c = channel(stored(session), "Instagram")
    assert not c.retired and c.platform_risk == 5
    assert model.index(row, M.COL_NAME).data() == "Instagram" and model.index(row, M.COL_STATUS).data() == ""


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        (M.COL_NAME, "Email newsletter", "already used"),
        (M.COL_NAME, "   ", "needs a name"),
        (M.COL_OWNER, "", "Owner is required"),
        (M.COL_RISK, 6, "from 1 to 5"),
        (M.COL_ALIASES, "IG, ig", "listed twice"),
    ],
)
def test_a_refused_edit_keeps_the_data_and_says_why(
    qtbot: QtBot, session: WorkshopSession, column: int, value: object, says: str
) -> None:
    model = M(session)
    row = model.row_of_name("Instagram")
    assert row is not None
    before = [model.index(row, c).data() for c in range(7)]
    with qtbot.waitSignal(session.refused) as refusal:
        assert not model.setData(model.index(row, column), value)
    assert says in refusal.args[0]
    assert session.undo_stack.count() == 0
    assert [model.index(row, c).data() for c in range(7)] == before
    assert channel(stored(session), "Instagram").aliases == ["Insta", "IG"]


def test_aliases_split_on_commas_and_new_names_count_up() -> None:
    assert split_aliases(" Insta ,IG,, ") == ["Insta", "IG"] and split_aliases("") == []
    assert new_channel_name([]) == "New channel"
    taken = [Channel("new channel", ChannelKind.OWNED, "(own)"), Channel("X", ChannelKind.OWNED, "(own)",
                                                                           aliases=["New Channel 2"])]  # fmt: skip
    assert new_channel_name(taken) == "New channel 3"


def test_the_filter_searches_names_owners_aliases_and_narrows_by_kind_owner_and_retired(
    session: WorkshopSession,
) -> None:
    session.apply(lambda: session.service.set_retired(session.id_of("channel", "Meta Ads"), True))
    proxy = ChannelFilterProxy()
    proxy.setSourceModel(M(session))

    def names() -> list[str]:
        return [proxy.index(r, M.COL_NAME).data() for r in range(proxy.rowCount())]

    assert proxy.rowCount() == 15 and "Meta Ads" not in names()  # retired: hidden unless shown
    proxy.set_show_retired(True)
    assert proxy.rowCount() == 16
    proxy.set_search("INSTA")  # a name, and an alias of Meta Ads ("Instagram Ads")
    assert names() == ["Instagram", "Meta Ads"]
    proxy.set_search("meta")  # an owner, and a name
    assert names() == ["Instagram", "WhatsApp Business", "Meta Ads"]
    proxy.set_search("press office")  # an alias only
    assert names() == ["Press and media relations"]
    proxy.set_search("")
    proxy.set_kind(ChannelKind.PAID)
    assert names() == ["Google Ads", "Meta Ads"]
    proxy.set_kind(None)
    proxy.set_owner("alphabet")
    assert names() == ["YouTube", "Google Ads"]
    proxy.set_kind(ChannelKind.RENTED)
    assert names() == ["YouTube"]
    proxy.set_show_retired(False)
    proxy.set_owner("Meta")
    assert names() == ["Instagram", "WhatsApp Business"]
    proxy.clear_filters()
    assert proxy.rowCount() == 15 and (proxy.search, proxy.kind, proxy.owner) == ("", None, None)


# -- the widget, clicked and typed through ----------------------------------------


def test_cells_are_edited_in_place_with_the_right_editors(qtbot: QtBot, view: ChannelCatalogView) -> None:
    session = view.session
    editor = open_editor(qtbot, view, "Instagram", M.COL_OWNER)
    assert isinstance(editor, QLineEdit) and editor.completer() is not None
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Meta Platforms")
    commit(qtbot, editor)
    editor = open_editor(qtbot, view, "Instagram", M.COL_KIND)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Owned", "Rented", "Earned", "Paid", "Partner", "Offline"
    ]  # fmt: skip
    qtbot.keyClicks(editor, "Paid")
    commit(qtbot, editor)
    editor = open_editor(qtbot, view, "Instagram", M.COL_PORTABILITY)
    assert isinstance(editor, QComboBox)
    qtbot.keyClicks(editor, "Partial")
    commit(qtbot, editor)
    click(qtbot, view, "Instagram", M.COL_RISK)
    qtbot.keyClick(view.table, Qt.Key.Key_5)  # typing starts the editor with the digit
    editor = QApplication.focusWidget()
    assert isinstance(editor, QSpinBox) and (editor.minimum(), editor.maximum()) == (1, 5)
    commit(qtbot, editor)
    editor = open_editor(qtbot, view, "Instagram", M.COL_ALIASES)
    assert isinstance(editor, QLineEdit) and editor.text() == "Insta, IG"
    qtbot.keyClick(editor, Qt.Key.Key_End)  # the editor opens with all selected
    qtbot.keyClicks(editor, ", Gram")
    commit(qtbot, editor)
    click(qtbot, view, "Instagram", M.COL_NAME)
    qtbot.keyClicks(view.table, "I")  # typing on a cell replaces its text; the rest goes to the editor it opened
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "I"
    qtbot.keyClicks(editor, "nsta brand")
    commit(qtbot, editor)
    c = channel(stored(session), "Insta brand")
    assert (c.owner, c.kind, c.portability, c.platform_risk) == ("Meta Platforms", ChannelKind.PAID,
                                                                  Portability.PARTIAL, 5)  # fmt: skip
    assert c.aliases == ["Insta", "IG", "Gram"]
    assert session.undo_stack.count() == 6
    assert view.table.currentIndex().data() == "Insta brand"  # still on the channel it edited


def test_a_refused_rename_is_said_in_the_message_line_until_an_edit_goes_through(
    qtbot: QtBot, view: ChannelCatalogView
) -> None:
    editor = open_editor(qtbot, view, "Instagram", M.COL_NAME)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "email NEWSLETTER")
    commit(qtbot, editor)
    assert view.message_label.isVisible() and "already used" in view.message_label.text()
    assert cell(view, "Instagram", M.COL_NAME).isValid()
    assert channel(stored(view.session), "Instagram").owner == "Meta"
    editor = open_editor(qtbot, view, "Instagram", M.COL_RISK)
    qtbot.keyClicks(editor, "4")
    commit(qtbot, editor)
    assert not view.message_label.isVisible()
    view.session.refused.emit("A refusal of some other view")
    assert not view.message_label.isVisible()  # not this view's edit: its own page says it


def test_search_kind_and_owner_filters_and_the_count_line(qtbot: QtBot, view: ChannelCatalogView) -> None:
    assert view.count_label.text() == "16 channels · 0 retired · showing 16"
    click(qtbot, view, "YouTube")
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_edit.hasFocus()
    qtbot.keyClicks(view.search_edit, "ALPHA")
    assert shown_names(view) == ["YouTube", "Google Ads"]
    assert view.count_label.text() == "16 channels · 0 retired · showing 2"
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    assert view.search_edit.text() == "" and len(shown_names(view)) == 16
    view.kind_combo.setFocus()
    qtbot.keyClicks(view.kind_combo, "Rented")
    assert view.kind_combo.currentText() == "Rented"
    assert shown_names(view) == ["Instagram", "WhatsApp Business", "LinkedIn company page", "YouTube", "Strava club"]
    owners = [view.owner_combo.itemText(i) for i in range(view.owner_combo.count())]
    assert owners == ["All owners", "(own)", "Alphabet", "Meta", "Microsoft", "Partners (various)", "Strava",
                      "Trustpilot"]  # fmt: skip
    view.owner_combo.setFocus()
    qtbot.keyClicks(view.owner_combo, "Meta")
    assert shown_names(view) == ["Instagram", "WhatsApp Business"]
    qtbot.keyClicks(view.search_edit, "whats")
    assert view.count_label.text() == "16 channels · 0 retired · showing 1"
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)  # into the list, on what was found
    assert view.table.hasFocus() and view.table.currentIndex().data() == "WhatsApp Business"


def test_retire_and_bring_back_by_key_and_button_with_undo(qtbot: QtBot, view: ChannelCatalogView) -> None:
    session = view.session
    click(qtbot, view, "Strava club")
    assert view.retire_button.text() == "Retire"
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert channel(stored(session), "Strava club").retired
    assert "Strava club" not in shown_names(view)
    assert view.count_label.text() == "16 channels · 1 retired · showing 15"
    qtbot.mouseClick(view.retired_button, Qt.MouseButton.LeftButton)
    assert "Strava club" in shown_names(view)
    assert cell(view, "Strava club", M.COL_STATUS).data() == "retired"
    click(qtbot, view, "Strava club")
    assert view.retire_button.text() == "Bring back"
    qtbot.mouseClick(view.retire_button, Qt.MouseButton.LeftButton)
    assert not channel(stored(session), "Strava club").retired
    assert cell(view, "Strava club", M.COL_STATUS).data() == ""
    assert view.retire_button.text() == "Retire"
    session.undo_stack.undo()
    assert channel(stored(session), "Strava club").retired
    assert cell(view, "Strava club", M.COL_STATUS).data() == "retired"
    session.undo_stack.undo()
    assert not channel(stored(session), "Strava club").retired
    assert session.undo_stack.count() == 2 and session.undo_stack.index() == 0


def test_retiring_several_channels_is_one_edit(qtbot: QtBot, view: ChannelCatalogView) -> None:
    session = view.session
    click(qtbot, view, "Instagram")
    click(qtbot, view, "YouTube", keys=Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_channels()) == 2
    view.retire_action.trigger()
    ws = stored(session)
    assert channel(ws, "Instagram").retired and channel(ws, "YouTube").retired
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Retire 2 channels"
    session.undo_stack.undo()
    ws = stored(session)
    assert not channel(ws, "Instagram").retired and not channel(ws, "YouTube").retired


def test_insert_adds_a_channel_and_starts_editing_its_name(qtbot: QtBot, view: ChannelCatalogView) -> None:
    session = view.session
    qtbot.keyClicks(view.search_edit, "alphabet")  # a filter the new channel does not pass is let go
    click(qtbot, view, "YouTube")
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    c = channel(stored(session), "New channel")
    assert (c.kind, c.owner, c.portability, c.platform_risk, c.aliases) == (ChannelKind.OWNED, "(own)",
                                                                            Portability.NONE, 3, [])  # fmt: skip
    assert view.search_edit.text() == "" and len(shown_names(view)) == 17
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New channel"
    assert view.table.currentIndex() == cell(view, "New channel", M.COL_NAME)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New channel 2"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Podcast")
    commit(qtbot, editor)
    names = [c.name for c in stored(session).channels]
    assert names[-2:] == ["New channel", "Podcast"]
    assert session.undo_stack.count() == 3
    assert view.count_label.text() == "18 channels · 0 retired · showing 18"


def test_add_from_catalog_adds_the_ticked_channels_in_one_edit(qtbot: QtBot, view: ChannelCatalogView) -> None:
    session = view.session
    seen: dict[str, object] = {}

    def tick(dialog: QWidget) -> None:
        assert isinstance(dialog, CatalogChannelsDialog)
        try:
            activate(qtbot, dialog)
            seen["count"] = len(dialog.items())
            for search in ("podcast", "tiktok"):
                dialog.filter_edit.setFocus()
                qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                qtbot.keyClicks(dialog.filter_edit, search)
                seen[search] = [item.text(0) for item in dialog.shown()]
                qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
                seen[f"{search} focus"] = dialog.tree.hasFocus()
                qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
            seen["button"] = dialog.add_button.text()
            qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():
                dialog.reject()  # a failing step must not leave the test waiting on an open dialog

    when_dialog_opens(tick)
    click(qtbot, view, "YouTube")
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen == {"count": 33, "podcast": ["Podcast"], "podcast focus": True, "tiktok": ["TikTok", "TikTok Ads"],
                    "tiktok focus": True, "button": "Add 2 channels"}  # fmt: skip
    ws = stored(session)
    catalog = {c.name: c for c in catalog_channels()}
    for name in ("Podcast", "TikTok"):
        got, shipped = channel(ws, name), catalog[name]
        assert (got.kind, got.owner, got.portability, got.platform_risk, got.aliases) == (
            shipped.kind, shipped.owner, shipped.portability, shipped.platform_risk, shipped.aliases
        )  # fmt: skip
    assert "TikTok Ads" not in [c.name for c in ws.channels]
    assert view.table.currentIndex().data() == "Podcast"
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert [c.name for c in stored(session).channels] == [c.name for c in sample_workshop().channels]
    assert len(shown_names(view)) == 16


def test_add_from_catalog_says_plainly_when_nothing_is_missing(qtbot: QtBot, service: WorkshopService) -> None:
    view = shown(qtbot, ChannelCatalogView(WorkshopSession(service, service.create_workshop("T").result)))
    assert view.model.rowCount() == len(catalog_channels())
    seen: list[str] = []

    def close(dialog: QWidget) -> None:
        assert isinstance(dialog, CatalogChannelsDialog)
        try:
            seen.append(dialog.intro.text())
            seen.append(str((dialog.tree.isVisible(), dialog.add_button.isVisible(), dialog.cancel_button.text())))
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():
                dialog.reject()

    when_dialog_opens(close)
    qtbot.mouseClick(view.catalog_button, Qt.MouseButton.LeftButton)
    assert "already has every channel of the shipped catalog" in seen[0]
    assert seen[1] == "(False, False, 'Close')"
    assert view.session.undo_stack.count() == 0


def test_one_workshops_edits_leave_anothers_channel_alone(qtbot: QtBot, service: WorkshopService) -> None:
    first = shown(
        qtbot, ChannelCatalogView(WorkshopSession(service, service.import_workshop(sample_workshop()).result))
    )
    other_session = WorkshopSession(service, service.import_workshop(sample_workshop()).result)
    other = shown(qtbot, ChannelCatalogView(other_session))
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    editor = open_editor(qtbot, first, "Instagram", M.COL_OWNER)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Meta Platforms")
    commit(qtbot, editor)
    first.retire_action.trigger()
    assert channel(stored(first.session), "Instagram").owner == "Meta Platforms"
    assert channel(stored(first.session), "Instagram").retired
    kept = channel(stored(other_session), "Instagram")
    assert kept.owner == "Meta" and not kept.retired
    assert cell(other, "Instagram", M.COL_OWNER).data() == "Meta"


def test_the_current_channel_and_scroll_stay_across_changes(qtbot: QtBot, service: WorkshopService) -> None:
    session = WorkshopSession(service, service.create_workshop("T").result)
    view = shown(qtbot, ChannelCatalogView(session), (1000, 560))
    view.table.scrollToBottom()
    last = shown_names(view)[-3]
    click(qtbot, view, last, M.COL_OWNER)
    scroll = view.table.verticalScrollBar().value()
    assert scroll > 0
    first_id = session.id_of("channel", shown_names(view)[0])
    session.apply(lambda: service.update("channel", first_id, platform_risk=5))  # values only: no reset
    assert view.table.currentIndex() == cell(view, last, M.COL_OWNER)
    assert view.table.verticalScrollBar().value() == scroll
    session.apply(lambda: service.add("channel", session.workshop_id, name="Zine", kind="offline", owner="(own)"))
    assert view.model.rowCount() == len(catalog_channels()) + 1  # rows came: the model was reset
    assert view.table.currentIndex() == cell(view, last, M.COL_OWNER)
    assert view.table.verticalScrollBar().value() == scroll
    assert [i.data() for i in view.table.selectionModel().selectedRows()] == [last]


def test_actions_name_their_keys_and_fire_only_inside_the_widget(qtbot: QtBot, session: WorkshopSession) -> None:
    window = QWidget()
    beside = QLineEdit(window)  # another part of the same page
    view = ChannelCatalogView(session, window)
    layout = QVBoxLayout(window)
    layout.addWidget(beside)
    layout.addWidget(view)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    bound = {view.add_action: "Ins", view.retire_action: "Ctrl+Shift+R", view.catalog_action: "Ctrl+Shift+A",
             view.search_action: "Ctrl+F"}  # fmt: skip
    for action, key in bound.items():
        assert action.shortcut() == QKeySequence(key)
        assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        assert f"({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})" in action.toolTip()
    assert view.add_button.toolTip() == view.add_action.toolTip()
    assert [keys for keys, _what in view.key_hints()] == ["F2, double click or typing", "↓ or Enter in the search",
                                                          "Esc in the search"]  # fmt: skip
    assert view.search_edit.property("forBrowsing") and view.retired_button.property("forBrowsing")
    beside.setFocus()
    qtbot.waitUntil(beside.hasFocus)
    qtbot.keyClick(beside, Qt.Key.Key_Insert)
    qtbot.keyClick(beside, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.model.rowCount() == 16 and beside.hasFocus()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    assert view.model.rowCount() == 17


def test_a_read_only_library_browses_but_does_not_edit(
    qtbot: QtBot, service: WorkshopService, library_path: Path
) -> None:
    wid = service.import_workshop(sample_workshop()).result
    reader = Library.open(library_path, read_only=True)
    try:
        view = shown(qtbot, ChannelCatalogView(WorkshopSession(WorkshopService(reader), wid)))
        assert not any(a.isEnabled() for a in (view.add_action, view.retire_action, view.catalog_action))
        assert not view.add_button.isEnabled()
        assert not view.proxy.flags(cell(view, "Instagram", M.COL_OWNER)) & Qt.ItemFlag.ItemIsEditable
        click(qtbot, view, "Instagram")
        qtbot.keyClick(view.table, Qt.Key.Key_Insert)
        assert view.model.rowCount() == 16
        qtbot.keyClicks(view.search_edit, "meta")
        assert shown_names(view) == ["Instagram", "WhatsApp Business", "Meta Ads"]
    finally:
        reader.close()
