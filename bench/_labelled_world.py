"""The people, dossiers and elements behind the generated labelled corpus, and their numbers.

Identifiers are computed by their real algorithms, so they pass (or, for decoys, fail) the
same checks as real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from classify import (
    DossierCandidate,
    ElementCandidate,
    LinkCandidates,
    PersonCandidate,
    codice_fiscale_check_letter,
)

FAMILY = {
    "fr": ["Dubois", "Favre", "Rochat", "Gonçalves", "Périsset", "Lefèvre", "Moreau", "Bérard"],
    "de": ["Müller", "Schneider", "Zürcher", "Brunner", "Käser", "Baumgartner", "Hofstetter"],
    "it": ["Rossi", "Bernasconi", "Ferrari", "Galli", "Colombo", "Pellegrini", "Fontana"],
    "nl": ["Janssens", "Peeters", "Maes", "Willems", "Claes", "Vermeulen", "De Smet"],
    "en": ["Smith", "Walker", "Hughes", "Bennett", "Fletcher", "Harrison", "Collins"],
}
GIVEN = {
    "fr": ["Amélie", "Jérôme", "Céline", "François", "Hélène", "Noémie", "Loïc", "Zoé"],
    "de": ["Jürg", "Anna", "Lukas", "Käthi", "Matthias", "Ursula", "Jonas", "Lea"],
    "it": ["Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Niccolò", "Sara"],
    "nl": ["Lotte", "Pieter", "Annelies", "Wouter", "Sofie", "Joris", "Femke"],
    "en": ["Emily", "James", "Olivia", "Thomas", "Grace", "Daniel", "Ruth"],
}
ELEMENT_KINDS = ["DEM-APLAC", "PLA-FOYER", "PRE-RI", "DEC-AIDE", "INT-SUIVI", "BEN-LOYER"]
IBAN_BBAN = {"CH": 17, "BE": 12, "NL": 14, "DE": 18, "IT": 23}


@dataclass(frozen=True, slots=True)
class WorldPerson:
    id: int
    language: str
    family: str
    given: str
    birth: date
    national_id: str
    dossier_id: int


@dataclass(frozen=True, slots=True)
class World:
    persons: tuple[WorldPerson, ...]
    dossiers: tuple[DossierCandidate, ...]
    elements: tuple[ElementCandidate, ...]

    def candidates(self) -> LinkCandidates:
        persons = tuple(PersonCandidate(p.id, p.family, p.given, p.birth, p.national_id)
                        for p in self.persons)
        return LinkCandidates(self.dossiers, self.elements, persons)


def avs(rng: random.Random) -> str:
    body = "756" + "".join(rng.choice("0123456789") for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    full = body + str((10 - total % 10) % 10)
    return f"{full[:3]}.{full[3:7]}.{full[7:11]}.{full[11:]}"


def be_nrn(rng: random.Random, birth: date) -> str:
    body = f"{birth:%y%m%d}{rng.randint(1, 997):03d}"
    base = int(("2" if birth.year >= 2000 else "") + body)
    check = 97 - base % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:9]}.{check:02d}"


def codice_fiscale(rng: random.Random, birth: date) -> str:
    letters = "BCDFGHLMNPRSTVZ"
    head = "".join(rng.choice(letters) for _ in range(6))
    day = birth.day + (40 if rng.random() < 0.5 else 0)
    body = (f"{head}{birth:%y}{'ABCDEHLMPRST'[birth.month - 1]}{day:02d}"
            f"{rng.choice('ABCDEFGHILM')}{rng.randint(1, 999):03d}")
    return body + codice_fiscale_check_letter(body)


def national_id(rng: random.Random, language: str, birth: date) -> str:
    if language == "it":
        return codice_fiscale(rng, birth)
    if language == "nl":
        return be_nrn(rng, birth)
    return avs(rng)


def corrupt(identifier: str) -> str:
    """The same identifier with a wrong check character."""
    last = identifier[-1]
    wrong = chr((ord(last) - 65 + 7) % 26 + 65) if last.isalpha() else str((int(last) + 3) % 10)
    return identifier[:-1] + wrong


def iban(rng: random.Random, country: str) -> str:
    bban = "".join(rng.choice("0123456789") for _ in range(IBAN_BBAN[country]))
    if country == "IT":
        bban = rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + bban[1:]
    if country == "NL":
        bban = "INGB" + bban[4:]
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def build_world(rng: random.Random, dossiers: int = 40) -> World:
    persons: list[WorldPerson] = []
    folders: list[DossierCandidate] = []
    elements: list[ElementCandidate] = []
    numbers = rng.sample(range(100000, 999999), dossiers)
    for d in range(1, dossiers + 1):
        language = ["fr", "de", "it", "nl", "en"][d % 5]
        family = rng.choice(FAMILY[language])
        members = []
        for _ in range(rng.randint(1, 3)):
            birth = date(1945, 1, 1) + timedelta(days=rng.randint(0, 25000))
            person = WorldPerson(len(persons) + 1, language, family,
                                 rng.choice(GIVEN[language]), birth,
                                 national_id(rng, language, birth), d)
            persons.append(person)
            members.append(person.id)
        folders.append(DossierCandidate(d, str(numbers[d - 1]), 100 + d, tuple(members)))
        for k in range(rng.randint(1, 2)):
            code = f"{rng.choice(ELEMENT_KINDS)}-{d:02d}{k}"
            elements.append(ElementCandidate(len(elements) + 1, code, d, rng.choice(members)))
    return World(tuple(persons), tuple(folders), tuple(elements))
