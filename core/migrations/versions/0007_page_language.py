"""page language: the language each page was read in (and its draft's), ISO 639-1.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('page', 'page_draft'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    for table in ('page', 'page_draft'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('language')
