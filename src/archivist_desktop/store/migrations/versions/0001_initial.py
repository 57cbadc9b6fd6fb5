"""initial local schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("id", name=op.f("uq_audit_events_id")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_no", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("customer_no", name=op.f("uq_customers_customer_no")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_name"), ["name"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "work_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("work_order_no", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("business_type", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("current_step", sa.Integer(), nullable=True),
        sa.Column("current_step_started_at", sa.DateTime(), nullable=True),
        sa.Column("current_step_warn_at", sa.DateTime(), nullable=True),
        sa.Column("current_step_due_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_work_orders_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders")),
        sa.UniqueConstraint("work_order_no", name=op.f("uq_work_orders_work_order_no")),
    )
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_orders_assignee"), ["assignee"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_contract_end"), ["contract_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_current_step_warn_at"), ["current_step_warn_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_team"), ["team"], unique=False)

    op.create_table(
        "checklist_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("work_order_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=64), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("step_completed_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_checklist_items_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_items")),
        sa.UniqueConstraint("work_order_id", "step", "document_type", name="uq_checklist_items_slot"),
    )
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checklist_items_assignee_state", ["assignee", "state", "required", "due_at"], unique=False
        )
        batch_op.create_index("ix_checklist_items_team_state", ["team", "state", "required", "due_at"], unique=False)
        batch_op.create_index("ix_checklist_items_state", ["state", "required", "due_at"], unique=False)

    op.create_table(
        "step_completions",
        sa.Column("work_order_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_step_completions_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("work_order_id", "step", name=op.f("pk_step_completions")),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sm3", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("captured_by", sa.String(length=64), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("process_meta", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["checklist_items.id"], name=op.f("fk_pages_item_id_checklist_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
    )
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.create_index("ix_pages_item_seq", ["item_id", "seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_pages_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pages_sha256"))
        batch_op.drop_index("ix_pages_item_seq")

    op.drop_table("pages")
    op.drop_table("step_completions")
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_items_team_state")
        batch_op.drop_index("ix_checklist_items_state")
        batch_op.drop_index("ix_checklist_items_assignee_state")

    op.drop_table("checklist_items")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_team"))
        batch_op.drop_index(batch_op.f("ix_work_orders_customer_id"))
        batch_op.drop_index(batch_op.f("ix_work_orders_current_step_warn_at"))
        batch_op.drop_index(batch_op.f("ix_work_orders_created_at"))
        batch_op.drop_index(batch_op.f("ix_work_orders_contract_end"))
        batch_op.drop_index(batch_op.f("ix_work_orders_assignee"))

    op.drop_table("work_orders")
    op.drop_table("users")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_name"))

    op.drop_table("customers")
    op.drop_table("audit_events")
