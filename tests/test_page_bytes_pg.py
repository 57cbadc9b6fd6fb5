"""Page bytes on demand: a station with a page's row but not its bytes fetches them from the centre
(verified, cached, bounded), against a real PostgreSQL server this module starts (and stops)."""

from __future__ import annotations

import hashlib
import uuid

import cv2
import numpy as np
import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.engine import make_url

from archivist_desktop.domain.permissions import Permission
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.capture import page_bytes, send_for_review, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.page_bytes import (
    NOT_ON_THIS_STATION,
    NotOnThisStation,
    PageBytesCorrupt,
    bytes_of_page,
    ensure_local,
    is_remote_only,
)
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.review import decode_page
from archivist_desktop.services.sync import login_central, sync
from archivist_desktop.services.users import get_user
from archivist_desktop.services.verify import verify
from archivist_desktop.store.models import Outbox, Page
from archivist_desktop.sync.central import connect
from archivist_desktop.sync.schema import central_metadata
from pgserver import PgServer
from sample_data import capture_required, sample_feed
from stations import central_company, make_station

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
STATION_LOGIN = "station_pb"
STATION_PASSWORD = "st-pass-pb-71c"
PASSWORD = "s3cret-pass"
LV = "WO202611000124"
SIDE = 600  # noise pages of ≈ 420 KB: two fit in 1 MB, three do not


@pytest.fixture
def centre(pg):
    """A fresh central database; (admin URL, station URL without password)."""
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    # the people come from the centre (c014: no station login adds users)
    central_company(pg.admin_url(name), STATION_LOGIN, STATION_PASSWORD, ("clerk", "clerk2", "supervisor"), PASSWORD)
    bare = make_url(pg.url(STATION_LOGIN, STATION_PASSWORD, name)).set(password=None)
    return pg.admin_url(name), bare.render_as_string(hide_password=False)


class _Switch:
    """Stops and starts the module's server; ``stopped()`` stops it."""

    def __init__(self, pg: PgServer):
        self.pg, self.down = pg, False

    def __call__(self) -> None:
        self.pg.stop()
        self.down = True

    def start(self) -> None:
        self.pg.start()
        self.down = False


@pytest.fixture
def stopped(pg):
    """Call to stop the central server; it is started again at the end of the test."""
    switch = _Switch(pg)
    yield switch
    if switch.down:
        switch.start()


def noise_jpeg(seed: int, side: int = SIDE) -> bytes:
    """A JPEG that does not compress much (≈ 420 KB): room to test the cache limit in MB."""
    rng = np.random.default_rng(seed)
    ok, buf = cv2.imencode(
        ".jpg", rng.integers(0, 256, (side, side, 3), dtype=np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 95]
    )
    assert ok
    return buf.tobytes()


def _login(archive: Archive, station_url: str) -> None:
    login_central(archive, station_url, STATION_LOGIN, STATION_PASSWORD)


def copy_page_rows(central_admin: str, archive: Archive) -> int:
    """The centre's page rows into a station's database as pulled rows (no outbox), where the pull
    does not bring them yet; rows already there are left alone."""
    engine = connect(central_admin)
    try:
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(central_metadata.tables["pages"]))]
    finally:
        engine.dispose()
    columns = {c.name for c in Page.__table__.columns}
    rows = [{k: v for k, v in r.items() if k in columns} for r in rows]
    with archive.engine.begin() as conn:
        for r in rows:
            conn.execute(sa.insert(Page.__table__).prefix_with("OR IGNORE").values(**r))
    return len(rows)


def _uploadable(archive: Archive, user) -> list:
    order = work_order_by_number(archive, LV)
    return [
        e
        for st in get_checklist(archive, order).steps
        for e in st.entries
        if archive.permissions.allowed(user.role, e.document_type, Permission.UPLOAD)
    ]


def _capture_at_a(tmp_path, station_url: str, n: int = 3) -> dict[str, bytes]:
    """Station A: a clerk attaches ``n`` pages and syncs; returns page id → bytes."""
    with Archive(tmp_path / "A") as a:
        make_station(a, feed=sample_feed())
        _login(a, station_url)
        sync(a)  # the people
        clerk = get_user(a, "clerk")
        entries = _uploadable(a, clerk)
        out = {}
        for k in range(n):
            data = noise_jpeg(k)
            info = add_page(a, clerk, entries[k % len(entries)].item_id, data, width=SIDE, height=SIDE)
            out[info.id] = data
        counts = sync(a)
        assert counts.pending == 0 and counts.pushed["blobs"] == n
        assert verify(a).ok
    return out


def _station_b(tmp_path, centre) -> Archive:
    admin, station_url = centre
    b = Archive(tmp_path / "B")
    _login(b, station_url)
    sync(b)  # users, customers, orders, checklist items
    copy_page_rows(admin, b)
    return b


def _page(archive: Archive, page_id: str) -> Page:
    with archive.read_session() as s:
        page = s.get(Page, page_id)
    assert page is not None
    return page


def test_a_page_captured_elsewhere_is_fetched_verified_and_cached(tmp_path, centre, stopped):
    pages = _capture_at_a(tmp_path, centre[1])
    with _station_b(tmp_path, centre) as b:
        supervisor = get_user(b, "supervisor")
        for page_id, data in pages.items():
            page = _page(b, page_id)
            assert not b.files.path_for(page.sha256).exists()  # the row only
            assert is_remote_only(b, page)
            assert page_bytes(b, supervisor, page_id) == data  # fetched from the centre
            assert b.files.is_fetched(page.sha256)  # kept as a fetched copy, not as an own file
            assert not b.files.local_path(page.sha256).exists()
            assert not is_remote_only(b, page)
        assert verify(b).ok  # fetched copies are legitimate page files
        with b.read_session() as s:
            assert s.execute(select(Outbox)).first() is None  # reading wrote nothing to push

        stopped()  # the centre is gone: the copies serve
        for page_id, data in pages.items():
            assert page_bytes(b, supervisor, page_id) == data
            assert decode_page(b, supervisor, page_id).shape == (SIDE, SIDE, 3)
        assert verify(b).ok
    with Archive(tmp_path / "A") as a:
        assert verify(a).ok


def test_offline_and_not_cached_says_not_on_this_station(tmp_path, centre, stopped):
    pages = _capture_at_a(tmp_path, centre[1], n=1)
    (page_id,) = pages
    with _station_b(tmp_path, centre) as b:
        supervisor = get_user(b, "supervisor")
        stopped()
        with pytest.raises(NotOnThisStation) as caught:
            page_bytes(b, supervisor, page_id)
        assert str(caught.value) == NOT_ON_THIS_STATION
        assert str(caught.value) == "not on this station yet; it loads when the central database is reachable"
        with pytest.raises(NotOnThisStation):
            decode_page(b, supervisor, page_id, max_side=100)


def test_a_blob_that_fails_its_hash_is_refused_naming_the_page(tmp_path, centre):
    admin, _ = centre
    pages = _capture_at_a(tmp_path, centre[1], n=2)
    bad_id, good_id = pages
    with _station_b(tmp_path, centre) as b:
        bad = _page(b, bad_id)
        engine = connect(admin)
        try:
            with engine.begin() as conn:  # tampering as the database owner, past the centre's own checks
                conn.execute(sa.text("ALTER TABLE blobs DROP CONSTRAINT ck_blobs_hash"))
                conn.execute(sa.text("ALTER TABLE blobs DISABLE TRIGGER USER"))
                conn.execute(
                    sa.text(
                        "UPDATE blobs SET data = overlay(data placing '\\x00'::bytea from 100 for 1) WHERE sha256 = :s"
                    ),
                    {"s": bad.sha256},
                )
        finally:
            engine.dispose()
        with pytest.raises(PageBytesCorrupt, match=bad_id):
            bytes_of_page(b, bad)
        assert not b.files.path_for(bad.sha256).exists()  # nothing kept
        assert bytes_of_page(b, _page(b, good_id)) == pages[good_id]


def test_a_damaged_fetched_copy_is_replaced_from_the_centre(tmp_path, centre):
    pages = _capture_at_a(tmp_path, centre[1], n=1)
    ((page_id, data),) = pages.items()
    with _station_b(tmp_path, centre) as b:
        page = _page(b, page_id)
        assert bytes_of_page(b, page) == data
        copy = b.files.cached_path(page.sha256)
        copy.write_bytes(b"\xff\xd8 not the page")
        assert not verify(b).ok
        assert bytes_of_page(b, page) == data  # the centre's good bytes, and the copy repaired
        assert copy.read_bytes() == data and verify(b).ok


def test_the_cache_evicts_fetched_copies_lru_but_never_own_pages(tmp_path, centre):
    pages = _capture_at_a(tmp_path, centre[1], n=4)
    ids = list(pages)
    sizes = [len(d) for d in pages.values()]
    assert all(250_000 < s < 600_000 for s in sizes), sizes
    with _station_b(tmp_path, centre) as b:
        b.settings.set("page_cache_mb", 1)  # room for two or three of them
        clerk = get_user(b, "clerk")
        # a page captured here (not yet pushed) with the same bytes as one of A's, and one of its own
        item = _uploadable(b, clerk)[0].item_id
        own_same = add_page(b, clerk, item, pages[ids[3]], width=SIDE, height=SIDE)
        own = add_page(b, clerk, item, noise_jpeg(99), width=SIDE, height=SIDE)
        assert not is_remote_only(b, _page(b, own.id))

        def sha(i):
            return hashlib.sha256(pages[ids[i]]).hexdigest()

        for i in (0, 1):
            assert bytes_of_page(b, _page(b, ids[i])) == pages[ids[i]]
        assert bytes_of_page(b, _page(b, ids[0])) == pages[ids[0]]  # 0 is now used after 1
        assert bytes_of_page(b, _page(b, ids[2])) == pages[ids[2]]  # beyond 1 MB: the least recently used goes
        assert not b.files.cached_path(sha(1)).exists()
        assert b.files.cached_path(sha(0)).exists() and b.files.cached_path(sha(2)).exists()
        total = sum(size for _t, size, _p in b.files.fetched())
        assert total <= 1024 * 1024

        b.settings.set("page_cache_mb", 0)  # nothing kept but what is being read
        assert bytes_of_page(b, _page(b, ids[3])) == pages[ids[3]]  # an own file has these bytes: not fetched
        assert bytes_of_page(b, _page(b, ids[1])) == pages[ids[1]]
        assert [p.name.split(".")[0] for _t, _s, p in b.files.fetched()] == [sha(1)]
        for p in (own_same, own):  # the station's own pages stay, pushed or not
            assert b.files.local_path(p.sha256).exists()
            assert bytes_of_page(b, _page(b, p.id)) == (pages[ids[3]] if p is own_same else noise_jpeg(99))
        with b.read_session() as s:
            assert s.execute(select(Outbox).where(Outbox.entity == "pages")).first() is not None  # unpushed
        assert sync(b).pending == 0  # the own pages' bytes were there to push
        assert b.files.local_path(own.sha256).exists()


def test_export_fetches_the_volume_pages(tmp_path, centre, stopped):
    """ensure_local gives a verified file path (what export embeds), and refuses offline."""
    pages = _capture_at_a(tmp_path, centre[1], n=2)
    with _station_b(tmp_path, centre) as b:
        first, second = (_page(b, pid) for pid in pages)
        path = ensure_local(b, first, keep={first.sha256, second.sha256})
        assert path.read_bytes() == pages[first.id]
        stopped()
        assert ensure_local(b, first) == path
        with pytest.raises(NotOnThisStation):
            ensure_local(b, second)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_review_viewer_offline_shows_the_text_not_a_dialog(tmp_path, centre, stopped, qtbot, monkeypatch):
    from archivist_desktop.ui.main_window import REVIEW, MainWindow
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication, QMessageBox

    _admin, station_url = centre
    with Archive(tmp_path / "A") as a:
        make_station(a, feed=sample_feed())
        _login(a, station_url)
        sync(a)  # the people
        clerk2 = get_user(a, "clerk2")
        capture_required(a, clerk2, LV, size=(620, 877))
        send_for_review(a, clerk2, work_order_by_number(a, LV))
        sync(a)
    b = _station_b(tmp_path, centre)
    monkeypatch.setattr("archivist_desktop.ui.review.OFFLINE_RETRY_MS", 300)  # ask again soon, not in 10 s
    runner = OperationRunner()
    try:
        stopped()
        window = MainWindow(b, runner, get_user(b, "supervisor"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.show_workspace(REVIEW)
        review = window.review
        qtbot.waitUntil(lambda: review.queue is not None and bool(review.model.entries), timeout=15000)
        qtbot.waitUntil(lambda: review.viewer.message == NOT_ON_THIS_STATION, timeout=15000)
        assert review.viewer.image_width == 0
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert dialogs == []
        stopped.start()  # the centre is back: the page loads by itself
        qtbot.waitUntil(lambda: review.viewer.image_width > 0, timeout=15000)
        assert review.viewer.message == ""
        window.close()
    finally:
        runner.shutdown()
        runner.deleteLater()
        b.close()


def test_verify_counts_unfetched_pages_at_the_centre_but_fails_on_an_own_missing_file(tmp_path, centre):
    pages = _capture_at_a(tmp_path, centre[1], n=2)
    with _station_b(tmp_path, centre) as b:
        report = verify(b)  # rows pulled, bytes not fetched: at the centre, not missing
        assert report.ok and report.at_centre == 2 and report.files_checked == 0
        assert report.keyed  # `central login` keyed the station's audit chain
        page_bytes(b, get_user(b, "supervisor"), next(iter(pages)))
        report = verify(b)
        assert report.ok and report.at_centre == 1 and report.files_checked == 1
    with Archive(tmp_path / "A") as a:  # the capturing station must keep its own pages' bytes
        page = _page(a, next(iter(pages)))
        a.files.path_for(page.sha256).unlink()
        report = verify(a)
        assert not report.ok and "page file missing" in (report.problem or "")
        assert report.at_centre == 0
