"""blob partitions: the page files table split into 16 hash partitions, so stations upload at once

PostgreSQL only.  With one ``blobs`` table, every page file (≈ 1.5 MB, stored out of line) extends
the same TOAST relation, and PostgreSQL extends a relation under one lock: eight stations pushing at
once spent most of their time waiting on ``Lock:extend`` (``bench/bench_multistation.py`` samples
``pg_stat_activity`` while they push) and together pushed fewer pages per second than one station
alone.  Hash partitions by SHA-256 give each partition its own heap and TOAST relation, so uploads
spread over 16 extension locks.

The table keeps its name, key, hash check (``ck_blobs_hash``), append-only trigger, row-level
security and grants; the partitions live in the schema ``blob_parts``, on which no station login
has any privilege, so a station reaches page files only through ``blobs`` and its policies (a
partition read directly would bypass them).  Existing files are copied into the partitions once:
on a large centre this migration takes as long as copying its page files.  Needs PostgreSQL 13 or
newer (row triggers on a partitioned table).

Revision ID: c015
Revises: c014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "c015"
down_revision = "c014"
branch_labels = None
depends_on = None

PARTITIONS = 16
SCHEMA = "blob_parts"
ROLE = "archivist_station"  # archivist_desktop.sync.schema.STATION_ROLE (not imported: migrations stay fixed)

_COLUMNS = "sha256 varchar(64) NOT NULL, size bigint NOT NULL, data bytea NOT NULL"
_HASH_CHECK = "CHECK (encode(sha256(data), 'hex') = sha256 AND octet_length(data) = size)"


def _station_role_exists() -> bool:
    return bool(op.get_bind().execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE}).first())


def _finish_table() -> None:
    """The trigger, policies and grants the table had (row_level_security drops and re-creates every policy)."""
    op.execute(
        "CREATE TRIGGER blobs_append_only BEFORE UPDATE OR DELETE ON blobs "
        "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
    )
    if _station_role_exists():
        from archivist_desktop.sync.central import row_level_security

        op.execute(f"GRANT SELECT, INSERT ON blobs TO {ROLE}")
        row_level_security(op.get_bind())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    op.execute(f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC")
    op.execute("ALTER TABLE blobs RENAME TO blobs_unpartitioned")
    op.execute("ALTER INDEX pk_blobs RENAME TO pk_blobs_unpartitioned")
    op.execute(
        f"CREATE TABLE blobs ({_COLUMNS}, CONSTRAINT pk_blobs PRIMARY KEY (sha256), "
        f"CONSTRAINT ck_blobs_hash {_HASH_CHECK}) PARTITION BY HASH (sha256)"
    )
    for n in range(PARTITIONS):
        part = f"{SCHEMA}.blobs_{n:02d}"
        op.execute(f"CREATE TABLE {part} PARTITION OF blobs FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {n})")
        # page files are JPEG/PNG: already compressed, so spare the server a useless pglz pass
        op.execute(f"ALTER TABLE {part} ALTER COLUMN data SET STORAGE EXTERNAL")
    op.execute("INSERT INTO blobs (sha256, size, data) SELECT sha256, size, data FROM blobs_unpartitioned")
    op.execute("DROP TABLE blobs_unpartitioned")
    _finish_table()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE blobs RENAME TO blobs_partitioned")
    op.execute("ALTER INDEX pk_blobs RENAME TO pk_blobs_partitioned")
    op.execute(
        f"CREATE TABLE blobs ({_COLUMNS}, CONSTRAINT pk_blobs PRIMARY KEY (sha256), CONSTRAINT ck_blobs_hash {_HASH_CHECK})"
    )
    op.execute("ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL")
    op.execute("INSERT INTO blobs (sha256, size, data) SELECT sha256, size, data FROM blobs_partitioned")
    op.execute("DROP TABLE blobs_partitioned")
    op.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    _finish_table()
