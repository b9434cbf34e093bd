"""Archival packages: an archived dossier as a BagIt bag (RFC 8493), written with bagit-python.

    bag/
      bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
      data/objects/<document>/original.<ext>   the original bytes (archived copy)
      data/objects/<document>/archival.pdf     PDF/A-2b rendition with text layer
      data/objects/<document>/text/page-NNNN.txt   the text of each page (OCR or text layer)
      data/metadata/dossier.json   the dossier, its household, persons, elements, documents
      data/metadata/mets.xml       structural map: dossier -> documents -> files, SHA-256s
      data/metadata/premis.xml     objects with fixity, and events (ingest, OCR,
                                   classification, linking, fixity checks, access, lifecycle)
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import bagit
from sqlmodel import Session, col, select

from core import Conflict, FixityError, InvalidInput
from core.catalog import (
    Actor,
    ArchivedObject,
    Document,
    Dossier,
    DossierStatus,
    Page,
    append_event,
    queries,
    utcnow,
)
from retention._events import package_events
from retention._mets import DocumentEntry, PackageFile, mets_xml, premis_xml
from retention._package_metadata import dossier_metadata
from storage import BlobStore


@dataclass(frozen=True)
class BagReport:
    path: Path
    documents: int
    files: int


def _write(folder: Path, relative: str, data: bytes) -> tuple[str, int]:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest(), len(data)


def _checked(blobs: BlobStore, key: str, expected: str) -> bytes:
    data = blobs.get(key)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise FixityError(f"{key} hashes to {actual}, the catalog recorded {expected}: "
                          "the package is not written (run `liasse fixity`)")
    return data


def _document_files(session: Session, blobs: BlobStore, document: Document,
                    folder: Path) -> list[PackageFile]:
    assert document.id is not None
    doc, base = f"doc{document.id}", f"objects/{document.id}"
    copies = {o.kind: o for o in session.exec(select(ArchivedObject).where(
        ArchivedObject.document_id == document.id))}
    source = copies["original"].key if "original" in copies else document.original_key
    ext = mimetypes.guess_extension(document.mime_type) or ".bin"
    data = _checked(blobs, source, document.original_sha256)
    files = [PackageFile(f"{doc}-original", f"{base}/original{ext}", "ORIGINAL",
                         document.mime_type, *_write(folder, f"{base}/original{ext}", data))]
    if "pdfa" in copies:
        pdfa = _checked(blobs, copies["pdfa"].key, copies["pdfa"].sha256)
        files.append(PackageFile(f"{doc}-pdfa", f"{base}/archival.pdf", "PRESERVATION",
                                 "application/pdf", *_write(folder, f"{base}/archival.pdf", pdfa)))
    for page in session.exec(select(Page).where(Page.document_id == document.id)
                             .order_by(col(Page.number))):
        relative = f"{base}/text/page-{page.number:04d}.txt"
        files.append(PackageFile(f"{doc}-text-{page.number}", relative, "TEXT",
                                 "text/plain", *_write(folder, relative,
                                                       page.text.encode("utf-8"))))
    return files


def export_bag(session: Session, blobs: BlobStore, *, number: str, target: Path,
               actor: Actor) -> BagReport:
    """Write the archived dossier ``number`` as a bag in the empty (or new) folder ``target``;
    every byte copied is checked against the catalog's SHA-256 first. Journaled."""
    dossier = queries.dossier_by_number(session, number=number)
    if dossier.status != DossierStatus.archived:
        raise Conflict(f"dossier {number} is {dossier.status}: only an archived dossier is "
                       "packaged")
    if target.exists() and any(target.iterdir()):
        raise InvalidInput(f"{target} is not empty")
    payload = target
    payload.mkdir(parents=True, exist_ok=True)
    documents = list(session.exec(select(Document).where(Document.dossier_id == dossier.id)
                                  .order_by(col(Document.id))))
    entries = [DocumentEntry(d.id or 0, d.title, tuple(_document_files(session, blobs, d,
                                                                       payload)))
               for d in documents]
    files = [f for entry in entries for f in entry.files]
    created = utcnow()
    _write(payload, "metadata/dossier.json", json.dumps(
        dossier_metadata(session, dossier), ensure_ascii=False, indent=2,
        default=str).encode("utf-8"))
    _write(payload, "metadata/mets.xml", mets_xml(
        label=f"Dossier {dossier.number} {dossier.title}", documents=entries, created=created))
    events = package_events(session, dossier=dossier, documents=documents, files=files,
                            exported_at=created, actor=actor.username)
    _write(payload, "metadata/premis.xml", premis_xml(files=files, events=events))
    bagit.make_bag(str(target), _bag_info(dossier, created), checksums=["sha256"])
    append_event(session, actor=actor, action="dossier.export", entity_type="dossier",
                 entity_id=dossier.number, dossier_id=dossier.id, person_id=dossier.person_id,
                 after={"documents": len(documents), "files": len(files)})
    return BagReport(path=target, documents=len(documents), files=len(files))


def _bag_info(dossier: Dossier, created: datetime) -> dict[str, Any]:
    return {"Source-Organization": "Liasse", "Bagging-Date": created.date().isoformat(),
            "External-Identifier": f"dossier:{dossier.number}",
            "External-Description": f"Archived dossier {dossier.number}: {dossier.title}",
            "Bag-Group-Identifier": dossier.service or "none"}


def validate_bag(path: Path) -> tuple[bool, str]:
    """Validate a bag (every checksum recomputed): (valid, why)."""
    try:
        bagit.Bag(str(path)).validate(completeness_only=False)
    except bagit.BagError as exc:
        return False, str(exc)
    return True, "valid: every payload and tag file matches its SHA-256"
