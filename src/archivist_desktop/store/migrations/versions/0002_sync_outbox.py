"""outbox, local_meta and station ids for syncing to the central database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: tables whose rows are pushed, with the SQL expression of their key
SYNCED = {
    "users": "id",
    "customers": "id",
    "work_orders": "id",
    "step_completions": "work_order_id || '|' || step",
    "checklist_items": "id",
    "pages": "id",
    "audit_events": "id",
}


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
    )
    op.create_table(
        "local_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_meta")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("station_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_audit_events_station_seq", ["station_id", "seq"], unique=False)
    op.execute(sa.text("INSERT INTO local_meta (key, value) VALUES ('station_id', :v)").bindparams(v=str(uuid.uuid4())))
    # everything made before sync existed still has to reach the central database
    for table in ("users", "customers", "work_orders", "step_completions", "checklist_items", "pages"):
        op.execute(f"INSERT INTO outbox (entity, entity_id) SELECT '{table}', {SYNCED[table]} FROM {table}")
    op.execute("INSERT INTO outbox (entity, entity_id) SELECT 'audit_events', id FROM audit_events ORDER BY seq")


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_station_seq")
        batch_op.drop_column("station_id")
    op.drop_table("local_meta")
    op.drop_table("outbox")
