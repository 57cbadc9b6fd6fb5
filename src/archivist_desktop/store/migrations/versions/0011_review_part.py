"""review part: a decision about one page of a born-digital PDF/OFD (#19)

A born-digital document is one ``pages`` row however many pages it has (migration 0009), so a
reviewer who flags it says which of its pages is wrong: ``part`` on ``reviews`` and on
``rescan_tasks`` is that page (1-based, at most the document's ``page_count``); NULL means the whole
file, as for every decision made before this revision and for every approval.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("reviews", "rescan_tasks")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("part", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("part")
