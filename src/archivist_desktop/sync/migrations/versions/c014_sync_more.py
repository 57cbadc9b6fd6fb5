"""sync: more of the central record on the stations

Placeholder reserved for issues #14/#15 (sync); filled in by that work.

Revision ID: c014
Revises: c013
Create Date: 2026-12-02
"""

revision = "c014"
down_revision = "c013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
