"""The one decision of this package: read a PDF page's text layer, or OCR the page?

The answer comes with its reason, stored as ``PageText.reason`` (ARCHITECTURE.md, rule 7).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

# Below this many letters a page's letter statistics say nothing.
MIN_LETTERS_TO_JUDGE = 50
# Real text in our languages has a letter entropy of ~3.8-4.3 bits; a text layer whose fonts
# map every glyph to a handful of letters ("Agaaaaa: AAAA AAA/Aaabaaab") sits near 1.5.
MIN_LETTER_ENTROPY_BITS = 2.5
# Share of unmapped glyphs (U+FFFD, pdfminer's "(cid:12)") above which the layer is unusable.
MAX_UNMAPPED_SHARE = 0.2
# Images covering this share of the page may hold text the text layer lacks (a scan with a
# few typed words, a sandwich PDF): OCR the whole rendered page, which shows both.
LARGE_IMAGE_SHARE = 0.25

_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True, slots=True)
class TextLayerFacts:
    """What a cheap look at a PDF page's text layer and images found."""

    text: str
    image_share: float  # share of the page area covered by images, 0..1
    error: str | None = None  # why the text layer could not be read at all

    @property
    def characters(self) -> int:
        return sum(1 for c in self.text if not c.isspace())


@dataclass(frozen=True, slots=True)
class TextSourceDecision:
    needs_ocr: bool
    reason: str


def choose_text_source(facts: TextLayerFacts) -> TextSourceDecision:
    """Decide whether a PDF page is read from its text layer or by OCR, and say why."""
    if facts.error:
        return TextSourceDecision(True, f"text layer unreadable ({facts.error}): OCR")
    characters = facts.characters
    if characters == 0:
        return TextSourceDecision(True, "no text layer: OCR")
    garbled = garbled_reason(facts.text)
    if garbled:
        return TextSourceDecision(True, f"text layer unusable ({garbled}): OCR")
    if facts.image_share >= LARGE_IMAGE_SHARE:
        return TextSourceDecision(
            True,
            f"text layer with {characters} characters but images cover "
            f"{facts.image_share:.0%} of the page: OCR of the full page",
        )
    return TextSourceDecision(False, f"text layer with {characters} characters")


def garbled_reason(text: str) -> str | None:
    """Why a text layer looks like garbage, or ``None`` when it looks like text.

    Two cheap signs: many glyphs without a Unicode mapping, or letters so few and repetitive
    that no language writes that way (fonts with a broken or obfuscated ToUnicode map).
    """
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return None
    unmapped = text.count("\ufffd") + sum(len(m) for m in _CID.findall(text))
    if unmapped / len(visible) > MAX_UNMAPPED_SHARE:
        return f"{unmapped / len(visible):.0%} of the characters have no Unicode mapping"
    letters = [c.lower() for c in visible if c.isalpha()]
    if len(letters) < MIN_LETTERS_TO_JUDGE:
        return None
    entropy = letter_entropy(letters)
    if entropy < MIN_LETTER_ENTROPY_BITS:
        return f"letters too repetitive to be text: entropy {entropy:.1f} bits"
    return None


def letter_entropy(letters: list[str]) -> float:
    """Shannon entropy (bits) of the letter frequencies."""
    counts = Counter(letters)
    total = len(letters)
    return -sum(n / total * math.log2(n / total) for n in counts.values())
