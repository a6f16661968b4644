"""compliance statuses: an index in export order

Revision ID: c5x0001
Revises: w1r0001
Create Date: 2026-11-22 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c5x0001'
# The CSV export reads one regime-year in organisation order: with this index the database streams the rows
# instead of sorting them all first (a fifth of the export's time on SQLite at 100,000 rows).
down_revision: str | Sequence[str] | None = 'w1r0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('compliance_statuses') as batch:
        batch.create_index('ix_compliance_statuses_export', ['regime', 'statement_year', 'organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('compliance_statuses') as batch:
        batch.drop_index('ix_compliance_statuses_export')
