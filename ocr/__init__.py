"""Pages to text: PDF text layers (pdfplumber), OCR (tesseract), word boxes and confidence,
and the look at each scanned page before OCR (barcodes, blank pages, orientation, skew).

No database, no storage, no network: a file path in, ``core.PageText`` records out.
"""

from ocr._barcodes import Barcode, SeparatorMatch, find_separator, read_barcodes
from ocr._blank import BlankVerdict, is_blank
from ocr._decide import TextLayerFacts, TextSourceDecision, choose_text_source
from ocr._engine import DEFAULT_LANGUAGES, OcrEngine, OcrResult
from ocr._extract import (
    SUPPORTED_MIME_TYPES,
    extract_pages,
    page_count,
    render_page,
)
from ocr._language import detect_language
from ocr._limits import DEFAULT_MAX_PIXELS
from ocr._orientation import Orientation, detect_orientation, estimate_skew
from ocr._prepare import COVER_PREFIX, PageAnalysis, PreparedPage, prepare_for_ocr, prepare_page
from ocr._tesseract import TesseractEngine
from ocr._tesseract_api import TesseractApiEngine, default_engine

__all__ = [
    "COVER_PREFIX", "DEFAULT_LANGUAGES", "DEFAULT_MAX_PIXELS", "SUPPORTED_MIME_TYPES", "Barcode",
    "BlankVerdict", "OcrEngine", "OcrResult", "Orientation", "PageAnalysis", "PreparedPage",
    "SeparatorMatch", "TesseractApiEngine", "TesseractEngine", "TextLayerFacts",
    "TextSourceDecision", "choose_text_source", "default_engine", "detect_language",
    "detect_orientation", "estimate_skew", "extract_pages", "find_separator", "is_blank",
    "page_count", "prepare_for_ocr", "prepare_page", "read_barcodes", "render_page",
]
