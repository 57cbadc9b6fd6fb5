"""station limits: what a station login may do at the centre beyond its grants

PostgreSQL only (an embedded SQLite centre has no logins): the tables ``station_ids`` (each
station id belongs to the login that pushed its first audit event; the ``central`` chain to the
administrator who wrote it first) and ``archived_now`` (rows a station login archived in its
current transaction), and the triggers of :mod:`archivist_desktop.sync.station_limits`: a
station login writes audit events and chain heads only of its own stations, adds nothing to an
archived document or volume, changes no archived volume's metadata, no customer, and (a login
of a unit) adds no user; the head of the ``central`` chain is kept, so ``verify --central``
walks it against its head.

Revision ID: c010
Revises: c008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from archivist_desktop.sync.station_limits import drop_statements, statements

revision = "c010"
down_revision = "c008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in statements():
        op.execute(sa.text(sql))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in drop_statements():
        op.execute(sa.text(sql))
