"""complete pull: change_seq on pages, reviews, rescan tasks, hand-overs, boxes, volumes, volume items, loans

Stations pull every table they sync (page rows without their bytes), so each of these tables
gets the ``change_seq`` column that c001 gave users, customers, work orders, steps and
checklist items, stamped by the same trigger from the same sequence.  Rows already there get a
fresh number, so stations that pulled before this revision pick them up at their next sync.

On SQLite the stamp is an ``UPDATE … SET change_seq``: the append-only and archived-page
triggers are re-created as ``BEFORE UPDATE OF <every other column>`` so that the stamp itself is
not an update they refuse.

Row-level security (which of these rows a station login may see and write) is set up by
``sync.central.grant_station_role``, since it names the station role.

Revision ID: c007
Revises: c006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "c007"
down_revision = "c006"
branch_labels = None
depends_on = None

NEW_PULLED = ("pages", "reviews", "rescan_tasks", "hand_overs", "boxes", "volumes", "volume_items", "loans")
#: SQLite triggers that refuse any UPDATE: re-created to ignore an update of change_seq alone
_SQLITE_NO_UPDATE = ("reviews", "hand_overs", "volume_items")


def upgrade() -> None:
    for table in NEW_PULLED:
        op.add_column(table, sa.Column("change_seq", sa.BigInteger(), nullable=True))
        op.create_index(f"ix_{table}_change_seq", table, ["change_seq"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _postgresql() -> None:
    for table in NEW_PULLED:
        # number the rows already there (the append-only and archive triggers would refuse the update)
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        op.execute(f"UPDATE {table} SET change_seq = nextval('change_seq')")
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        op.execute(
            f"CREATE TRIGGER {table}_change_seq BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stamp_change_seq()"
        )


def _other_columns(table: str) -> str:
    names = [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table) if c["name"] != "change_seq"]
    return ", ".join(names)


def _sqlite() -> None:
    for table in _SQLITE_NO_UPDATE:
        op.execute(f"DROP TRIGGER {table}_no_update")
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {_other_columns(table)} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END"
        )
    op.execute("DROP TRIGGER pages_archived")
    op.execute(
        f"CREATE TRIGGER pages_archived BEFORE UPDATE OF {_other_columns('pages')} ON pages "
        "WHEN EXISTS (SELECT 1 FROM checklist_items WHERE id = OLD.item_id AND state = 'archived') "
        "BEGIN SELECT RAISE(ABORT, 'page belongs to an archived document: it cannot be changed'); END"
    )
    for table in NEW_PULLED:
        op.execute(f"UPDATE {table} SET change_seq = (SELECT value FROM change_counter WHERE id = 1) + rowid")
        op.execute(
            f"UPDATE change_counter SET value = value + (SELECT coalesce(max(rowid), 0) FROM {table}) WHERE id = 1"
        )
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


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in NEW_PULLED:
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_change_seq ON {table}")
        else:
            op.execute(f"DROP TRIGGER {table}_change_seq_ins")
            op.execute(f"DROP TRIGGER {table}_change_seq_upd")
        op.drop_index(f"ix_{table}_change_seq", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("change_seq")
