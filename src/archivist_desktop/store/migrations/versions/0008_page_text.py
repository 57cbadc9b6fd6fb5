"""page text: OCR text, word boxes and the full-text index

``page_texts``: one row per page (``page_id``), written by the background OCR job
(``services/page_text.py``): the engine, the text in reading order, the lines as JSON (text, the
four corners of its box in the page's pixels, confidence), the content findings as JSON
(``services/content_check.py``), the OCR time; ``item_id`` (the page's checklist item) scopes it
like its page for sync; ``updated_at``/``version`` as on every mutable synced table.

``page_texts_fts``: an external-content SQLite FTS5 index of ``page_texts.text`` with the
``trigram`` tokenizer (finds any substring of three or more characters, Chinese included; shorter
queries use ``LIKE`` on ``page_texts.text``), kept in step by triggers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FTS = "page_texts_fts"


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
        sa.PrimaryKeyConstraint("page_id", name="pk_page_texts"),
    )
    op.create_index("ix_page_texts_item_id", "page_texts", ["item_id"])
    op.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='page_texts', content_rowid='rowid', tokenize='trigram')"
    )
    op.execute(
        f"CREATE TRIGGER page_texts_fts_ins AFTER INSERT ON page_texts BEGIN "
        f"INSERT INTO {FTS}(rowid, text) VALUES (new.rowid, new.text); END"
    )
    op.execute(
        f"CREATE TRIGGER page_texts_fts_del AFTER DELETE ON page_texts BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.rowid, old.text); END"
    )
    op.execute(
        f"CREATE TRIGGER page_texts_fts_upd AFTER UPDATE OF text ON page_texts BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.rowid, old.text); "
        f"INSERT INTO {FTS}(rowid, text) VALUES (new.rowid, new.text); END"
    )


def downgrade() -> None:
    for trigger in ("page_texts_fts_ins", "page_texts_fts_del", "page_texts_fts_upd"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.drop_index("ix_page_texts_item_id", table_name="page_texts")
    op.drop_table("page_texts")
