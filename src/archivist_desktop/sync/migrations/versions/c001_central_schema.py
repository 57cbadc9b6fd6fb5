"""central schema

Revision ID: c001
Revises:
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = "c001"
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
        sa.Column("station_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("id", name=op.f("uq_audit_events_id")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_station_seq", ["station_id", "seq"], unique=False)

    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
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
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("customer_no", name=op.f("uq_customers_customer_no")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_name"), ["name"], unique=False)

    op.create_table(
        "station_heads",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_station_heads")),
    )
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
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_change_seq"), ["change_seq"], unique=False)

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
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_work_orders_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders")),
        sa.UniqueConstraint("work_order_no", name=op.f("uq_work_orders_work_order_no")),
    )
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_orders_assignee"), ["assignee"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_orders_change_seq"), ["change_seq"], unique=False)
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
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
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
        batch_op.create_index(batch_op.f("ix_checklist_items_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index("ix_checklist_items_state", ["state", "required", "due_at"], unique=False)
        batch_op.create_index("ix_checklist_items_team_state", ["team", "state", "required", "due_at"], unique=False)

    op.create_table(
        "step_completions",
        sa.Column("work_order_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_step_completions_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("work_order_id", "step", name=op.f("pk_step_completions")),
    )
    with op.batch_alter_table("step_completions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_step_completions_change_seq"), ["change_seq"], unique=False)

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
    op.create_table(
        "rejected_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_changes")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_rules()
    else:
        _sqlite_rules()


PULLED = ("users", "customers", "work_orders", "step_completions", "checklist_items")
STATES = ("waiting", "to_capture", "captured", "sent", "reviewed", "to_hand_over", "received", "boxed", "archived")


def _rank(column: str) -> str:
    whens = " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATES))
    return f"(CASE {column} {whens} END)"


def _postgresql_rules() -> None:
    op.execute("CREATE SEQUENCE change_seq")
    op.execute("""
        CREATE FUNCTION stamp_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.change_seq := nextval('change_seq'); RETURN NEW; END $$""")
    for table in PULLED:
        op.execute(
            f"CREATE TRIGGER {table}_change_seq BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_change_seq()"
        )
    # the database itself refuses a page file whose bytes do not match its name
    op.execute(
        "ALTER TABLE blobs ADD CONSTRAINT ck_blobs_hash "
        "CHECK (encode(sha256(data), 'hex') = sha256 AND octet_length(data) = size)"
    )
    # page files are JPEG/PNG: already compressed, so spare the server a useless pglz pass
    op.execute("ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL")
    op.execute("""
        CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
        END $$""")
    for table in ("audit_events", "blobs"):
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )
    op.execute(f"""
        CREATE FUNCTION check_item_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'checklist items are never deleted' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF OLD.state = 'archived' THEN
            RAISE EXCEPTION 'checklist item % is archived: its content is final', OLD.id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF {_rank("NEW.state")} IS NULL THEN
            RAISE EXCEPTION 'checklist item %: unknown state %', OLD.id, NEW.state
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF NEW.state <> 'to_capture' AND {_rank("NEW.state")} < {_rank("OLD.state")} THEN
            INSERT INTO rejected_changes (table_name, row_id, reason)
              VALUES ('checklist_items', OLD.id, format('%s -> %s is not a workflow transition', OLD.state, NEW.state));
            RETURN NULL;
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER checklist_items_workflow BEFORE UPDATE OR DELETE ON checklist_items "
        "FOR EACH ROW EXECUTE FUNCTION check_item_change()"
    )
    op.execute("""
        CREATE FUNCTION protect_page() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM checklist_items WHERE id = OLD.item_id AND state = 'archived') THEN
            RAISE EXCEPTION 'page % belongs to an archived document: it cannot be changed or deleted', OLD.id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF (NEW.id, NEW.item_id, NEW.seq, NEW.sha256, NEW.size) IS DISTINCT FROM
             (OLD.id, OLD.item_id, OLD.seq, OLD.sha256, OLD.size) THEN
            RAISE EXCEPTION 'page % content is immutable', OLD.id USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER pages_protect BEFORE UPDATE OR DELETE ON pages FOR EACH ROW EXECUTE FUNCTION protect_page()"
    )


def _sqlite_rules() -> None:
    op.execute("INSERT INTO change_counter (id, value) VALUES (1, 0)")
    for table in PULLED:
        stamp = (
            f"UPDATE change_counter SET value = value + 1 WHERE id = 1; "
            f"UPDATE {table} SET change_seq = (SELECT value FROM change_counter WHERE id = 1) "
            f"WHERE rowid = NEW.rowid;"
        )
        op.execute(f"CREATE TRIGGER {table}_change_seq_ins AFTER INSERT ON {table} BEGIN {stamp} END")
        op.execute(
            f"CREATE TRIGGER {table}_change_seq_upd AFTER UPDATE ON {table} "
            f"WHEN NEW.change_seq IS OLD.change_seq BEGIN {stamp} END"
        )
    for table in ("audit_events", "blobs"):
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: {what} refused'); END"
            )
    op.execute(
        "CREATE TRIGGER checklist_items_no_delete BEFORE DELETE ON checklist_items "
        "BEGIN SELECT RAISE(ABORT, 'checklist items are never deleted'); END"
    )
    op.execute(
        "CREATE TRIGGER checklist_items_archived BEFORE UPDATE ON checklist_items WHEN OLD.state = 'archived' "
        "AND (NEW.state IS NOT OLD.state OR NEW.work_order_id IS NOT OLD.work_order_id "
        "OR NEW.document_type IS NOT OLD.document_type OR NEW.step IS NOT OLD.step) "
        "BEGIN SELECT RAISE(ABORT, 'checklist item is archived: its content is final'); END"
    )
    op.execute(f"""CREATE TRIGGER checklist_items_workflow BEFORE UPDATE OF state ON checklist_items
        WHEN NEW.state <> 'to_capture' AND {_rank("NEW.state")} < {_rank("OLD.state")}
        BEGIN
          INSERT INTO rejected_changes (table_name, row_id, reason, at)
            VALUES ('checklist_items', OLD.id, OLD.state || ' -> ' || NEW.state || ' is not a workflow transition',
                    CURRENT_TIMESTAMP);
          SELECT RAISE(IGNORE);
        END""")
    op.execute(
        "CREATE TRIGGER pages_no_delete_archived BEFORE DELETE ON pages "
        "WHEN EXISTS (SELECT 1 FROM checklist_items WHERE id = OLD.item_id AND state = 'archived') "
        "BEGIN SELECT RAISE(ABORT, 'page belongs to an archived document: it cannot be deleted'); END"
    )
    op.execute(
        "CREATE TRIGGER pages_archived BEFORE UPDATE ON pages "
        "WHEN EXISTS (SELECT 1 FROM checklist_items WHERE id = OLD.item_id AND state = 'archived') "
        "BEGIN SELECT RAISE(ABORT, 'page belongs to an archived document: it cannot be changed'); END"
    )
    op.execute(
        "CREATE TRIGGER pages_immutable BEFORE UPDATE OF id, item_id, seq, sha256, size ON pages "
        "BEGIN SELECT RAISE(ABORT, 'page content is immutable'); END"
    )


def downgrade() -> None:
    op.drop_table("rejected_changes")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pages_sha256"))
        batch_op.drop_index("ix_pages_item_seq")

    op.drop_table("pages")
    with op.batch_alter_table("step_completions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_completions_change_seq"))

    op.drop_table("step_completions")
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_items_team_state")
        batch_op.drop_index("ix_checklist_items_state")
        batch_op.drop_index(batch_op.f("ix_checklist_items_change_seq"))
        batch_op.drop_index("ix_checklist_items_assignee_state")

    op.drop_table("checklist_items")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_team"))
        batch_op.drop_index(batch_op.f("ix_work_orders_customer_id"))
        batch_op.drop_index(batch_op.f("ix_work_orders_current_step_warn_at"))
        batch_op.drop_index(batch_op.f("ix_work_orders_created_at"))
        batch_op.drop_index(batch_op.f("ix_work_orders_contract_end"))
        batch_op.drop_index(batch_op.f("ix_work_orders_change_seq"))
        batch_op.drop_index(batch_op.f("ix_work_orders_assignee"))

    op.drop_table("work_orders")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_change_seq"))

    op.drop_table("users")
    op.drop_table("station_heads")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_name"))
        batch_op.drop_index(batch_op.f("ix_customers_change_seq"))

    op.drop_table("customers")
    op.drop_table("change_counter")
    op.drop_table("blobs")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_station_seq")

    op.drop_table("audit_events")
