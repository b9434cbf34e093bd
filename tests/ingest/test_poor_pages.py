"""Poor paper through the whole intake: a legible photocopy is read and filed, a page of
noise is never stored as a silently empty page but waits in review, saying which page."""

from __future__ import annotations

import numpy as np
from PIL import Image
from sqlmodel import select

from core.catalog import DocumentStatus, Page
from ingest import ReviewReason, review_doubts_of
from liasse.wiring import Services
from tests.support.documents import jpeg, page_image, photocopied
from tests.support.dossiers import ingest_file, seed_catalog

LETTER = ("Service de l'enfance et de la famille\nLausanne, le 12 mars 2024\n"
          "Madame Amélie Dubois\nDossier n° 824415\nObjet : Décision de placement\n"
          "Nous avons décidé de prolonger le placement de votre fils Lucas Dubois.\n"
          "Veuillez agréer, Madame, nos salutations distinguées.")


def test_a_grey_speckled_photocopy_is_read_and_filed(services: Services) -> None:
    """GIVEN a photocopy-grade scan (grey cast, uneven light, toner specks, JPEG quality 30)
    of a letter naming dossier 824415 WHEN it is ingested THEN its text holds the dossier
    number, the document is filed in that dossier (not in review), and the page records how
    it was cleaned."""
    seeded = seed_catalog(services)
    page = page_image(LETTER, dpi=300, size=42)
    scan = photocopied(page.crop((0, 0, page.width, page.height * 2 // 5)))
    document = ingest_file(services, "copie.jpg", jpeg(scan, quality=30))
    with services.sessions() as session:
        [stored] = session.exec(select(Page).where(Page.document_id == document.id)).all()
    assert "824415" in stored.text
    assert document.dossier_id == seeded.dossier_id
    assert document.status == DocumentStatus.active
    assert "background_normalised" in [step["code"] for step in stored.steps]


def test_a_page_of_noise_waits_in_review_as_unreadable(services: Services) -> None:
    """GIVEN a scan that shows only noise WHEN it is ingested THEN the document waits in
    review with the doubt "page 1 could not be read", and the page says it was read twice."""
    seed_catalog(services)
    rng = np.random.default_rng(5)
    noise = Image.fromarray((rng.random((219, 155)) * 255).astype(np.uint8))
    data = jpeg(noise.resize((620, 877), Image.Resampling.BICUBIC), quality=80, dpi=150)
    document = ingest_file(services, "bruit.jpg", data)
    assert document.status == DocumentStatus.review
    with services.sessions() as session:
        doubts = review_doubts_of(session, document=document)
        [stored] = session.exec(select(Page).where(Page.document_id == document.id)).all()
    unreadable = [d for d in doubts if d.reason == ReviewReason.unreadable_page]
    assert [d.as_json()["params"] for d in unreadable] == [{"pages": "1"}]
    assert {"reread", "unreadable"} <= {step["code"] for step in stored.steps}
