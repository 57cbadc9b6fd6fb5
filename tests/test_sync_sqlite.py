"""Sync to the embedded SQLite "central" database (single desk, demo), and URL hygiene."""

from __future__ import annotations

import pytest

from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.sync import central_stats, init_central, local_stats, sync, verify_central
from archivist_desktop.sync.central import CentralError, parse_url, redact
from stations import make_station


def test_redact_never_keeps_a_password():
    assert redact("postgresql://clerk:s3cr%40t@db.example:5432/archive") == "postgresql://clerk@db.example:5432/archive"
    assert "s3cr" not in redact(parse_url("postgresql://clerk:s3cret@db/archive"))
    with pytest.raises(CentralError, match="unsupported"):
        parse_url("mysql://u:p@h/d")


def test_sync_to_an_embedded_central_database(archive, feed, tmp_path):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with pytest.raises(KnownError, match="central init"):
        sync(archive, url)
    init_central(url)
    (clerk,) = make_station(archive, feed=feed).add("clerk")
    order = list_work_orders(archive).rows[0]
    add_page(archive, clerk, get_checklist(archive, order.id).steps[0].entries[0].item_id, b"page bytes" * 100)
    first = sync(archive, url)
    assert first.pending == 0 and first.pushed["blobs"] == 1
    assert sync(archive, url).pushed == {}
    assert local_stats(archive) == central_stats(url)
    assert verify_central(url).ok


def test_a_large_pull_rebuilds_the_indexes_it_dropped(tmp_path, feed, monkeypatch):
    import sqlite3

    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.sync import import_orders_central
    from archivist_desktop.sync import engine

    monkeypatch.setattr(engine, "BULK_PULL_ROWS", 10)  # take the bulk path with a small feed
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    with Archive(tmp_path / "admin") as admin:
        import_orders_central(admin, url, feed)
    with Archive(tmp_path / "station") as station:
        before = (
            sqlite3.connect(tmp_path / "station" / "archive.sqlite3")
            .execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'checklist_items'")
            .fetchall()
        )
        counts = sync(station, url)
        assert counts.pulled["checklist_items"] > 10
        after = (
            sqlite3.connect(tmp_path / "station" / "archive.sqlite3")
            .execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'checklist_items'")
            .fetchall()
        )
        assert sorted(after) == sorted(before)
        assert list_work_orders(station).total == 2
        assert get_checklist(station, list_work_orders(station).rows[0].id).required_total > 0
