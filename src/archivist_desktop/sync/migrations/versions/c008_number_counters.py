"""number counters: numbers unique company-wide (archival codes, box numbers, hand-over receipts)

``number_counters(series, next_value)``: the next number of each series, handed out by the centre
(see ``services/numbers.py``).  Series: ``volume:{fonds}-{category}-{year}-{retention}``,
``box:{fonds}-{year}-{retention}``, ``handover:YJ{yyyymmdd}``; each is seeded here from the rows
already at the centre (the highest number + 1), so a centre that received locally numbered rows
before this revision goes on after them.

On PostgreSQL a station takes a number only through ``archivist_next_number(series, floor)``
(``SECURITY DEFINER``: one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, serialised by the row
lock); ``sync.central.grant_station_role`` grants the station role EXECUTE on it and nothing
else on the table but SELECT.

Revision ID: c008
Revises: c007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "c008"
down_revision = "c007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_counters",
        sa.Column("series", sa.String(120), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("series", name="pk_number_counters"),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    year = "year::text" if postgresql else "CAST(year AS TEXT)"
    op.execute(
        "INSERT INTO number_counters (series, next_value) "
        f"SELECT 'volume:' || fonds || '-' || category || '-' || {year} || '-' || retention, max(volume_no) + 1 "
        "FROM volumes GROUP BY fonds, category, year, retention"
    )
    op.execute(
        "INSERT INTO number_counters (series, next_value) "
        f"SELECT 'box:' || fonds || '-' || {year} || '-' || retention, max(box_seq) + 1 "
        "FROM boxes GROUP BY fonds, year, retention"
    )
    receipt = (
        "hand_over_no ~ '^YJ[0-9]{8}-[0-9]+$'"
        if postgresql
        else "hand_over_no GLOB 'YJ[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]*'"
    )
    op.execute(
        "INSERT INTO number_counters (series, next_value) "
        "SELECT 'handover:' || substr(hand_over_no, 1, 10), max(CAST(substr(hand_over_no, 12) AS BIGINT)) + 1 "
        f"FROM hand_overs WHERE {receipt} GROUP BY substr(hand_over_no, 1, 10)"
    )
    if postgresql:
        op.execute("""
        CREATE OR REPLACE FUNCTION archivist_next_number(series_name text, floor_value bigint) RETURNS bigint
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          INSERT INTO number_counters (series, next_value) VALUES (series_name, greatest(floor_value, 1) + 1)
          ON CONFLICT (series) DO UPDATE
            SET next_value = greatest(number_counters.next_value, excluded.next_value - 1) + 1
          RETURNING next_value - 1
        $$""")
        op.execute("REVOKE ALL ON FUNCTION archivist_next_number(text, bigint) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS archivist_next_number(text, bigint)")
    op.drop_table("number_counters")
