"""Three starter templates in French, German and Italian, written here with python-docx so
that they are plain DOCX files staff can download, open in Word and change: an attestation,
a request for missing documents (with a reply-by date) and a decision."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.shared import Mm, Pt
from sqlmodel import Session

from core.catalog import Actor, LetterTemplate, latest_templates
from letters._templates import add_template
from storage import BlobStore


@dataclass(frozen=True, slots=True)
class StarterTemplate:
    name: str
    doc_type: str
    language: str
    title: str
    body: tuple[str, ...]
    reply_days: int | None = None


_HEAD = ('{{ institution.name|default("") }}', '{{ institution.address|default("") }}', "",
         "{{ person.full_name }}")
_TEXT = {
    "fr": {
        "ref": "Dossier {{ dossier.number }} — {{ dossier.title }}{% if element.reference %}, "
               "{{ element.kind }} {{ element.reference }}{% endif %}",
        "date": "Le {{ today }}", "dear": "Madame, Monsieur,",
        "sign": "{{ caseworker.name }}", "signed": "Lu et approuvé, signature : ____________",
        "attestation": ("Attestation", "Nous attestons que {{ person.full_name }}, né(e) le "
                        "{{ person.birth_date }}, est suivi(e) par notre service dans le "
                        "dossier {{ dossier.number }}."),
        "request": ("Demande de pièces manquantes",
                    "Pour traiter votre dossier, il nous manque les pièces suivantes : "
                    "{{ fields.missing_documents }}. Merci de nous les faire parvenir avec "
                    "cette lettre signée au plus tard le {{ reply_by }}."),
        "decision": ("Décision", "Après examen de votre dossier, le service a décidé : "
                     "{{ fields.decision }}. Cette décision peut faire l'objet d'un recours "
                     "dans les 30 jours."),
    },
    "de": {
        "ref": "Dossier {{ dossier.number }} — {{ dossier.title }}{% if element.reference %}, "
               "{{ element.kind }} {{ element.reference }}{% endif %}",
        "date": "Datum: {{ today }}", "dear": "Sehr geehrte Damen und Herren",
        "sign": "{{ caseworker.name }}", "signed": "Gelesen und einverstanden, Unterschrift: "
                                                  "____________",
        "attestation": ("Bescheinigung", "Wir bestätigen, dass {{ person.full_name }}, geboren "
                        "am {{ person.birth_date }}, von unserem Dienst im Dossier "
                        "{{ dossier.number }} betreut wird."),
        "request": ("Anforderung fehlender Unterlagen",
                    "Für die Bearbeitung Ihres Dossiers fehlen uns folgende Unterlagen: "
                    "{{ fields.missing_documents }}. Bitte senden Sie sie uns mit diesem "
                    "unterschriebenen Brief bis spätestens {{ reply_by }}."),
        "decision": ("Entscheid", "Nach Prüfung Ihres Dossiers hat der Dienst entschieden: "
                     "{{ fields.decision }}. Gegen diesen Entscheid kann innert 30 Tagen "
                     "Beschwerde erhoben werden."),
    },
    "it": {
        "ref": "Incarto {{ dossier.number }} — {{ dossier.title }}{% if element.reference %}, "
               "{{ element.kind }} {{ element.reference }}{% endif %}",
        "date": "Data: {{ today }}", "dear": "Gentile Signora, Egregio Signore,",
        "sign": "{{ caseworker.name }}", "signed": "Letto e approvato, firma: ____________",
        "attestation": ("Attestazione", "Attestiamo che {{ person.full_name }}, nato/a il "
                        "{{ person.birth_date }}, è seguito/a dal nostro servizio "
                        "nell'incarto {{ dossier.number }}."),
        "request": ("Richiesta di documenti mancanti",
                    "Per trattare il suo incarto ci mancano i seguenti documenti: "
                    "{{ fields.missing_documents }}. La preghiamo di inviarceli insieme a "
                    "questa lettera firmata entro il {{ reply_by }}."),
        "decision": ("Decisione", "Dopo l'esame del suo incarto, il servizio ha deciso: "
                     "{{ fields.decision }}. Contro questa decisione è possibile ricorrere "
                     "entro 30 giorni."),
    },
}
_KINDS = {"attestation": ("attestation", None), "request": ("letter", 30),
          "decision": ("decision", None)}
_NAMES = {"attestation": "attestation", "request": "demande-pieces", "decision": "decision"}


def _starters() -> tuple[StarterTemplate, ...]:
    found = []
    for language, text in _TEXT.items():
        for kind, (doc_type, reply_days) in _KINDS.items():
            title, paragraph = text[kind]
            closing = (text["signed"],) if kind == "request" else ()
            body = (*_HEAD, text["ref"], "", text["date"], "", title, "", text["dear"],
                    paragraph, "", text["sign"], "", *closing)
            found.append(StarterTemplate(f"{_NAMES[kind]}-{language}", doc_type, language,
                                         title, body, reply_days))
    return tuple(found)


STARTER_TEMPLATES = _starters()


def starter_docx(template: StarterTemplate) -> bytes:
    """The starter template as a DOCX file (one paragraph a line, the title in bold)."""
    document = docx.Document()
    for section in document.sections:  # A4, not python-docx's US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(11)
    for line in template.body:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = line == template.title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def install_starter_templates(session: Session, blobs: BlobStore, *,
                              actor: Actor) -> list[LetterTemplate]:
    """Add each starter template that is not there yet (by name); no commit."""
    present = {t.name for t in latest_templates(session)}
    return [add_template(session, blobs, data=starter_docx(t), name=t.name,
                         doc_type=t.doc_type, language=t.language, title=t.title,
                         reply_days=t.reply_days, actor=actor)
            for t in STARTER_TEMPLATES if t.name not in present]
