"""The document page's tools: previous and next, a typed page number, a short strip of
thumbnails around the page shown (never one per page of a 60-page scan), zoom and rotation of
the view. All are plain links and a GET form; liasse.js only adds keys and no-reload zoom."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

ZOOMS = (50, 75, 100, 125, 150, 200)
TURNS = (0, 90, 180, 270)
STRIP = 7  # thumbnails around the page shown (plus the first and the last)
THUMB_WIDTH = 160


@dataclass(frozen=True)
class PageTools:
    document_id: int
    number: int
    count: int
    q: str = ""
    zoom: int = 100
    rotate: int = 0

    def link(
        self, page: int | None = None, *, zoom: int | None = None, rotate: int | None = None
    ) -> str:
        values: dict[str, object] = {"page": page or self.number}
        if self.q:
            values["q"] = self.q
        if (zoom or self.zoom) != 100:
            values["zoom"] = zoom or self.zoom
        turn = self.rotate if rotate is None else rotate
        if turn:
            values["rotate"] = turn
        return f"/documents/{self.document_id}?{urlencode(values)}"

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def zoom_in(self) -> int | None:
        bigger = [z for z in ZOOMS if z > self.zoom]
        return bigger[0] if bigger else None

    @property
    def zoom_out(self) -> int | None:
        smaller = [z for z in ZOOMS if z < self.zoom]
        return smaller[-1] if smaller else None

    @property
    def turned(self) -> int:
        return (self.rotate + 90) % 360

    def strip(self) -> list[int | None]:
        """Pages whose thumbnails are shown, ``None`` where pages are skipped: all of a short
        document; else the first, the ``STRIP`` around this one, the last."""
        if self.count <= STRIP + 2:
            return list(range(1, self.count + 1))
        start = max(1, min(self.number - STRIP // 2, self.count - STRIP + 1))
        shown = sorted({1, self.count, *range(start, start + STRIP)})
        out: list[int | None] = []
        for n in shown:
            if out and out[-1] is not None and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out

    def thumbnail(self, page: int) -> str:
        return f"/api/v1/documents/{self.document_id}/pages/{page}/image?width={THUMB_WIDTH}"


def page_tools(
    document_id: int, number: int, count: int, q: str, zoom: int, rotate: int
) -> PageTools:
    """Tools for page ``number``; an unknown zoom or turn falls back to 100 % and upright."""
    return PageTools(
        document_id,
        number,
        max(count, 1),
        q,
        zoom if zoom in ZOOMS else 100,
        rotate if rotate in TURNS else 0,
    )
