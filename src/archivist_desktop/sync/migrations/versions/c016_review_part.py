"""review part on the central database: a decision about one page of a born-digital PDF/OFD (#19)

The same nullable column as the stations' migration 0011 (see its docstring): ``part`` on
``reviews`` and ``rescan_tasks``, the 1-based page of a PDF/OFD a flag is about, NULL for the whole
file.  Stations push and pull every model column, so the centre needs it before a station that has
it pushes a decision.  A plain ``ALTER TABLE … ADD COLUMN`` of a nullable column without a default:
PostgreSQL changes only the catalogue (no table rewrite, the append-only triggers, row-level
security and table grants stay as they are).  An embedded (SQLite) centre gets the same column.

Revision ID: c016
Revises: c015
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "c016"
down_revision = "c015"
branch_labels = None
depends_on = None

TABLES = ("reviews", "rescan_tasks")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("part", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_column(table, "part")
