"""Rows written before messages were codes hold English sentences: the known ones are mapped
to their code (with their numbers as parameters) when read; any other stays verbatim."""

from __future__ import annotations

import re

from core.messages._message import Message

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code) for pattern, code in (
        (r"^the file is empty \(0 bytes\)", "quarantine.empty_file"),
        (r"^not a document Liasse can read: the content is (?P<mime>[\w./+-]+)",
         "quarantine.unsupported_type"),
        (r"^the PDF is password-protected", "quarantine.encrypted_pdf"),
        (r"^the PDF is damaged", "quarantine.damaged_pdf"),
        (r"^the PDF has no pages", "quarantine.no_pages"),
        (r"^the (?:PDF|image) has (?P<count>\d+) pages, more than the limit of (?P<limit>\d+)",
         "quarantine.too_many_pages"),
        (r"^page (?P<page>\d+) is defined upside down", "quarantine.upside_down_page"),
        (r"^page (?P<page>\d+) measures (?P<width>\d+) × (?P<height>\d+) mm, larger than the "
         r"(?P<limit>\d+) mm", "quarantine.page_too_large"),
        (r"^the image is damaged", "quarantine.damaged_image"),
        (r"^the image is too large to process safely", "quarantine.decompression_bomb"),
        (r"^no page with content: (?P<blank>\d+) blank page\(s\) and (?P<markers>\d+) ",
         "quarantine.no_content"),
        (r"^an unexpected error stopped processing \((?P<kind>\w+)\)", "error.unexpected"),
    ))


def legacy_message(text: str) -> Message:
    for pattern, code in _RULES:
        found = pattern.match(text)
        if found:
            return Message(code, {k: v for k, v in found.groupdict().items() if v is not None})
    return Message("legacy.text", {"text": text})
