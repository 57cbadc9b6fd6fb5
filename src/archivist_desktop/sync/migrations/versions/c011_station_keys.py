"""station keys: each station id's audit chain key fingerprint, registered centrally once

PostgreSQL only (an embedded SQLite centre has no logins): the table ``station_keys`` (station id,
the fingerprint ``sha256(key)`` of its chain key, never the key; the login that registered it)
and the triggers of :func:`archivist_desktop.sync.station_limits.key_statements`: a station login
registers only a station id of its own (``station_ids``), never ``central``, and never changes or
removes a registration.  Written at ``central login`` and at each sync; ``verify`` and
``verify --central`` report a chain keyed with another key than the one registered.

Revision ID: c011
Revises: c010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from archivist_desktop.sync.station_limits import drop_key_statements, key_statements

revision = "c011"
down_revision = "c010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in key_statements():
        op.execute(sa.text(sql))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in drop_key_statements():
        op.execute(sa.text(sql))
