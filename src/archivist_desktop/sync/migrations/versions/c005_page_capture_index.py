"""pages (item_id, captured_at) on the central database too (reports over every station's pages)

Revision ID: c005
Revises: c004
Create Date: 2026-11-28
"""

from alembic import op

revision = "c005"
down_revision = "c004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_pages_item_captured", "pages", ["item_id", "captured_at"])


def downgrade() -> None:
    op.drop_index("ix_pages_item_captured", table_name="pages")
