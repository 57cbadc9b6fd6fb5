"""The Dashboard workspace, live reminders and escalation notices, the search field and views (offscreen)."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from archivist_desktop.domain.workflow import ItemState, Reminder
from archivist_desktop.services.pages import add_page
from archivist_desktop.store.models import ChecklistItem
from archivist_desktop.ui.main_window import DASHBOARD
from archivist_desktop.ui.qt import Qt
from archivist_desktop.ui.views import RecordView

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")  # offscreen platform


def _show_dashboard(qtbot, window):
    window.show_workspace(DASHBOARD)
    panel = window.hub.panel
    qtbot.waitUntil(lambda: panel.board is not None and panel.board.summary is not None, timeout=10000)
    return panel


def test_charts_drill_down_and_csv(qtbot, make_window, clock, tmp_path, monkeypatch):
    clock.advance(hours=2)  # Wed 11:00: step-1 documents of WO…123 are past their 48 hours
    window = make_window("lead")
    panel = _show_dashboard(qtbot, window)
    assert panel.board.totals.work_orders == 2
    assert panel.period_box.chart.series() and panel.coverage_box.chart.series()
    assert panel.on_time_box.chart.series() and panel.teams_box.chart.series()
    assert [s.label() for s in panel.bars["teams"]] == ["Flagged pages", "Open rescans", "Overdue items"]
    assert panel.bars["coverage"][0].count() == len(window.archive.templates)
    assert "2026-11" in [r.period for r in panel.board.summary.periods["month"]]

    # clicking the team's "overdue" bar lists the items behind it
    with qtbot.waitSignal(panel.drilled, timeout=5000) as blocker:
        panel.bars["teams"][2].clicked.emit(0)
    drill = blocker.args[0]
    assert drill.chart == "overdue" and drill.key == "营业一班" and drill.items
    assert panel.drill_model.rowCount() == len(drill.items) and panel.drill_export.isEnabled()
    # … and a pie slice too
    overdue_slice = next(s for s in panel.pie.slices() if s.property("key") == "overdue")
    with qtbot.waitSignal(panel.drilled, timeout=5000) as blocker:
        panel.pie.clicked.emit(overdue_slice)
    assert blocker.args[0].chart == "on_time" and len(blocker.args[0].items) == len(drill.items)

    path = panel.export_drill(tmp_path / "drill.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "Work order no." and rows[1][2] == "杭州宏达机械厂"  # headings in the GUI's language
    # the 导出 CSV button itself (clicked(bool) once reached the writer as the path: "not bool")
    chosen = tmp_path / "from-button.csv"
    monkeypatch.setattr("archivist_desktop.ui.dashboard.QFileDialog.getSaveFileName", lambda *a, **k: (str(chosen), ""))
    qtbot.mouseClick(panel.drill_export, Qt.MouseButton.LeftButton)
    assert chosen.exists() and "not written" not in panel.summary_label.text()
    with open(chosen, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == len(drill.items) + 1
    chart_csv = panel.export_chart("coverage", tmp_path / "coverage.csv")
    assert chart_csv.read_bytes().startswith(b"\xef\xbb\xbf")

    # double-clicking an item opens its work order in the Capture workspace
    with qtbot.waitSignal(panel.work_order_activated, timeout=2000):
        panel.drill_view.activated.emit(panel.drill_model.index(0, 0))


def test_live_reminders_and_escalation_notice(qtbot, make_window, station, clock):
    window = make_window("clerk")
    panel = window.reminder_panel
    to_capture = lambda: panel.reminders.counts[Reminder.TO_CAPTURE.value]  # noqa: E731
    before = to_capture()
    assert panel.reminders.escalated == 0 and window.hub.notifier.last is None

    # a capture elsewhere (another desk, a sync) shows at the next live refresh
    with station.read_session() as s:
        item_id = (
            s.execute(
                select(ChecklistItem.id).where(
                    ChecklistItem.assignee == "clerk",
                    ChecklistItem.state == ItemState.TO_CAPTURE.value,
                    ChecklistItem.required.is_(True),
                )
            )
            .scalars()
            .first()
        )
    qtbot.waitUntil(lambda: window.runner.pending == 0)
    add_page(station, window.user, item_id, b"page")
    window.hub.live_timer.timeout.emit()
    qtbot.waitUntil(lambda: to_capture() == before - 1, timeout=5000)

    # time passes: the 48 hours run out, the counts say so and the watcher escalates and tells the clerk
    clock.advance(hours=2)
    with qtbot.waitSignal(window.hub.watcher.checked, timeout=5000) as blocker:
        window.hub.watcher.timer.timeout.emit()
    assert blocker.args[0].passed.escalated and blocker.args[0].mine
    qtbot.waitUntil(lambda: panel.reminders.escalated > 0, timeout=5000)
    _title, text = window.hub.notifier.last
    assert "WO202611000123" in text
    assert "WO202611000123" in window.statusBar().currentMessage()  # no tray offscreen: the status bar

    # the escalation count stays in the status bar and a click opens the escalated list on the Dashboard
    button = window.hub.escalation_button
    assert button.isVisible() and str(len(blocker.args[0].mine)) in button.text()
    with qtbot.waitSignal(window.hub.panel.drilled, timeout=5000) as drilled:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_workspace() == DASHBOARD
    assert drilled.args[0].chart == "on_time" and drilled.args[0].key == "overdue"
    listed = {window.hub.panel.drill_model.item(r, 0).text() for r in range(window.hub.panel.drill_model.rowCount())}
    assert "WO202611000123" in listed


def test_search_field_opens_views(qtbot, make_window):
    window = make_window("lead")
    field = window.hub.search_field
    field.setText("宏达")
    with qtbot.waitSignal(field.results_shown, timeout=5000) as blocker:
        field.search_now()
    hits = blocker.args[0]
    assert [h.kind for h in hits] == ["customer"]
    field.activate(0)
    qtbot.waitUntil(lambda: len(window.hub.views) == 1, timeout=5000)
    view = window.hub.views[0]
    assert isinstance(view, RecordView) and "3300012345" in view.windowTitle()
    assert view.model.rowCount() == 1 and view.model.item(0, 0).text() == "WO202611000123"
    view.close()

    field.setText("WO202611000124")
    with qtbot.waitSignal(field.results_shown, timeout=5000):
        field.search_now()
    field.activate(0)
    qtbot.waitUntil(lambda: any("WO202611000124" in v.windowTitle() for v in window.hub.views), timeout=5000)
    view = window.hub.views[-1]
    assert view.model.rowCount() > 1  # one row per step
    for v in list(window.hub.views):
        v.close()
