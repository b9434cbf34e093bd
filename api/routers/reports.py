"""Reports: the figures a service owes its council, as JSON (a typed table) or as a CSV or
XLSX file with the filters in its header rows. Each report counts only what the reader may
see; reading one is journaled."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api._guard import GuardDep
from core import InvalidInput, NotFound
from reports import (
    CSV_TYPE,
    REPORTS,
    XLSX_TYPE,
    ReportFilters,
    ReportTable,
    filename,
    run_report,
    to_csv,
    to_xlsx,
)

router = APIRouter(prefix="/reports", tags=["reports"])


class ReportInfo(BaseModel):
    name: str
    title: str
    by: list[str]


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None  # an empty form field: no bound
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} takes a date as YYYY-MM-DD, not {value!r}") from exc


def report_filters(date_from: Annotated[str | None, Query(alias="from", max_length=10,
                                                          description="YYYY-MM-DD")] = None,
                   date_to: Annotated[str | None, Query(alias="to", max_length=10,
                                                        description="YYYY-MM-DD")] = None,
                   service: Annotated[str | None, Query(max_length=64)] = None,
                   by: Annotated[str | None, Query(max_length=40)] = None) -> ReportFilters:
    """The filters; empty values (a form's blank fields) mean no filter."""
    return ReportFilters(date_from=_day(date_from, "from"), date_to=_day(date_to, "to"),
                         service=service or None, by=by or None)


FiltersDep = Annotated[ReportFilters, Depends(report_filters)]


def read_report(guard: GuardDep, name: str, filters: ReportFilters) -> ReportTable:
    """Run report ``name`` for the guard's person and journal that it was read."""
    if name not in REPORTS:
        raise NotFound(f"no report {name!r} (reports: {', '.join(REPORTS)})")
    table = run_report(guard.session, name=name, principal=guard.principal, filters=filters)
    guard.record(action="report.read", entity_type="report", entity_id=name,
                 after=filters.model_dump(mode="json", exclude_defaults=True))
    return table


def attachment(content: bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("", response_model=list[ReportInfo])
def list_reports() -> list[ReportInfo]:
    """The reports and what each may be grouped by (``by``)."""
    return [ReportInfo(name=s.name, title=s.title, by=list(s.by)) for s in REPORTS.values()]


@router.get("/{name}.xlsx", response_class=Response,
            responses={200: {"content": {XLSX_TYPE: {}}}})
def report_xlsx(name: str, guard: GuardDep, filters: FiltersDep) -> Response:
    table = read_report(guard, name, filters)
    return attachment(to_xlsx(table), XLSX_TYPE, filename(table, "xlsx"))


@router.get("/{name}.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def report_csv(name: str, guard: GuardDep, filters: FiltersDep) -> Response:
    table = read_report(guard, name, filters)
    return attachment(to_csv(table), CSV_TYPE, filename(table, "csv"))


@router.get("/{name}", response_model=ReportTable)
def report_json(name: str, guard: GuardDep, filters: FiltersDep) -> ReportTable:
    """The report as a typed table: ``columns`` (name and kind) and ``rows`` of cells."""
    return read_report(guard, name, filters)
