"""Every report's figures over a generated catalog whose counts are known by construction
(``tests.reports.world``), on SQLite and PostgreSQL: counted as the reader may see them, with
small confidential counts withheld from those who may not see them."""

from __future__ import annotations

from datetime import date

import pytest

from core import Forbidden, InvalidInput, NotFound, SessionFactory
from core.access import Principal
from reports import ReportFilters, ReportTable, run_report
from tests.reports.world import ANA, ARCHIVIST, CLERK, OTTO, SUPERVISOR, TODAY

OPERATOR = Principal.operator("os:root")
JAN, FEB, DEC = date(2026, 1, 1), date(2026, 2, 1), date(2025, 12, 1)


def report(sessions: SessionFactory, name: str, who: Principal = OPERATOR,
           **filters: object) -> ReportTable:
    with sessions() as session:
        return run_report(session, name=name, principal=who, today=TODAY,
                          filters=ReportFilters(**filters))  # type: ignore[arg-type]


def test_documents_per_month_and_type_count_everything_for_the_operator(
        sessions: SessionFactory) -> None:
    """GIVEN the world WHEN the operator asks for documents by type THEN each month and type
    counts its documents and pages."""
    table = report(sessions, "documents")
    assert table.rows == [[DEC, "decision", 1, 1], [JAN, "decision", 3, 6],
                          [JAN, "report", 6, 6], [FEB, "decision", 9, 9],
                          [FEB, "invoice", 2, 2], [FEB, "letter", 2, 2]]


@pytest.mark.parametrize(("by", "expected"), [
    ("service", [[DEC, "DEM", 1, 1], [JAN, "DEM", 9, 12], [FEB, "", 2, 2], [FEB, "DEM", 6, 6],
                 [FEB, "SOC", 5, 5]]),
    ("element_kind", [[DEC, "", 1, 1], [JAN, "", 6, 6], [JAN, "placement", 3, 6],
                      [FEB, "", 13, 13]]),
    ("source", [[DEC, "upload", 1, 1], [JAN, "scan", 3, 6], [JAN, "upload", 6, 6],
                [FEB, "generated", 4, 4], [FEB, "upload", 9, 9]]),
    ("language", [[DEC, "", 1, 1], [JAN, "", 6, 6], [JAN, "fr", 3, 6], [FEB, "", 7, 7],
                  [FEB, "de", 2, 2], [FEB, "fr", 4, 4]]),
])
def test_documents_grouped_by_each_field(sessions: SessionFactory, by: str,
                                         expected: list[list[object]]) -> None:
    """GIVEN the world WHEN documents are grouped by service, element kind, source or
    language THEN each group counts what was generated for it."""
    assert report(sessions, "documents", by=by).rows == expected


def test_a_caseworkers_report_excludes_what_she_cannot_see(sessions: SessionFactory) -> None:
    """GIVEN ana, caseworker of DEM WHEN she asks for documents by type THEN only DEM's
    non-confidential dossiers count (no SOC, no confidential dossier, no unfiled letter),
    and nothing tells her confidential documents exist."""
    table = report(sessions, "documents", ANA)
    assert table.rows == [[DEC, "decision", 1, 1], [JAN, "decision", 3, 6],
                          [FEB, "decision", 2, 2], [FEB, "invoice", 2, 2]]
    assert [c.name for c in table.columns] == ["month", "type", "documents", "pages"]
    assert table.suppressed == 0
    soc = report(sessions, "documents", OTTO, by="service")
    assert soc.rows == [[FEB, "SOC", 5, 5]]


def test_small_confidential_counts_are_withheld_from_a_supervisor(
        sessions: SessionFactory) -> None:
    """GIVEN 6 confidential reports in January and 2 confidential decisions in February that
    the supervisor may not open WHEN she asks for documents by type THEN the 6 are told as a
    count she cannot open, the 2 (under 5) are withheld, and the report says one cell was."""
    table = report(sessions, "documents", SUPERVISOR)
    assert table.rows == [[DEC, "decision", 1, 1, 0], [JAN, "decision", 3, 6, 0],
                          [JAN, "report", 0, 0, 6], [FEB, "decision", 7, 7, None],
                          [FEB, "invoice", 2, 2, 0], [FEB, "letter", 2, 2, 0]]
    assert table.suppressed == 1 and table.small_count == 5


def test_the_period_and_service_filters(sessions: SessionFactory) -> None:
    """GIVEN the world WHEN documents are asked for February only, then for SOC only THEN
    only those count."""
    february = report(sessions, "documents", date_from=date(2026, 2, 1),
                      date_to=date(2026, 2, 28))
    assert {row[0] for row in february.rows} == {FEB}
    assert sum(int(row[2]) for row in february.rows) == 13  # type: ignore[call-overload]
    soc = report(sessions, "documents", service="SOC")
    assert soc.rows == [[FEB, "decision", 5, 5]]


def test_intake_per_day_and_clerk(sessions: SessionFactory) -> None:
    """GIVEN claire's batch (10 pages in 5 minutes, 2 documents, a quarantined file) and
    marc's (4 pages in 2 minutes, 1 document) WHEN a supervisor asks for intake THEN each day
    and clerk has its batches, files, pages, documents, quarantined files and pages per
    minute; a clerk gets the same work but no documents, as she may not read filed ones."""
    table = report(sessions, "intake", SUPERVISOR)
    assert table.rows == [[date(2026, 2, 2), "claire", 1, 2, 10, 2, 1, 2.0],
                          [date(2026, 2, 3), "marc", 1, 1, 4, 1, 0, 2.0]]
    assert report(sessions, "intake", CLERK).column("documents") == [0, 0]
    quarantine = report(sessions, "quarantine", CLERK)
    assert [row[:2] for row in quarantine.rows] == [["empty file", 1]]


def test_the_review_queue(sessions: SessionFactory) -> None:
    """GIVEN two letters waiting since 10 and 20 February and 13 documents filed that the
    supervisor may see, 10 of them by Liasse alone WHEN she asks for the review queue THEN
    2 wait, the oldest for 33 days, and 10 of 13 were filed without review."""
    row = report(sessions, "review-queue", SUPERVISOR).records()[0]
    assert row["waiting"] == 2 and row["oldest_age_days"] == 33
    assert row["filed"] == 13 and row["filed_without_review"] == 10
    assert row["share_without_review"] == pytest.approx(10 / 13, abs=1e-4)


def test_dossiers_opened_closed_reactivated_per_month(sessions: SessionFactory) -> None:
    """GIVEN dossiers opened in December, January (two, one confidential) and February, one
    closed in January and reactivated in February, another closed in February WHEN the
    operator and then ana ask THEN each month counts them; ana does not count the
    confidential dossier nor SOC's."""
    assert report(sessions, "dossiers").rows == [[DEC, 1, 0, 0, 0], [JAN, 2, 1, 0, 0],
                                                 [FEB, 1, 1, 0, 1]]
    assert report(sessions, "dossiers", ANA, by="service").rows == [
        [DEC, "DEM", 1, 0, 0, 0], [JAN, "DEM", 1, 1, 0, 0], [FEB, "DEM", 0, 1, 0, 1]]


def test_documents_per_dossier(sessions: SessionFactory) -> None:
    """GIVEN DEM-1 with 7 documents, SOC-1 with 5, DEM-SECRET 8 and DEM-2 1 WHEN the sizes
    are banded THEN the operator sees two dossiers of 1-5 and two of 6-20; ana only hers."""
    assert report(sessions, "dossier-sizes").rows == [
        ["0", 0, 0], ["1-5", 2, 6], ["6-20", 2, 15], ["21-100", 0, 0], ["101+", 0, 0]]
    assert report(sessions, "dossier-sizes", ANA).rows[1:3] == [["1-5", 1, 1],
                                                                ["6-20", 1, 7]]


def test_retention_due_holds_and_destroyed(sessions: SessionFactory) -> None:
    """GIVEN four disposition dates (one overdue), a standing and a released hold, and three
    destroyed documents under two certificates WHEN the archivist and a supervisor ask THEN
    each report counts them, the dates over the documents each may read."""
    # the archivist sees closed and archived dossiers only: DEM-2's overdue review
    assert report(sessions, "retention-due", ARCHIVIST).rows == [[2025, "review", 1, 1]]
    assert report(sessions, "retention-due", SUPERVISOR).rows == [
        [2025, "review", 1, 1], [2027, "destroy", 2, 0], [2028, "destroy", 1, 0]]
    holds = report(sessions, "legal-holds", ARCHIVIST)
    assert [row[:2] for row in holds.rows] == [["dossier", 1], ["person", 0], ["document", 0]]
    assert report(sessions, "destroyed", ARCHIVIST).rows == [[2025, 2, "#1"], [2026, 1, "#2"]]


def test_access_reads_downloads_and_break_glass(sessions: SessionFactory) -> None:
    """GIVEN ana's 4 reads (one under break-glass), 1 download and 1 break-glass grant in
    the journal WHEN a supervisor asks by service, then by person THEN they are counted."""
    by_service = report(sessions, "access", SUPERVISOR)
    assert [row[1:] for row in by_service.rows] == [["DEM", 4, 1, 1, 1]]
    by_user = report(sessions, "access", SUPERVISOR, by="user")
    assert [row[1:] for row in by_user.rows] == [["ana", 4, 1, 1, 1]]


@pytest.mark.parametrize("name", ["access", "intake", "retention-due"])
def test_reports_a_caseworker_may_not_run(sessions: SessionFactory, name: str) -> None:
    """GIVEN a caseworker WHEN she asks for the access, intake or retention report THEN she is
    refused: those are for supervisors, clerks and archivists."""
    with pytest.raises(Forbidden):
        report(sessions, name, ANA)


def test_unknown_reports_and_groupings_are_refused(sessions: SessionFactory) -> None:
    """GIVEN the registry WHEN an unknown report or grouping is asked THEN not found and
    invalid input, saying what exists."""
    with pytest.raises(NotFound, match="documents"):
        report(sessions, "nonsense")
    with pytest.raises(InvalidInput, match="element_kind"):
        report(sessions, "documents", by="colour")
