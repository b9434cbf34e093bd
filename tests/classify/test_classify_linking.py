"""Linking a document to a dossier, element and persons, or sending it to review."""

from __future__ import annotations

from classify import LinkCandidates, LinkDecision, confirm_link, extract, link


def decide(text: str, catalog: LinkCandidates) -> LinkDecision:
    return link(extract(text), text, catalog)


def test_exact_dossier_number_links(catalog: LinkCandidates) -> None:
    """GIVEN a page naming dossier n° 824415 WHEN linked THEN it goes to that dossier, by Liasse."""
    decision = decide("Dossier n° 824415\nObjet : votre demande", catalog)
    assert decision.linked and decision.dossier_id == 10 and decision.household_id == 100
    assert decision.made_by == "liasse" and "824415" in decision.reason


def test_element_code_links_dossier_element_and_its_person(catalog: LinkCandidates) -> None:
    decision = decide("Réf. DEM-APLAC-002 — placement", catalog)
    assert (decision.linked, decision.dossier_id, decision.element_id) == (True, 10, 11)
    assert decision.person_ids == (2,)


def test_valid_identifier_links_the_person(catalog: LinkCandidates) -> None:
    decision = decide("Assicurato: RSSMRA85T10A562S", catalog)
    assert (decision.linked, decision.dossier_id, decision.person_ids) == (True, 20, (3,))


def test_name_with_birth_date_links_despite_typos_and_accents(catalog: LinkCandidates) -> None:
    """GIVEN 'DUBOlS Amelie, nee le 07.03.1984' (OCR slip, no accents)
    WHEN linked THEN Amélie Dubois's dossier is chosen, with the reason."""
    decision = decide("Concerne : DUBOlS Amelie, nee le 07.03.1984", catalog)
    assert decision.linked and decision.dossier_id == 10 and decision.person_ids == (1,)
    assert "birth date 1984-03-07" in decision.reason


def test_name_without_birth_date_goes_to_review(catalog: LinkCandidates) -> None:
    decision = decide("Madame Amélie Dubois\nNous vous écrivons...", catalog)
    assert not decision.linked
    assert decision.suggestions[0].dossier_id == 10
    assert "without birth date" in decision.suggestions[0].reasons[0]


def test_two_dossiers_named_is_a_conflict(catalog: LinkCandidates) -> None:
    decision = decide("Dossier n° 824415\nFascicolo 513377", catalog)
    assert not decision.linked and "conflicting" in decision.reason
    assert {s.dossier_id for s in decision.suggestions} == {10, 20}


def test_number_and_identifier_of_another_dossier_conflict(catalog: LinkCandidates) -> None:
    decision = decide("Dossier n° 824415\nAVS 85.07.30-033.28", catalog)
    assert not decision.linked and "conflicting" in decision.reason


def test_decoys_do_not_link(catalog: LinkCandidates) -> None:
    """GIVEN an identifier with a wrong check digit, another person's bare name and a copy
    line to a dossier WHEN linked THEN nothing is linked."""
    text = "AVS 756.1234.5678.98\nCopie : Mario Rossi\nCopie : Dossier n° 513377"
    decision = decide(text, catalog)
    assert not decision.linked


def test_copy_line_does_not_outweigh_the_subject(catalog: LinkCandidates) -> None:
    decision = decide("Dossier n° 824415\nKopie an Dossier 513377", catalog)
    assert decision.linked and decision.dossier_id == 10


def test_nothing_known_goes_to_review_without_suggestions(catalog: LinkCandidates) -> None:
    decision = decide("Menu de la semaine : soupe, gratin", catalog)
    assert not decision.linked and decision.suggestions == ()


def test_threshold_is_respected(catalog: LinkCandidates) -> None:
    text = "Dossier n° 824415"
    assert not link(extract(text), text, catalog, threshold=0.95).linked


def test_a_persons_link_is_kept_as_theirs() -> None:
    decision = confirm_link(dossier_id=20, by="clerk:anna", note="number illegible")
    assert decision.linked and decision.made_by == "person"
    assert decision.reason == "linked by clerk:anna: number illegible"
