"""materials: born-digital documents, audio and video in checklist slots

A material is a ``pages`` row, so checklists, page order, reviews, rescans, sync, bytes on demand
and ``download`` apply to it unchanged.  The original file is stored byte-identical, content-addressed
by its SHA-256 (``sha256``/``sm3``/``size``/``media_type`` as for a camera page) and audited like one.
New columns:

* ``kind``: ``image`` (a camera or image page, the default for every existing row), ``document``
  (PDF, OFD), ``audio`` or ``video``;
* ``original_name``: the file name it was attached under (a label; the kind comes from the content);
* ``page_count``: a document's pages; ``duration_s``, ``codec``: a recording's length and codec;
* ``poster_sha256``: the JPEG poster (a document's first page rendered, a video's frame) kept as a
  derived file beside the page files, for thumbnails.  It is not pushed to the centre: a station that
  lacks it renders it again from the original (fetched on demand, checked against ``sha256``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="image"))
        batch.add_column(sa.Column("original_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("page_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("duration_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("codec", sa.String(32), nullable=True))
        batch.add_column(sa.Column("poster_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        for name in ("poster_sha256", "codec", "duration_s", "page_count", "original_name", "kind"):
            batch.drop_column(name)
