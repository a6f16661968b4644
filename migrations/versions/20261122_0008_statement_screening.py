"""statement screening

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 15:38:20.076246

A screening record per statement version and the forced-labour flags it raised (explicit short constraint
names: PostgreSQL cuts identifiers at 63 characters).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('statement_screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('register_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('order_count', sa.Integer(), nullable=False),
    sa.Column('flag_count', sa.Integer(), nullable=False),
    sa.Column('screened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statement_versions.id'], name='fk_statement_screenings_version', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_screenings')),
    sa.UniqueConstraint('statement_version_id', name=op.f('uq_statement_screenings_statement_version_id'))
    )
    op.create_table('statement_screening_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=False),
    sa.Column('statement_version_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('order_reference', sa.String(length=160), nullable=False),
    sa.Column('order_name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('matched', sa.String(length=300), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('match_start', sa.Integer(), nullable=False),
    sa.Column('match_end', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('product', sa.String(length=200), nullable=True),
    sa.Column('product_mentioned', sa.Boolean(), nullable=False),
    sa.Column('order_status', sa.String(length=8), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('basis', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('entity', 'region')", name=op.f('ck_statement_screening_flags_kind')),
    sa.CheckConstraint("order_status IN ('active', 'inactive')", name=op.f('ck_statement_screening_flags_order_status')),
    sa.ForeignKeyConstraint(['order_id'], ['forced_labour_orders.id'], name='fk_screening_flags_order', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['screening_id'], ['statement_screenings.id'], name='fk_screening_flags_screening', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_version_id'], ['statement_versions.id'], name='fk_screening_flags_version', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_screening_flags')),
    sa.UniqueConstraint('screening_id', 'order_id', 'sentence_start', name='uq_screening_flags_order_sentence')
    )
    with op.batch_alter_table('statement_screening_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_screening_flags_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_screening_flags_screening_id'), ['screening_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_screening_flags_statement_version_id'), ['statement_version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statement_screening_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_screening_flags_statement_version_id'))
        batch_op.drop_index(batch_op.f('ix_statement_screening_flags_screening_id'))
        batch_op.drop_index(batch_op.f('ix_statement_screening_flags_order_id'))

    op.drop_table('statement_screening_flags')
    op.drop_table('statement_screenings')
