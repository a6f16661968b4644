"""rediscovery request outcome

Revision ID: w1r0001
Revises: 0007
Create Date: 2026-11-22 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'w1r0001'
# Why a re-discovery request ended as it did (done: the statement archived; failed: the reason).
# Branches from 0007 beside main's 0008 (statement screening); `upgrade heads` applies both.
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rediscovery_requests') as batch:
        batch.add_column(sa.Column('outcome', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rediscovery_requests') as batch:
        batch.drop_column('outcome')
