"""letters: templates (versioned DOCX with fields), generated letters, returned copies; the
journal's reply-by and answered dates.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'letter_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('doc_type', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('service', sa.String(length=64), nullable=False),
        sa.Column('reply_days', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('required', sa.JSON(), nullable=False),
        sa.Column('free_fields', sa.JSON(), nullable=False),
        sa.Column('docx_sha256', sa.String(length=64), nullable=False),
        sa.Column('docx_key', sa.String(length=300), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', 'version', name='uq_letter_template_version'),
    )
    op.create_index('ix_letter_template_name', 'letter_template', ['name'])
    op.create_table(
        'letter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('template_name', sa.String(length=64), nullable=False),
        sa.Column('template_version', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('element_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('reply_by', sa.Date(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('free_values', sa.JSON(), nullable=False),
        sa.Column('docx_sha256', sa.String(length=64), nullable=False),
        sa.Column('docx_key', sa.String(length=300), nullable=False),
        sa.Column('failure', sa.String(length=500), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['template_id'], ['letter_template.id']),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id']),
        sa.ForeignKeyConstraint(['element_id'], ['dossier_element.id']),
        sa.ForeignKeyConstraint(['person_id'], ['person.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id'),
    )
    op.create_index('ix_letter_template_id', 'letter', ['template_id'])
    op.create_index('ix_letter_dossier_id', 'letter', ['dossier_id'])
    op.create_table(
        'letter_return',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id']),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id'),
    )
    op.create_index('ix_letter_return_letter_id', 'letter_return', ['letter_id'])
    with op.batch_alter_table('dossier_journal') as batch:
        batch.add_column(sa.Column('reply_by', sa.Date(), nullable=True))
        batch.add_column(sa.Column('answered_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('answered_by_document_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_dossier_journal_answered_by', 'document',
                                 ['answered_by_document_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('dossier_journal') as batch:
        batch.drop_constraint('fk_dossier_journal_answered_by', type_='foreignkey')
        batch.drop_column('answered_by_document_id')
        batch.drop_column('answered_on')
        batch.drop_column('reply_by')
    for table in ('letter_return', 'letter', 'letter_template'):
        op.drop_table(table)
