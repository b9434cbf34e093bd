"""One language per page: the first model, the detection, and reading again only then."""

from __future__ import annotations

from pathlib import Path

from ocr import DEFAULT_LANGUAGES, PageAnalysis, TesseractApiEngine, extract_pages
from ocr._engine import OcrResult
from ocr._page_language import first_model, settle_language
from tests.ocr.fakes import CountingEngine, readings
from tests.ocr.letters import LETTERS, write_letters_pdf

ANALYSIS = PageAnalysis(barcodes=False)


def test_a_german_page_after_french_ones_is_read_and_recorded_in_german(tmp_path: Path) -> None:
    """GIVEN a scanned file of two French letters then a German one, read by the warm engine
    (counted) with the five installed languages WHEN its pages are read one after the other
    THEN each French page is read once, in French alone; the German page is first read in
    French (the previous page's language), its text told German, read again in German, and
    recorded as German; nothing is ever read with five models at once."""
    log = tmp_path / "calls.log"
    pdf = write_letters_pdf(tmp_path / "batch.pdf", ["fr", "fr", "de"])
    pages = extract_pages(pdf, "application/pdf", workers=1, analysis=ANALYSIS,
                          engine=CountingEngine(TesseractApiEngine(), str(log)))
    assert [p.language for p in pages] == ["fr", "fr", "de"]
    assert readings(log) == ["fra", "fra", "fra", "deu"]
    assert "read again in deu" in pages[2].reason
    assert "Unterstützung" in pages[2].text and "Müller" in pages[2].text
    assert pages[2].rotation == 0


def test_the_clerks_language_is_read_first(tmp_path: Path) -> None:
    """GIVEN a German letter and the clerk's batch language German WHEN it is read
    THEN it is read once, in German, and recorded as German."""
    log = tmp_path / "calls.log"
    pdf = write_letters_pdf(tmp_path / "brief.pdf", ["de"])
    pages = extract_pages(pdf, "application/pdf", workers=1, analysis=ANALYSIS, language="de",
                          engine=CountingEngine(TesseractApiEngine(), str(log)))
    assert readings(log) == ["deu"] and pages[0].language == "de"


def test_pages_read_in_workers_follow_the_language_of_pages_already_read(
        tmp_path: Path) -> None:
    """GIVEN four German letters read by two worker processes WHEN the file is read
    THEN the first two pages (started before any page was known) are read in French, then
    German; the last two, handed out after a German page finished, in German at once."""
    log = tmp_path / "calls.log"
    pdf = write_letters_pdf(tmp_path / "briefe.pdf", ["de"] * 4)
    pages = extract_pages(pdf, "application/pdf", workers=2, analysis=ANALYSIS,
                          engine=CountingEngine(TesseractApiEngine(), str(log)))
    assert [p.language for p in pages] == ["de"] * 4
    assert sorted(readings(log)) == sorted(["fra", "deu", "fra", "deu", "deu", "deu"])


def test_the_first_model_is_the_hint_when_installed() -> None:
    """GIVEN hints as ISO or tesseract codes WHEN the first model is chosen THEN an installed
    hint wins, and anything else falls back on the installation's first language."""
    assert first_model("de", DEFAULT_LANGUAGES) == "deu"
    assert first_model("ita", DEFAULT_LANGUAGES) == "ita"
    assert first_model("es", DEFAULT_LANGUAGES) == "fra"
    assert first_model(None, ("nld", "fra")) == "nld"


def test_an_undecided_poor_reading_goes_to_the_five_language_pass_once() -> None:
    """GIVEN a poor reading of many words no language can be told from, and a reader that
    reads better with every model WHEN the language is settled THEN the page is read once
    more, with the five installed languages, and that reading is kept."""
    words = " ".join(f"xq{n}z" for n in range(30))
    poor = _reading(words, 50.0)
    asked: list[tuple[str, ...]] = []

    def read(languages: tuple[str, ...]) -> OcrResult:
        asked.append(languages)
        return _reading(words, 80.0)

    settled = settle_language(read, poor, "fra", DEFAULT_LANGUAGES)
    assert asked == [DEFAULT_LANGUAGES]
    assert settled.result.confidence == 80.0 and settled.model == "+".join(DEFAULT_LANGUAGES)


def test_a_near_perfect_reading_is_never_read_again() -> None:
    """GIVEN a German text read near-perfectly with the French model WHEN settled
    THEN it is kept as read, and recorded as German."""
    def read(languages: tuple[str, ...]) -> OcrResult:
        raise AssertionError("read again")

    settled = settle_language(read, _reading(LETTERS["de"], 97.0), "fra", DEFAULT_LANGUAGES)
    assert settled.language == "de" and settled.model == "fra"


def _reading(text: str, confidence: float) -> OcrResult:
    from core import WordBox

    words = tuple(WordBox(w, 0.1, 0.1, 0.2, 0.12, confidence) for w in text.split())
    return OcrResult(text, words, confidence)


def test_a_fair_english_reading_in_another_model_is_not_read_again() -> None:
    """GIVEN an English text read fairly (85) with the German model WHEN settled THEN it is
    kept as read (English needs no letter the German model lacks) and recorded as English."""
    def read(languages: tuple[str, ...]) -> OcrResult:
        raise AssertionError("read again")

    english = ("We have received your application for support. The papers about your home and "
               "the income of your family must reach us by the end of the month.")
    settled = settle_language(read, _reading(english, 85.0), "deu", DEFAULT_LANGUAGES)
    assert settled.language == "en" and settled.model == "deu"
