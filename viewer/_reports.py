"""The reports screen: pick a report, a period, a service and a grouping; see the table and
its chart (SVG drawn here); download it as CSV or XLSX labelled in the reader's language.
The figures come from the API's own route function (same permissions, same journal)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from api import GuardDep
from core import Forbidden
from reports import (
    CSV_TYPE,
    REPORTS,
    XLSX_TYPE,
    ReportTable,
    cell_text,
    filename,
    may_run,
    to_csv,
    to_xlsx,
)
from viewer._api import FiltersDep, read_report
from viewer._chart import bar_chart
from viewer._i18n import language_of, translator
from viewer._render import render

router = APIRouter()
Name = Annotated[str, Path(max_length=40, pattern=r"^[a-z-]+$")]


def runnable(guard: GuardDep) -> list[str]:
    return [name for name, spec in REPORTS.items() if may_run(spec, guard.principal)]


def download(request: Request, table: ReportTable, extension: str) -> Response:
    """``table`` as a file, its headings in the reader's language."""
    t = translator(language_of(request))
    content, media = ((to_xlsx(table, t), XLSX_TYPE) if extension == "xlsx"
                      else (to_csv(table, t), CSV_TYPE))
    return Response(content, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{filename(table, extension)}"'})


@router.get("/reports")
def reports_home(guard: GuardDep) -> Response:
    names = runnable(guard)
    if not names:
        raise Forbidden("no report is open to your roles")
    return RedirectResponse(f"/reports/{names[0]}", status_code=303)


@router.get("/reports/{name}.csv")
def report_csv(request: Request, guard: GuardDep, name: Name, filters: FiltersDep) -> Response:
    return download(request, read_report(name, guard, filters), "csv")


@router.get("/reports/{name}.xlsx")
def report_xlsx(request: Request, guard: GuardDep, name: Name,
                filters: FiltersDep) -> Response:
    return download(request, read_report(name, guard, filters), "xlsx")


@router.get("/reports/{name}")
def report_screen(request: Request, guard: GuardDep, name: Name,
                  filters: FiltersDep) -> Response:
    table = read_report(name, guard, filters)
    t = translator(language_of(request))
    query = request.url.query
    return render(request, "reports.html", guard=guard, table=table, names=runnable(guard),
                  spec=REPORTS[name], chart=bar_chart(table, t), cell=cell_text,
                  query=f"?{query}" if query else "")
