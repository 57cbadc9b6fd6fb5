"""sync: more of the central record on the station

Placeholder reserved for issues #14/#15 (sync); filled in by that work.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
