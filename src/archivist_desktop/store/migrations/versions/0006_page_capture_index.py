"""pages (item_id, captured_at): first capture per document from the index alone (dashboard)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_pages_item_captured", "pages", ["item_id", "captured_at"])


def downgrade() -> None:
    op.drop_index("ix_pages_item_captured", table_name="pages")
