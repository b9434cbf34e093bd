"""The destruction certificate: a PDF listing every destroyed item with its SHA-256, the rule
that destined it, who proposed and who approved the list, and when it was carried out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from core.catalog import DestructionCertificate, DestructionRecord, DispositionList

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf() -> tuple[FPDF, str]:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if _FONT.exists():  # accents in names and titles
        pdf.add_font("DejaVu", fname=str(_FONT))
        return pdf, "DejaVu"
    return pdf, "Helvetica"


def _latin(text: str, font: str) -> str:
    return text if font == "DejaVu" else text.encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate: DestructionCertificate, listing: DispositionList,
                    records: Sequence[DestructionRecord]) -> bytes:
    pdf, font = _pdf()
    pdf.set_title(f"Destruction certificate {certificate.id}")
    pdf.set_creator("Liasse")
    pdf.set_font(font, size=15)
    pdf.cell(0, 9, f"Destruction certificate no. {certificate.id}", new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font(font, size=9)
    lines = [
        f"Disposition list {listing.id}, swept as of {listing.as_of} by {listing.created_by}",
        f"Proposed by {listing.proposed_by} on {_day(listing.proposed_at)}; "
        f"approved by {listing.approved_by} on {_day(listing.approved_at)}",
        f"Carried out by {certificate.issued_by} on {certificate.issued_at:%Y-%m-%d %H:%M} UTC",
        f"Items destroyed: {len(records)}. Originals, archived copies, renditions, page texts "
        "and index entries were removed; this certificate and a minimal record remain.",
    ]
    for line in lines:
        pdf.multi_cell(0, 5, _latin(line, font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for number, record in enumerate(records, start=1):
        _item(pdf, font, number, record)
    return bytes(pdf.output())


def _item(pdf: FPDF, font: str, number: int, record: DestructionRecord) -> None:
    pdf.set_font(font, size=9)
    head = (f"{number}. Document {record.document_id}, dossier {record.dossier_number or '-'}: "
            f"{record.title} ({record.doc_type or 'no type'}, {record.doc_date or 'no date'})")
    pdf.multi_cell(0, 5, _latin(head, font), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=7.5)
    rows = [f"SHA-256 {record.original_sha256}",
            f"Rule: {record.rule} (due {record.due_on})"]
    rows += [f"removed {o.get('key')} {o.get('sha256') or ''}".rstrip()
             for o in record.objects]
    for row in rows:
        pdf.multi_cell(0, 4, _latin(row, font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _day(moment: object) -> str:
    return f"{moment:%Y-%m-%d}" if moment is not None else "-"
