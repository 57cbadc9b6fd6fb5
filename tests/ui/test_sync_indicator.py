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


def test_rows_the_centre_refuses_show_as_set_aside_with_their_reasons(qtbot, station, tmp_path):
    """Another station pushed the same orders first: this station's copies are refused and set aside."""
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.orders import import_orders
    from archivist_desktop.services.sync import rejected_rows, sync
    from archivist_desktop.ui.sync_status import SET_ASIDE, SyncController, SyncIndicator
    from sample_data import sample_feed

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    with Archive(tmp_path / "first") as first:
        import_orders(first, sample_feed())
        sync(first, url)
    station.settings.set("central_url", url)
    controller = SyncController(station)
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    with qtbot.waitSignal(controller.state_changed, timeout=30000, check_params_cb=lambda s, m: s == SET_ASIDE):
        indicator.click()
    n = len(rejected_rows(station))
    assert n > 0 and len(controller.rejected) == n
    assert indicator.text() == indicator.tr("● {n} row(s) set aside").format(n=n)
    assert "set aside" in indicator.text()
    first_reason = controller.rejected[0]["reason"]
    assert first_reason and first_reason in indicator.toolTip()
    assert "UNIQUE" in indicator.toolTip()
    assert pending_changes(station) == 0  # nothing else waits
    controller.shutdown()
    # a new window on the same station shows them before its first pass
    again = SyncController(station)
    assert again.state == SET_ASIDE and len(again.rejected) == n
    again.shutdown()
