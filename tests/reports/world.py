"""A small generated catalog whose figures are known by construction: dossiers of two
services (one confidential), documents over two months, batches of two clerks, the review
queue, retention dates, holds, destructions and journal reads. ``EXPECTED`` spells out what
each report must count."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

from sqlmodel import Session

from core.access import Principal
from core.catalog import (
    LIASSE,
    Actor,
    Batch,
    BatchItem,
    DestructionRecord,
    Document,
    DocumentRetention,
    DocumentSource,
    DocumentStatus,
    Dossier,
    DossierElement,
    HoldScope,
    ItemStatus,
    LegalHold,
    LifecycleEvent,
    RetentionAction,
    Role,
    Sensitivity,
    append_event,
)

TODAY = date(2026, 3, 15)
ANA = Principal(username="ana", user_id=1, roles=frozenset({Role.caseworker}),
                departments=frozenset({"DEM"}))
OTTO = Principal(username="otto", user_id=2, roles=frozenset({Role.caseworker}),
                 departments=frozenset({"SOC"}))
SUPERVISOR = Principal(username="sue", user_id=3, roles=frozenset({Role.supervisor}))
CLERK = Principal(username="claire", user_id=4, roles=frozenset({Role.clerk}))
ARCHIVIST = Principal(username="arno", user_id=5, roles=frozenset({Role.archivist}))
_serial = count(1)


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    y, m, d = (int(p) for p in day.split("-"))
    return datetime(y, m, d, hour, minute, tzinfo=UTC)


def _dossier(session: Session, number: str, service: str, opened: str, *,
             status: str = "open", secret: bool = False) -> Dossier:
    dossier = Dossier(number=number, title=number, service=service, status=status,  # type: ignore[arg-type]
                      opened_on=date.fromisoformat(opened),
                      sensitivity=Sensitivity.confidential if secret else Sensitivity.normal)
    session.add(dossier)
    session.flush()
    return dossier


def _documents(session: Session, n: int, *, dossier: Dossier | None, doc_type: str,
               created: str, pages: int = 1, **fields: object) -> list[Document]:
    made = []
    for _ in range(n):
        serial = next(_serial)
        document = Document(title=f"doc {serial}", dossier_id=dossier.id if dossier else None,
                            doc_type=doc_type, original_sha256=f"{serial:064x}",
                            original_key=f"originals/{serial}", mime_type="application/pdf",
                            page_count=pages, created_at=at(created), **fields)  # type: ignore[arg-type]
        session.add(document)
        made.append(document)
    session.flush()
    return made


def build(session: Session) -> dict[str, Dossier]:
    """The world; returns its dossiers by number."""
    d1 = _dossier(session, "DEM-1", "DEM", "2026-01-10")
    d2 = _dossier(session, "SOC-1", "SOC", "2026-02-03")
    d3 = _dossier(session, "DEM-SECRET", "DEM", "2026-01-20", secret=True)
    d4 = _dossier(session, "DEM-2", "DEM", "2025-12-01", status="closed")
    element = DossierElement(dossier_id=d1.id or 0, kind="placement", reference="DEM-1-P1")
    session.add(element)
    session.flush()
    # documents: DEM-1 3 decisions in January (2 pages, in the placement element, scanned,
    # French), 2 invoices in February; SOC-1 4 decisions in February; DEM-SECRET 6 reports in
    # January and 2 decisions in February; DEM-2 1 decision in December 2025.
    _documents(session, 3, dossier=d1, doc_type="decision", created="2026-01-12", pages=2,
               element_id=element.id, source=DocumentSource.scan, language="fr",
               link_made_by=LIASSE)
    _documents(session, 2, dossier=d1, doc_type="invoice", created="2026-02-05",
               language="de", link_made_by="person:claire")
    _documents(session, 4, dossier=d2, doc_type="decision", created="2026-02-07",
               source=DocumentSource.generated, language="fr", link_made_by=LIASSE)
    _documents(session, 6, dossier=d3, doc_type="report", created="2026-01-25")
    _documents(session, 2, dossier=d3, doc_type="decision", created="2026-02-09")
    old = _documents(session, 1, dossier=d4, doc_type="decision", created="2025-12-03")
    waiting = _documents(session, 1, dossier=None, doc_type="letter", created="2026-02-10",
                         status=DocumentStatus.review)
    waiting += _documents(session, 1, dossier=None, doc_type="letter", created="2026-02-20",
                          status=DocumentStatus.review)
    _lifecycle(session, d4, d1)
    _intake(session, d1, d2)
    _retention(session, d1, d2, old[0], waiting[0])
    _journal(session, d1, d3)
    return {d.number: d for d in (d1, d2, d3, d4)}


def _lifecycle(session: Session, closed: Dossier, reopened: Dossier) -> None:
    for dossier, action, on in ((closed, "closed", "2026-02-15"),
                                (reopened, "closed", "2026-01-28"),
                                (reopened, "reactivated", "2026-02-02")):
        session.add(LifecycleEvent(dossier_id=dossier.id or 0, action=action,
                                   on=date.fromisoformat(on), by="sue", reason="test"))


def _intake(session: Session, d1: Dossier, d2: Dossier) -> None:
    """claire, 2 February: one batch, a 10-page file read in 5 minutes (2 documents) and a
    quarantined empty file; marc, 3 February: a 4-page file in 2 minutes (1 document)."""
    b1 = Batch(created_by="claire", created_at=at("2026-02-02", 10))
    b2 = Batch(created_by="marc", created_at=at("2026-02-03", 11))
    session.add_all([b1, b2])
    session.flush()
    items = [BatchItem(batch_id=b1.id or 0, filename="a.pdf", size=1, sha256="a",
                       original_key="k", status=ItemStatus.done, pages_total=10,
                       pages_done=10, started_at=at("2026-02-02", 10),
                       finished_at=at("2026-02-02", 10, 5)),
             BatchItem(batch_id=b1.id or 0, filename="b.pdf", size=0, sha256="b",
                       original_key="k", status=ItemStatus.quarantined, reason="empty file"),
             BatchItem(batch_id=b2.id or 0, filename="c.pdf", size=1, sha256="c",
                       original_key="k", status=ItemStatus.done, pages_total=4, pages_done=4,
                       started_at=at("2026-02-03", 11), finished_at=at("2026-02-03", 11, 2))]
    session.add_all(items)
    session.flush()
    _documents(session, 2, dossier=d1, doc_type="decision", created="2026-02-02",
               batch_item_id=items[0].id, link_made_by=LIASSE)
    _documents(session, 1, dossier=d2, doc_type="decision", created="2026-02-03",
               batch_item_id=items[2].id, link_made_by=LIASSE)


def _retention(session: Session, d1: Dossier, d2: Dossier, old: Document,
               waiting: Document) -> None:
    """Due: 2 destroy in 2027 (DEM-1's invoices... any two DEM-1 documents), 1 review in 2025
    (overdue, DEM-2), 1 destroy in 2028 (SOC-1). Holds: 1 on a dossier, 1 on a person
    released. Destroyed: 2 in 2025 (certificate 1), 1 in 2026 (certificate 2)."""
    from sqlmodel import col, select

    dem = session.exec(select(Document.id).where(Document.dossier_id == d1.id)
                       .order_by(col(Document.id)).limit(2)).all()
    soc = session.exec(select(Document.id).where(Document.dossier_id == d2.id).limit(1)).one()
    for document_id, on, action in ((dem[0], "2027-05-01", RetentionAction.destroy),
                                    (dem[1], "2027-09-01", RetentionAction.destroy),
                                    (old.id, "2025-06-30", RetentionAction.review),
                                    (soc, "2028-01-01", RetentionAction.destroy)):
        session.add(DocumentRetention(document_id=document_id or 0, action=action,
                                      disposition_on=date.fromisoformat(on)))
    session.add(LegalHold(scope=HoldScope.dossier, dossier_id=d1.id, reason="court case",
                          placed_by="sue", placed_at=at("2026-01-05")))
    session.add(LegalHold(scope=HoldScope.document, document_id=waiting.id, reason="query",
                          placed_by="sue", placed_at=at("2026-01-06"), released_by="sue",
                          released_at=at("2026-01-07")))
    for n, (year, certificate) in enumerate(((2025, 1), (2025, 1), (2026, 2))):
        session.add(DestructionRecord(certificate_id=certificate, list_id=1, document_id=900 + n,
                                      original_sha256="x", proposed_by="arno",
                                      approved_by="sue", destroyed_by="arno",
                                      destroyed_at=at(f"{year}-03-0{n + 1}")))


def _journal(session: Session, d1: Dossier, d3: Dossier) -> None:
    """February 2026: 3 views and 1 download in DEM-1 by ana; a break-glass grant on
    DEM-SECRET by ana and 1 flagged view under it."""
    ana = Actor(username="ana", user_id=1)
    for action in ("document.view", "document.view", "document.view", "document.download"):
        append_event(session, actor=ana, action=action, entity_type="document",
                     dossier_id=d1.id)
    append_event(session, actor=ana, action="dossier.break_glass", entity_type="dossier",
                 dossier_id=d3.id, reason="urgent", flagged=True)
    append_event(session, actor=ana, action="document.view", entity_type="document",
                 dossier_id=d3.id, flagged=True)
