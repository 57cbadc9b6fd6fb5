"""organisation units on the central database: the unit tree, each station login's unit, and
a ``unit`` column on users, customers and work orders

``units`` is a tree (客户服务中心 → 营业厅 / 班组): ``parent_code`` is null for a root.
``station_logins`` records which unit each station login (a PostgreSQL role) belongs to; a
station reads its own row at ``central login``.

Revision ID: c006
Revises: c005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "c006"
down_revision = "c005"
branch_labels = None
depends_on = None

UNIT_TABLES = ("users", "customers", "work_orders")


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "parent_code", sa.String(32), sa.ForeignKey("units.code", name="fk_units_parent_code_units"), nullable=True
        ),
        sa.PrimaryKeyConstraint("code", name="pk_units"),
    )
    op.create_index("ix_units_parent_code", "units", ["parent_code"])
    op.create_table(
        "station_logins",
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column(
            "unit_code",
            sa.String(32),
            sa.ForeignKey("units.code", name="fk_station_logins_unit_code_units"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("login", name="pk_station_logins"),
    )
    op.create_index("ix_station_logins_unit_code", "station_logins", ["unit_code"])
    for table in UNIT_TABLES:
        op.add_column(table, sa.Column("unit", sa.String(32), nullable=True))
        op.create_index(f"ix_{table}_unit", table, ["unit"])


def downgrade() -> None:
    for table in UNIT_TABLES:
        op.drop_index(f"ix_{table}_unit", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unit")
    op.drop_table("station_logins")
    op.drop_table("units")
