"""Templates are checked when uploaded and versioned; letters keep the version they used."""

from __future__ import annotations

import io

import docx
import pytest
from sqlmodel import select

from core.catalog import LetterTemplate
from letters import TemplateRefused, add_template, check_template
from liasse.wiring import Services
from tests.letters.conftest import CASEWORKER


def docx_with(*paragraphs: str, table: tuple[str, ...] = ()) -> bytes:
    """A DOCX file with these paragraphs (and one table row of these cells)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        row = document.add_table(rows=1, cols=len(table)).rows[0]
        for cell, text in zip(row.cells, table, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_template_with_an_unknown_field_is_refused_with_its_name_and_place(
        services: Services) -> None:
    """GIVEN a template whose third paragraph uses {{ dossier.titel }} (a typo) and whose table
    uses {{ person.shoe_size }}
    WHEN it is uploaded
    THEN it is refused, naming each unknown field and where it stands, and nothing is stored."""
    data = docx_with("Dossier {{ dossier.number }}", "{{ today }}",
                     "Objet : {{ dossier.titel }}", table=("Nom", "{{ person.shoe_size }}"))
    with pytest.raises(TemplateRefused) as refused, services.sessions.transaction() as session:
        add_template(session, services.blobs, data=data, name="essai", doc_type="letter",
                     actor=CASEWORKER)
    problems = [(p.code, p.field, p.where) for p in refused.value.problems]
    assert problems == [("unknown_field", "dossier.titel", "paragraph 3"),
                        ("unknown_field", "person.shoe_size", "table 1, row 1, cell 2")]
    assert "dossier.titel" in refused.value.message
    with services.sessions() as session:
        assert session.exec(select(LetterTemplate)).all() == []


@pytest.mark.parametrize(("paragraphs", "where"), [
    (("Bonjour", "{% if person.full_name %}Madame{% endfi %}"), "paragraph 2"),
    (("{{ dossier.number", "fin"), "paragraph 1"),
])
def test_a_syntax_error_is_refused_with_its_place(paragraphs: tuple[str, ...],
                                                  where: str) -> None:
    """GIVEN a template with a broken tag WHEN checked THEN it is refused as a syntax error in
    the paragraph where the tag stands."""
    with pytest.raises(TemplateRefused) as refused:
        check_template(docx_with(*paragraphs))
    assert [(p.code, p.where) for p in refused.value.problems] == [("syntax_error", where)]


def test_required_fields_loops_and_free_fields_are_told_apart() -> None:
    """GIVEN fields used plainly, tested by an if, with a default, in a loop over the household
    members, and free fields WHEN checked THEN only plain uses are required, the loop's items
    take the person fields, and free fields are listed."""
    found = check_template(docx_with(
        "{{ person.full_name }} {{ fields.motif }} {{ fields.note|default('') }}",
        "{% if element.reference %}{{ element.reference }} {{ element.kind }}{% endif %}",
        "{% for m in household.members %}{{ m.full_name }}, {{ loop.index }}{% endfor %}"))
    assert set(found.required) == {"person.full_name", "fields.motif", "household.members"}
    assert found.free_fields == ("motif", "note")
    with pytest.raises(TemplateRefused, match=r"m\.shoe_size"):
        check_template(docx_with("{% for m in household.members %}{{ m.shoe_size }}{% endfor %}"))


def test_uploading_the_same_name_again_adds_a_version(services: Services) -> None:
    """GIVEN template "attestation" uploaded once WHEN uploaded again with other text THEN it
    is version 2, both versions are kept, and both DOCX files are stored under their SHA-256."""
    with services.sessions.transaction() as session:
        first = add_template(session, services.blobs, data=docx_with("A {{ dossier.number }}"),
                             name="attestation", doc_type="attestation", actor=CASEWORKER)
        second = add_template(session, services.blobs, data=docx_with("B {{ dossier.title }}"),
                              name="attestation", doc_type="attestation", actor=CASEWORKER)
        assert (first.version, second.version) == (1, 2)
        assert second.fields == ["dossier.title"]
        assert first.docx_sha256 in first.docx_key and services.blobs.exists(second.docx_key)
