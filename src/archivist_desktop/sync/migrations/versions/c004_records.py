"""archive room on the central database: hand-overs, boxes, volumes, volume contents, loans; their rules

Hand-over receipts and volume contents are append-only; volumes and boxes are never deleted and
their numbers (archival code, box number) never change once given; an archived volume's
identity and contents are final.  A volume taken out of its box (before shelving) takes its
documents from ``boxed`` back to ``received``: the workflow check allows that one step back.

Revision ID: c004
Revises: c003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "c004"
down_revision = "c003"
branch_labels = None
depends_on = None

STATES = ("waiting", "to_capture", "captured", "sent", "reviewed", "to_hand_over", "received", "boxed", "archived")


def _rank(column: str) -> str:
    whens = " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATES))
    return f"(CASE {column} {whens} END)"


#: a step back the workflow allows besides a rescan (-> to_capture): out of a box before shelving
_ALLOWED_BACK = "(OLD.state = 'boxed' AND NEW.state = 'received')"


def create_records_tables(dt) -> None:
    """The archive-room tables, as the stations have them (0005), with plain DateTime."""
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
    create_records_tables(sa.DateTime)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_rules()
    else:
        _sqlite_rules()


def _postgresql_rules() -> None:
    for table in ("hand_overs", "volume_items"):
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )
    op.execute("""
        CREATE FUNCTION protect_volume() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '% rows are never deleted (void them instead)', TG_TABLE_NAME
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF (NEW.archival_code, NEW.customer_id, NEW.fonds, NEW.category, NEW.year, NEW.retention, NEW.volume_no)
             IS DISTINCT FROM
             (OLD.archival_code, OLD.customer_id, OLD.fonds, OLD.category, OLD.year, OLD.retention, OLD.volume_no) THEN
            RAISE EXCEPTION 'volume %: an archival code never changes', OLD.archival_code
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF OLD.state = 'archived' AND (NEW.state NOT IN ('archived', 'voided') OR NEW.box_id IS DISTINCT FROM OLD.box_id) THEN
            RAISE EXCEPTION 'volume % is archived: its contents are final', OLD.archival_code
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER volumes_protect BEFORE UPDATE OR DELETE ON volumes "
        "FOR EACH ROW EXECUTE FUNCTION protect_volume()"
    )
    op.execute("""
        CREATE FUNCTION protect_box() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'boxes are never deleted' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF (NEW.box_no, NEW.fonds, NEW.year, NEW.retention, NEW.organisation, NEW.box_seq) IS DISTINCT FROM
             (OLD.box_no, OLD.fonds, OLD.year, OLD.retention, OLD.organisation, OLD.box_seq) THEN
            RAISE EXCEPTION 'box %: its number and kind never change', OLD.box_no
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER boxes_protect BEFORE UPDATE OR DELETE ON boxes FOR EACH ROW EXECUTE FUNCTION protect_box()"
    )
    op.execute("CREATE TRIGGER loans_no_delete BEFORE DELETE ON loans FOR EACH ROW EXECUTE FUNCTION refuse_change()")
    # the workflow check of c001, with the one step back out of a box
    op.execute(f"""
        CREATE OR REPLACE FUNCTION check_item_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
          IF NEW.state <> 'to_capture' AND NOT {_ALLOWED_BACK} AND {_rank("NEW.state")} < {_rank("OLD.state")} THEN
            INSERT INTO rejected_changes (table_name, row_id, reason)
              VALUES ('checklist_items', OLD.id, format('%s -> %s is not a workflow transition', OLD.state, NEW.state));
            RETURN NULL;
          END IF;
          RETURN NEW;
        END $$""")


def _sqlite_rules() -> None:
    for table in ("hand_overs", "volume_items"):
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: {what} refused'); END"
            )
    for table in ("volumes", "boxes", "loans"):
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted'); END"
        )
    op.execute(
        "CREATE TRIGGER volumes_code_fixed BEFORE UPDATE OF archival_code, customer_id, fonds, category, year, "
        "retention, volume_no ON volumes WHEN NEW.archival_code IS NOT OLD.archival_code "
        "OR NEW.customer_id IS NOT OLD.customer_id OR NEW.fonds IS NOT OLD.fonds "
        "OR NEW.category IS NOT OLD.category OR NEW.year IS NOT OLD.year "
        "OR NEW.retention IS NOT OLD.retention OR NEW.volume_no IS NOT OLD.volume_no "
        "BEGIN SELECT RAISE(ABORT, 'an archival code never changes'); END"
    )
    op.execute(
        "CREATE TRIGGER volumes_archived BEFORE UPDATE ON volumes WHEN OLD.state = 'archived' "
        "AND (NEW.state NOT IN ('archived', 'voided') OR NEW.box_id IS NOT OLD.box_id) "
        "BEGIN SELECT RAISE(ABORT, 'volume is archived: its contents are final'); END"
    )
    op.execute(
        "CREATE TRIGGER boxes_number_fixed BEFORE UPDATE ON boxes WHEN NEW.box_no IS NOT OLD.box_no "
        "OR NEW.fonds IS NOT OLD.fonds OR NEW.year IS NOT OLD.year OR NEW.retention IS NOT OLD.retention "
        "OR NEW.organisation IS NOT OLD.organisation OR NEW.box_seq IS NOT OLD.box_seq "
        "BEGIN SELECT RAISE(ABORT, 'a box number and kind never change'); END"
    )
    op.execute("DROP TRIGGER checklist_items_workflow")
    op.execute(f"""CREATE TRIGGER checklist_items_workflow BEFORE UPDATE OF state ON checklist_items
        WHEN NEW.state <> 'to_capture' AND NOT {_ALLOWED_BACK} AND {_rank("NEW.state")} < {_rank("OLD.state")}
        BEGIN
          INSERT INTO rejected_changes (table_name, row_id, reason, at)
            VALUES ('checklist_items', OLD.id, OLD.state || ' -> ' || NEW.state || ' is not a workflow transition',
                    CURRENT_TIMESTAMP);
          SELECT RAISE(IGNORE);
        END""")


def downgrade() -> None:
    for table in ("loans", "volume_items", "volumes", "boxes", "hand_overs"):
        op.drop_table(table)
