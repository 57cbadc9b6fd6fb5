"""Downloading a page (图档调阅 with the download permission): its stored bytes, unchanged, audited."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archivist_desktop.domain.permissions import Permission
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.page_bytes import bytes_of_page
from archivist_desktop.services.scope import require_page
from archivist_desktop.services.users import UserInfo, require
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import ChecklistItem, Page


@dataclass(frozen=True)
class Download:
    page_id: str
    sha256: str
    size: int
    media_type: str
    out: Path

    def to_json(self) -> dict:
        return {
            "page": self.page_id,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "out": str(self.out),
        }


def readable_page(
    archive: Archive, user: UserInfo, page_id: str, permission: Permission
) -> tuple[Page, ChecklistItem, bytes]:
    """A page, its checklist item and its stored bytes, for a person with ``permission`` on the page's
    document type and the page in their unit (bytes fetched from the centre and hash-checked when this
    station has only the row)."""
    with archive.read_session() as s:
        page = s.get(Page, page_id)
        item = s.get(ChecklistItem, page.item_id) if page else None
    if page is None or item is None:
        raise KnownError(f"no page {page_id}")
    require(archive, user, item.document_type, permission, item)
    require_page(archive, user, page_id)
    return page, item, bytes_of_page(archive, page)


def write_whole(data: bytes, out: Path, prefix: str) -> None:
    """Write ``data`` to ``out`` all at once (a temporary file beside it, then renamed): never half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, dir=out.parent if str(out.parent) else ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except OSError as exc:
        raise KnownError(f"cannot write {out}: {exc.strerror or exc}") from exc


def download_page(archive: Archive, user: UserInfo, page_id: str, out: Path) -> Download:
    """Write the page's stored bytes to ``out`` unchanged (fetched from the centre and hash-checked when
    this station has only its row; :mod:`~archivist_desktop.services.page_bytes`).

    Needs the download permission for the page's document type and the page's work order in the user's
    unit (:mod:`~archivist_desktop.services.scope`); a ``download`` audit event names the page and the person.
    """
    page, item, data = readable_page(archive, user, page_id, Permission.DOWNLOAD)
    out = Path(out)
    write_whole(data, out, ".download-")
    with archive.session() as s:
        AuditLog(s).append(
            archive.now(),
            user.username,
            "download",
            "page",
            page.id,
            {"item": item.id, "document_type": item.document_type, "sha256": page.sha256, "file": out.name},
        )
    return Download(page.id, page.sha256, len(data), page.media_type, out)
