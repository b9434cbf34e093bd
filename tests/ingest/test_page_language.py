"""The language each page was read in is stored on the page and tells the document's."""

from __future__ import annotations

import io
import textwrap

import pytest
from sqlmodel import col, select

from core import InvalidInput
from core.catalog import Batch, Document, ItemStatus, Page
from ingest import IncomingFile, process_item, receive_batch
from liasse.wiring import Services
from tests.support.documents import scanned_pdf

FRENCH = ("Madame, nous accusons réception de votre demande d'aide sociale. Les pièces "
          "relatives à votre logement et aux revenus de votre ménage doivent nous parvenir "
          "avant la fin du mois. Nous restons à votre disposition pour toute question.")
GERMAN = ("Sehr geehrte Frau Müller, wir bestätigen den Eingang Ihres Antrags auf "
          "Unterstützung. Die Unterlagen über Ihre Wohnung und das Einkommen Ihrer Familie "
          "müssen bis zum Ende des Monats bei uns eingereicht werden.")


def test_each_page_is_stored_with_the_language_it_was_read_in(services: Services) -> None:
    """GIVEN a scanned file of two French letters then a German one WHEN it is ingested
    (real tesseract, the installation's five languages) THEN its pages are stored as
    French, French and German, the German one read again in German, and the document has
    a language."""
    pages = [textwrap.fill(FRENCH, 60)] * 2 + [textwrap.fill(GERMAN, 60)]
    with services.sessions.transaction() as session:
        _, items = receive_batch(session, services.blobs,
                                 [IncomingFile("courrier.pdf", io.BytesIO(scanned_pdf(pages)))],
                                 source="cli")
        item_id = items[0].id
    assert item_id is not None
    assert process_item(item_id, services.pipeline) == ItemStatus.done
    with services.sessions() as session:
        [document] = session.exec(select(Document)).all()
        stored = session.exec(select(Page).where(Page.document_id == document.id)
                              .order_by(col(Page.number))).all()
    assert [p.language for p in stored] == ["fr", "fr", "de"]
    assert "read again in deu" in stored[2].text_reason and "Müller" in stored[2].text
    assert document.language in {"fr", "de"}


def test_the_clerks_batch_language_is_kept_and_read_first(services: Services) -> None:
    """GIVEN a scanned German letter received in a batch the clerk said is German ("DE")
    WHEN it is ingested THEN the batch keeps "de" and the page is read in German at once (no
    second reading), recorded as German; a language Liasse does not read is refused."""
    with services.sessions.transaction() as session:
        batch, items = receive_batch(
            session, services.blobs,
            [IncomingFile("brief.pdf", io.BytesIO(scanned_pdf([textwrap.fill(GERMAN, 60)])))],
            source="cli", language="DE")
        item_id, batch_id = items[0].id, batch.id
    assert item_id is not None and batch_id is not None
    assert process_item(item_id, services.pipeline) == ItemStatus.done
    with services.sessions() as session:
        stored = session.get(Batch, batch_id)
        [page] = session.exec(select(Page)).all()
    assert stored is not None and stored.language == "de"
    assert page.language == "de" and "read again" not in page.text_reason
    with services.sessions.transaction() as session, pytest.raises(InvalidInput):
        receive_batch(session, services.blobs, [IncomingFile("x.pdf", io.BytesIO(b"%PDF"))],
                      source="cli", language="es")
