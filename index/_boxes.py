"""A page's words and their boxes, stored compactly in its index entry, and the boxes of the
words a query matched.

Stored as: the number of words (4 bytes), then each box as four unsigned 16-bit fractions of
the page (x0, y0, x1, y1; 1/65535 of a page is ~0.005 mm on A4), then the words' texts joined
by newlines (UTF-8). ~8 bytes per word beyond its text; tantivy compresses the stored entry.

A word as read ("l'aide," or "756.1234.5678.97") may hold several search words; when one of
them matched, the box is cut horizontally in proportion to its characters.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping, Sequence

import numpy as np

from index._analysis import TextField
from index._highlight import Wanted, matching_words
from index._model import Box, PageWord

_SCALE = 65535
_HEADER = struct.Struct("<I")
_WORD = re.compile(r"[^\W_]+")


def encode_words(words: Sequence[PageWord]) -> bytes:
    corners = np.array([word[1:] for word in words], dtype=np.float64).reshape(-1, 4)
    boxes = np.clip(corners * _SCALE + 0.5, 0, _SCALE).astype("<u2")
    texts = "\n".join([word[0] for word in words])
    if texts.count("\n") != len(words) - 1 and words:  # a word holding a line break
        texts = "\n".join([_one_line(word[0]) for word in words])
    return _HEADER.pack(len(words)) + boxes.tobytes() + texts.encode("utf-8")


def decode_words(blob: bytes) -> list[PageWord]:
    if len(blob) < _HEADER.size:
        return []
    (count,) = _HEADER.unpack_from(blob)
    end = _HEADER.size + 8 * count
    if count == 0 or len(blob) < end:
        return []
    boxes = (np.frombuffer(blob, dtype="<u2", count=4 * count, offset=_HEADER.size)
             .reshape(count, 4) / _SCALE).tolist()
    texts = blob[end:].decode("utf-8").split("\n")
    texts += [""] * (count - len(texts))
    return [(text, *box) for text, box in zip(texts, boxes, strict=False)]


def word_pieces(words: Sequence[PageWord]) -> list[list[tuple[int, int, str]]]:
    """Each word's search words (as tantivy's simple tokenizer cuts them) and where they sit."""
    return [[(0, len(text), text)] if text.isalnum() else
            [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
            for text, *_ in words]


def matched_boxes(words: Sequence[PageWord], fields: Sequence[TextField],
                  wanted: Wanted) -> tuple[Box, ...]:
    """The boxes (fractions of the page) of the words the query matched, in reading order."""
    if not words or not wanted:
        return ()
    pieces = word_pieces(words)
    distinct = {piece for word in pieces for _, _, piece in word}
    return boxes_of(words, pieces, matching_words(distinct, fields, wanted))


def boxes_of(words: Sequence[PageWord], pieces: Sequence[Sequence[tuple[int, int, str]]],
             matching: Mapping[str, int]) -> tuple[Box, ...]:
    boxes: list[Box] = []
    for (text, x0, y0, x1, y1), word in zip(words, pieces, strict=True):
        hits = [(start, end) for start, end, piece in word if piece in matching]
        if not hits:
            continue
        width, length = x1 - x0, max(len(text), 1)
        start, end = hits[0][0], hits[-1][1]
        if start == 0 and end >= len(text.rstrip()):
            boxes.append((x0, y0, x1, y1))
        else:
            boxes.append((x0 + width * start / length, y0, x0 + width * end / length, y1))
    return tuple(boxes)


def _one_line(text: str) -> str:
    return text if "\n" not in text else text.replace("\n", " ")
