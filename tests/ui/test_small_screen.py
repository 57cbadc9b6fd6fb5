"""Issue 17 item 5: every workspace usable on a 1366x768 counter PC (1366x728 above the taskbar)."""

from __future__ import annotations

import pytest

from archivist_desktop.ui.main_window import ARCHIVE, CAPTURE, DASHBOARD, REVIEW

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

WIDTH, HEIGHT = 1366, 728


@pytest.mark.parametrize("workspace", [CAPTURE, REVIEW, ARCHIVE, DASHBOARD])
def test_every_workspace_fits_1366x728_with_the_status_bar_visible(qtbot, make_window, workspace):
    window = make_window("lead")
    window.show_workspace(workspace)
    qtbot.wait(50)
    hint = window.minimumSizeHint()
    assert hint.width() <= WIDTH and hint.height() <= 700, hint
    window.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: window.size().height() == HEIGHT)
    bar = window.statusBar()
    assert bar.isVisible() and bar.geometry().bottom() < HEIGHT
    assert window.user_label.isVisible() and window.sync_indicator.isVisible()
    assert window.rect().contains(bar.geometry())


def test_the_dashboard_keeps_its_drill_down_list_at_1366x728(qtbot, make_window):
    window = make_window("lead")
    window.show_workspace(DASHBOARD)
    window.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: window.size().height() == HEIGHT)
    panel = window.hub.panel
    rows = panel.drill_view.fontMetrics().height()
    assert panel.drill_view.height() >= panel.drill_view.header().height() + 4 * rows  # more than one row
