"""Updates keep data: a station's database made by an older version opens with the current code
(``Archive`` migrates it at open) and nothing is lost.

The older database is built for real: Alembic upgrades an empty file only to the older revision
(computed from the script directory, so new migrations need no change here), and the rows of a
seeded demo station (users, customers, work orders, checklist items, pages with their files, audit
events, …) are copied into it, each table with the columns that revision has.  Then the current
code opens it, and row counts, identities, page bytes, the audit chain and sign-in are compared.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, MetaData, Numeric, create_engine, func, select, text

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.verify import verify
from archivist_desktop.store import db
from archivist_desktop.store.settings import VERSION as SETTINGS_VERSION
from archivist_desktop.store.settings import Settings

#: tables whose rows every version has had; each must survive with the same identities
CORE = ("users", "customers", "work_orders", "step_completions", "checklist_items", "pages", "audit_events")
#: identity columns compared row by row
IDENTITY = {
    "users": ("id", "username", "display_name", "role", "password_hash"),
    "customers": ("id", "customer_no", "name"),
    "work_orders": ("id", "work_order_no", "customer_id", "business_type"),
    "step_completions": ("work_order_id", "step"),
    "checklist_items": ("id", "work_order_id", "step", "document_type", "state"),
    "pages": ("id", "item_id", "seq", "sha256", "size", "captured_by", "status"),
    "audit_events": ("seq", "id", "actor", "action", "entity_type", "entity_id", "payload", "prev_hash", "hash"),
}


def revisions() -> list[str]:
    """The local schema's revisions, oldest first (a straight line of migrations)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    out = []
    for rev in script.walk_revisions("base", "heads"):
        assert isinstance(rev.down_revision, (str, type(None))), "branched migrations: pick the older revision by hand"
        out.append(rev.revision)
    out.reverse()
    assert out[-1] == db.head_revision()
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A seeded demo station at the current schema: the rows an older station would hold."""
    from archivist_desktop.services.demo import seed_demo

    data = tmp_path_factory.mktemp("source")
    with Archive(data) as archive:
        seed_demo(archive, customers=6)
    return data


@pytest.fixture(scope="module")
def source_before_archive_room(tmp_path_factory):
    """The same without volumes and boxes: the first schema has no archive-room tables, so a station
    of that version cannot have archived anything (its audit chain would otherwise name volumes that
    the copy cannot hold, and ``verify`` rightly reports an archived volume gone)."""
    from archivist_desktop.services.demo import seed_demo

    data = tmp_path_factory.mktemp("source_core")
    with Archive(data) as archive:
        seed_demo(archive, customers=6, archive_room=False)
    return data


def _filler(column):
    """A value for a NOT NULL column that the current schema no longer has."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, Numeric, Float)):
        return 0
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    if isinstance(kind, Date):
        return date(2026, 1, 1)
    return ""


def build_old_station(source: Path, target: Path, revision: str) -> dict[str, int]:
    """``target``: a data directory whose database is at ``revision`` holding ``source``'s rows.

    Returns the number of rows copied per table."""
    target.mkdir(parents=True)
    shutil.copytree(source / "pages", target / "pages")
    engine = db.create_sqlite_engine(target / db.DB_FILE)
    db.upgrade(engine, revision)
    assert db.current_revision(engine) == revision
    old = MetaData()
    old.reflect(engine)
    plain_source = create_engine(f"sqlite:///{source / db.DB_FILE}")
    new = MetaData()
    new.reflect(plain_source)
    counts: dict[str, int] = {}
    try:
        with plain_source.connect() as src, engine.begin() as dst:
            dst.execute(text("PRAGMA foreign_keys=OFF"))  # copied in dependency order anyway
            for table in old.sorted_tables:
                if table.name in ("alembic_version",) or table.name not in new.tables:
                    continue
                # a migration may have filled a table (local_meta's station id, outbox): the source's rows win
                dst.execute(table.delete())
                have = new.tables[table.name]
                common = [c.name for c in table.columns if c.name in have.columns]
                missing = [
                    c
                    for c in table.columns
                    if c.name not in have.columns and not c.nullable and c.server_default is None
                ]
                rows = [
                    dict(r._mapping) | {c.name: _filler(c) for c in missing}
                    for r in src.execute(select(*[have.c[name] for name in common]))
                ]
                if rows:
                    dst.execute(table.insert(), rows)
                counts[table.name] = len(rows)
    finally:
        plain_source.dispose()
        engine.dispose()
    return counts


def write_old_settings(data: Path) -> dict:
    """settings.json as the first settings version wrote it (values a station would have changed)."""
    values = {
        "_version": 1,
        "station_name": "城东营业厅-2号窗口",
        "language": "zh_CN",
        "utc_offset_hours": 8,
        "holidays": ["2026-10-01", "2026-10-02"],
        "warning_share": 0.75,
        "camera": "1",
        "camera_resolution": "4208x3120",
        "camera_backend": "dshow",
        "pedal_key": "F9",
        "auto_capture": True,
        "central_url": "postgresql://hall02@dbhost:5432/archive",
        "sync_interval_s": 120,
    }
    (data / "settings.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    assert values["_version"] <= SETTINGS_VERSION
    return values


def _rows(engine, table: str, columns: tuple[str, ...]) -> set[tuple]:
    with engine.connect() as conn:
        return set(conn.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all())


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(text(table))).scalar_one()


def assert_nothing_lost(source: Path, data: Path, copied: dict[str, int], settings: dict) -> None:
    from archivist_desktop.services.orders import get_checklist, list_work_orders
    from archivist_desktop.services.users import authenticate

    plain_source = create_engine(f"sqlite:///{source / db.DB_FILE}")
    try:
        with Archive(data) as archive:  # migrates at open
            assert db.current_revision(archive.engine) == db.head_revision()
            for table, n in copied.items():
                assert _count(archive.engine, table) == n, table
            for table in CORE:
                assert copied[table] > 0, table
                assert _rows(archive.engine, table, IDENTITY[table]) == _rows(plain_source, table, IDENTITY[table]), (
                    table
                )
            # every page's bytes are still there and still hash to the recorded SHA-256
            with archive.read_session() as s:
                pages = s.execute(text("SELECT DISTINCT sha256, media_type FROM pages")).all()
            assert pages
            for sha, media_type in pages:
                assert hashlib.sha256(archive.files.path_for(sha, media_type).read_bytes()).hexdigest() == sha
            report = verify(archive)
            assert report.ok, report.problem
            assert report.files_checked == len(pages) and report.events_checked == copied["audit_events"]
            # the station works as before: sign in, list, and the checklists still show their pages
            assert authenticate(archive, "clerk", "demo").username == "clerk"
            orders = list_work_orders(archive, limit=100)
            assert len(orders.rows) == copied["work_orders"]
            with Archive(source) as original:
                for row in orders.rows:
                    before, after = (
                        [(e.item_id, e.state, e.pages) for step in get_checklist(a, row.id).steps for e in step.entries]
                        for a in (original, archive)
                    )
                    assert after == before, row.work_order_no
            assert _rows(archive.engine, "checklist_items", ("id", "page_order")) == _rows(
                plain_source, "checklist_items", ("id", "page_order")
            )
            # the settings of the older version are kept, and stay kept when the new version saves them
            for key, value in settings.items():
                if key != "_version":
                    assert archive.settings[key] == value, key
            archive.settings.set("sync_interval_s", 90)
            archive.settings.save()
        reloaded = Settings.load(data)
        assert reloaded["station_name"] == settings["station_name"] and reloaded["camera"] == settings["camera"]
        assert reloaded["sync_interval_s"] == 90
    finally:
        plain_source.dispose()


def test_the_previous_schema_revision_upgrades_without_losing_anything(source, tmp_path):
    chain = revisions()
    assert len(chain) >= 2
    previous = chain[-2]  # head minus one
    data = tmp_path / "station"
    copied = build_old_station(source, data, previous)
    settings = write_old_settings(data)
    assert_nothing_lost(source, data, copied, settings)


def test_the_first_schema_revision_upgrades_to_head_without_losing_anything(source_before_archive_room, tmp_path):
    first = revisions()[0]
    data = tmp_path / "station"
    copied = build_old_station(source_before_archive_room, data, first)
    settings = write_old_settings(data)
    assert_nothing_lost(source_before_archive_room, data, copied, settings)


def test_an_old_station_is_asked_for_its_set_up_only_when_it_has_no_name(source, tmp_path):
    """After an update the first-run wizard appears only on stations that never had a name."""
    from archivist_desktop.ui.first_run import needs_first_run

    data = tmp_path / "named"
    build_old_station(source, data, revisions()[-2])
    write_old_settings(data)
    with Archive(data) as archive:
        assert needs_first_run(archive, demo=False) is False
    unnamed = tmp_path / "unnamed"
    build_old_station(source, unnamed, revisions()[-2])
    with Archive(unnamed) as archive:
        assert needs_first_run(archive, demo=False) is True
