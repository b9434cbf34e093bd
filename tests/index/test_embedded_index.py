"""What the embedded (tantivy) index adds to the SearchIndex contract: a directory shared by
several objects and processes, its writer lock, reopening, and the bulk path."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
import tantivy

from core import InvalidInput, SearchBackendError
from index import EmbeddedIndex, IndexedDocument, IndexedPage, SearchIndex, SearchQuery

ROOT = Path(__file__).resolve().parents[2]


def document(document_id: int, text: str, language: str = "fr") -> IndexedDocument:
    return IndexedDocument(document_id, f"Document {document_id}",
                           (IndexedPage(1, text),), language=language)


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def opened(directory: Path) -> Iterator[EmbeddedIndex]:
    index = EmbeddedIndex(directory, lock_timeout=5)
    yield index
    index.close()


@pytest.fixture
def held_writer(opened: EmbeddedIndex, directory: Path) -> Iterator[tantivy.IndexWriter]:
    """The directory's writer lock, held as another process would hold it."""
    writer = tantivy.Index.open(str(directory)).writer(heap_size=15_000_000, num_threads=1)
    yield writer
    with suppress(RuntimeError):  # already released by the test
        writer.wait_merging_threads()


def test_is_a_search_index() -> None:
    assert isinstance(EmbeddedIndex(None), SearchIndex)


def test_a_write_through_one_object_is_seen_by_another(directory: Path) -> None:
    """GIVEN two EmbeddedIndex objects opened on the same directory
    WHEN each writes in turn
    THEN each sees the other's writes as soon as the call returns (the lock is not kept)."""
    first, second = EmbeddedIndex(directory), EmbeddedIndex(directory)

    first.upsert([document(1, "décision de placement")])
    assert [h.document for h in second.search(SearchQuery(text="decision")).hits] == [1]

    second.upsert([document(2, "autre décision")])
    second.delete([1])
    assert first.document_ids() == {2}


def test_a_write_from_another_process_is_seen(opened: EmbeddedIndex, directory: Path) -> None:
    """GIVEN an index opened in this process (like the API)
    WHEN another process (like a worker) upserts a document
    THEN this process finds it on its next search."""
    opened.upsert([document(1, "premier")])
    script = textwrap.dedent(f"""
        from pathlib import Path
        from index import EmbeddedIndex, IndexedDocument, IndexedPage
        index = EmbeddedIndex(Path({str(directory)!r}))
        index.upsert([IndexedDocument(2, "t", (IndexedPage(1, "Verfügungen"),), language="de")])
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=60)

    assert [h.document for h in opened.search(SearchQuery(text="verfugung")).hits] == [2]
    assert opened.document_ids() == {1, 2}


def test_a_write_gives_up_while_another_writer_holds_the_lock(
    directory: Path, held_writer: tantivy.IndexWriter
) -> None:
    """GIVEN another writer holding the directory's lock
    WHEN a write is attempted with a short lock timeout
    THEN it fails with SearchBackendError naming the cause, after retrying."""
    impatient = EmbeddedIndex(directory, lock_timeout=0.1)

    with pytest.raises(SearchBackendError, match="another process"):
        impatient.upsert([document(1, "texte")])

    assert impatient.search(SearchQuery(text="texte")).total == 0


def test_a_write_waits_for_the_lock_to_be_released(
    opened: EmbeddedIndex, held_writer: tantivy.IndexWriter
) -> None:
    """GIVEN another writer holding the lock, which it releases shortly after
    WHEN a write is attempted with a generous timeout
    THEN the write waits, then succeeds."""
    release = threading.Timer(0.2, held_writer.wait_merging_threads)
    release.start()

    opened.upsert([document(1, "patience")])

    release.join()
    assert opened.document_ids() == {1}


def test_reopening_keeps_documents_and_language_analysis(directory: Path) -> None:
    """GIVEN a directory index written and closed
    WHEN it is opened again
    THEN its documents are there and stemming still works (analyzers re-registered)."""
    with EmbeddedIndex(directory) as index:
        index.upsert([document(1, "Die Verfügungen", language="de")])

    with EmbeddedIndex(directory) as reopened:
        reopened.upsert([document(2, "Neue Verfügungen", language="de")])
        result = reopened.search(SearchQuery(text="Verfugung"))

    assert result.total == 2


def test_a_directory_of_another_schema_is_refused_with_a_hint(directory: Path) -> None:
    """GIVEN a directory holding a tantivy index with another schema
    WHEN it is opened
    THEN SearchBackendError says to rebuild it."""
    directory.mkdir()
    other = tantivy.SchemaBuilder().add_text_field("body", stored=True).build()
    tantivy.Index(other, path=str(directory))

    with pytest.raises(SearchBackendError, match="reindex"):
        EmbeddedIndex(directory)


def test_a_closed_index_refuses_calls() -> None:
    index = EmbeddedIndex(None)
    index.close()
    index.close()

    with pytest.raises(SearchBackendError, match="closed"):
        index.search(SearchQuery(text="x"))


def test_bulk_load_commits_in_batches_and_replaces(opened: EmbeddedIndex) -> None:
    """GIVEN an index holding an old version of document 3
    WHEN 25 documents are bulk loaded in batches of 10
    THEN all 25 are searchable, document 3 only in its new version."""
    opened.upsert([document(3, "ancienne version")])

    loaded = opened.bulk_load((document(n, f"lettre numéro {n}") for n in range(25)),
                              batch_size=10)

    assert loaded == 25
    assert opened.document_ids() == set(range(25))
    assert opened.search(SearchQuery(text="lettre")).total == 25
    assert opened.search(SearchQuery(text="ancienne")).total == 0


def test_bulk_load_refuses_an_empty_batch(opened: EmbeddedIndex) -> None:
    with pytest.raises(InvalidInput):
        opened.bulk_load([], batch_size=0)


def test_a_hit_matching_only_the_title_has_no_page(opened: EmbeddedIndex) -> None:
    """GIVEN a document whose title holds a word its pages do not
    WHEN searching that word
    THEN the document is found, without a page or snippet."""
    opened.upsert([IndexedDocument(1, "Rapport d'évaluation", (IndexedPage(1, "Texte."),))])

    (hit,) = opened.search(SearchQuery(text="evaluation")).hits

    assert (hit.page, hit.snippet) == (None, "")


def test_the_snippet_shows_where_most_query_words_meet(opened: EmbeddedIndex) -> None:
    """GIVEN a long page where "loyer" appears alone early and next to "caution" much later
    WHEN searching both words
    THEN the snippet shows the later passage with both words marked."""
    filler = " ".join(["texte sans rapport"] * 80)
    page = f"Le loyer de mars. {filler} Le loyer et la caution sont dus. {filler}"
    opened.upsert([document(1, page)])

    (hit,) = opened.search(SearchQuery(text="loyer caution")).hits

    assert "<mark>loyer</mark> et la <mark>caution</mark>" in hit.snippet


def test_an_oversized_limit_is_invalid_input(opened: EmbeddedIndex) -> None:
    with pytest.raises(InvalidInput):
        opened.search(SearchQuery(text="x", limit=1_000_000))
