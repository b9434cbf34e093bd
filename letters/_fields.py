"""The fields a letter template may use, and their values for one dossier.

Templates write ``{{ dossier.title }}``; the schema below is every name a template may use
(``FIELDS``), with ``household.members`` a list whose items have the ``person`` fields, and
``fields.KEY`` free fields asked when the letter is generated. Dates are written out in the
letter's language ("3 décembre 2026", "3. Dezember 2026", "3 dicembre 2026"), and so are the
labels of codes (an element's kind, a dossier's status).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from core.catalog import Dossier, DossierElement, Household, Person, User, queries

PERSON_FIELDS = ("full_name", "given_names", "family_name", "birth_date", "national_id")
FIELDS: dict[str, tuple[str, ...]] = {
    "dossier": ("number", "title", "service", "status", "opened_on", "closed_on"),
    "household": ("code", "name", "members"),
    "person": PERSON_FIELDS,
    "element": ("reference", "kind", "title", "start_date", "end_date"),
    "caseworker": ("name", "username"),
    "institution": ("name", "address", "logo"),
}
SCALARS = ("today", "reply_by")
LISTS = {"household.members": PERSON_FIELDS}  # list field -> the fields of its items
FREE = "fields"
LANGUAGES = ("fr", "de", "it", "nl", "en")

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_LABELS: dict[str, dict[str, str]] = {
    "request": {"fr": "demande", "de": "Antrag", "it": "domanda", "nl": "aanvraag",
                "en": "request"},
    "placement": {"fr": "placement", "de": "Unterbringung", "it": "collocamento",
                  "nl": "plaatsing", "en": "placement"},
    "benefit": {"fr": "prestation", "de": "Leistung", "it": "prestazione", "nl": "uitkering",
                "en": "benefit"},
    "decision": {"fr": "décision", "de": "Entscheid", "it": "decisione", "nl": "beslissing",
                 "en": "decision"},
    "intervention": {"fr": "intervention", "de": "Intervention", "it": "intervento",
                     "nl": "interventie", "en": "intervention"},
    "open": {"fr": "ouvert", "de": "offen", "it": "aperto", "nl": "open", "en": "open"},
    "closed": {"fr": "clos", "de": "abgeschlossen", "it": "chiuso", "nl": "afgesloten",
               "en": "closed"},
    "archived": {"fr": "archivé", "de": "archiviert", "it": "archiviato", "nl": "gearchiveerd",
                 "en": "archived"},
}


@dataclass(frozen=True, slots=True)
class Institution:
    """The institution that signs the letters (from settings)."""

    name: str = ""
    address: str = ""
    logo: str = ""  # path of an image file, or empty


@dataclass(frozen=True, slots=True)
class LetterSubject:
    """What a letter is about: its dossier, and maybe an element, a person, free values."""

    dossier: Dossier
    element: DossierElement | None = None
    person: Person | None = None
    free: Mapping[str, str] = field(default_factory=dict)
    author: str = ""  # username of the caseworker writing it


def known_field(path: str) -> bool:
    """True for a field a template may use (``dossier.title``, ``today``, ``fields.X``)."""
    head, _, rest = path.partition(".")
    if not rest:
        return head in SCALARS
    if head == FREE:
        return "." not in rest and rest.isidentifier()
    return rest in FIELDS.get(head, ())


def written_date(day: date | None, language: str) -> str:
    """``day`` as a letter writes it in ``language`` (empty for no date)."""
    if day is None:
        return ""
    month = _MONTHS.get(language, _MONTHS["fr"])[day.month - 1]
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "en":
        return f"{day.day} {month} {day.year}"
    first = language == "fr" and day.day == 1
    return f"{'1er' if first else day.day} {month} {day.year}"


def label(code: str | None, language: str) -> str:
    """The word for a code (an element kind, a status) in ``language``; the code itself
    when there is no word for it."""
    if not code:
        return ""
    return _LABELS.get(code, {}).get(language, code)


def letter_context(session: Session, subject: LetterSubject, *, language: str, today: date,
                   reply_by: date | None, institution: Institution) -> dict[str, Any]:
    """The values of every field for one letter. Missing things are empty strings."""
    dossier = subject.dossier
    household = session.get(Household, dossier.household_id) if dossier.household_id else None
    person = subject.person or _person_of(session, subject)
    members = (queries.household_members(session, household_id=household.id)
               if household is not None and household.id is not None else [])
    return {
        "dossier": {"number": dossier.number, "title": dossier.title, "service": dossier.service,
                    "status": label(str(dossier.status), language),
                    "opened_on": written_date(dossier.opened_on, language),
                    "closed_on": written_date(dossier.closed_on, language)},
        "household": {"code": household.code if household else "",
                      "name": household.name if household else "",
                      "members": [_person(m, language) for m in members]},
        "person": _person(person, language),
        "element": _element(subject.element, language),
        "caseworker": _caseworker(session, subject.author),
        "institution": {"name": institution.name, "address": institution.address,
                        "logo": institution.logo},
        "today": written_date(today, language),
        "reply_by": written_date(reply_by, language),
        FREE: dict(subject.free),
    }


def value_at(context: Mapping[str, Any], path: str) -> Any:
    """The value of a dotted field in ``context`` (None when absent)."""
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _person_of(session: Session, subject: LetterSubject) -> Person | None:
    """The person concerned: the element's, else the dossier's."""
    person_id = (subject.element.person_id if subject.element is not None else None) \
        or subject.dossier.person_id
    return session.get(Person, person_id) if person_id else None


def _person(person: Person | None, language: str) -> dict[str, str]:
    if person is None:
        return dict.fromkeys(PERSON_FIELDS, "")
    return {"full_name": " ".join(p for p in (person.given_names, person.family_name) if p),
            "given_names": person.given_names, "family_name": person.family_name,
            "birth_date": written_date(person.birth_date, language),
            "national_id": person.national_id or ""}


def _element(element: DossierElement | None, language: str) -> dict[str, str]:
    if element is None:
        return dict.fromkeys(FIELDS["element"], "")
    return {"reference": element.reference, "kind": label(element.kind, language),
            "title": element.title, "start_date": written_date(element.start_date, language),
            "end_date": written_date(element.end_date, language)}


def _caseworker(session: Session, username: str) -> dict[str, str]:
    user = session.exec(select(User).where(User.username == username)).first()
    name = (user.display_name or user.username) if user is not None else username
    return {"name": name.removeprefix("os:"), "username": username}
