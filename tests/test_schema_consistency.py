"""The Alembic migrations build exactly the schema the models declare (local and central)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Float, Integer, String

from archivist_desktop.store.db import create_sqlite_engine, upgrade
from archivist_desktop.store.models import Base
from archivist_desktop.sync.central import connect, migrate
from archivist_desktop.sync.schema import central_metadata


def _differences(engine, metadata) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": _compare_type})
        diffs = compare_metadata(ctx, metadata)
    # SQLite cannot name or reflect some constraints exactly; keep only real differences
    diffs = [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("add_fk", "remove_fk"))]
    # the FTS5 full-text index of page texts (migration 0008) is a virtual table with shadow tables
    return [
        d
        for d in diffs
        if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name.startswith("page_texts_fts"))
    ]


def _compare_type(ctx, inspected, metadata_col, inspected_type, metadata_type):
    # the migration writes DateTime for the UTCDateTime decorator, which is the same column
    for kind in (Integer, String, Float):
        if isinstance(metadata_type, kind) and isinstance(inspected_type, kind):
            return False
    return None


def test_local_migrations_match_the_models(tmp_path):
    engine = create_sqlite_engine(tmp_path / "db.sqlite3")
    upgrade(engine)
    assert _differences(engine, Base.metadata) == []
    engine.dispose()


def test_central_migrations_match_the_central_schema(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(engine)
    diffs = [
        d
        for d in _differences(engine, central_metadata)
        if not (
            isinstance(d, tuple)
            and d[0] == "remove_table"
            and d[1].name in ("rejected_changes", "central_schema_version")
        )
    ]
    assert diffs == []
    engine.dispose()
