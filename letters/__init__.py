"""letters: the letters the service writes. Templates staff write in Word (DOCX with Jinja
fields, checked at upload, versioned), letters generated from them for one dossier or a
selection (mail merge), turned into PDF by LibreOffice, each page carrying a QR code naming the
letter, and archived like every other document (source ``generated``)."""

from letters._check import TemplateFields, TemplateProblem, TemplateRefused, check_template
from letters._fields import FIELDS, LANGUAGES, Institution, known_field, label, written_date
from letters._generate import (
    GeneratedLetter,
    LetterIncomplete,
    LetterOrder,
    LetterPreview,
    LetterServices,
    MergeResult,
    MissingValues,
    generate_letter,
    merge_letters,
    preview_letter,
)
from letters._render import (
    ConversionFailed,
    ConversionUnavailable,
    Converter,
    combine_pdfs,
    convert_to_pdf,
    fill_docx,
    stamp_letter_code,
)
from letters._starter import STARTER_TEMPLATES, install_starter_templates, starter_docx
from letters._templates import add_template, list_templates

__all__ = [
    "FIELDS", "LANGUAGES", "STARTER_TEMPLATES", "ConversionFailed", "ConversionUnavailable",
    "Converter", "GeneratedLetter", "Institution", "LetterIncomplete", "LetterOrder",
    "LetterPreview", "LetterServices", "MergeResult", "MissingValues", "TemplateFields",
    "TemplateProblem", "TemplateRefused", "add_template", "check_template", "combine_pdfs",
    "convert_to_pdf", "fill_docx", "generate_letter", "install_starter_templates",
    "known_field", "label", "list_templates", "merge_letters", "preview_letter",
    "stamp_letter_code", "starter_docx", "written_date",
]
