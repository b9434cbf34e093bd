"""search keys and lasting ids: the folded ``search_key`` of dossiers, households and persons
(filled here for existing rows, then on every write by ``core.catalog.search_keys``); on SQLite,
document, batch and disposition-list ids never given twice (AUTOINCREMENT: the tables are
rebuilt with foreign-key checks off, as SQLite's own procedure for altering a table asks).
PostgreSQL's sequences never give an id twice already.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:15:00.000000
"""
from alembic import op
import sqlalchemy as sa

from core.catalog.search_keys import KEY_SOURCES, key_of


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_LASTING_IDS = ('document', 'batch', 'disposition_list')


def upgrade() -> None:
    for table in KEY_SOURCES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('search_key', sa.String(length=600), nullable=False,
                                       server_default=''))
    _fill_keys()
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild(_LASTING_IDS, autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild(_LASTING_IDS, autoincrement=False)
    for table in KEY_SOURCES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('search_key')


def _fill_keys() -> None:
    bind = op.get_bind()
    for name, sources in KEY_SOURCES.items():
        table = sa.table(name, sa.column('id'), sa.column('search_key'),
                         *(sa.column(source) for source in sources))
        for row in bind.execute(sa.select(table.c.id, *(table.c[s] for s in sources))).all():
            bind.execute(table.update().where(table.c.id == row[0])
                         .values(search_key=key_of(list(row[1:]))))


def _rebuild(tables: tuple[str, ...], *, autoincrement: bool) -> None:
    bind = op.get_bind()
    bind.commit()  # PRAGMA foreign_keys is a no-op inside a transaction
    bind.exec_driver_sql('PRAGMA foreign_keys=OFF')
    try:
        for table in tables:
            with op.batch_alter_table(table, recreate='always',
                                      table_kwargs={'sqlite_autoincrement': autoincrement}):
                pass
        broken = bind.exec_driver_sql('PRAGMA foreign_key_check').all()
        if broken:
            raise RuntimeError(f'foreign keys broken by the rebuild: {broken[:5]}')
        bind.commit()
    finally:
        bind.exec_driver_sql('PRAGMA foreign_keys=ON')
