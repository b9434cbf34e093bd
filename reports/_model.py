"""What every report and every exported list is: typed columns, rows of typed cells, and the
filters that produced them (written into the header rows of an export)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

Cell = date | datetime | int | float | str | None


class Kind(StrEnum):
    """A column's type: how it is written to XLSX (dates as dates, numbers as numbers)."""

    text = "text"
    int = "int"
    float = "float"
    date = "date"          # a day
    month = "month"        # the first day of the month, shown as YYYY-MM
    year = "year"          # an integer year
    datetime = "datetime"


class Column(BaseModel):
    name: str = Field(description="A code, labelled in the reader's language at the edge")
    kind: Kind


class ReportFilters(BaseModel):
    """What the reader asked for. ``service`` is the dossier's service (department)."""

    date_from: date | None = None
    date_to: date | None = None
    service: str | None = None
    by: str | None = None
    criteria: dict[str, str] = Field(default_factory=dict,
                                     description="A list's own filters (query, household...)")

    def header(self) -> list[tuple[str, str]]:
        """The filters as (name, value) pairs, for an export's header rows."""
        pairs = [("from", self.date_from), ("to", self.date_to), ("service", self.service),
                 ("by", self.by)]
        return [*((name, "" if value is None else str(value)) for name, value in pairs),
                *sorted(self.criteria.items())]


class ReportTable(BaseModel):
    """One report's answer. ``suppressed``: cells left empty because they counted fewer
    confidential items than ``small_count`` that the reader may not see."""

    report: str
    title: str = Field(description="A message code, e.g. report.documents")
    columns: list[Column]
    rows: list[list[Cell]]
    filters: ReportFilters = Field(default_factory=ReportFilters)
    generated_at: datetime
    generated_by: str = ""
    suppressed: int = 0
    small_count: int = 0

    def column(self, name: str) -> list[Cell]:
        index = [c.name for c in self.columns].index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Cell]]:
        names = [c.name for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]
