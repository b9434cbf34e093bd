"""classification: who typed, dated and linked each document and why, review suggestions, the
persons a document concerns, the dossier journal (journal de vie), and the clerk's desk
metadata on batches (element, type).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:05:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_DOCUMENT_COLUMNS = (
    ('type_confidence', sa.Float(), None),
    ('type_reason', sqlmodel.sql.sqltypes.AutoString(length=500), ''),
    ('type_made_by', sqlmodel.sql.sqltypes.AutoString(length=64), None),
    ('date_reason', sqlmodel.sql.sqltypes.AutoString(length=300), ''),
    ('date_made_by', sqlmodel.sql.sqltypes.AutoString(length=64), None),
    ('link_confidence', sa.Float(), None),
    ('link_reason', sqlmodel.sql.sqltypes.AutoString(length=500), ''),
    ('link_made_by', sqlmodel.sql.sqltypes.AutoString(length=64), None),
    ('suggestions', sa.JSON(), None),
)


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        for name, type_, default in _DOCUMENT_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=default is None,
                                          server_default=default))
    with op.batch_alter_table('batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('element_reference',
                                      sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('doc_type', sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=True))

    op.create_table('document_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('made_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'person_id', name='uq_document_person')
    )
    with op.batch_alter_table('document_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_person_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_person_person_id'), ['person_id'], unique=False)

    op.create_table('dossier_journal',
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('element_id', sa.Integer(), nullable=True),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('doc_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('made_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.ForeignKeyConstraint(['element_id'], ['dossier_element.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dossier_id', 'document_id', name='uq_journal_document')
    )
    with op.batch_alter_table('dossier_journal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_journal_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_journal_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_journal_happened_on'), ['happened_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dossier_journal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_journal_happened_on'))
        batch_op.drop_index(batch_op.f('ix_dossier_journal_document_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_journal_dossier_id'))
    op.drop_table('dossier_journal')

    with op.batch_alter_table('document_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_person_person_id'))
        batch_op.drop_index(batch_op.f('ix_document_person_document_id'))
    op.drop_table('document_person')

    with op.batch_alter_table('batch', schema=None) as batch_op:
        batch_op.drop_column('doc_type')
        batch_op.drop_column('element_reference')
    with op.batch_alter_table('document', schema=None) as batch_op:
        for name, _type, _default in reversed(_DOCUMENT_COLUMNS):
            batch_op.drop_column(name)
