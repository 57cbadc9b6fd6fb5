"""materials on the central database: born-digital documents, audio and video

The same columns as the stations' migration 0009 on ``pages`` (see its docstring for the design: a
material is a page row whose original file is a blob like any page's): ``kind`` (default ``image``),
``original_name``, ``page_count``, ``duration_s``, ``codec``, ``poster_sha256`` (the poster itself
is a derived file each station keeps or renders again; it is not a central blob).

Revision ID: c013
Revises: c012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "c013"
down_revision = "c012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pages", sa.Column("kind", sa.String(10), nullable=False, server_default="image"))
    op.add_column("pages", sa.Column("original_name", sa.String(255), nullable=True))
    op.add_column("pages", sa.Column("page_count", sa.Integer(), nullable=True))
    op.add_column("pages", sa.Column("duration_s", sa.Float(), nullable=True))
    op.add_column("pages", sa.Column("codec", sa.String(32), nullable=True))
    op.add_column("pages", sa.Column("poster_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    for name in ("poster_sha256", "codec", "duration_s", "page_count", "original_name", "kind"):
        op.drop_column("pages", name)
