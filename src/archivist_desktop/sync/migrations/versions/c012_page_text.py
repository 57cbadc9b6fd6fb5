"""page text on the central database: OCR text and its full-text/trigram index

``page_texts`` with the stations' columns (migration 0008: page_id, item_id, engine, text, lines,
findings, elapsed_ms, created_at, updated_at, version) plus ``change_seq``: stations push their
pages' text and pull the text of the pages they pull (scoped like pages, by ``item_id``; the
row-level security policy is ``sync.central.STATION_POLICIES["page_texts"]``).

On PostgreSQL the text gets a ``pg_trgm`` GIN index (``ix_page_texts_text_trgm``), which serves
``text LIKE '%…%'`` (central full-text search, ``services/page_text.search_central``).  ``pg_trgm``
is a trusted contrib extension: a database owner may create it.  When the server has no contrib
package the index is left out (search still works, by a scan) and a warning is logged.

Revision ID: c012
Revises: c011
Create Date: 2026-12-02
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "c012"
down_revision = "c011"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    op.create_table(
        "page_texts",
        sa.Column(
            "page_id", sa.String(36), sa.ForeignKey("pages.id", name="fk_page_texts_page_id_pages"), nullable=False
        ),
        sa.Column(
            "item_id",
            sa.String(36),
            sa.ForeignKey("checklist_items.id", name="fk_page_texts_item_id_checklist_items"),
            nullable=False,
        ),
        sa.Column("engine", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("elapsed_ms", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("page_id", name="pk_page_texts"),
    )
    op.create_index("ix_page_texts_item_id", "page_texts", ["item_id"])
    op.create_index("ix_page_texts_change_seq", "page_texts", ["change_seq"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER page_texts_change_seq BEFORE INSERT OR UPDATE ON page_texts "
            "FOR EACH ROW EXECUTE FUNCTION stamp_change_seq()"
        )
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError as exc:
            log.warning("pg_trgm is not available on the central server (%s): page text search scans", exc.orig)
            return
        op.execute("CREATE INDEX ix_page_texts_text_trgm ON page_texts USING gin (text gin_trgm_ops)")
        return
    stamp = (
        "UPDATE change_counter SET value = value + 1 WHERE id = 1; "
        "UPDATE page_texts SET change_seq = (SELECT value FROM change_counter WHERE id = 1) "
        "WHERE rowid = NEW.rowid;"
    )
    op.execute(f"CREATE TRIGGER page_texts_change_seq_ins AFTER INSERT ON page_texts BEGIN {stamp} END")
    op.execute(
        "CREATE TRIGGER page_texts_change_seq_upd AFTER UPDATE ON page_texts "
        f"WHEN NEW.change_seq IS OLD.change_seq BEGIN {stamp} END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_page_texts_text_trgm")
        op.execute("DROP TRIGGER IF EXISTS page_texts_change_seq ON page_texts")
    else:
        op.execute("DROP TRIGGER IF EXISTS page_texts_change_seq_ins")
        op.execute("DROP TRIGGER IF EXISTS page_texts_change_seq_upd")
    op.drop_index("ix_page_texts_change_seq", table_name="page_texts")
    op.drop_index("ix_page_texts_item_id", table_name="page_texts")
    op.drop_table("page_texts")
