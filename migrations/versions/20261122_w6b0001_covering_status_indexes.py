"""overdue list status indexes cover every filter

Revision ID: w6b0001
Revises: r2g0001
Create Date: 2026-11-22 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'w6b0001'
# The overdue list pages, counts and joins organisation ids of statuses filtered by status, turnover band and
# sector. With the band and sector at the end of both indexes (and the organisation id, one per regime and year,
# standing for the status) every filter is checked in the index: no status row is read to filter or to page, and
# PostgreSQL can answer from the index alone once vacuum has marked the pages visible.
down_revision: str | Sequence[str] | None = 'r2g0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = {
    'ix_compliance_statuses_overdue': ['regime', 'statement_year', 'status', 'deadline', 'organisation_id'],
    'ix_compliance_statuses_deadline_order': ['regime', 'statement_year', 'deadline', 'organisation_id', 'status'],
}
_FILTERS = ['turnover_band', 'sector']


def upgrade() -> None:
    for name, columns in _OLD.items():
        op.drop_index(name, table_name='compliance_statuses')
        op.create_index(name, 'compliance_statuses', [*columns, *_FILTERS], unique=False)


def downgrade() -> None:
    for name, columns in _OLD.items():
        op.drop_index(name, table_name='compliance_statuses')
        op.create_index(name, 'compliance_statuses', columns, unique=False)
