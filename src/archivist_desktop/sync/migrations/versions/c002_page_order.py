"""checklist_items.page_order on the central database

Revision ID: c002
Revises: c001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "c002"
down_revision = "c001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("checklist_items", sa.Column("page_order", sa.Text(), server_default="[]", nullable=False))


def downgrade() -> None:
    op.drop_column("checklist_items", "page_order")
