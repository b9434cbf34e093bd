"""Checking a template when it is uploaded: every field known, the Jinja syntax sound.

The text of the DOCX is read paragraph by paragraph (body, tables, headers and footers), so a
problem is reported with the place a person sees in Word: "paragraph 4", "table 1, row 2,
cell 3", "footer of section 1". docxtpl's own tags (``{%p``, ``{%tr``, ``{%tc``, ``{%r``) are
read as plain Jinja tags. A field is *required* unless the template gives it a ``default`` or
only tests it (``{% if element.reference %}``: then every ``element.*`` inside): a letter
missing a required value is not made.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from jinja2 import Environment, TemplateSyntaxError, nodes

from core import InvalidInput
from letters._fields import FREE, LISTS, known_field

_DOCXTPL_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc|r)\s")
_DOCXTPL_VAR = re.compile(r"\{\{-?\s*r\s")


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One thing wrong with a template: a code, the field concerned, where it stands."""

    code: str  # unknown_field | syntax_error | not_docx
    where: str
    field: str = ""
    detail: str = ""

    def describe(self) -> str:
        what = f"unknown field {self.field!r}" if self.code == "unknown_field" else self.code
        return f"{what} in {self.where}" + (f": {self.detail}" if self.detail else "")


class TemplateRefused(InvalidInput):
    """A template that cannot be used; ``problems`` says what and where (not retried)."""

    code = "template_refused"

    def __init__(self, problems: list[TemplateProblem]) -> None:
        super().__init__("template refused: " + "; ".join(p.describe() for p in problems))
        self.problems = problems

    @property
    def payload(self) -> dict[str, object]:
        """What the API adds to its error answer: each problem's code, field and place."""
        return {"problems": [{"code": p.code, "field": p.field, "where": p.where,
                              "detail": p.detail} for p in self.problems]}


@dataclass(frozen=True, slots=True)
class TemplateFields:
    """What a sound template uses."""

    fields: tuple[str, ...]
    required: tuple[str, ...]
    free_fields: tuple[str, ...]


def check_template(data: bytes) -> TemplateFields:
    """The fields of a DOCX template, or ``TemplateRefused`` naming each problem."""
    places = list(_places(_open(data)))
    unbalanced = [TemplateProblem("syntax_error", where, detail="a tag opened and not closed "
                                  "in the same paragraph, or closed and not opened")
                  for where, text in places if not _balanced(text)]
    if unbalanced:
        raise TemplateRefused(unbalanced)
    source = "\n".join(_plain_jinja(text) for _, text in places)
    try:
        tree = Environment().parse(source)
    except TemplateSyntaxError as exc:
        where = places[exc.lineno - 1][0] if 0 < exc.lineno <= len(places) else "the document"
        raise TemplateRefused([TemplateProblem("syntax_error", where, detail=exc.message or "")
                               ]) from exc
    used = _FieldWalk()
    used.visit(tree, locals_={}, optional=False)
    problems = [TemplateProblem("unknown_field", places[line - 1][0], field=path)
                for path, line in used.unknown]
    if problems:
        raise TemplateRefused(problems)
    fields = tuple(dict.fromkeys(used.paths))
    required = tuple(p for p in fields if p in used.required)
    free = tuple(p.removeprefix(f"{FREE}.") for p in fields if p.startswith(f"{FREE}."))
    return TemplateFields(fields=fields, required=required, free_fields=free)


def _open(data: bytes) -> WordDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and key errors alike
        raise TemplateRefused([TemplateProblem("not_docx", "the file", detail=str(exc)[:200])
                               ]) from exc


def _balanced(text: str) -> bool:
    """Each ``{{`` and ``{%`` of a paragraph is closed in it (Word keeps a tag in one
    paragraph; Jinja would only notice at the end of the document)."""
    return text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}")


def _plain_jinja(text: str) -> str:
    return _DOCXTPL_VAR.sub("{{ ", _DOCXTPL_TAG.sub("{% ", text)).replace("\n", " ")


def _places(document: WordDocument) -> Iterator[tuple[str, str]]:
    """(where, text) of every paragraph a person can type fields into."""
    for number, paragraph in enumerate(document.paragraphs, start=1):
        yield f"paragraph {number}", paragraph.text
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                for paragraph in cell.paragraphs:
                    yield f"table {t}, row {r}, cell {c}", paragraph.text
    for s, section in enumerate(document.sections, start=1):
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            if not part.is_linked_to_previous:
                for paragraph in part.paragraphs:
                    yield f"{name} of section {s}", paragraph.text


class _FieldWalk:
    """Collects dotted field paths from a Jinja tree: which are used, which are required,
    which are unknown (with their line). Loop variables over a list field take its items'
    fields (``{% for m in household.members %}{{ m.full_name }}``)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.required: set[str] = set()
        self.unknown: list[tuple[str, int]] = []
        self.guarded: set[str] = set()  # fields tested by an enclosing if

    def visit(self, node: nodes.Node, *, locals_: dict[str, str], optional: bool) -> None:
        if isinstance(node, nodes.For):
            self._for(node, locals_=locals_, optional=optional)
            return
        if isinstance(node, nodes.If | nodes.CondExpr):
            self._if(node, locals_=locals_, optional=optional)
            return
        if isinstance(node, nodes.Filter) and node.name == "default":
            optional = True
        if isinstance(node, nodes.Getattr | nodes.Name):
            path = _path(node)
            if path is not None:
                self._use(path, node.lineno, locals_, optional)
                return
        for child in node.iter_child_nodes():
            self.visit(child, locals_=locals_, optional=optional)

    def _if(self, node: nodes.If | nodes.CondExpr, *, locals_: dict[str, str],
            optional: bool) -> None:
        before = len(self.paths)
        self.visit(node.test, locals_=locals_, optional=True)
        tested = set(self.paths[before:]) - self.guarded
        self.guarded |= tested
        for child in node.iter_child_nodes(exclude=("test",)):
            self.visit(child, locals_=locals_, optional=optional)
        self.guarded -= tested

    def _for(self, node: nodes.For, *, locals_: dict[str, str], optional: bool) -> None:
        self.visit(node.iter, locals_=locals_, optional=optional)
        inner = dict(locals_)
        iterated = _path(node.iter)
        if isinstance(node.target, nodes.Name) and iterated in LISTS:
            inner[node.target.name] = iterated
        for child in (*node.body, *node.else_):
            self.visit(child, locals_=inner, optional=optional)
        if node.test is not None:
            self.visit(node.test, locals_=inner, optional=True)

    def _use(self, path: str, line: int, locals_: dict[str, str], optional: bool) -> None:
        head, _, rest = path.partition(".")
        if head in locals_:
            if head == path or rest in LISTS[locals_[head]]:
                return
            self.unknown.append((path, line))
            return
        if head == "loop":
            return
        if not known_field(path):
            self.unknown.append((path, line))
            return
        self.paths.append(path)
        if not optional and not self._is_guarded(path):
            self.required.add(path)


    def _is_guarded(self, path: str) -> bool:
        """Inside ``{% if element.reference %}``, every ``element.*`` field is optional."""
        head = path.partition(".")[0]
        return any(g == path or g.partition(".")[0] == head for g in self.guarded)


def _path(node: nodes.Node) -> str | None:
    """``dossier.title`` for ``Getattr(Name(dossier), title)``; None for anything else."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    return ".".join([node.name, *reversed(parts)])
