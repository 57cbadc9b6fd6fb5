"""Archive room: hand-over receipts, boxes, volumes with archival codes, volume contents, loans

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from archivist_desktop.store.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def create_records_tables(dt) -> None:
    """The archive-room tables; ``dt`` is the date-time column type (local: UTCDateTime)."""
    op.create_table(
        "hand_overs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("hand_over_no", sa.String(40), nullable=False),
        sa.Column("received_by", sa.String(64), nullable=False),
        sa.Column("from_team", sa.String(64), nullable=True),
        sa.Column("at", dt(), nullable=False),
        sa.Column("item_ids", sa.Text(), nullable=False),
        sa.Column("work_order_nos", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hand_overs"),
    )
    op.create_index("ix_hand_overs_hand_over_no", "hand_overs", ["hand_over_no"])
    op.create_table(
        "boxes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("box_no", sa.String(40), nullable=False),
        sa.Column("fonds", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("retention", sa.String(8), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("box_seq", sa.Integer(), nullable=False),
        sa.Column("shelf", sa.String(32), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", dt(), nullable=False),
        sa.Column("updated_at", dt(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_boxes"),
        sa.UniqueConstraint("box_no", name="uq_boxes_box_no"),
        sa.UniqueConstraint("fonds", "year", "retention", "box_seq", name="uq_boxes_number"),
    )
    op.create_table(
        "volumes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("archival_code", sa.String(64), nullable=False),
        sa.Column(
            "customer_id",
            sa.String(36),
            sa.ForeignKey("customers.id", name="fk_volumes_customer_id_customers"),
            nullable=False,
        ),
        sa.Column("fonds", sa.String(16), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("retention", sa.String(8), nullable=False),
        sa.Column("volume_no", sa.Integer(), nullable=False),
        sa.Column("security_level", sa.String(16), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("box_id", sa.String(36), sa.ForeignKey("boxes.id", name="fk_volumes_box_id_boxes"), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", dt(), nullable=False),
        sa.Column("updated_at", dt(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_volumes"),
        sa.UniqueConstraint("archival_code", name="uq_volumes_archival_code"),
        sa.UniqueConstraint("fonds", "category", "year", "retention", "volume_no", name="uq_volumes_number"),
    )
    op.create_index("ix_volumes_customer_id", "volumes", ["customer_id"])
    op.create_index("ix_volumes_box_id", "volumes", ["box_id"])
    op.create_table(
        "volume_items",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column(
            "volume_id",
            sa.String(36),
            sa.ForeignKey("volumes.id", name="fk_volume_items_volume_id_volumes"),
            nullable=False,
        ),
        sa.Column(
            "item_id",
            sa.String(36),
            sa.ForeignKey("checklist_items.id", name="fk_volume_items_item_id_checklist_items"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", dt(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_volume_items"),
        sa.UniqueConstraint("item_id", name="uq_volume_items_item_id"),
    )
    op.create_index("ix_volume_items_volume_id", "volume_items", ["volume_id"])
    op.create_table(
        "loans",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column(
            "volume_id", sa.String(36), sa.ForeignKey("volumes.id", name="fk_loans_volume_id_volumes"), nullable=False
        ),
        sa.Column("borrower", sa.String(128), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("lent_by", sa.String(64), nullable=False),
        sa.Column("borrowed_at", dt(), nullable=False),
        sa.Column("due_at", dt(), nullable=True),
        sa.Column("returned_at", dt(), nullable=True),
        sa.Column("returned_to", sa.String(64), nullable=True),
        sa.Column("updated_at", dt(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_loans"),
    )
    op.create_index("ix_loans_volume_id", "loans", ["volume_id"])


def upgrade() -> None:
    create_records_tables(UTCDateTime)


def downgrade() -> None:
    for table in ("loans", "volume_items", "volumes", "boxes", "hand_overs"):
        op.drop_table(table)
