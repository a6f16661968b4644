"""register sort indexes end with the id (keyset pages, index-only deep pages)

Revision ID: r2g0001
Revises: d4r0001
Create Date: 2026-11-22 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'r2g0001'
# Every list sort breaks ties by id. With the id in the index PostgreSQL can walk a sort in index order without
# re-sorting tied rows (one import stamps all its rows with the same updated_at), seek to a cursor, and count
# past deep OFFSETs from the index alone. SQLite indexes end with the rowid anyway; the same definitions keep
# both backends alike. `-turnover` (DESC NULLS LAST, id) needs its own index on PostgreSQL, whose backward
# scans put NULLs first; SQLite sorts NULLs last in a descending scan already.
down_revision: str | Sequence[str] | None = 'd4r0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REPLACED = (
    ('ix_organisations_name_key', ['name_key'], 'ix_organisations_name_key_id'),
    ('ix_organisations_turnover_amount', ['turnover_amount'], 'ix_organisations_turnover_amount_id'),
    ('ix_organisations_updated_at', ['updated_at'], 'ix_organisations_updated_at_id'),
)


def upgrade() -> None:
    for old, columns, new in _REPLACED:
        op.drop_index(old, table_name='organisations')
        op.create_index(new, 'organisations', [*columns, 'id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(
            'ix_organisations_turnover_desc',
            'organisations',
            [sa.text('turnover_amount DESC NULLS LAST'), 'id'],
            unique=False,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_organisations_turnover_desc', table_name='organisations')
    for old, columns, new in _REPLACED:
        op.drop_index(new, table_name='organisations')
        op.create_index(old, 'organisations', columns, unique=False)
