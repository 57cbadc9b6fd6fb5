"""Fixtures for the GUI tests: a station with users and the sample feed, the operation runner."""

from __future__ import annotations

import pytest

PASSWORD = "s3cret-pass"


@pytest.fixture
def station(make_station, feed):
    """The ``archive`` fixture with two clerks, a team lead and the two sample orders imported."""
    return make_station(("clerk", "clerk2", "lead"), feed, PASSWORD).archive


@pytest.fixture
def runner(qapp):
    from archivist_desktop.ui.operations import OperationRunner

    r = OperationRunner()
    yield r
    r.shutdown()
    r.deleteLater()


@pytest.fixture
def worker(runner):
    """The runner under its old name (the database worker it replaced)."""
    return runner


@pytest.fixture
def user_of(station):
    from archivist_desktop.services.users import get_user

    return lambda username: get_user(station, username)


@pytest.fixture
def make_window(qtbot, station, runner, user_of):
    """Open the main window for a user and wait until its list and reminders have loaded."""
    from archivist_desktop.ui.main_window import MainWindow

    def make(username: str = "clerk"):
        window = MainWindow(station, runner, user_of(username))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.order_model.total is not None and window.reminder_panel.reminders is not None)
        return window

    return make


@pytest.fixture
def open_window(qtbot, make_window, station):
    """A clerk's main window on a given camera; closed (camera and pool stopped) before the runner stops."""
    windows = []

    def open_(camera: str):
        station.settings.set("camera", camera)
        window = make_window("clerk")
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.close()


@pytest.fixture
def windows(make_window, station, video):
    """Main windows of given users on the replayed camera; closed before the runner stops."""
    station.settings.set("camera", f"replay:{video}")
    opened = []

    def open_(username):
        window = make_window(username)
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.close()


@pytest.fixture(scope="module")
def mfiles(tmp_path_factory):
    """A PDF, an OFD, an MP4, an MP3 … made for this test module (tests/test_materials.py)."""
    from test_materials import material_files

    return material_files(tmp_path_factory.mktemp("materials"))


@pytest.fixture
def open_document(qtbot):
    """Open a work order in a window and select one of its documents (no camera needed)."""

    def open_(window, number: str, item_id: str, timeout: int = 15000) -> None:
        model = window.order_model
        row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == number)
        window.order_list.select_order(row.id, row.work_order_no)
        qtbot.waitUntil(lambda: any(e.item_id == item_id for e in window.checklist.entries()), timeout=timeout)
        window.checklist.select_item(item_id)

    return open_


@pytest.fixture
def show_order(qtbot):
    """Open a work order in a window and wait until its checklist and the camera are up."""

    def show(window, number: str = "WO202611000123", timeout: int = 15000):
        model = window.order_model
        row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == number)
        window.order_list.select_order(row.id, row.work_order_no)
        panel = window.capture_panel
        qtbot.waitUntil(lambda: panel.entry is not None and panel.feed.latest() is not None, timeout=timeout)
        return row

    return show


@pytest.fixture(scope="session")
def video(tmp_path_factory):
    """An MJPG .avi of the simulated document camera at 1280x960: pages put down, held still, swapped."""
    import cv2

    from archivist_desktop.camera import SimulatedSource

    path = tmp_path_factory.mktemp("video") / "desk.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (1280, 960))
    assert writer.isOpened()
    src = SimulatedSource(1280, 960, fps=10.0, realtime=False, hold=1.2, swap=0.8)
    src.open()
    try:
        for _ in range(60):
            ok, frame = src.read()
            assert ok
            writer.write(frame)
    finally:
        src.close()
        writer.release()
    return path
