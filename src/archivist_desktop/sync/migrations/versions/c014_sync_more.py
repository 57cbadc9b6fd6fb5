"""users: no station login adds, changes or deletes a user (issue 15 item 3, issue 14 item 6)

PostgreSQL only (an embedded SQLite centre has no logins).  c010 refused a station login's user
*inserts* only when the login belonged to a unit; a login without a unit (a centre from before
units) could still add people.  From here on the trigger ``users_station_refused`` (BEFORE INSERT
OR UPDATE OR DELETE, :func:`archivist_desktop.sync.station_limits.user_statements`) refuses every
station login, with or without a unit: ``insufficient_privilege`` (42501) "users are managed
centrally".  A station's push of a user made locally (before it knew its centre) is set aside with
that reason; the rest of its push goes on.  The owner and the administrators (``central users
add|disable|passwd``) are not affected.

What stays where (decided here):

* **Passwords** change only at the centre: ``central users passwd`` run by an administrator; the
  new hash reaches the user's stations at their next sync.  A station has no local password
  change (there is none in the product), so a user's own change is asked of an administrator;
  offline, the old password stays valid until the station syncs.
* **Failed sign-ins and the lock-out** stay local: they are ``sign_in_failed`` audit events of the
  station's own chain (pushed with the chain, never a change to a ``users`` row), and the lock-out
  is derived from them on that station (:mod:`archivist_desktop.services.users`).  A lock-out at
  one station does not lock the user at another: the residual risk (``LOCKOUT_FAILURES`` guesses
  per station and window) is accepted so that sign-in works offline and nothing on a station
  writes users.
* **Disabling** a user is central (``central users disable``); the station stops them at the next
  sync.

Stations also pull the ``central`` chain's user events (of their own users) into their own table
``central_events`` (station migration 0010), so that ``verify`` checks each user's role and state
against their last central user event; no central schema change is needed for that.

Revision ID: c014
Revises: c013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from archivist_desktop.sync.station_limits import drop_user_statements, user_statements

revision = "c014"
down_revision = "c013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in user_statements():
        op.execute(sa.text(sql))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in drop_user_statements():
        op.execute(sa.text(sql))
