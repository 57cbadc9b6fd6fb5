"""The local store: atomic content-addressed files, WAL, migrations, audit chain."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timezone

import pytest
from sqlalchemy import inspect, select, text

from archivist_desktop.store import db
from archivist_desktop.store.audit import GENESIS, AuditLog, ChainBreak, walk_chain
from archivist_desktop.store.files import PageFiles, StorageFullError
from archivist_desktop.store.models import AuditEvent
from archivist_desktop.store.settings import Settings


def test_database_is_wal_and_migrated(tmp_path):
    engine = db.open_database(tmp_path)
    try:
        assert db.current_revision(engine) == db.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"work_orders", "checklist_items", "pages", "audit_events", "alembic_version"} <= tables
    finally:
        engine.dispose()
    con = sqlite3.connect(tmp_path / db.DB_FILE)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_migrations_run_from_empty_and_reopen_is_a_no_op(tmp_path):
    engine = db.create_sqlite_engine(tmp_path / "x.sqlite3")
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    first = db.current_revision(engine)
    db.upgrade(engine)
    assert db.current_revision(engine) == first == db.head_revision()
    engine.dispose()


def test_page_files_are_content_addressed(tmp_path):
    files = PageFiles(tmp_path / "pages")
    data = b"\xff\xd8 a page \xff\xd9"
    stored = files.put(data)
    sha = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == sha and stored.size == len(data)
    assert stored.path == tmp_path / "pages" / sha[:2] / sha[2:4] / f"{sha}.jpg"
    assert stored.path.read_bytes() == data
    assert files.put(data).path == stored.path  # same bytes, same file
    assert not list(stored.path.parent.glob(".tmp-*"))
    assert files.rehash(sha) == sha
    stored.path.write_bytes(b"tampered")
    assert files.rehash(sha) != sha
    assert files.rehash("0" * 64) is None


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    import errno
    import os

    files = PageFiles(tmp_path / "pages")
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorageFullError):
        files.put(b"page bytes")
    monkeypatch.setattr(os, "fsync", real_fsync)
    leftovers = [p for p in (tmp_path / "pages").rglob("*") if p.is_file()]
    assert leftovers == []


def test_audit_chain_detects_modification_and_removal(archive):
    now = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
    with archive.session() as s:
        log = AuditLog(s)
        assert log.head() == GENESIS
        for n in range(5):
            log.append(now, "clerk", "add", "page", f"p{n}", {"n": n, "名称": "用电申请书"})
    with archive.read_session() as s:
        assert list(walk_chain(s))[-1] == 5
    with archive.session() as s:
        s.execute(text("UPDATE audit_events SET payload = :p WHERE seq = 3"), {"p": '{"n":9}'})
    with archive.read_session() as s:
        result = list(walk_chain(s))
    assert isinstance(result[-1], ChainBreak) and result[-1].seq == 3 and "modified" in result[-1].message
    with archive.session() as s:
        s.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    with archive.read_session() as s:
        result = list(walk_chain(s))
    assert isinstance(result[-1], ChainBreak) and result[-1].seq == 4 and "removed" in result[-1].message


def test_audit_hash_is_independent_of_the_time_zone_given(archive):
    from datetime import timedelta

    local = datetime(2026, 11, 4, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    with archive.session() as s:
        AuditLog(s).append(local, "clerk", "view", "page", "p1", {})
    with archive.read_session() as s:
        assert list(walk_chain(s)) == [1]
        assert s.execute(select(AuditEvent.at)).scalar_one() == local


def test_settings_have_typed_defaults_and_survive_a_bad_file(tmp_path):
    settings = Settings.load(tmp_path)
    assert settings["utc_offset_hours"] == 8 and settings["camera"] == "sim"
    settings.set("station_name", "城东营业厅-1")
    settings.save()
    assert Settings.load(tmp_path)["station_name"] == "城东营业厅-1"
    with pytest.raises(TypeError):
        settings.set("utc_offset_hours", "eight")
    (tmp_path / "settings.json").write_text("{not json")
    assert Settings.load(tmp_path)["station_name"] == ""
