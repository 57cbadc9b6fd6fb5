"""Dialect-specific INSERT … ON CONFLICT for PostgreSQL and SQLite."""

from __future__ import annotations

from sqlalchemy import Table, and_
from sqlalchemy.dialects import postgresql, sqlite


def insert_for(engine_or_conn):
    return postgresql.insert if engine_or_conn.dialect.name == "postgresql" else sqlite.insert


def insert_or_ignore(bind, table: Table):
    return insert_for(bind)(table).on_conflict_do_nothing()


def upsert_newer(bind, table: Table, key: list[str], skip: tuple[str, ...] = ()):
    """Insert, or update when the incoming row has a higher ``version`` (only newer wins)."""
    stmt = insert_for(bind)(table)
    cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in key and c.name not in skip}
    return stmt.on_conflict_do_update(index_elements=key, set_=cols, where=table.c.version < stmt.excluded.version)


def upsert_by(bind, table: Table, key: list[str], skip: tuple[str, ...] = ()):
    """Insert, or overwrite the row with the same ``key`` (central is the authority)."""
    stmt = insert_for(bind)(table)
    cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in key and c.name not in skip}
    return stmt.on_conflict_do_update(index_elements=key, set_=cols)


def insert_or_advance_status(bind, table: Table, key: list[str]):
    """Insert a page, or move a known page's ``status`` on from ``active`` (replaced, deleted) — nothing else."""
    stmt = insert_for(bind)(table)
    return stmt.on_conflict_do_update(
        index_elements=key,
        set_={"status": stmt.excluded.status},
        where=and_(table.c.status == "active", stmt.excluded.status != "active"),
    )
