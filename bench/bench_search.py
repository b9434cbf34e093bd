"""Benchmark the embedded search index: bulk load N generated multilingual pages, then time
queries the way caseworkers ask them.

    .venv/bin/python bench/bench_search.py --pages 100000 [--dir /tmp/liasse-bench-index]

Prints the load time, the index size, and p50/p95 of: a two-word query filtered by dossier
(with snippets), an unfiltered broad one-word query (top 20 with snippets), an unfiltered
two-word query, and an empty-text listing of one household's documents.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from index import EmbeddedIndex, IndexedDocument, IndexedPage, SearchQuery


# Words of the trade per language, inflected as they appear in letters; the rest of each page
# is drawn from a long tail of generated words, so term statistics look like real text.
def _words(text: str) -> list[str]:
    return text.split()


DOMAIN_WORDS = {
    "fr": _words("décision décisions placement placements aide sociale demande demandes ménage "
          "prestations loyer budget facture attestation salaire enfant enfants foyer "
          "rapport évaluation dette remboursement assurance maladie état États service "
          "courrier recours audience tribunal curatelle revenu logement"),
    "de": _words("Verfügung Verfügungen Gesuch Gesuche Leistung Leistungen Unterstützung Haushalt "
          "Miete Budget Rechnung Bescheinigung Lohn Kinder Heim Bericht Abklärung Schuld "
          "Rückerstattung Versicherung Krankenkasse Dienst Schreiben Beschwerde Gericht "
          "Beistandschaft Einkommen Wohnung"),
    "it": _words("decisione decisioni domanda domande prestazione prestazioni nucleo familiare "
          "affitto bilancio fattura attestato stipendio figli istituto rapporto valutazione "
          "debito rimborso assicurazione malattia servizio lettera ricorso tribunale "
          "curatela reddito alloggio determina"),
    "nl": _words("beslissing beslissingen aanvraag aanvragen steun gezin huishouden huur budget "
          "factuur attest loon kinderen tehuis verslag evaluatie schuld terugbetaling "
          "verzekering ziekte dienst brief beroep rechtbank bewindvoering inkomen "
          "woning"),
    "en": _words("decision decisions request requests benefit benefits household rent budget "
          "invoice certificate payslip children home report assessment debt repayment "
          "insurance health service letter appeal court guardianship income "
          "housing"),
}
LANGUAGE_SHARE = {"fr": 0.4, "de": 0.25, "it": 0.15, "nl": 0.1, "en": 0.1}
DOC_TYPES = ("decision", "request", "invoice", "payslip", "letter", "report", "certificate")
WORDS_PER_PAGE, TAIL_WORDS, DOMAIN_SHARE = 250, 20_000, 0.08
SYLLABLES = _words("ba be bi bo bu da de di do ka ke ki la le li lo ma me mi na ne no ra re ri "
                   "ro sa se si so ta te ti to va ve vi za ze ür ön é è à ch sch tz ij ou")


class Corpus:
    """Deterministic generated documents: document ``n`` is the same on every call."""

    def __init__(self, pages: int, seed: int) -> None:
        self.seed = seed
        self.documents = max(1, pages // 5)  # 1 to 9 pages, 5 on average
        self.dossiers = max(1, self.documents // 8)
        rng = random.Random(seed)
        self.tails = {lang: _tail(rng) for lang in DOMAIN_WORDS}
        self.weights = [1 / (rank + 1) for rank in range(TAIL_WORDS)]
        cumulative, total = [], 0.0
        for weight in self.weights:
            total += weight
            cumulative.append(total)
        self.cumulative = cumulative

    def document(self, document_id: int) -> IndexedDocument:
        rng = random.Random(self.seed * 1_000_003 + document_id)
        language = rng.choices(list(LANGUAGE_SHARE), weights=list(LANGUAGE_SHARE.values()))[0]
        pages = tuple(IndexedPage(n, self._page(rng, language)) for n in
                      range(1, rng.randint(1, 9) + 1))
        dossier = document_id % self.dossiers
        return IndexedDocument(
            document_id=document_id, title=f"{rng.choice(DOMAIN_WORDS[language])} {document_id}",
            pages=pages, dossier=f"D-{dossier:06d}", doc_type=rng.choice(DOC_TYPES),
            doc_date=date(2015, 1, 1) + timedelta(days=rng.randrange(3650)),
            language=language, household_id=dossier,
        )

    def stream(self, pages: int) -> Iterator[IndexedDocument]:
        """Documents until ``pages`` pages have been produced."""
        produced, document_id = 0, 0
        while produced < pages:
            document = self.document(document_id)
            produced += len(document.pages)
            document_id += 1
            yield document
        self.documents = document_id

    def _page(self, rng: random.Random, language: str) -> str:
        lines = []
        for _ in range(WORDS_PER_PAGE // 12):
            # one line in nine in another language: multilingual pages are common
            lang = language if rng.random() > 0.11 else rng.choice(list(DOMAIN_WORDS))
            lines.append(" ".join(self._word(rng, lang) for _ in range(12)))
        return "\n".join(lines)

    def _word(self, rng: random.Random, language: str) -> str:
        if rng.random() < DOMAIN_SHARE:
            return rng.choice(DOMAIN_WORDS[language])
        return rng.choices(self.tails[language], cum_weights=self.cumulative)[0]


def _tail(rng: random.Random) -> list[str]:
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(TAIL_WORDS)]


def percentiles(timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100)
    return f"p50 {cuts[49] * 1000:6.2f} ms   p95 {cuts[94] * 1000:6.2f} ms"


def timed(label: str, queries: list[SearchQuery], index: EmbeddedIndex) -> None:
    timings, totals = [], []
    for query in queries:
        start = time.perf_counter()
        result = index.search(query)
        timings.append(time.perf_counter() - start)
        totals.append(result.total)
    print(f"{label:<44} {percentiles(timings)}   median total {statistics.median(totals):,.0f}")


def query_sets(corpus: Corpus, count: int, seed: int) -> dict[str, list[SearchQuery]]:
    rng = random.Random(seed)
    sets: dict[str, list[SearchQuery]] = {"filtered": [], "broad": [], "two": [], "list": []}
    for _ in range(count):
        document = corpus.document(rng.randrange(corpus.documents))
        words = rng.sample(rng.choice(document.pages).text.split(), 2)
        sets["filtered"].append(SearchQuery(" ".join(words), dossier=document.dossier))
        language = document.language or "fr"
        sets["broad"].append(SearchQuery(rng.choice(DOMAIN_WORDS[language])))
        sets["two"].append(SearchQuery(" ".join(rng.sample(DOMAIN_WORDS[language], 2))))
        sets["list"].append(SearchQuery(household_id=document.household_id))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="index directory (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    directory = args.dir or Path(tempfile.mkdtemp(prefix="liasse-bench-")) / "index"
    corpus = Corpus(args.pages, args.seed)
    index = EmbeddedIndex(directory)
    index.clear()
    start = time.perf_counter()
    loaded = index.bulk_load(corpus.stream(args.pages), batch_size=args.batch_size)
    elapsed = time.perf_counter() - start
    size = sum(f.stat().st_size for f in directory.iterdir() if f.is_file())
    print(f"loaded {args.pages:,} pages in {loaded:,} documents in {elapsed:.1f} s "
          f"({args.pages / elapsed:,.0f} pages/s); index {size / 1e6:,.0f} MB in {directory}")

    sets = query_sets(corpus, args.queries, args.seed + 1)
    for query in sets["filtered"][:20]:  # warm the caches the way a running server has them
        index.search(query)
    timed("two words, dossier filter, snippets", sets["filtered"], index)
    timed("one broad word, unfiltered, top 20 + snippets", sets["broad"], index)
    timed("two common words, unfiltered, snippets", sets["two"], index)
    timed("no words, household filter (listing)", sets["list"], index)
    index.close()
    if args.dir is None:
        shutil.rmtree(directory.parent)


if __name__ == "__main__":
    main()
