"""Ids never given twice, and the folded search keys of the list filters (issue 15, items 5
and 9), on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from core import SessionFactory, make_engine, upgrade
from core.catalog import (
    Batch,
    DispositionList,
    Document,
    DossierCreate,
    DossierUpdate,
    Page,
    Person,
    PersonCreate,
    queries,
)
from core.catalog.search_keys import fold, key_matches


def _document(sha: str) -> Document:
    return Document(title=f"Document {sha}", original_sha256=sha * 64,
                    original_key=f"originals/{sha}", mime_type="application/pdf")


def test_a_deleted_newest_id_is_never_given_again(sessions: SessionFactory) -> None:
    """GIVEN two documents, two batches and two disposition lists WHEN the newest of each is
    deleted and another created THEN the new one gets a new id, not the deleted one's (a
    bookmark to /documents/15 never opens another household's document)."""
    made = {"document": [_document("a"), _document("b")], "batch": [Batch(), Batch()],
            "list": [DispositionList(as_of=date(2026, 1, 1), created_by="ines") for _ in "ab"]}
    with sessions.transaction() as s:
        s.add_all([row for rows in made.values() for row in rows])
    deleted = {kind: rows[-1].id for kind, rows in made.items()}
    with sessions.transaction() as s:
        for rows in made.values():
            s.delete(s.get(type(rows[-1]), rows[-1].id))
    again = {"document": _document("c"), "batch": Batch(),
             "list": DispositionList(as_of=date(2026, 2, 1), created_by="ines")}
    with sessions.transaction() as s:
        s.add_all(list(again.values()))
    for kind, row in again.items():
        assert row.id is not None and row.id > deleted[kind], kind


def test_fold_writes_a_name_one_way() -> None:
    """GIVEN names as people type them WHEN folded THEN case, accents and umlaut spellings
    fall together."""
    assert fold("MÜLLER Hans") == fold("Mueller hans") == fold("muller  HANS") == "muller hans"
    assert fold("ARMENGAUD François") == "armengaud francois"
    assert fold("Straße") == "strasse"


def test_list_filters_find_names_however_typed(sessions: SessionFactory) -> None:
    """GIVEN the dossiers "MÜLLER Hans" and "ARMENGAUD François" and the person Müller WHEN
    filtered by muller, mueller, Müller, francois, and after a title change THEN the right ones
    are found, and the key follows the change."""
    with sessions.transaction() as s:
        queries.create_dossier(s, data=DossierCreate(number="100", title="MÜLLER Hans"))
        queries.create_dossier(s, data=DossierCreate(number="200", title="ARMENGAUD François"))
        queries.create_person(s, data=PersonCreate(family_name="Müller", given_names="Hans"))
    with sessions() as s:
        for typed in ("muller", "mueller", "Müller", "MUELLER h"):
            assert [d.number for d in queries.list_dossiers(s, text=typed)] == ["100"], typed
        assert [d.number for d in queries.list_dossiers(s, text="francois")] == ["200"]
        assert [d.number for d in queries.list_dossiers(s, text="100%")] == []
        people = s.exec(select(Person).where(key_matches(Person.search_key, "mueller"))).all()
        assert [p.given_names for p in people] == ["Hans"]
    with sessions.transaction() as s:
        dossier = queries.dossier_by_number(s, number="200")
        dossier.sqlmodel_update(DossierUpdate(title="ARMENGAUD Lucie").model_dump(
            exclude_unset=True))
        s.add(dossier)
    with sessions() as s:
        assert queries.list_dossiers(s, text="francois") == []
        assert [d.number for d in queries.list_dossiers(s, text="lucie")] == ["200"]


def test_the_migration_fills_keys_and_keeps_pages_linked(tmp_path: Path) -> None:
    """GIVEN a SQLite catalog at revision 0008 holding a dossier and a document with a page
    WHEN upgraded to the latest revision THEN the dossier's key is filled, the page still
    points at its document, and document ids are AUTOINCREMENT."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0008")
    with engine.begin() as c:
        c.execute(text("INSERT INTO dossier (number, title, service, status, sensitivity, "
                       "created_at) VALUES ('9', 'MÜLLER Hans', '', 'open', 'normal', "
                       "'2026-01-01')"))
    with Session(engine) as s:  # document and page: the same columns at 0008 as now
        s.add(Document(id=5, title="t", original_sha256="x", original_key="k",
                       mime_type="application/pdf"))
        s.flush()
        s.add(Page(document_id=5, number=1, source_page=1, text="Bonjour"))
        s.commit()
    upgrade(engine)
    with engine.connect() as c:
        assert c.execute(text("SELECT search_key FROM dossier")).scalar() == "9 muller hans"
        assert c.execute(text("SELECT document_id FROM page")).scalar() == 5
        assert c.execute(text("PRAGMA foreign_key_check")).all() == []
        schema = c.execute(text("SELECT sql FROM sqlite_master WHERE name='document'")).scalar()
        assert "AUTOINCREMENT" in str(schema)
    engine.dispose()
