"""The language each page was read in is stored on the page and tells the document's."""

from __future__ import annotations

import io
import textwrap

from sqlmodel import col, select

from core.catalog import Document, ItemStatus, Page
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
