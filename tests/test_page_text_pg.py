"""Page text (#18) at the centre: a station's page texts are pushed, a second station pulls them, and
the central search (pg_trgm GIN index, c012) finds them, as the station login under row-level security."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from archivist_desktop.services import page_text
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.sync import init_central, sync
from archivist_desktop.store.models import PageText
from archivist_desktop.sync.central import connect
from sample_data import sample_feed
from stations import make_station

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
LOGIN, PASSWORD = "station_text", "st-text-7c1"


def ocr_json(line: str) -> dict:
    return {
        "text": f"低压居民用电申请表\n{line}",
        "lines": [
            {"text": "低压居民用电申请表", "box": [[10, 10], [400, 10], [400, 60], [10, 60]], "confidence": 0.99},
            {"text": line, "box": [[10, 80], [400, 80], [400, 130], [10, 130]], "confidence": 0.98},
        ],
        "elapsed_ms": 12.0,
        "engine": "test-lines",
    }


def test_page_text_goes_to_the_centre_and_central_search_finds_it(tmp_path, pg):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    init_central(pg.admin_url(name), login=LOGIN, login_password=PASSWORD)
    url = pg.url(LOGIN, PASSWORD, name)
    with Archive(tmp_path / "s1") as s1:
        (clerk,) = make_station(s1, feed=sample_feed()).add("clerk")
        row = list_work_orders(s1, limit=1).rows[0]
        entry = get_checklist(s1, row.id).steps[0].entries[0]
        page = add_page(s1, clerk, entry.item_id, b"not-an-image-but-bytes" * 40)
        page_text.store_text(s1, page.id, ocr_json("用电地址 杭州市解放路1号"))
        first = sync(s1, url)
        assert first.pushed["page_texts"] == 1 and first.pending == 0
        # a new OCR of the page (a better engine) goes up as a newer version
        page_text.store_text(s1, page.id, ocr_json("用电地址 杭州市解放路9号"))
        assert sync(s1, url).pushed["page_texts"] == 1
    admin = connect(pg.admin_url(name))
    station = connect(url)
    try:
        with admin.connect() as conn:
            ext = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
            index = conn.execute(text("SELECT to_regclass('ix_page_texts_text_trgm')")).scalar()
            version = conn.execute(text("SELECT version FROM page_texts WHERE page_id = :p"), {"p": page.id}).scalar()
        assert ext is not None and index is not None and version == 2
        for engine in (admin, station):  # the owner, and the station login under row-level security
            hits = page_text.search_central(engine, "解放路9")
            assert [h.page_id for h in hits] == [page.id]
            assert hits[0].boxes and "解放路9号" in hits[0].snippet
            assert [h.page_id for h in page_text.search_central(engine, "申请")] == [page.id]  # 2 characters
            assert page_text.search_central(engine, "解放路1") == ()  # the old text is gone
    finally:
        admin.dispose()
        station.dispose()
    # a second station pulls the page's text with the page and finds it locally
    with Archive(tmp_path / "s2") as s2:
        make_station(s2).add("clerk")
        pulled = sync(s2, url)
        assert pulled.pulled["page_texts"] == 1
        with s2.read_session() as s:
            assert s.get(PageText, page.id).version == 2
        assert [h.page_id for h in page_text.search_text(s2, "解放路9")] == [page.id]
        assert page_text.pending_page_ids(s2) == []  # nothing to OCR again
