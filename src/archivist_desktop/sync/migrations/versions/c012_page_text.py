"""page text on the central database: OCR text and its full-text/trigram index

Placeholder reserved for issue #18 (OCR and search); filled in by that work.

Revision ID: c012
Revises: c011
Create Date: 2026-12-02
"""

revision = "c012"
down_revision = "c011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
