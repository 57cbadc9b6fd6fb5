"""sync: the centre's user events on the station (``central_events``)

A station pulls the ``central`` chain's audit events about its own users (``central users add``,
``disable``, ``passwd``: the whole user state in each payload) into ``central_events``, a table of
its own, so that its own chain (``audit_events``, walked by ``verify``) stays exactly what the
station wrote.  Each row is the central event as the centre keys and chains it: ``central_seq`` is
the centre's ``seq``, ``prev_hash`` and ``hash`` the centre's.  ``verify`` checks every copy's hash,
the links between copies of consecutive central events, and each user's role and state against
their last user event (see :mod:`archivist_desktop.services.verify`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_events",
        sa.Column("central_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("central_seq", name=op.f("pk_central_events")),
        sa.UniqueConstraint("id", name=op.f("uq_central_events_id")),
    )
    op.create_index(op.f("ix_central_events_entity_id"), "central_events", ["entity_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_central_events_entity_id"), table_name="central_events")
    op.drop_table("central_events")
