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
