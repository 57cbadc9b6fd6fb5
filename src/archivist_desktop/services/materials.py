"""Born-digital documents (PDF, OFD) and recordings (audio, video) as pages of a checklist slot.

A material is a ``pages`` row (migration 0009): the original file stored byte-identical and
content-addressed (SHA-256 + SM3, :mod:`archivist_desktop.store.files`), audited and synced like a
camera page, with ``kind``, ``original_name``, ``page_count``, ``duration_s``, ``codec`` and
``poster_sha256``.  The *poster* (a document's first page rendered, a video's frame; none for audio)
is a derived JPEG kept in ``posters/`` of the data directory; a station without it (the row came
from the centre) renders it again from the original, fetched on demand.

Refusals (:class:`~archivist_desktop.imaging.materials.MaterialRefused`) are consistent: an
empty, unsupported, encrypted or damaged file, or media without a stream or shorter than a second,
is *refused* — nothing stored, the file's JSON line says ``"ok": false`` and the reason.  A PDF that is
only a scan gets the imaging page checks on its rendered pages: its verdict is the worst page's,
its reasons the union (per page in ``process_meta["pages"]``), and a ``reject`` needs the clerk's
override reason like a camera page.  Other documents and recordings carry no verdict (``None``):
camera quality checks mean nothing for them.

:func:`prepare_material` is CPU work without the database (any thread); :func:`attach_material`
a database write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from archivist_desktop.imaging import load_profile, process_frame
from archivist_desktop.imaging.materials import Material, MaterialRefused, probe, render, sniff
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.pages import PageInfo, add_page
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.models import Page

__all__ = [
    "MaterialRefused",
    "PreparedMaterial",
    "attach_material",
    "is_material",
    "material_image",
    "poster_jpeg",
    "prepare_material",
]

#: pages of a scanned PDF put through the imaging checks (the rest are counted, not judged)
MAX_CHECKED_PAGES = 40
#: the longest side a scanned PDF page is rendered at for the checks (about 200 dpi on A4)
CHECK_SIDE = 2400
POSTER_QUALITY = 85
_RANK = {"accept": 0, "warn": 1, "reject": 2}


@dataclass
class PreparedMaterial:
    """A probed file ready to attach: its bytes, what it is, its poster JPEG and (scans) its verdict."""

    data: bytes
    material: Material
    poster: bytes | None
    verdict: str | None = None
    reasons: tuple[str, ...] = ()
    process_meta: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.material.kind

    def columns(self, poster_sha256: str | None) -> dict[str, Any]:
        m = self.material
        return {
            "kind": m.kind,
            "original_name": (m.original_name or None) and m.original_name[:255],
            "page_count": m.page_count,
            "duration_s": m.duration_s,
            "codec": (m.codec or None) and m.codec[:32],
            "poster_sha256": poster_sha256,
        }


def is_material(data: bytes) -> bool:
    """Whether ``data`` is a document or a recording (not an image for the camera pipeline)."""
    return sniff(data) in ("pdf", "ofd", "mp4", "mov", "m4a", "mp3", "wav")


def _jpeg(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, POSTER_QUALITY])
    if not ok:
        raise ValueError("the poster could not be encoded")
    return buf.tobytes()


def prepare_material(data: bytes, name: str, profile_name: str = "default") -> PreparedMaterial:
    """Probe a document or recording (refused with a reason when unreadable); judge a scanned PDF."""
    material = probe(data, name)
    if material.kind == "image":
        raise KnownError(f"{name}: an image goes through the camera pipeline, not as a material")
    poster = _jpeg(material.poster) if material.poster is not None else None
    meta: dict[str, Any] = {"kind": material.kind, "format": material.format, "streams": list(material.streams)}
    if material.notes:
        meta["notes"] = list(material.notes)
    prepared = PreparedMaterial(data, material, poster, process_meta=meta)
    if material.kind == "document" and material.only_scan:
        _judge_scan(prepared, profile_name)
    material.poster = None  # the array is not needed any more (the JPEG is kept)
    return prepared


def _judge_scan(prepared: PreparedMaterial, profile_name: str) -> None:
    """The imaging page checks on a scanned PDF's rendered pages: the worst page decides."""
    profile = load_profile(profile_name)
    count = prepared.material.page_count or 0
    pages = []
    verdict = "accept"
    reasons: list[str] = []
    for n in range(1, min(count, MAX_CHECKED_PAGES) + 1):
        result = process_frame(render(prepared.data, n, CHECK_SIDE), profile)
        pages.append({"page": n, "verdict": result.verdict, "reasons": list(result.reasons)})
        if _RANK.get(result.verdict, 1) > _RANK[verdict]:
            verdict = result.verdict
        reasons.extend(r for r in result.reasons if r not in reasons)
    prepared.verdict = verdict
    prepared.reasons = tuple(reasons)
    prepared.process_meta.update(
        {"only_scan": True, "profile": profile_name, "pages": pages, "checked_pages": len(pages)}
    )


def _posters_dir(archive: Archive) -> Path:
    return Path(archive.data_dir) / "posters"


def _poster_path(archive: Archive, sha256: str) -> Path:
    return _posters_dir(archive) / sha256[:2] / f"{sha256}.jpg"


def _keep_poster(archive: Archive, jpeg: bytes) -> str:
    sha = hashlib.sha256(jpeg).hexdigest()
    path = _poster_path(archive, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(jpeg)
        tmp.replace(path)
    return sha


def attach_material(
    archive: Archive,
    user: UserInfo,
    item_id: str,
    prepared: PreparedMaterial,
    *,
    override_reason: str | None = None,
    late_reason: str | None = None,
    replaces: str | None = None,
    once: bool = False,
) -> PageInfo:
    """Store the original byte-identical as the slot's next page (the same rules as a camera page:
    sent-on slots refused, a rejected scan needs an override reason, a late entry a late reason)."""
    from archivist_desktop.domain.workflow import ItemState
    from archivist_desktop.services.capture import NeedsLateReason, NeedsOverride, slot_info

    slot = slot_info(archive, item_id)
    if slot.state not in (ItemState.WAITING, ItemState.TO_CAPTURE, ItemState.CAPTURED):
        raise KnownError("this document has been sent on; pages can no longer be added here")
    extra: dict[str, Any] = {}
    if prepared.verdict == "reject":
        if not (override_reason and override_reason.strip()):
            raise NeedsOverride(
                "the scanned PDF was rejected (" + ", ".join(prepared.reasons) + "); attach it only with a reason"
            )
        extra["override_reason"] = override_reason.strip()
    if slot.late:
        if not (late_reason and late_reason.strip()):
            raise NeedsLateReason("this document is past its 48-hour deadline: a late entry (补录) needs a reason")
        extra["late_reason"] = late_reason.strip()
    poster_sha = _keep_poster(archive, prepared.poster) if prepared.poster else None
    meta = dict(prepared.process_meta)
    meta.update(extra)
    meta["source_sha256"] = hashlib.sha256(prepared.data).hexdigest()
    m = prepared.material
    return add_page(
        archive,
        user,
        item_id,
        prepared.data,
        media_type=m.media_type,
        width=m.width,
        height=m.height,
        verdict=prepared.verdict,
        reasons=prepared.reasons,
        process_meta=meta,
        replaces=replaces,
        audit_extra={**extra, "original_name": m.original_name},
        once=once,
        material=prepared.columns(poster_sha),
    )


def poster_jpeg(archive: Archive, page: Page) -> bytes | None:
    """The material's poster JPEG (``None`` for audio): kept here, else rendered again from the original."""
    if page.kind in ("image", None) or page.kind == "audio":
        return None
    if page.poster_sha256:
        try:
            return _poster_path(archive, page.poster_sha256).read_bytes()
        except FileNotFoundError:
            pass
    from archivist_desktop.services.page_bytes import bytes_of_page

    material = probe(bytes_of_page(archive, page), page.original_name or "")
    if material.poster is None:
        return None
    jpeg = _jpeg(material.poster)
    try:
        _keep_poster(archive, jpeg)  # may differ by encoder build from the recorded hash: a derived file
    except OSError:
        pass
    return jpeg


def material_image(archive: Archive, page: Page, page_no: int = 1, max_side: int = 1600) -> np.ndarray | None:
    """A material as a BGR image for the viewer: page ``page_no`` of a document, a video's poster,
    ``None`` for audio."""
    from archivist_desktop.services.page_bytes import bytes_of_page

    if page.kind == "document":
        return render(bytes_of_page(archive, page), page_no, max_side)
    jpeg = poster_jpeg(archive, page)
    if jpeg is None:
        return None
    return cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
