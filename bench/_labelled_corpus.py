"""A labelled corpus generated in code: documents of all default types in fr/de/it/nl/en.

Each document knows its type, its document date and the dossier (element, person) it belongs
to. Noise as met in the pilot: OCR-like character slips (digits too), dropped accents, junk
lines, missing titles/dates/references, and decoys: a "received" stamp, a due date, another
person's name, an identifier with a wrong check digit, a copy sent to another dossier.

Training documents use the even-indexed wording of ``_corpus_phrases``, test documents the
odd-indexed wording, so a test score is not a memorisation score.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from _corpus_phrases import PHRASES
from _labelled_world import World, WorldPerson, build_world, corrupt, iban

from classify import LinkCandidates

LANGS = ("fr", "de", "it", "nl", "en")
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
          "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "en": "January February March April May June July August September October November December",
}
PLACES = {"fr": ["Lausanne", "Genève", "Namur", "Fribourg"], "de": ["Bern", "Zürich", "Basel"],
          "it": ["Lugano", "Bellinzona", "Locarno"], "nl": ["Gent", "Mechelen", "Antwerpen"],
          "en": ["London", "Geneva", "Brussels"]}
SENDER = {"fr": "Service social régional", "de": "Sozialdienst der Gemeinde",
          "it": "Servizio sociale cantonale", "nl": "OCMW - Sociale dienst",
          "en": "Community Social Services"}
DOSSIER_LABEL = {"fr": ["Dossier n° {}", "N° de dossier : {}", "Réf. dossier {}"],
                 "de": ["Dossier-Nr. {}", "Akte {}", "Dossier Nr. {}"],
                 "it": ["Fascicolo {}", "Pratica n. {}", "Fascicolo n° {}"],
                 "nl": ["Dossier nr. {}", "Dossiernummer: {}", "Dossier {}"],
                 "en": ["Case file {}", "File no. {}", "Dossier no. {}"]}
BORN = {"fr": "né(e) le {}", "de": "geb. {}", "it": "nato/a il {}", "nl": "geboren op {}",
        "en": "born {}"}
RECEIVED = {"fr": "REÇU LE {}", "de": "EINGANG {}", "it": "PERVENUTO IL {}",
            "nl": "ONTVANGEN OP {}", "en": "RECEIVED {}"}
DUE = {"fr": "Échéance : {}", "de": "Zahlbar bis {}", "it": "Scadenza: {}",
       "nl": "Vervaldatum: {}", "en": "Due date: {}"}
TOTAL = {"fr": "Total TTC", "de": "Gesamtbetrag", "it": "Totale", "nl": "Totaal",
         "en": "Total due"}
COPY_TO = {"fr": "Copie :", "de": "Kopie an", "it": "Copia a", "nl": "Kopie aan",
           "en": "Copy to"}
OCR_SLIPS = {"e": "c", "l": "1", "o": "0", "i": "l", "a": "o", "u": "v", "s": "5", "n": "m",
             "O": "0", "I": "l", "S": "5", "B": "8", "0": "O", "1": "l", "5": "6", "8": "3",
             "6": "5", "3": "8"}


@dataclass(frozen=True, slots=True)
class LabelledDocument:
    text: str
    code: str
    language: str
    split: str
    expected_date: date | None
    expected_dossier_id: int | None
    expected_total: Decimal | None
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabelledCorpus:
    documents: tuple[LabelledDocument, ...]
    candidates: LinkCandidates

    def split(self, name: str) -> tuple[LabelledDocument, ...]:
        return tuple(d for d in self.documents if d.split == name)


def long_date(d: date, lang: str, rng: random.Random) -> str:
    month = MONTHS[lang].split()[d.month - 1]
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    if lang == "de":
        return f"{d.day}. {month} {d.year}"
    if lang == "en" and rng.random() < 0.5:
        return f"{month} {d.day}, {d.year}"
    return f"{day} {month} {d.year}"


def short_date(d: date, lang: str, rng: random.Random) -> str:
    sep = {"nl": "-", "fr": rng.choice("./"), "it": rng.choice("./")}.get(lang, ".")
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def any_date(d: date, lang: str, rng: random.Random) -> str:
    return long_date(d, lang, rng) if rng.random() < 0.5 else short_date(d, lang, rng)


def heading(d: date, lang: str, rng: random.Random) -> str:
    place = rng.choice(PLACES[lang])
    link = {"fr": " le", "de": rng.choice(["", ", den"]), "it": rng.choice(["", " lì"])}
    label = {"fr": "Date :", "de": "Datum:", "it": "Data:", "nl": "Datum:", "en": "Date:"}
    if rng.random() < 0.3:
        return f"{label[lang]} {any_date(d, lang, rng)}"
    connector = link.get(lang, "").lstrip(",")
    return f"{place},{connector} {any_date(d, lang, rng)}".replace(", ,", ",")


def money(value: Decimal, lang: str, rng: random.Random) -> str:
    whole, cents = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}"
    if lang in ("fr", "de", "it") and rng.random() < 0.6:
        swiss = grouped.replace(",", "'") + "." + cents
        return rng.choice([f"{swiss} CHF", f"CHF {swiss}", f"Fr. {swiss}"])
    euro = grouped.replace(",", ".") + "," + cents
    if lang == "en":
        return rng.choice([f"EUR {grouped}.{cents}", f"€{grouped}.{cents}"])
    return rng.choice([f"{euro} €", f"€ {euro}", f"{euro} EUR"])


def ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    return "".join(OCR_SLIPS[ch] if ch in OCR_SLIPS and rng.random() < rate else ch
                   for ch in text)


def drop_accents(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def junk_lines(lines: list[str], rng: random.Random) -> list[str]:
    junk = ["~ ., -", "|| '", "_ _ . _", "Page 1/1", "- 1 -", ". : ;"]
    out = []
    for line in lines:
        out.append(line)
        if rng.random() < 0.15:
            out.append(rng.choice(junk))
    return out


@dataclass
class Draft:
    """A document being written: its lines and what the truth about it is."""

    lang: str
    lines: list[str]
    notes: list[str]
    dossier_id: int | None = None
    total: Decimal | None = None


def person_line(p: WorldPerson, rng: random.Random) -> str:
    return rng.choice([f"{p.given} {p.family}", f"{p.family.upper()} {p.given}",
                       f"{p.family}, {p.given}"])


def add_evidence(draft: Draft, world: World, person: WorldPerson, rng: random.Random) -> None:
    """Put on the page what links the document to the person's dossier (or nothing)."""
    lang, dossier = draft.lang, world.dossiers[person.dossier_id - 1]
    mode = rng.choices(["number", "element", "identifier", "name_birth", "name_only", "none"],
                       [35, 15, 15, 15, 10, 10])[0]
    draft.notes.append(f"evidence={mode}")
    name = person_line(person, rng)
    if mode == "number":
        draft.lines.append(rng.choice(DOSSIER_LABEL[lang]).format(dossier.number))
        draft.lines.append(name)
    elif mode == "element":
        element = next(e for e in world.elements if e.dossier_id == dossier.id)
        draft.lines.append(f"Réf. {element.reference}" if lang == "fr" else element.reference)
        draft.lines.append(name)
    elif mode == "identifier":
        draft.lines.append(f"{name}  {person.national_id}")
    elif mode == "name_birth":
        birth = BORN[lang].format(any_date(person.birth, lang, rng))
        draft.lines.append(f"{name}, {birth}")
    elif mode == "name_only":
        draft.lines.append(name)
    if mode not in ("name_only", "none"):
        draft.dossier_id = dossier.id


def add_decoys(draft: Draft, world: World, person: WorldPerson, rng: random.Random) -> None:
    """Another person's name, an identifier with a wrong check digit, a copy to another file."""
    others = [p for p in world.persons if p.dossier_id != person.dossier_id]
    other = rng.choice(others)
    roll = rng.random()
    if roll < 0.15:
        draft.lines.append(f"{COPY_TO[draft.lang]} {other.given} {other.family}")
        draft.notes.append("decoy=other_name")
    elif roll < 0.25:
        draft.lines.append(f"Ref. {corrupt(other.national_id)}")
        draft.notes.append("decoy=invalid_id")
    elif roll < 0.30:
        number = world.dossiers[other.dossier_id - 1].number
        draft.lines.append(f"{COPY_TO[draft.lang]} {DOSSIER_LABEL[draft.lang][0].format(number)}")
        draft.notes.append("decoy=second_dossier")


def add_invoice_lines(draft: Draft, doc_date: date, rng: random.Random) -> None:
    items = [Decimal(rng.randint(1500, 250000)) / 100 for _ in range(rng.randint(1, 3))]
    for i, value in enumerate(items, start=1):
        draft.lines.append(f"{i}  Pos. {i:02d}  {money(value, draft.lang, rng)}")
    draft.total = sum(items, Decimal(0))
    draft.lines.append(f"{TOTAL[draft.lang]} {money(draft.total, draft.lang, rng)}")
    due = doc_date + timedelta(days=30)
    draft.lines.append(DUE[draft.lang].format(short_date(due, draft.lang, rng)))


def fill(template: str, draft: Draft, person: WorldPerson, rng: random.Random) -> str:
    lang = draft.lang
    other_date = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000))
    return template.format(
        person=f"{person.given} {person.family}", family=person.family.upper(),
        given=person.given, amount=money(Decimal(rng.randint(5000, 900000)) / 100, lang, rng),
        iban=iban(rng, rng.choice(["CH", "BE", "NL", "DE", "IT"])),
        date2=long_date(other_date, lang, rng), doctor="Dr " + rng.choice(["Meier", "Conti"]),
        days=rng.randint(3, 30), employer="Boulangerie Favre SA", landlord="Régie du Lac SA",
        month=MONTHS[lang].split()[other_date.month - 1], nationality="CH",
    )


ISSUED = {"fr": "Délivré le {}", "de": "Ausgestellt am {}", "it": "Rilasciato il {}",
          "nl": "Afgegeven op {}", "en": "Date of issue {}"}


def top_lines(draft: Draft, code: str, doc_date: date | None, rng: random.Random) -> None:
    lang = draft.lang
    draft.lines.append(SENDER[lang] if code not in ("invoice", "payslip") else
                       rng.choice(["Foyer Les Tilleuls SA", "Atelier Horizon Sàrl",
                                   "Residenza Al Lago", "Home De Linde vzw"]))
    if rng.random() < 0.25:
        stamp = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
        draft.lines.append(RECEIVED[lang].format(short_date(stamp, lang, rng)))
        draft.notes.append("decoy=received_stamp")
    if doc_date is None:
        draft.notes.append("missing=date")
    elif code == "identity_document":
        draft.lines.append(ISSUED[lang].format(any_date(doc_date, lang, rng)))
    else:
        draft.lines.append(heading(doc_date, lang, rng))


def body_lines(draft: Draft, code: str, split: str, person: WorldPerson,
               rng: random.Random) -> None:
    titles, bodies = PHRASES[code][draft.lang]
    offset = 0 if split == "train" else 1
    if rng.random() < 0.9:
        draft.lines.append(fill(titles[offset::2][0], draft, person, rng))
    else:
        draft.notes.append("missing=title")
    for template in bodies[offset::2]:
        draft.lines.extend(fill(template, draft, person, rng).split("\n"))


def add_identity_facts(draft: Draft, person: WorldPerson, rng: random.Random) -> None:
    labels = {"fr": "Date de naissance", "de": "Geburtsdatum", "it": "Data di nascita",
              "nl": "Geboortedatum", "en": "Date of birth"}
    draft.lines.append(f"{labels[draft.lang]}: {short_date(person.birth, draft.lang, rng)}")
    draft.dossier_id = person.dossier_id


def build_document(world: World, code: str, lang: str, split: str,
                   rng: random.Random) -> LabelledDocument:
    person = rng.choice([p for p in world.persons if p.language == lang] or world.persons)
    doc_date = (None if rng.random() < 0.06 else
                date(2015, 1, 1) + timedelta(days=rng.randint(0, 3600)))
    draft = Draft(lang, [], [])
    top_lines(draft, code, doc_date, rng)
    add_evidence(draft, world, person, rng)
    body_lines(draft, code, split, person, rng)
    if code == "identity_document":
        add_identity_facts(draft, person, rng)
    if code == "invoice" and doc_date is not None:
        add_invoice_lines(draft, doc_date, rng)
    add_decoys(draft, world, person, rng)
    text = "\n".join(junk_lines(draft.lines, rng))
    if rng.random() < 0.3:
        text, draft.notes = drop_accents(text), [*draft.notes, "noise=no_accents"]
    rate = rng.choice([0.0, 0.0, 0.005, 0.01, 0.02, 0.03])
    text = ocr_noise(text, rng, rate)
    draft.notes.append(f"noise=ocr{rate}")
    return LabelledDocument(text, code, lang, split, doc_date, draft.dossier_id, draft.total,
                            tuple(draft.notes))


def generate(*, train_per_cell: int = 3, test_per_cell: int = 2, seed: int = 2024,
             dossiers: int = 40) -> LabelledCorpus:
    """``train_per_cell`` + ``test_per_cell`` documents for every (type, language) pair."""
    rng = random.Random(seed)
    world = build_world(rng, dossiers)
    documents = []
    for code in PHRASES:
        for lang in LANGS:
            for split, count in (("train", train_per_cell), ("test", test_per_cell)):
                documents += [build_document(world, code, lang, split, rng)
                              for _ in range(count)]
    return LabelledCorpus(tuple(documents), world.candidates())
