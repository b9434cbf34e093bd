"""The structural map (METS) and the provenance events (PREMIS) of an archival package.

Plain data in, XML bytes out. ``PackageFile`` paths are relative to the bag's ``data/``
folder; ``Event`` values come from the audit journal and the pipeline's own facts (how each
page's text was obtained, why a type and a link were chosen) and from the checks made while
the package was written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

METS = "http://www.loc.gov/METS/"
PREMIS = "http://www.loc.gov/premis/v3"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("mets", METS)
ET.register_namespace("premis", PREMIS)
ET.register_namespace("xlink", XLINK)


@dataclass(frozen=True)
class PackageFile:
    id: str                 # e.g. "doc12-original"
    path: str               # relative to data/, e.g. "objects/12/original.pdf"
    use: str                # ORIGINAL, PRESERVATION, TEXT
    mime_type: str
    sha256: str
    size: int


@dataclass(frozen=True)
class DocumentEntry:
    document_id: int
    label: str
    files: tuple[PackageFile, ...]


@dataclass(frozen=True)
class Event:
    type: str               # ingestion, ocr, classification, linking, fixity check, access...
    at: datetime
    detail: str
    outcome: str = "success"
    agent: str = "liasse"
    objects: tuple[str, ...] = field(default=())   # PackageFile ids or "document:N"


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{PREMIS}}}{tag}"


def _iso(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def mets_xml(*, label: str, documents: Sequence[DocumentEntry], created: datetime) -> bytes:
    root = ET.Element(_m("mets"), {"LABEL": label, "TYPE": "dossier",
                                   "PROFILE": "liasse-dossier-1"})
    ET.SubElement(root, _m("metsHdr"), {"CREATEDATE": _iso(created)})
    dmd = ET.SubElement(root, _m("dmdSec"), {"ID": "dmd-dossier"})
    ET.SubElement(dmd, _m("mdRef"), {"LOCTYPE": "URL", "MDTYPE": "OTHER",
                                     "OTHERMDTYPE": "LIASSE-JSON",
                                     f"{{{XLINK}}}href": "metadata/dossier.json"})
    amd = ET.SubElement(root, _m("amdSec"), {"ID": "amd-premis"})
    digiprov = ET.SubElement(amd, _m("digiprovMD"), {"ID": "premis"})
    ET.SubElement(digiprov, _m("mdRef"), {"LOCTYPE": "URL", "MDTYPE": "PREMIS",
                                          f"{{{XLINK}}}href": "metadata/premis.xml"})
    file_sec = ET.SubElement(root, _m("fileSec"))
    groups: dict[str, ET.Element] = {}
    for document in documents:
        for item in document.files:
            group = groups.get(item.use)
            if group is None:
                group = groups[item.use] = ET.SubElement(file_sec, _m("fileGrp"),
                                                         {"USE": item.use})
            element = ET.SubElement(group, _m("file"), {
                "ID": item.id, "MIMETYPE": item.mime_type, "SIZE": str(item.size),
                "CHECKSUM": item.sha256, "CHECKSUMTYPE": "SHA-256"})
            ET.SubElement(element, _m("FLocat"), {"LOCTYPE": "URL",
                                                  f"{{{XLINK}}}href": item.path})
    _struct_map(root, label, documents)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _struct_map(root: ET.Element, label: str, documents: Sequence[DocumentEntry]) -> None:
    struct = ET.SubElement(root, _m("structMap"), {"TYPE": "logical"})
    top = ET.SubElement(struct, _m("div"), {"TYPE": "dossier", "LABEL": label,
                                            "DMDID": "dmd-dossier", "ADMID": "premis"})
    for order, document in enumerate(documents, start=1):
        div = ET.SubElement(top, _m("div"), {"TYPE": "document", "ORDER": str(order),
                                             "ID": f"document-{document.document_id}",
                                             "LABEL": document.label})
        for item in document.files:
            ET.SubElement(div, _m("fptr"), {"FILEID": item.id})


def premis_xml(*, files: Sequence[PackageFile], events: Sequence[Event]) -> bytes:
    root = ET.Element(_p("premis"), {"version": "3.0"})
    for item in files:
        obj = ET.SubElement(root, _p("object"))
        obj.set("{http://www.w3.org/2001/XMLSchema-instance}type", "premis:file")
        _identifier(obj, "objectIdentifier", "local", item.id)
        chars = ET.SubElement(obj, _p("objectCharacteristics"))
        fixity = ET.SubElement(chars, _p("fixity"))
        ET.SubElement(fixity, _p("messageDigestAlgorithm")).text = "SHA-256"
        ET.SubElement(fixity, _p("messageDigest")).text = item.sha256
        ET.SubElement(chars, _p("size")).text = str(item.size)
        fmt = ET.SubElement(ET.SubElement(chars, _p("format")), _p("formatDesignation"))
        ET.SubElement(fmt, _p("formatName")).text = item.mime_type
        ET.SubElement(ET.SubElement(obj, _p("storage")), _p("contentLocation")).text = item.path
    for number, event in enumerate(events, start=1):
        _event(root, number, event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _identifier(parent: ET.Element, tag: str, kind: str, value: str) -> None:
    ident = ET.SubElement(parent, _p(tag))
    prefix = tag.removesuffix("Identifier")
    ET.SubElement(ident, _p(f"{prefix}IdentifierType")).text = kind
    ET.SubElement(ident, _p(f"{prefix}IdentifierValue")).text = value


def _event(root: ET.Element, number: int, event: Event) -> None:
    element = ET.SubElement(root, _p("event"))
    _identifier(element, "eventIdentifier", "local", f"event-{number}")
    ET.SubElement(element, _p("eventType")).text = event.type
    ET.SubElement(element, _p("eventDateTime")).text = _iso(event.at)
    ET.SubElement(ET.SubElement(element, _p("eventDetailInformation")),
                  _p("eventDetail")).text = event.detail
    ET.SubElement(ET.SubElement(element, _p("eventOutcomeInformation")),
                  _p("eventOutcome")).text = event.outcome
    _identifier(element, "linkingAgentIdentifier", "local", event.agent)
    for obj in event.objects:
        _identifier(element, "linkingObjectIdentifier", "local", obj)
