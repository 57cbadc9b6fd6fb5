"""organisation units: a ``unit`` column (unit code) on users, customers and work orders

The unit tree itself lives on the central database (c006); a station keeps its own unit in the
``station_unit`` setting.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UNIT_TABLES = ("users", "customers", "work_orders")


def upgrade() -> None:
    for table in UNIT_TABLES:
        op.add_column(table, sa.Column("unit", sa.String(32), nullable=True))
        op.create_index(f"ix_{table}_unit", table, ["unit"])


def downgrade() -> None:
    for table in UNIT_TABLES:
        op.drop_index(f"ix_{table}_unit", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unit")
