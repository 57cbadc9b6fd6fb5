"""The background sync indicator against an embedded central database."""

from __future__ import annotations

from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.sync import init_central, pending_changes
from archivist_desktop.services.users import get_user


def test_not_configured_says_local_only(qtbot, station):
    from archivist_desktop.ui.sync_status import NOT_CONFIGURED, SyncController, SyncIndicator

    controller = SyncController(station)
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    assert controller.state == NOT_CONFIGURED and indicator.text()
    controller.sync_now()  # nothing to do
    assert not controller.running
    controller.shutdown()


def test_sync_now_sends_everything_and_shows_it(qtbot, station, tmp_path):
    from archivist_desktop.ui.sync_status import SYNCED, SyncController, SyncIndicator

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    station.settings.set("central_url", url)
    clerk = get_user(station, "clerk")
    order = list_work_orders(station).rows[0]
    add_page(station, clerk, get_checklist(station, order.id).steps[0].entries[0].item_id, b"page" * 100)
    controller = SyncController(station)
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    with qtbot.waitSignal(controller.state_changed, timeout=30000, check_params_cb=lambda s, m: s == SYNCED):
        indicator.click()
    assert pending_changes(station) == 0
    assert indicator.text() == indicator._label(SYNCED) and "sent" in controller.message
    controller.shutdown()


def test_an_unreachable_central_database_shows_offline(qtbot, station):
    from archivist_desktop.ui.sync_status import OFFLINE, SyncController

    station.settings.set("central_url", "postgresql://nobody@127.0.0.1:1/none")
    controller = SyncController(station)
    with qtbot.waitSignal(controller.state_changed, timeout=30000, check_params_cb=lambda s, m: s == OFFLINE):
        controller.sync_now()
    assert pending_changes(station) > 0  # local work kept
    controller.shutdown()
