"""From catalog rows to index entries. The catalog is the source of truth: everything the index
holds is built here from it, so the index can be dropped and rebuilt at any time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from sqlmodel import Session, col, delete, select

from core import WordBox
from core.access import document_access_tokens
from core.catalog import Document, Dossier, DossierElement, Page, document_persons
from core.catalog.work import IndexOutbox
from index import IndexedDocument, IndexedPage, PageWord, RebuildableIndex, SearchIndex

REINDEX_CHUNK = 200


def indexed_document(session: Session, document: Document) -> IndexedDocument:
    """The index's view of ``document``. Its persons are its own links plus the person its
    dossier and its element concern; the household view adds, at query time, the documents
    linked to a member while a member (``SearchQuery.household_members``, ``MemberPeriod``),
    so a change of membership needs no reindex."""
    assert document.id is not None
    pages = session.exec(select(Page).where(Page.document_id == document.id)
                         .order_by(col(Page.number))).all()
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    element = session.get(DossierElement, document.element_id) if document.element_id else None
    persons = {link.person_id for link in document_persons(session, document_id=document.id)}
    for concerned in (dossier, element):
        if concerned is not None and concerned.person_id is not None:
            persons.add(concerned.person_id)
    return IndexedDocument(
        document_id=document.id, title=document.title,
        pages=tuple(IndexedPage(number=p.number, text=p.text, words=page_words(p.words))
                    for p in pages),
        dossier=dossier.number if dossier else None, doc_type=document.doc_type,
        doc_date=document.doc_date, language=document.language,
        household_id=dossier.household_id if dossier else None,
        element=element.reference if element else None,
        person_ids=tuple(sorted(persons)),
        service=dossier.service if dossier else None,
        status=str(document.status), source=str(document.source),
        access=document_access_tokens(session, document=document))


def page_words(rows: Sequence[object]) -> tuple[PageWord, ...]:
    """A page's stored word boxes (``WordBox.as_list`` rows) as the index takes them; rows
    that cannot be read are left out (their words stay searchable, only not boxed)."""
    words: list[PageWord] = []
    for row in rows:
        try:
            box = WordBox.from_list(row)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if box.text.strip():
            words.append((box.text, box.x0, box.y0, box.x1, box.y1))
    return tuple(words)


def index_documents(session: Session, index: SearchIndex, document_ids: Sequence[int]) -> int:
    """(Re)index these documents; ids no longer in the catalog are removed from the index."""
    documents = session.exec(select(Document).where(col(Document.id).in_(document_ids))).all()
    found = {d.id for d in documents}
    index.upsert([indexed_document(session, d) for d in documents])
    gone = [i for i in document_ids if i not in found]
    if gone:
        index.delete(gone)
    return len(documents)


def reindex_all(session: Session, index: SearchIndex,
                progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the index from every document in the catalog: into a fresh index switched to
    at the end when the backend can (OpenSearch: searches never see a partial index), else
    by clearing it first (the embedded index: searches see it fill up meanwhile). A document
    that a worker indexes during an OpenSearch rebuild, after the rebuild read it, reaches
    only the old index: its change is missing after the switch until it is indexed again, so
    run the rebuild while ingestion is quiet. Outbox rows the backend had refused are cleared
    (the caller commits): the rebuild wrote those documents too."""
    ids = [i for i in session.exec(select(Document.id).order_by(col(Document.id))).all()
           if i is not None]
    if isinstance(index, RebuildableIndex):
        with index.rebuilding() as fresh:
            done = _fill(session, fresh, ids, progress)
    else:
        index.clear()
        done = _fill(session, index, ids, progress)
    session.exec(delete(IndexOutbox).where(col(IndexOutbox.refused_at).is_not(None)))
    return done


def _fill(session: Session, index: SearchIndex, ids: list[int],
          progress: Callable[[int, int], None] | None) -> int:
    done = 0
    for chunk in _chunks(ids, REINDEX_CHUNK):
        done += index_documents(session, index, chunk)
        if progress:
            progress(done, len(ids))
    return done


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
