"""A report as a PDF with a real text layer: what is filed into an administrative dossier
when a report is kept as a document (searchable and retained like any other)."""

from __future__ import annotations

from pathlib import Path

from reports._export import Label, code, header_rows
from reports._export import cell_text as _cell
from reports._model import ReportTable

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def to_pdf(table: ReportTable, label: Label = code) -> bytes:
    """The header rows, then the table in columns of equal width (A4 portrait)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    font = "Helvetica"
    if _FONT.exists():  # accents in labels and names
        pdf.add_font("DejaVu", fname=str(_FONT))
        font = "DejaVu"

    def text(value: str) -> str:
        return value if font == "DejaVu" else value.encode("latin-1", "replace").decode(
            "latin-1")

    pdf.set_title(text(label(table.title)))
    pdf.set_creator("Liasse")
    pdf.set_creation_date(table.generated_at)  # the same table gives the same bytes
    pdf.set_font(font, size=14)
    pdf.cell(0, 8, text(label(table.title)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=9)
    for line in header_rows(table, label)[1:]:
        pdf.cell(0, 5, text(": ".join(line)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(len(table.columns), 1)
    for column in table.columns:
        pdf.cell(width, 6, text(label(f"column.{column.name}"))[:30], border="B")
    pdf.ln()
    for row in table.rows:
        for value, column in zip(row, table.columns, strict=True):
            shown = "—" if value is None else _cell(value, column.kind)
            pdf.cell(width, 5, text(shown)[:40])
        pdf.ln()
    return bytes(pdf.output())
