"""rediscovery request claim time

Revision ID: d4r0001
Revises: w1r0001
Create Date: 2026-11-22 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd4r0001'
# When a crawl claimed a re-discovery request (set with status in_progress), so that a request left in progress by a
# crawl that died is claimed again once the claim is older than MST_REDISCOVERY_CLAIM_TIMEOUT_SECONDS.
down_revision: str | Sequence[str] | None = 'w1r0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rediscovery_requests') as batch:
        batch.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rediscovery_requests') as batch:
        batch.drop_column('claimed_at')
