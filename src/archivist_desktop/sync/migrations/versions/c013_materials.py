"""materials on the central database: born-digital documents, audio and video

Placeholder reserved for issue #19 (materials); filled in by that work.

Revision ID: c013
Revises: c012
Create Date: 2026-12-02
"""

revision = "c013"
down_revision = "c012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
