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


def download_page(archive: Archive, user: UserInfo, page_id: str, out: Path) -> Download:
    """Write the page's stored bytes to ``out`` unchanged (fetched from the centre and hash-checked when
    this station has only its row; :mod:`~archivist_desktop.services.page_bytes`).

    Needs the download permission for the page's document type and the page's work order in the user's
    unit (:mod:`~archivist_desktop.services.scope`); a ``download`` audit event names the page and the person.
    """
    with archive.read_session() as s:
        page = s.get(Page, page_id)
        item = s.get(ChecklistItem, page.item_id) if page else None
    if page is None or item is None:
        raise KnownError(f"no page {page_id}")
    require(archive, user, item.document_type, Permission.DOWNLOAD)
    require_page(archive, user, page_id)
    data = bytes_of_page(archive, page)
    out = Path(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".download-", dir=out.parent if str(out.parent) else ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except OSError as exc:
        raise KnownError(f"cannot write {out}: {exc.strerror or exc}") from exc
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
