"""batch language: the language the clerk said a batch's pages are written in (ISO 639-1),
read first by the OCR (``ocr._page_language``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('batch') as batch:
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('batch') as batch:
        batch.drop_column('language')
