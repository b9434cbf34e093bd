"""pipeline work: page drafts for page-range fan-out, the index outbox, page rotation and the
count of blank pages left out of a file's documents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'page_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('words', sa.JSON(), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('width_pt', sa.Float(), nullable=True),
        sa.Column('height_pt', sa.Float(), nullable=True),
        sa.Column('rotation', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('blank', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('codes', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['batch_item.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('item_id', 'number', name='uq_page_draft_item_number'),
    )
    op.create_index('ix_page_draft_item_id', 'page_draft', ['item_id'])
    op.create_table(
        'index_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=100), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_index_outbox_document_id', 'index_outbox', ['document_id'])
    with op.batch_alter_table('page') as batch:
        batch.add_column(sa.Column('rotation', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('batch_item') as batch:
        batch.add_column(sa.Column('blank_pages', sa.Integer(), nullable=False,
                                   server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('batch_item') as batch:
        batch.drop_column('blank_pages')
    with op.batch_alter_table('page') as batch:
        batch.drop_column('rotation')
    op.drop_index('ix_index_outbox_document_id', table_name='index_outbox')
    op.drop_table('index_outbox')
    op.drop_index('ix_page_draft_item_id', table_name='page_draft')
    op.drop_table('page_draft')
