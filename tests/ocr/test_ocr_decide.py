"""The text-layer-or-OCR decision, and the reasons it gives."""

from __future__ import annotations

from ocr import TextLayerFacts, choose_text_source

REAL_TEXT = (
    "Madame, nous accusons réception de votre demande de prestations du 3 mars. "
    "Le service social examinera votre dossier dans les meilleurs délais."
)
# What pdfplumber reads on pdfplumber's issue-192 example: fonts with a broken Unicode map.
GARBLED_TEXT = (
    "Agaaaaa: AAAA AAA/Aaabaaab 77-2A8A-2076\nAabaaAA aambaa6 618-647173-54\n"
    "Aabba7 Aabababa ab Aaaaaamaaba Ababg Aaaalmaab Aaabab Aaab Agaba aaaab"
)


def test_real_text_layer_is_read_as_is() -> None:
    """GIVEN a page whose text layer is real text and which holds no large image
    WHEN the source is chosen
    THEN the text layer is used, and the reason counts its characters."""
    decision = choose_text_source(TextLayerFacts(text=REAL_TEXT, image_share=0.03))
    assert not decision.needs_ocr
    assert decision.reason == f"text layer with {len(''.join(REAL_TEXT.split()))} characters"


def test_page_without_text_layer_is_ocrd() -> None:
    """GIVEN a scanned page (no text layer) WHEN the source is chosen THEN OCR, saying why."""
    decision = choose_text_source(TextLayerFacts(text=" \n", image_share=1.0))
    assert decision.needs_ocr
    assert decision.reason == "no text layer: OCR"


def test_garbled_text_layer_falls_back_to_ocr() -> None:
    """GIVEN a text layer of a few repeated letters WHEN the source is chosen
    THEN OCR, because the letters are too repetitive to be text."""
    decision = choose_text_source(TextLayerFacts(text=GARBLED_TEXT, image_share=0.0))
    assert decision.needs_ocr
    assert "text layer unusable" in decision.reason
    assert "repetitive" in decision.reason


def test_unmapped_glyphs_fall_back_to_ocr() -> None:
    """GIVEN a text layer mostly of glyphs without Unicode mapping WHEN chosen THEN OCR."""
    text = "(cid:12)(cid:44)(cid:3) (cid:71)(cid:82) Total"
    decision = choose_text_source(TextLayerFacts(text=text, image_share=0.0))
    assert decision.needs_ocr
    assert "no Unicode mapping" in decision.reason


def test_short_text_is_not_judged_garbage() -> None:
    """GIVEN a page with only "Test 1" in its text layer and no image
    WHEN the source is chosen THEN the text layer is kept (too little to judge)."""
    decision = choose_text_source(TextLayerFacts(text="Test 1", image_share=0.0))
    assert not decision.needs_ocr


def test_text_layer_with_large_image_is_ocrd_whole() -> None:
    """GIVEN a page with a little text and an image over most of the page
    WHEN the source is chosen THEN the full rendered page is OCR'd, saying why."""
    decision = choose_text_source(TextLayerFacts(text="Test 1", image_share=0.73))
    assert decision.needs_ocr
    assert decision.reason == (
        "text layer with 5 characters but images cover 73% of the page: OCR of the full page"
    )


def test_unreadable_text_layer_is_ocrd() -> None:
    """GIVEN a page pdfplumber could not read WHEN chosen THEN OCR, with pdfplumber's error."""
    facts = TextLayerFacts(text="", image_share=1.0, error="PSSyntaxError: bad token")
    decision = choose_text_source(facts)
    assert decision.needs_ocr
    assert decision.reason == "text layer unreadable (PSSyntaxError: bad token): OCR"
