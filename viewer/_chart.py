"""A report as a bar chart drawn on the server: plain SVG, no script and no font fetched
(the text uses the browser's own sans-serif). Bars per period (or per label), stacked by the
report's group when it has one, for the first count of the table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from reports import Kind, ReportTable, cell_text

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 880, 260, 48, 40, 16
PALETTE = ("#2f6f9f", "#e08a2b", "#4f9a5a", "#b8474f", "#7b5ea7", "#8c6d4f", "#d36fa6",
           "#6f7f8f")
_PERIODS = (Kind.month, Kind.date, Kind.year)
_COUNTS = (Kind.int, Kind.float)


@dataclass(frozen=True)
class ChartData:
    measure: str
    xs: list[str]
    series: list[str]
    values: dict[tuple[str, str], float]


def chart_data(table: ReportTable) -> ChartData | None:
    """What to draw: x from the first column, series from a text column right after a period,
    values from the first numeric column; None when the table has nothing to draw."""
    kinds = [c.kind for c in table.columns]
    measure = next((i for i, k in enumerate(kinds) if k in _COUNTS and i > 0), None)
    if measure is None or not table.rows:
        return None
    grouped = kinds[0] in _PERIODS and len(kinds) > 2 and kinds[1] == Kind.text
    xs: list[str] = []
    series: list[str] = []
    values: dict[tuple[str, str], float] = {}
    for row in table.rows:
        x = cell_text(row[0], kinds[0]) or "—"
        s = (str(row[1]) or "—") if grouped else ""
        xs += [] if x in xs else [x]
        series += [] if s in series else [s]
        values[(x, s)] = values.get((x, s), 0) + float(row[measure] or 0)  # type: ignore[arg-type]
    return ChartData(table.columns[measure].name, xs, series, values)


def bar_chart(table: ReportTable, label: Callable[[str], str]) -> Markup | None:
    data = chart_data(table)
    if data is None:
        return None
    totals = [sum(data.values.get((x, s), 0) for s in data.series) for x in data.xs]
    top = max(totals) or 1.0
    slot = (WIDTH - LEFT - 8) / len(data.xs)
    scale = (HEIGHT - TOP - BOTTOM) / top
    title = f"{label(table.title)} · {label('column.' + data.measure)}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT + 22 * _legend_rows(data)}" '
             f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>',
             _axis(top)]
    for i, x in enumerate(data.xs):
        base = float(HEIGHT - BOTTOM)
        for j, s in enumerate(data.series):
            value = data.values.get((x, s), 0)
            if value <= 0:
                continue
            height = value * scale
            base -= height
            parts.append(f'<rect x="{LEFT + i * slot + slot * 0.15:.1f}" y="{base:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{height:.1f}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(x)} '
                         f'{escape(s)}: {value:g}</title></rect>')
        if len(data.xs) <= 24 or i % (len(data.xs) // 12 + 1) == 0:
            parts.append(f'<text x="{LEFT + (i + 0.5) * slot:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle">{escape(x)}</text>')
    parts.append(_legend(data))
    return Markup("".join(parts) + "</svg>")


def _axis(top: float) -> str:
    y0 = HEIGHT - BOTTOM
    return (f'<line x1="{LEFT}" y1="{y0}" x2="{WIDTH - 8}" y2="{y0}" stroke="#888"/>'
            f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y0}" stroke="#888"/>'
            f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top:g}</text>'
            f'<text x="{LEFT - 6}" y="{y0}" text-anchor="end">0</text>')


def _legend_rows(data: ChartData) -> int:
    return 0 if data.series == [""] else -(-len(data.series) // 6)


def _legend(data: ChartData) -> str:
    if data.series == [""]:
        return ""
    items = []
    for j, s in enumerate(data.series):
        x, y = LEFT + (j % 6) * 140, HEIGHT + (j // 6) * 22 - 6
        items.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                     f'fill="{PALETTE[j % len(PALETTE)]}"/>'
                     f'<text x="{x + 14}" y="{y}">{escape(s[:20])}</text>')
    return "".join(items)
