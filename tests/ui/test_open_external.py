"""#19: a PDF in the system viewer, a recording in the system player, from the review workspace.

A real attached PDF and MP3 are sent for review; the supervisor's "Open in the system viewer / player"
(a button in the viewer's tool row and an entry of the viewer's context menu) writes a copy of the stored
bytes under the station's data directory off the GUI thread, audits a view, and hands its URL to the
system (only Qt's own ``QDesktopServices.openUrl`` is replaced, to see the URL it was given); the copies
are removed when the window closes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from materials_helpers import send_materials
from sqlalchemy import select

from archivist_desktop.services.capture import page_bytes
from archivist_desktop.services.open_external import external_dir
from archivist_desktop.services.users import get_user
from archivist_desktop.store.models import AuditEvent
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import QDesktopServices, QUrl

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 15000


@pytest.fixture
def sent_materials(station, user_of, mfiles):
    """contract.pdf in the LV order's first document, agreement.mp3 in its second; every document
    captured and sent for review. Returns {file name: page id}."""
    return send_materials(station, user_of, mfiles, ("contract.pdf", "agreement.mp3"))


@pytest.fixture
def opened(monkeypatch):
    """The URLs handed to the system (Qt's openUrl replaced: no program starts in a test)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def _views(station) -> list[AuditEvent]:
    with station.read_session() as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "view").order_by(AuditEvent.seq)).scalars())


def test_open_a_pdf_and_an_mp3_in_the_system_programs(qtbot, station, make_window, sent_materials, mfiles, opened):
    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    action = review.open_external_action
    qtbot.waitUntil(lambda: review.queue is not None and review.model.rowCount() > 0, timeout=TIMEOUT)
    assert action in review.viewer.actions()  # the viewer's context menu
    assert review.open_external_button.defaultAction() is action
    supervisor = get_user(station, "supervisor")

    for name, label in (("contract.pdf", "Open in the system viewer"), ("agreement.mp3", "Open in the system player")):
        page_id = sent_materials[name]
        rows = [n for n, e in enumerate(review.model.entries) if e.page_id == page_id]
        assert len(rows) == 1, name
        review.select_row(rows[0])
        viewer = review.viewer
        qtbot.waitUntil(lambda p=page_id, v=viewer: v.page_id == p and action.isEnabled(), timeout=TIMEOUT)
        assert action.text() == label
        before = len(opened)
        action.trigger()
        qtbot.waitUntil(lambda before=before: len(opened) == before + 1, timeout=TIMEOUT)
        url = opened[-1]
        assert url.isLocalFile()
        path = Path(url.toLocalFile())
        assert external_dir(station) in path.parents
        assert path.name == name and path.suffix == Path(name).suffix  # the system picks its program by it
        # byte-identical to what is stored, and so to the file attached
        assert path.read_bytes() == page_bytes(station, supervisor, page_id) == mfiles[name].read_bytes()
        event = _views(station)[-1]
        assert event.actor == "supervisor" and event.entity_id == page_id
        payload = json.loads(event.payload)
        assert payload["how"] == "external" and payload["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()

    assert {e.entity_id for e in _views(station)} == set(sent_materials.values())
    copies = external_dir(station)
    assert copies.is_dir()
    window.close()
    assert not copies.exists()  # removed at exit


def test_a_camera_page_has_no_open_externally(qtbot, station, make_window, sent_materials, opened):
    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(lambda: review.queue is not None and review.model.rowCount() > 0, timeout=TIMEOUT)
    rows = [n for n, e in enumerate(review.model.entries) if e.page_id not in sent_materials.values()]
    review.select_row(rows[0])
    page_id = review.model.entries[rows[0]].page_id
    qtbot.waitUntil(lambda: review._material_kinds.get(page_id) is not None, timeout=TIMEOUT)
    assert not review.open_external_action.isEnabled()
    assert opened == []
