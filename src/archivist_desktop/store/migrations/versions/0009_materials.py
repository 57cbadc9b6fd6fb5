"""materials: born-digital documents, audio and video in checklist slots

Placeholder reserved for issue #19 (materials); filled in by that work.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
