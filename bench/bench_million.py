"""Search at scale: one million generated multilingual pages in the embedded index, then the
latency of the queries a caseworker's desk sends.

    .venv/bin/python bench/bench_million.py [--documents 200000] [--pages-per-document 5]
        [--queries 300] [--dir /tmp/liasse-million] [--keep] [--json results.json]

Loads the documents straight into an on-disk ``EmbeddedIndex`` (its bulk path, not the OCR
pipeline): text in five languages, a word box for every word, and dossier, household, person,
element, type, date, status, source and access metadata shaped like a social service's
(households of 2-5 persons, one dossier per household or so, 10% of documents filed in another
dossier but linked to a member). Then p50/p95 of each kind of query, every one as the API
sends it: restricted to a caseworker's access tokens, top 20 with snippets and word boxes,
facets where the viewer shows them. Prints the index size and what the word boxes cost.
Run on demand; never asserted in tests. Watch the disk: ~1 GB per 100,000 pages.

``--backend opensearch --opensearch-url URL`` loads the same documents into OpenSearch instead
(the adapter's rebuild path: bulk writes into a new versioned index, then the alias swap) and
times the same queries through ``OpenSearchIndex``; the index is deleted afterwards unless
``--keep``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_search import DOMAIN_WORDS, LANGUAGE_SHARE, SYLLABLES  # noqa: E402

from index import (  # noqa: E402
    EmbeddedIndex,
    IndexedDocument,
    IndexedPage,
    MemberPeriod,
    OpenSearchIndex,
    SearchIndex,
    SearchQuery,
)
from index._boxes import encode_words  # noqa: E402

DOC_TYPES = ("decision", "request", "invoice", "payslip", "letter", "report", "certificate",
             "bank-statement", "tax-return", "rental-contract")
SERVICES = ("DEM", "ENF", "LOG", "SAN", "DET")
LINES_PER_PAGE, WORDS_PER_LINE, POOL_LINES, TAIL_WORDS = 21, 12, 20_000, 20_000
DOMAIN_SHARE = 0.08
CASEWORKER = ("svc:DEM", "svc:ENF", "svc:LOG")  # sees three services of five


@dataclass(frozen=True)
class Household:
    id: int
    members: tuple[int, ...]
    dossiers: tuple[int, ...]

    @property
    def periods(self) -> tuple[MemberPeriod, ...]:
        """The members' memberships as the household view gets them: most since a year
        between 2010 and 2017 and still ongoing, every third one ended five years later."""
        periods = []
        for person in self.members:
            start = date(2010 + person % 8, 1 + person % 12, 1)
            end = date(start.year + 5, start.month, 1) if person % 3 == 0 else None
            periods.append(MemberPeriod(person, start, end))
        return tuple(periods)


class World:
    """Households, persons and dossiers; document ``n`` is the same on every call."""

    def __init__(self, documents: int, pages: int, seed: int) -> None:
        self.documents, self.pages, self.seed = documents, pages, seed
        rng = random.Random(seed)
        self.dossier_count = max(1, documents // 10)
        self.households: list[Household] = []
        person, dossier = 1, 0
        while dossier < self.dossier_count:
            members = tuple(range(person, person + rng.randint(2, 5)))
            person += len(members)
            owned = tuple(range(dossier, min(dossier + (2 if rng.random() < 0.2 else 1),
                                             self.dossier_count)))
            dossier += len(owned)
            self.households.append(Household(len(self.households) + 1, members, owned))
        self.household_of = {d: h for h in self.households for d in h.dossiers}
        self.service_of = [rng.choice(SERVICES) for _ in range(self.dossier_count)]
        self.lines = {lang: _line_pool(rng, lang) for lang in DOMAIN_WORDS}

    def document(self, document_id: int) -> IndexedDocument:
        rng = random.Random(self.seed * 1_000_003 + document_id)
        language = rng.choices(list(LANGUAGE_SHARE), weights=list(LANGUAGE_SHARE.values()))[0]
        dossier = document_id % self.dossier_count
        household = self.household_of[dossier]
        persons = set(rng.sample(household.members, k=rng.randint(1, 2)))
        if rng.random() < 0.1:  # filed in another dossier, linked to one of ours
            other = self.household_of[rng.randrange(self.dossier_count)]
            persons = {rng.choice(other.members)}
        confidential = rng.random() < 0.03
        access = (f"d:{dossier}",) if confidential else (
            "all", f"svc:{self.service_of[dossier]}", f"d:{dossier}")
        return IndexedDocument(
            document_id=document_id, title=f"{rng.choice(DOMAIN_WORDS[language])} {document_id}",
            pages=tuple(self._page(rng, language, n) for n in range(1, self.pages + 1)),
            dossier=f"{dossier:06d}", doc_type=rng.choice(DOC_TYPES),
            doc_date=date(2012, 1, 1) + timedelta(days=rng.randrange(5000))
            if rng.random() < 0.95 else None,
            language=language, household_id=household.id,
            element=f"E-{dossier:06d}-{rng.randrange(3)}", person_ids=tuple(sorted(persons)),
            service=self.service_of[dossier],
            status="review" if rng.random() < 0.02 else "active",
            source=rng.choice(("scan", "scan", "upload", "generated")), access=access)

    def stream(self) -> Iterator[IndexedDocument]:
        for document_id in range(self.documents):
            yield self.document(document_id)

    def _page(self, rng: random.Random, language: str, number: int) -> IndexedPage:
        lines, words = [], []
        for row in range(LINES_PER_PAGE):
            # one line in nine in another language: multilingual pages are common
            lang = language if rng.random() > 0.11 else rng.choice(list(DOMAIN_WORDS))
            text, placed = rng.choice(self.lines[lang])
            top = 0.06 + row * 0.042
            words.extend((w, x0, top, x1, top + 0.02) for w, x0, x1 in placed)
            lines.append(text)
        return IndexedPage(number, "\n".join(lines), tuple(words))


def _line_pool(rng: random.Random, language: str) -> list[tuple[str, list[tuple[str, float,
                                                                                  float]]]]:
    """Lines of words, each with its horizontal extent: a Zipf tail plus words of the trade."""
    tail = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(TAIL_WORDS)]
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(TAIL_WORDS)))
    pool = []
    for _ in range(POOL_LINES):
        words = [rng.choice(DOMAIN_WORDS[language]) if rng.random() < DOMAIN_SHARE else w
                 for w in rng.choices(tail, cum_weights=cumulative, k=WORDS_PER_LINE)]
        placed, x = [], 0.08
        for word in words:
            width = 0.0125 * len(word)
            placed.append((word, x, x + width))
            x += width + 0.012
        pool.append((" ".join(words), placed))
    return pool


# -- queries --------------------------------------------------------------------------------
def query_sets(world: World, count: int, seed: int) -> dict[str, list[SearchQuery]]:
    rng = random.Random(seed)
    sets: dict[str, list[SearchQuery]] = {}
    common = dict(visible_to=CASEWORKER, facets=True)
    for _ in range(count):
        document = world.document(rng.randrange(world.documents))
        page = rng.choice(document.pages).text.split()
        two = " ".join(rng.sample(page, 2))
        household = world.household_of[int(document.dossier or 0)]
        language = document.language or "fr"
        domain = DOMAIN_WORDS[language]
        typo = _typo(rng, rng.choice([w for w in domain if len(w) >= 7] or domain))
        add = sets.setdefault
        add("caseworker: 2 words + dossier, facets", []).append(
            SearchQuery(two, dossier=document.dossier, **common))  # type: ignore[arg-type]
        add("household view: 2 words + members, facets", []).append(SearchQuery(
            two, household_id=household.id, household_members=household.periods,
            **common))  # type: ignore[arg-type]
        add("household dossiers only: 2 words, facets", []).append(SearchQuery(
            two, household_id=household.id, **common))  # type: ignore[arg-type]
        add("typo word + dossier, facets", []).append(
            SearchQuery(typo, dossier=document.dossier, **common))  # type: ignore[arg-type]
        add("household listing, no words, newest first", []).append(SearchQuery(
            household_id=household.id, household_members=household.periods,
            **common))  # type: ignore[arg-type]
        add("broad: 1 common word, unfiltered, facets", []).append(
            SearchQuery(rng.choice(domain), **common))  # type: ignore[arg-type]
        add("broad: 2 common words, unfiltered", []).append(
            SearchQuery(" ".join(rng.sample(domain, 2)), visible_to=CASEWORKER))
        add("broad word, page at offset 20,000", []).append(SearchQuery(
            rng.choice(domain), offset=20_000, visible_to=CASEWORKER))
    return sets


def _typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1:]  # one letter left out


def timed(queries: list[SearchQuery], index: SearchIndex) -> dict[str, float]:
    timings, totals = [], []
    for query in queries:
        start = time.perf_counter()
        result = index.search(query)
        timings.append(time.perf_counter() - start)
        totals.append(result.total)
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49] * 1000, 2), "p95_ms": round(cuts[94] * 1000, 2),
            "median_total": statistics.median(totals)}


def box_cost(world: World, sample: int) -> dict[str, float]:
    """Bytes per page of the page text and of the encoded words and boxes (before tantivy's
    own compression of stored entries)."""
    texts = boxes = 0
    for document_id in range(min(sample, world.documents)):
        for page in world.document(document_id).pages:
            texts += len(page.text.encode("utf-8"))
            boxes += len(encode_words(page.words))
    pages = min(sample, world.documents) * world.pages
    return {"text_bytes_per_page": round(texts / pages), "words_bytes_per_page":
            round(boxes / pages)}


def load_embedded(args: argparse.Namespace, world: World,
                  report: dict[str, object]) -> tuple[SearchIndex, Path]:
    directory = args.dir or Path(tempfile.mkdtemp(prefix="liasse-million-")) / "index"
    index = EmbeddedIndex(directory)
    if not args.reuse:
        index.clear()
        start = time.perf_counter()
        index.bulk_load(world.stream(), batch_size=20_000)
        report["load_seconds"] = round(time.perf_counter() - start, 1)
    size = sum(f.stat().st_size for f in directory.iterdir() if f.is_file())
    report["index_mb"] = round(size / 1e6)
    return index, directory


def load_opensearch(args: argparse.Namespace, world: World,
                    report: dict[str, object]) -> OpenSearchIndex:
    index = OpenSearchIndex.from_url(args.opensearch_url, index_name=args.opensearch_index,
                                     timeout=120)
    if not args.reuse:
        start = time.perf_counter()
        with index.rebuilding() as fresh:
            chunk: list[IndexedDocument] = []
            for document in world.stream():
                chunk.append(document)
                if len(chunk) == 1000:
                    fresh.upsert(chunk)
                    chunk = []
            fresh.upsert(chunk)
        report["load_seconds"] = round(time.perf_counter() - start, 1)
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[args.opensearch_url])
    stats = client.indices.stats(index=args.opensearch_index, metric="store")
    report["index_mb"] = round(stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6)
    client.close()
    return index


def run_queries(index: SearchIndex, world: World, args: argparse.Namespace,
                ) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    sets = query_sets(world, args.queries, args.seed + 1)
    for query in next(iter(sets.values()))[:20]:  # warm caches as a running server has them
        index.search(query)
    for label, queries in sets.items():
        results[label] = timed(queries, index)
        print(f"{label:<46} p50 {results[label]['p50_ms']:7.2f} ms   p95 "
              f"{results[label]['p95_ms']:7.2f} ms   median total "
              f"{results[label]['median_total']:,.0f}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--pages-per-document", type=int, default=5)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--backend", choices=("embedded", "opensearch"), default="embedded")
    parser.add_argument("--opensearch-url", default="http://127.0.0.1:9250")
    parser.add_argument("--opensearch-index", default="liasse-bench")
    parser.add_argument("--dir", type=Path, help="index directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the index afterwards")
    parser.add_argument("--reuse", action="store_true", help="query an index already loaded")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    world = World(args.documents, args.pages_per_document, args.seed)
    report: dict[str, object] = {"backend": args.backend, "documents": args.documents,
                                 "pages": args.documents * args.pages_per_document}
    directory = None
    if args.backend == "opensearch":
        index: SearchIndex = load_opensearch(args, world, report)
    else:
        index, directory = load_embedded(args, world, report)
    report["boxes"] = box_cost(world, 200)
    print(json.dumps(report), flush=True)
    report["queries"] = run_queries(index, world, args)
    if args.backend == "opensearch" and not args.keep:
        assert isinstance(index, OpenSearchIndex)
        index.drop()
    index.close()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if directory is not None and args.dir is None and not args.keep:
        shutil.rmtree(directory.parent)


if __name__ == "__main__":
    main()
