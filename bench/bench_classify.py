"""Benchmark of ``classify`` on the generated labelled corpus.

Run: ``.venv/bin/python bench/bench_classify.py [--seed N] [--train K] [--test K]``

Prints type accuracy (model trained on the training split, scored on the held-out test split,
whose wording differs; and rules+keywords only, untrained), link precision and recall (at the
dossier level; a wrong link counts against precision, a review against recall), document date
accuracy (``None`` expected when the page has no date), total accuracy on invoices, and
per-document timings.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _labelled_corpus import LabelledCorpus, LabelledDocument, generate

from classify import Classifier, TrainingExample, extract, link


def type_accuracy(classifier: Classifier, docs: tuple[LabelledDocument, ...]) -> float:
    right = 0
    errors: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        predicted = classifier.predict(doc.text).code
        right += predicted == doc.code
        if predicted != doc.code:
            errors[(doc.code, predicted)] += 1
    if errors:
        print("   most frequent confusions:",
              ", ".join(f"{a}->{b} x{n}" for (a, b), n in errors.most_common(4)))
    return right / len(docs)


def link_scores(corpus: LabelledCorpus) -> tuple[float, float, int, int]:
    linked = correct = wrong = 0
    expected = sum(d.expected_dossier_id is not None for d in corpus.documents)
    for doc in corpus.documents:
        decision = link(extract(doc.text), doc.text, corpus.candidates)
        if decision.linked:
            linked += 1
            if decision.dossier_id == doc.expected_dossier_id:
                correct += 1
            else:
                wrong += 1
                print(f"   WRONG LINK {decision.dossier_id} (expected {doc.expected_dossier_id}):"
                      f" {decision.reason} {doc.notes}")
    precision = correct / linked if linked else 1.0
    return precision, correct / expected, linked, wrong


def date_and_total(corpus: LabelledCorpus) -> tuple[float, float]:
    dates = sum(extract(d.text).document_date == d.expected_date for d in corpus.documents)
    invoices = [d for d in corpus.documents if d.expected_total is not None]
    totals = 0
    for doc in invoices:
        found = extract(doc.text).total
        totals += found is not None and found.value == doc.expected_total
    return dates / len(corpus.documents), totals / max(1, len(invoices))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--train", type=int, default=3, help="training docs per (type, lang)")
    parser.add_argument("--test", type=int, default=2, help="test docs per (type, lang)")
    args = parser.parse_args()
    corpus = generate(train_per_cell=args.train, test_per_cell=args.test, seed=args.seed)
    train, test = corpus.split("train"), corpus.split("test")
    print(f"corpus: {len(corpus.documents)} documents ({len(train)} train, {len(test)} test), "
          f"{len({d.code for d in corpus.documents})} types, "
          f"{len({d.language for d in corpus.documents})} languages, seed {args.seed}")
    print("type accuracy, rules + keywords only (untrained):")
    rules_only = type_accuracy(Classifier(), test)
    print(f"   {rules_only:.3f}")
    classifier = Classifier()
    started = time.perf_counter()
    classifier.train(TrainingExample(d.text, d.code) for d in train)
    trained_in = time.perf_counter() - started
    print(f"type accuracy, trained model (held-out test split; trained in {trained_in:.2f} s):")
    print(f"   {type_accuracy(classifier, test):.3f}")
    started = time.perf_counter()
    precision, recall, linked, wrong = link_scores(corpus)
    per_doc = (time.perf_counter() - started) / len(corpus.documents) * 1000
    print(f"link precision {precision:.3f}  recall {recall:.3f}  "
          f"({linked} linked, {wrong} wrong; extract+link {per_doc:.1f} ms/doc)")
    date_accuracy, total_accuracy = date_and_total(corpus)
    print(f"date accuracy {date_accuracy:.3f}   invoice total accuracy {total_accuracy:.3f}")
    started = time.perf_counter()
    for doc in test:
        classifier.predict(doc.text)
    print(f"predict {(time.perf_counter() - started) / len(test) * 1000:.1f} ms/doc")


if __name__ == "__main__":
    main()
