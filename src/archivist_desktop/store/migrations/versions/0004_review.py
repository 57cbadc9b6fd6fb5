"""Review decisions and rescan tasks; pages.sharpness for worst-first review queues

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from archivist_desktop.store.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharpness", sa.Float(), nullable=True))
    op.execute(
        "UPDATE pages SET sharpness = json_extract(process_meta, '$.metrics.sharpness') WHERE json_valid(process_meta)"
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("page_id", sa.String(36), sa.ForeignKey("pages.id", name="fk_reviews_page_id_pages"), nullable=False),
        sa.Column(
            "item_id",
            sa.String(36),
            sa.ForeignKey("checklist_items.id", name="fk_reviews_item_id_checklist_items"),
            nullable=False,
        ),
        sa.Column("gate", sa.Integer(), nullable=False),
        sa.Column("gate_id", sa.String(32), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(24), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
    )
    op.create_index("ix_reviews_page_gate", "reviews", ["page_id", "gate"])
    op.create_index("ix_reviews_item", "reviews", ["item_id"])
    op.create_table(
        "rescan_tasks",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column(
            "review_id",
            sa.String(36),
            sa.ForeignKey("reviews.id", name="fk_rescan_tasks_review_id_reviews"),
            nullable=False,
        ),
        sa.Column(
            "page_id", sa.String(36), sa.ForeignKey("pages.id", name="fk_rescan_tasks_page_id_pages"), nullable=False
        ),
        sa.Column(
            "item_id",
            sa.String(36),
            sa.ForeignKey("checklist_items.id", name="fk_rescan_tasks_item_id_checklist_items"),
            nullable=False,
        ),
        sa.Column(
            "work_order_id",
            sa.String(36),
            sa.ForeignKey("work_orders.id", name="fk_rescan_tasks_work_order_id_work_orders"),
            nullable=False,
        ),
        sa.Column("assignee", sa.String(64), nullable=False),
        sa.Column("team", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("flagged_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("replacement_page_id", sa.String(36), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rescan_tasks"),
    )
    op.create_index("ix_rescan_tasks_assignee_state", "rescan_tasks", ["assignee", "state"])
    op.create_index("ix_rescan_tasks_item_state", "rescan_tasks", ["item_id", "state"])


def downgrade() -> None:
    op.drop_table("rescan_tasks")
    op.drop_table("reviews")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("sharpness")
