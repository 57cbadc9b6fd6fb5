"""review decisions, rescan tasks and pages.sharpness on the central database

Revision ID: c003
Revises: c002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "c003"
down_revision = "c002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pages", sa.Column("sharpness", sa.Float(), nullable=True))
    op.create_table(
        "reviews",
        sa.Column("id", sa.String(36), nullable=False),
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
        sa.Column("decided_at", sa.DateTime(), nullable=False),
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
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("replacement_page_id", sa.String(36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rescan_tasks"),
    )
    op.create_index("ix_rescan_tasks_assignee_state", "rescan_tasks", ["assignee", "state"])
    op.create_index("ix_rescan_tasks_item_state", "rescan_tasks", ["item_id", "state"])
    # decisions are records: never changed or deleted, even by the owner
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER reviews_no_{what.lower()} BEFORE {what} ON reviews "
                f"BEGIN SELECT RAISE(ABORT, 'reviews rows are append-only: {what} refused'); END"
            )


def downgrade() -> None:
    op.drop_table("rescan_tasks")
    op.drop_table("reviews")
    op.drop_column("pages", "sharpness")
