"""Reports at scale: every report over a PostgreSQL catalog of generated documents (default one
million), timed as the operator, a supervisor (who gets confidential totals with small counts
withheld: the heaviest form) and a caseworker of two services.

    .venv/bin/python bench/bench_reports.py [--documents 1000000] [--repeat 3]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--keep] [--json F]

Creates a database of its own on the server, migrates it, and fills it in SQL
(``INSERT ... SELECT generate_series``: seconds, not the ORM's hours): one dossier per 20
documents over five services (3% confidential, a third closed or archived), documents over
three years of ten types, five languages and three sources (2% unfiled in review), one batch
item per 10 documents, a disposition date for 40%, a journal read per 5 documents, lifecycle
steps, holds and destruction records. Then each report's median and first time. Run on
demand; never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core import SessionFactory, make_engine, upgrade  # noqa: E402
from core.access import Principal  # noqa: E402
from core.catalog import Role  # noqa: E402
from reports import REPORTS, ReportFilters, run_report  # noqa: E402

TYPES = "ARRAY['decision','request','invoice','payslip','letter','report','certificate'," \
        "'bank-statement','tax-return','rental-contract']"
SERVICES = "ARRAY['DEM','ENF','LOG','SAN','DET']"
READERS = {
    "operator": Principal.operator("os:bench"),
    "supervisor": Principal(username="sue", roles=frozenset({Role.supervisor})),
    "caseworker": Principal(username="ana", roles=frozenset({Role.caseworker}),
                            departments=frozenset({"DEM", "ENF"}), assigned=frozenset({7, 77})),
}


def _statements(documents: int) -> list[str]:
    """The INSERT ... SELECTs that generate the catalog."""
    dossiers, items = max(documents // 20, 1), max(documents // 10, 1)
    return [
        f"""INSERT INTO dossier (number, title, service, status, sensitivity, opened_on,
            created_at) SELECT 'D-' || g, 'Dossier ' || g, ({SERVICES})[1 + g % 5],
            (ARRAY['open','open','closed','archived','open','open'])[1 + g % 6],
            CASE WHEN g % 33 = 0 THEN 'confidential' ELSE 'normal' END,
            DATE '2016-01-01' + (g * 7919 % 3800), now() FROM generate_series(1, {dossiers}) g""",
        f"""INSERT INTO batch (source, created_by, status, created_at)
            SELECT 'api', 'clerk' || (g % 6), 'done', TIMESTAMPTZ '2024-01-01' + (g % 1090)
            * INTERVAL '1 day' FROM generate_series(1, {max(items // 10, 1)}) g""",
        f"""INSERT INTO batch_item (batch_id, filename, size, sha256, original_key, status,
            pages_total, pages_done, started_at, finished_at, reason)
            SELECT 1 + (g - 1) / 10, 'f' || g || '.pdf', 1000, md5(g::text), 'k',
            CASE WHEN g % 50 = 0 THEN 'quarantined' ELSE 'done' END, 1 + g % 9, 1 + g % 9,
            TIMESTAMPTZ '2024-01-01' + ((g - 1) / 100 % 1090) * INTERVAL '1 day',
            TIMESTAMPTZ '2024-01-01' + ((g - 1) / 100 % 1090) * INTERVAL '1 day'
              + (1 + g % 9) * INTERVAL '20 seconds',
            CASE WHEN g % 50 = 0 THEN (ARRAY['empty file','not a PDF','encrypted'])[1 + g % 3]
            END FROM generate_series(1, {items}) g""",
        f"""INSERT INTO document (title, dossier_id, doc_type, doc_date, language, status,
            source, confidential, original_sha256, original_key, original_filename, mime_type,
            part, first_page, page_count, created_at, batch_item_id, link_made_by)
            SELECT 'Document ' || g, CASE WHEN g % 50 = 0 THEN NULL ELSE 1 + g * 31 % {dossiers}
            END, ({TYPES})[1 + g * 13 % 10], DATE '2024-01-01' + (g % 1095),
            (ARRAY['fr','de','it','nl','en'])[1 + g * 7 % 5],
            CASE WHEN g % 50 = 0 THEN 'review' ELSE 'active' END,
            (ARRAY['scan','upload','generated'])[1 + g % 3], g % 97 = 0,
            md5(g::text) || md5((-g)::text), 'originals/' || g, 'f.pdf', 'application/pdf', 0, 1,
            1 + g % 7, TIMESTAMPTZ '2024-01-01' + (g % 1095) * INTERVAL '1 day'
              + (g % 600) * INTERVAL '1 minute', 1 + (g - 1) % {items},
            CASE WHEN g % 4 = 0 THEN 'person:clerk' ELSE 'liasse' END
            FROM generate_series(1, {documents}) g""",
        f"""INSERT INTO document_retention (document_id, action, disposition_on, reason,
            computed_at) SELECT g, CASE WHEN g % 3 = 0 THEN 'review' ELSE 'destroy' END,
            DATE '2024-01-01' + (g * 17 % 4000), '', now()
            FROM generate_series(1, {documents}) g WHERE g % 5 < 2""",
        f"""INSERT INTO audit_event (seq, at, username, action, entity_type, entity_id,
            dossier_id, reason, flagged, prev_hash, hash)
            SELECT g, TIMESTAMPTZ '2025-01-01' + (g % 700) * INTERVAL '1 day', 'user' || (g % 40),
            CASE WHEN g % 250 = 0 THEN 'dossier.break_glass' WHEN g % 7 = 0
            THEN 'document.download' ELSE 'document.view' END, 'document', g::text,
            1 + g % {dossiers}, '', g % 250 = 0, repeat('0', 64), md5(g::text) || md5(g::text)
            FROM generate_series(1, {max(documents // 5, 1)}) g""",
        f"""INSERT INTO dossier_lifecycle (dossier_id, action, "on", by, reason, at)
            SELECT g, (ARRAY['closed','archived','reactivated'])[1 + g % 3],
            DATE '2020-01-01' + (g % 2200), 'sue', 'bench', now()
            FROM generate_series(1, {dossiers}) g WHERE g % 3 <> 1""",
        """INSERT INTO legal_hold (scope, dossier_id, reason, placed_by, placed_at, release_reason)
            SELECT 'dossier', g, 'bench', 'sue', now(), '' FROM generate_series(1, 100) g""",
        f"""INSERT INTO destruction_record (certificate_id, list_id, document_id,
            dossier_number, title, original_sha256, objects, schedule_code, rule, proposed_by,
            approved_by, destroyed_by, destroyed_at) SELECT 1 + g / 500, 1 + g / 500,
            10000000 + g, '', '', 'x', '[]', '', '', 'a', 'b', 'a',
            TIMESTAMPTZ '2022-01-01' + (g % 1400) * INTERVAL '1 day'
            FROM generate_series(1, {max(documents // 100, 1)}) g""",
    ]


def fill(url: str, documents: int) -> None:
    """The generated catalog, in SQL on the server, then VACUUM ANALYZE."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in _statements(documents):
            conn.execute(text(statement))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def time_reports(url: str, repeat: int) -> dict[str, dict[str, float]]:
    engine = make_engine(url)
    sessions = SessionFactory(engine)
    results: dict[str, dict[str, float]] = {}
    for name, spec in REPORTS.items():
        for reader, principal in READERS.items():
            runs: list[float] = []
            rows = 0
            for _ in range(repeat):
                with sessions() as session:
                    start = time.perf_counter()
                    try:
                        table = run_report(session, name=name, principal=principal,
                                           filters=ReportFilters(by=spec.by[0] if spec.by
                                                                 else None))
                    except Exception as exc:  # a report this reader may not run
                        runs = []
                        print(f"{name:14} {reader:10}  refused ({type(exc).__name__})")
                        break
                    runs.append(time.perf_counter() - start)
                    rows = len(table.rows)
            if runs:
                results[f"{name}/{reader}"] = {"first_s": runs[0],
                                               "median_s": statistics.median(runs),
                                               "rows": rows}
                print(f"{name:14} {reader:10} first {runs[0]:6.3f} s  median "
                      f"{statistics.median(runs):6.3f} s  ({rows} rows)", flush=True)
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="a server's maintenance database (a bench database is created)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    name = f"liasse_bench_reports_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        start = time.perf_counter()
        fill(url, args.documents)
        print(f"filled {args.documents:,} documents in {time.perf_counter() - start:.1f} s")
        results = time_reports(url, args.repeat)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
