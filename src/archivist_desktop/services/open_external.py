"""Opening an attached material in the system's own program (#19): a PDF/OFD in the system viewer, an
audio or video recording in the system player.

The stored bytes (fetched from the centre when this station has only the row) are written unchanged to
a private copy under the station's data directory (``<data>/tmp/open/``), which the GUI removes when it
closes (:func:`remove_external_copies`); the reading person needs read permission on the document type
and the page in their unit, and a ``view`` audit event names the page, the person and the copy's hash.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from archivist_desktop.domain.permissions import Permission
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.download import readable_page, write_whole
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import Page

#: the file name's suffix by media type, when the original name has none
SUFFIXES = {
    "application/pdf": ".pdf",
    "application/ofd": ".ofd",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ExternalCopy:
    page_id: str
    kind: str  # image | document | audio | video
    path: Path
    sha256: str
    size: int


def external_dir(archive: Archive) -> Path:
    """Where the copies handed to the system's programs live (under the station's data directory)."""
    return Path(archive.data_dir) / "tmp" / "open"


def _file_name(page: Page) -> str:
    name = _UNSAFE.sub("_", Path(page.original_name or "").name).strip(" .")
    suffix = SUFFIXES.get(page.media_type or "", "")
    if not name:
        name = f"{page.id[:8]}{suffix}"
    elif suffix and not Path(name).suffix:
        name += suffix
    return name[-120:]


def external_copy(archive: Archive, user: UserInfo, page_id: str) -> ExternalCopy:
    """Write the page's stored bytes, unchanged, to a private copy for the system's viewer or player."""
    page, item, data = readable_page(archive, user, page_id, Permission.READ)
    folder = external_dir(archive) / page.id
    out = folder / _file_name(page)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(f"cannot write {out}: {exc.strerror or exc}") from exc
    write_whole(data, out, ".open-")
    sha256 = hashlib.sha256(data).hexdigest()
    with archive.session() as s:
        AuditLog(s).append(
            archive.now(),
            user.username,
            "view",
            "page",
            page.id,
            {
                "item": item.id,
                "document_type": item.document_type,
                "sha256": sha256,
                "how": "external",
                "kind": page.kind or "image",
            },
        )
    return ExternalCopy(page.id, page.kind or "image", out, sha256, len(data))


def remove_external_copies(archive: Archive) -> None:
    """Remove every copy handed out (at the GUI's exit; a file a player still holds open stays on Windows
    until the next exit)."""
    shutil.rmtree(external_dir(archive), ignore_errors=True)
