"""The checks panel follows the findings by what came and went: the list matches them in order, and the items of
findings that stayed are the very same (a thousand findings are not made again on every edit)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from workshop.domain.checks import run_checks
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.ui.workshop_view import CHECK_ROLE, ChecksPanel


def listed(panel: ChecksPanel) -> list[object]:
    return [panel.list.item(i).data(CHECK_ROLE) for i in range(panel.list.count())]


def test_only_the_findings_that_changed_are_made_again(qtbot: QtBot) -> None:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    checks = run_checks(sample_workshop())
    assert len(checks) > 6
    panel.set_checks(checks, Stage.SETUP)
    assert listed(panel) == checks
    kept = [panel.list.item(i) for i in range(panel.list.count())]
    changed = checks[:2] + checks[3:-1]  # one gone in the middle, one gone at the end
    changed.insert(4, checks[2])  # and one moved
    panel.set_checks(changed, Stage.SETUP)
    assert listed(panel) == changed
    assert panel.list.item(0) is kept[0] and panel.list.item(1) is kept[1]  # untouched items stay
    panel.set_checks([], Stage.SETUP)
    assert panel.list.count() == 1 and listed(panel) == [None]
    panel.set_checks(checks, Stage.SETUP)
    assert listed(panel) == checks
