"""page steps: what was done to each page image before and while reading it, and why (codes
with parameters: cleanup stages, a second reading, an unreadable page).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('page', 'page_draft'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('steps', sa.JSON(), nullable=False,
                                       server_default=sa.text("'[]'")))


def downgrade() -> None:
    for table in ('page_draft', 'page'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('steps')
