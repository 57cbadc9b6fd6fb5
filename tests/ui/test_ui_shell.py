"""The GUI shell against a real archive: sign-in, work-order list, checklist, reminders, workspaces."""

from __future__ import annotations

import json
import threading

import pytest

from archivist_desktop.domain.workflow import Reminder
from archivist_desktop.services.orders import get_checklist, import_orders, list_work_orders
from archivist_desktop.services.reminders import reminders
from archivist_desktop.ui.login import LoginDialog
from archivist_desktop.ui.main_window import CAPTURE, DASHBOARD, REVIEW
from archivist_desktop.ui.models import ChecklistModel, WorkOrderListModel
from archivist_desktop.ui.qt import QDialog, Qt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

PASSWORD = "s3cret-pass"  # as tests/ui/conftest.py gives the users


def _order(no: str, customer_no: str, name: str, assignee: str = "clerk") -> dict:
    return {
        "work_order_no": no,
        "customer_no": customer_no,
        "customer_name": name,
        "address": "",
        "phone": "",
        "business_type": "lv_residential_new_connection",
        "created_at": "2026-11-03T08:00:00+08:00",
        "assignee": assignee,
        "team": "营业一班",
        "steps": [{"step": 1, "completed_at": "2026-11-03T09:00:00+08:00"}],
    }


def _click_row(qtbot, view, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


# --- sign-in -----------------------------------------------------------------------------------------


def test_wrong_password_shows_an_error_and_the_right_one_signs_in(qtbot, station, worker):
    dialog = LoginDialog(station, worker, username="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.username_edit.text() == "clerk"  # pre-filled from --user
    assert dialog.demo_table is None  # no demo accounts outside demo mode

    qtbot.keyClicks(dialog.password_edit, "wrong")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter submits
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "Wrong user name or password" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.user is None
    assert not dialog.password_edit.isReadOnly() and dialog.sign_in_button.isEnabled()

    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in) as signed_in:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    user = signed_in.args[0]
    assert (user.username, user.display_name) == ("clerk", "王芳")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_empty_fields_are_refused_without_asking_the_database(qtbot, station, worker):
    dialog = LoginDialog(station, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.station_has_users is not None)  # the dialog's own "any user?" read
    dialog.submit()
    assert dialog.error_label.isVisibleTo(dialog)
    assert worker.pending == 0


def test_authentication_runs_off_the_gui_thread(qtbot, station, worker, monkeypatch):
    import archivist_desktop.ui.login as login

    threads = []
    real = login.authenticate

    def recording(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(login, "authenticate", recording)  # records the thread, still the real service
    dialog = LoginDialog(station, worker, username="clerk")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.signed_in):
        dialog.submit()
    assert threads and threads[0] is not threading.main_thread()


# --- the work-order list -----------------------------------------------------------------------------


def test_the_imported_orders_are_listed(make_window, feed):
    window = make_window()
    model = window.order_model
    assert model.total == 2
    listed = {model.row_at(r).work_order_no for r in range(model.rowCount())}
    assert listed == {o["work_order_no"] for o in feed["work_orders"]}
    row = model.row_of(model.row_at(0).id)
    assert model.index(row, WorkOrderListModel.CUSTOMER_NO).data() == model.row_at(row).customer_no
    assert "2" in window.order_list.count_label.text()


def test_search_by_account_number_filters_after_a_pause(qtbot, make_window):
    window = make_window()
    panel, model = window.order_list, window.order_model
    qtbot.keyClicks(panel.search_edit, "3300067")
    assert model.search == ""  # debounced: nothing asked yet
    qtbot.waitUntil(lambda: model.search == "3300067" and model.total == 1 and model.rowCount() == 1)
    assert model.row_at(0).customer_no == "3300067890"
    assert model.row_at(0).customer_name == "王芳"

    panel.search_edit.clear()  # the clear button / emptying the field lists everything again
    qtbot.waitUntil(lambda: model.search == "" and model.rowCount() == 2)


@pytest.mark.parametrize("text,expected", [("宏达", "WO202611000123"), ("WO202611000124", "WO202611000124")])
def test_search_by_customer_name_or_work_order_number(qtbot, make_window, text, expected):
    window = make_window()
    window.order_list.search_edit.setText(text)
    qtbot.keyClick(window.order_list.search_edit, Qt.Key.Key_Return)  # Enter searches at once
    qtbot.waitUntil(lambda: window.order_model.search == text and window.order_model.rowCount() == 1)
    assert window.order_model.row_at(0).work_order_no == expected


def test_no_match_says_so(qtbot, make_window):
    window = make_window()
    window.order_list.search_edit.setText("nobody")
    qtbot.keyClick(window.order_list.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order_model.total == 0)
    assert "nobody" in window.order_list.count_label.text()


def test_the_list_loads_a_screen_at_a_time(qtbot, station, make_window):
    import_orders(station, {"work_orders": [_order(f"BULK{n:04d}", f"44{n:08d}", f"客户{n}") for n in range(230)]})
    window = make_window()
    model = window.order_model
    assert (model.rowCount(), model.total) == (100, 232)
    assert model.canFetchMore()
    assert "100" in window.order_list.count_label.text() and "232" in window.order_list.count_label.text()
    window.order_list.table.scrollToBottom()  # the view asks for more at the bottom
    qtbot.waitUntil(lambda: model.rowCount() == 200)
    window.order_list.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 232)
    assert not model.canFetchMore()
    expected = [r.id for r in list_work_orders(station, limit=500).rows]
    assert [model.row_at(r).id for r in range(model.rowCount())] == expected


# --- the checklist -----------------------------------------------------------------------------------


def test_selecting_an_order_shows_its_checklist(qtbot, station, make_window):
    window = make_window()
    model = window.order_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).work_order_no == "WO202611000123")
    expected = get_checklist(station, model.row_at(row).id)
    assert expected.required_missing > 0

    with qtbot.waitSignal(window.checklist.checklist_loaded) as loaded:
        _click_row(qtbot, window.order_list.table, row)
    shown = loaded.args[0]
    assert shown.order.work_order_no == "WO202611000123"
    assert shown.required_missing == expected.required_missing
    panel = window.checklist
    assert panel.missing_label.text().startswith(f"{expected.required_missing} required document")
    assert panel.customer_label.text() == "杭州宏达机械厂"
    assert panel._fields["address"].text() == "杭州市解放路1号"
    assert panel._fields["phone"].text() == "13800000000"

    tree = panel.model
    assert tree.rowCount() == len(expected.steps)
    current = tree.current_step_row()
    assert expected.steps[current].is_current and expected.steps[current].number == 3
    assert tree.index(current, 0).data(Qt.ItemDataRole.FontRole).bold()
    first = tree.index(0, 0)
    assert tree.rowCount(first) == len(expected.steps[0].entries)
    entry = expected.steps[0].entries[0]
    assert tree.index(0, ChecklistModel.DOCUMENT, first).data() == entry.name_en
    assert tree.index(0, ChecklistModel.REQUIRED, first).data() == ("Required" if entry.required else "Optional")
    assert tree.index(0, ChecklistModel.PAGES, first).data() == str(entry.pages)


def test_a_late_document_is_marked(qtbot, station, clock, make_window):
    clock.advance(days=3)  # step 1 was completed on 11-02: its pages are now past 48 hours
    window = make_window()
    model = window.order_model
    order_id = next(
        model.row_at(r).id for r in range(model.rowCount()) if model.row_at(r).work_order_no == "WO202611000123"
    )
    with qtbot.waitSignal(window.checklist.checklist_loaded) as loaded:
        window.order_list.select_order(order_id, "WO202611000123")
    late = [(s, e) for s, step in enumerate(loaded.args[0].steps) for e, entry in enumerate(step.entries) if entry.late]
    assert late
    s, e = late[0]
    tree = window.checklist.model
    assert tree.index(e, ChecklistModel.DUE, tree.index(s, 0)).data().endswith("(late)")


# --- reminders ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["clerk", "lead"])
def test_the_reminder_panel_shows_the_users_counts(qtbot, station, clock, user_of, make_window, username):
    clock.advance(days=1)  # some pages of step 1 are now escalated
    window = make_window(username)
    expected = reminders(station, user_of(username))
    panel = window.reminder_panel
    assert set(panel.buttons) == set(Reminder)
    for category, button in panel.buttons.items():
        assert button.count_label.text() == str(expected.counts[category.value]), category
    assert expected.escalated > 0
    assert str(expected.escalated) in panel.escalated_label.text()


def test_a_reminder_item_opens_its_work_order(qtbot, station, clock, user_of, make_window):
    window = make_window("clerk")
    expected = reminders(station, user_of("clerk"))
    items = expected.items[Reminder.TO_CAPTURE.value]
    assert items
    panel = window.reminder_panel
    qtbot.mouseClick(panel.buttons[Reminder.TO_CAPTURE], Qt.MouseButton.LeftButton)
    assert panel.items_model.rowCount() == len(items)
    assert [panel.items_model.item_at(r).item_id for r in range(len(items))] == [i.item_id for i in items]

    window.order_list.search_edit.setText("3300067")  # the order is filtered out of the list …
    qtbot.keyClick(window.order_list.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order_model.rowCount() == 1)
    with qtbot.waitSignal(window.checklist.checklist_loaded) as loaded:
        panel.items_view.activated.emit(panel.items_model.index(0, 0))
    assert loaded.args[0].order.id == items[0].work_order_id
    # … and activating the item brings it back and selects it
    qtbot.waitUntil(lambda: window.order_list.selected_id == items[0].work_order_id)
    current = window.order_list.table.currentIndex()
    assert window.order_model.row_at(current.row()).id == items[0].work_order_id


# --- workspaces, refresh, import ---------------------------------------------------------------------


def test_ctrl_number_switches_workspace(qtbot, make_window):
    window = make_window()
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.current_workspace() == CAPTURE
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == REVIEW
    assert window.workspace_actions[REVIEW].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == DASHBOARD
    assert window.workspace_page(window.current_workspace()) is window.hub.panel  # the Dashboard
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # find goes back to Capture
    assert window.current_workspace() == CAPTURE
    assert window.order_list.search_edit.hasFocus()


def test_each_role_starts_on_its_own_desk(make_window, station):
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.users import create_user
    from archivist_desktop.ui.main_window import ARCHIVE

    create_user(station, "supervisor", PASSWORD, Role.SUPERVISOR, "陈静", "营业一班")
    create_user(station, "archivist", PASSWORD, Role.ARCHIVIST, "刘洋", "档案室")
    starts = {name: make_window(name).current_workspace() for name in ("clerk", "supervisor", "archivist", "lead")}
    assert starts == {"clerk": CAPTURE, "supervisor": REVIEW, "archivist": ARCHIVE, "lead": DASHBOARD}


def test_f5_shows_orders_added_meanwhile(qtbot, station, worker, make_window):
    window = make_window()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: worker.pending == 0)
    import_orders(station, {"work_orders": [_order("WO202611000999", "3300099999", "新客户")]})
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.order_model.total == 3 and window.order_model.rowCount() == 3)
    qtbot.waitUntil(lambda: worker.pending == 0)
    assert window.reminder_panel.reminders == reminders(station, window.user)


def test_import_reports_the_result(qtbot, station, tmp_path, make_window):
    window = make_window()
    good = tmp_path / "feed.json"
    good.write_text(
        json.dumps({"work_orders": [_order("WO202611000777", "3300077777", "赵六")]}, ensure_ascii=False),
        encoding="utf-8",
    )
    window.import_file(good)
    qtbot.waitUntil(lambda: getattr(window, "last_import_message", None) is not None)
    assert "created 1" in window.last_import_message
    qtbot.waitUntil(lambda: window.order_model.total == 3)
    window.last_message_box.close()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"work_orders": [{"work_order_no": "X"}]}), encoding="utf-8")
    window.last_import_message = None
    window.import_file(bad)
    qtbot.waitUntil(lambda: window.last_import_message is not None)
    assert "was not imported" in window.last_import_message
    assert "work_orders[0]" in window.last_message_box.detailedText()
    assert window.import_action.isEnabled()
    window.last_message_box.close()


def test_status_bar_names_user_role_and_data_directory(make_window, station):
    window = make_window("lead")
    assert "孙伟" in window.user_label.text() and "Team lead" in window.user_label.text()
    assert str(station.data_dir) in window.data_dir_label.text()


def test_a_station_without_any_user_says_so_at_sign_in(qtbot, archive, worker):
    dialog = LoginDialog(archive, worker, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.station_has_users is False)
    assert dialog.error_label.isVisible() and "no user account yet" in dialog.error_label.text()
    assert "users add" in dialog.error_label.text()
    qtbot.keyClicks(dialog.password_edit, "anything-at-all")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog._busy and dialog.error_label.isVisible())
    assert "Wrong user name or password" not in dialog.error_label.text()
    assert "no user account yet" in dialog.error_label.text()


def test_a_station_with_users_shows_no_such_hint(qtbot, station, worker):
    dialog = LoginDialog(station, worker, username="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.station_has_users is True)
    assert not dialog.error_label.isVisible()
