"""Migration 0003 and the classification tables, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect

from core import SessionFactory, downgrade, upgrade
from core.catalog import (
    Document,
    DossierCreate,
    JournalEntryBase,
    dossier_journal,
    is_person,
    made_by_person,
    queries,
    record_in_journal,
    remove_from_journal,
)

NEW_TABLES = {"document_person", "dossier_journal"}
DOCUMENT_COLUMNS = {"type_confidence", "type_reason", "type_made_by", "date_reason",
                    "date_made_by", "link_confidence", "link_reason", "link_made_by",
                    "suggestions"}


def _columns(sessions: SessionFactory, table: str) -> set[str]:
    return {c["name"] for c in inspect(sessions.engine).get_columns(table)}


def test_migration_0003_goes_down_to_0002_and_up_again(sessions: SessionFactory) -> None:
    """GIVEN a catalog at head WHEN downgraded to 0002 THEN the classification tables and
    columns are gone (earlier data stays usable), and upgrading brings them back."""
    engine = sessions.engine
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    assert _columns(sessions, "document") >= DOCUMENT_COLUMNS
    downgrade(engine, "0002")
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert not DOCUMENT_COLUMNS & _columns(sessions, "document")
    assert not {"element_reference", "doc_type"} & _columns(sessions, "batch")
    upgrade(engine, "0003")
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    assert {"element_reference", "doc_type"} <= _columns(sessions, "batch")


def _document(number: int) -> Document:
    return Document(title=f"doc {number}", original_sha256=f"{number:064x}",
                    original_key=f"originals/{number}", mime_type="application/pdf")


def test_the_journal_keeps_one_entry_per_document_in_date_order(
        sessions: SessionFactory) -> None:
    """GIVEN documents filed in a dossier out of date order, one filed twice, one moved
    WHEN the journal is read THEN one entry per document, oldest first; the moved one is in
    its new dossier only."""
    with sessions.transaction() as session:
        first = queries.create_dossier(session, data=DossierCreate(number="1", title="A"))
        second = queries.create_dossier(session, data=DossierCreate(number="2", title="B"))
        docs = [_document(n) for n in range(3)]
        session.add_all(docs)
        session.flush()
        assert first.id and second.id and all(d.id for d in docs)
        for doc, day in zip(docs, (date(2024, 5, 1), date(2023, 1, 2), date(2024, 1, 1)),
                            strict=True):
            record_in_journal(session, entry=JournalEntryBase(
                dossier_id=first.id, document_id=doc.id, happened_on=day, title=doc.title))
        record_in_journal(session, entry=JournalEntryBase(  # filed again: updated, not doubled
            dossier_id=first.id, document_id=docs[0].id, happened_on=date(2024, 6, 1),
            title="doc 0 (retyped)", doc_type="decision", made_by=made_by_person("ana")))
        record_in_journal(session, entry=JournalEntryBase(  # moved
            dossier_id=second.id, document_id=docs[2].id, happened_on=date(2024, 1, 1),
            title="doc 2"))
        remove_from_journal(session, document_id=docs[1].id)
        record_in_journal(session, entry=JournalEntryBase(
            dossier_id=first.id, document_id=docs[1].id, happened_on=date(2023, 1, 2),
            title="doc 1"))
    with sessions() as session:
        journal = dossier_journal(session, dossier_id=first.id)
        moved = dossier_journal(session, dossier_id=second.id)
    assert [(e.title, e.happened_on) for e in journal] == [
        ("doc 1", date(2023, 1, 2)), ("doc 0 (retyped)", date(2024, 6, 1))]
    assert is_person(journal[1].made_by) and not is_person(journal[0].made_by)
    assert [e.title for e in moved] == ["doc 2"]
