"""Folded search keys: how the list filters find a name however it is typed.

``fold`` lowercases, strips accents and writes German umlauts either way as their base letter
("MÜLLER", "Mueller" and "muller" all give "muller"; "François" gives "francois"). The
dossier, household and person tables keep ``search_key``, the fold of their number, title or
names, set by ``fill_search_key`` before every insert and update (SQLAlchemy mapper events),
so a filter compares ``search_key LIKE %fold(q)%`` on either database. Migration 0008 fills
the rows written before it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, event

_UMLAUT_PAIRS = re.compile(r"([aou])e")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l"})
MAX_KEY_CHARS = 600


def fold(text: str) -> str:
    """``text`` lowercased, without accents, ae/oe/ue written a/o/u, spaces collapsed."""
    lowered = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
    bare = "".join(c for c in lowered if not unicodedata.combining(c))
    return " ".join(_UMLAUT_PAIRS.sub(r"\1", bare).split())


def like_pattern(query: str) -> str:
    """The LIKE pattern that finds ``query``'s fold inside a key (``%`` and ``_`` literal)."""
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def key_matches(column: Any, query: str) -> ColumnElement[bool]:
    """``column`` (a ``search_key``) holds the fold of ``query``: accents, case and umlaut
    spellings aside."""
    return column.like(like_pattern(query), escape="\\")


#: Table name -> the attributes whose fold makes the key, in order.
KEY_SOURCES: dict[str, tuple[str, ...]] = {
    "dossier": ("number", "title"),
    "household": ("code", "name"),
    "person": ("family_name", "given_names"),
}


def key_of(values: list[Any]) -> str:
    return fold(" ".join(str(v) for v in values if v))[:MAX_KEY_CHARS]


def fill_search_key(_mapper: Any, _connection: Any, target: Any) -> None:
    sources = KEY_SOURCES[target.__tablename__]
    target.search_key = key_of([getattr(target, name) for name in sources])


def listen(*models: type) -> None:
    """Keep the key of these tables' rows current on every insert and update."""
    for model in models:
        event.listen(model, "before_insert", fill_search_key)
        event.listen(model, "before_update", fill_search_key)
