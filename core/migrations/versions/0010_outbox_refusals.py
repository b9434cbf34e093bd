"""outbox refusals: an index write the search backend refused as wrong (HTTP 4xx, a mapping
mismatch) is kept with ``refused_at`` and its reason, and no longer retried by the drain; the
batch report shows it. ``liasse reindex`` clears refused rows once the cause is fixed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('index_outbox') as batch:
        batch.add_column(sa.Column('refused_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('index_outbox') as batch:
        batch.drop_column('refused_at')
