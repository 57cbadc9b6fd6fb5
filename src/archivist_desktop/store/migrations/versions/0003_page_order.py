"""checklist_items.page_order: the document's current pages, in order

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_order", sa.Text(), server_default="[]", nullable=False))
    bind = op.get_bind()
    orders: dict[str, list[str]] = {}
    for item_id, page_id in bind.execute(
        sa.text("SELECT item_id, id FROM pages WHERE status = 'active' ORDER BY item_id, seq")
    ):
        orders.setdefault(item_id, []).append(page_id)
    bind.execute(
        sa.text("UPDATE checklist_items SET page_order = :o WHERE id = :i"),
        [{"o": json.dumps(ids), "i": item_id} for item_id, ids in orders.items()] or [{"o": "[]", "i": ""}],
    )


def downgrade() -> None:
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.drop_column("page_order")
