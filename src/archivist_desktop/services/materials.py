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

import functools
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
    "MaterialBadge",
    "MaterialRefused",
    "PreparedMaterial",
    "attach_material",
    "format_duration",
    "is_material",
    "load_slot_view",
    "material_badges",
    "material_display",
    "material_export_pages",
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
        raise KnownError(
            f"{name}: an image goes through the camera pipeline, not as a material", code="material_is_image", name=name
        )
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
        raise KnownError("this document has been sent on; pages can no longer be added here", code="sent_on")
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


# --- the viewer, the filmstrip and the review queue ----------------------------------------------------


def format_duration(seconds: float | None) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour) of a recording's length."""
    total = int(round(seconds or 0))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _audio_card(duration_s: float | None, codec: str | None, side: int = 480) -> np.ndarray:
    """A plain card for a recording without pictures: a loudspeaker, its length and codec."""
    w, h = side, side * 3 // 4
    img = np.full((h, w, 3), 236, np.uint8)
    cx, cy, u = w // 2 - w // 10, h // 2 - h // 10, max(4, side // 40)
    body = np.array(
        [
            [cx - 5 * u, cy - 2 * u],
            [cx - 2 * u, cy - 2 * u],
            [cx + 2 * u, cy - 6 * u],
            [cx + 2 * u, cy + 6 * u],
            [cx - 2 * u, cy + 2 * u],
            [cx - 5 * u, cy + 2 * u],
        ],
        np.int32,
    )
    cv2.fillPoly(img, [body], (90, 90, 90), cv2.LINE_AA)
    for r in (4, 7, 10):
        cv2.ellipse(img, (cx + 2 * u, cy), (r * u, r * u), 0, -40, 40, (90, 90, 90), max(2, u // 2), cv2.LINE_AA)
    text = format_duration(duration_s) + (f"  {codec}" if codec else "")
    scale = side / 480
    (tw, _th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 2)
    cv2.putText(img, text, ((w - tw) // 2, h - h // 8), cv2.FONT_HERSHEY_SIMPLEX, scale, (60, 60, 60), 2, cv2.LINE_AA)
    return img


def material_display(archive: Archive, page: Page, page_no: int = 1, max_side: int | None = None) -> np.ndarray:
    """A material as a BGR image, never ``None``: page ``page_no`` of a document (clamped to its
    pages), a video's poster, a card for audio; at most ``max_side`` pixels on its longest side."""
    side = max_side or 2400
    if page.kind == "document":
        count = page.page_count or 1
        image = material_image(archive, page, min(max(1, page_no), count), side)
    elif page.kind == "audio":
        image = _audio_card(page.duration_s, page.codec, min(side, 640))
    else:
        image = material_image(archive, page, 1, side)
    if image is None:
        raise KnownError(
            f"{page.original_name or page.id}: nothing to show",
            code="material_nothing_to_show",
            name=page.original_name or page.id,
        )
    longest = max(image.shape[:2])
    if max_side and longest > max_side:
        f = max_side / longest
        image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    return image


@dataclass(frozen=True)
class MaterialBadge:
    """What the filmstrip and viewer show of a material page beside its picture."""

    page_id: str
    kind: str
    original_name: str | None
    page_count: int | None
    duration_s: float | None
    codec: str | None


def material_badges(archive: Archive, page_ids: list[str] | tuple[str, ...]) -> dict[str, MaterialBadge]:
    """The materials among ``page_ids`` (camera pages are left out)."""
    from sqlalchemy import select

    if not page_ids:
        return {}
    with archive.read_session() as s:
        rows = s.execute(select(Page).where(Page.id.in_(list(page_ids)), Page.kind != "image")).scalars().all()
        return {p.id: MaterialBadge(p.id, p.kind, p.original_name, p.page_count, p.duration_s, p.codec) for p in rows}


def load_slot_view(archive: Archive, user: UserInfo, item_id: str, known: frozenset[str] = frozenset()) -> Any:
    """:func:`services.capture_flow.load_slot` with materials' thumbnails (poster, first page, card)
    and their badges (a ``MaterialSlotView``, a ``SlotView`` with ``materials``)."""
    from archivist_desktop.services.capture_flow import load_slot
    from archivist_desktop.services.review import page_thumbnail

    view = load_slot(archive, user, item_id, known)
    badges = material_badges(archive, [p.page_id for p in view.pages])
    thumbs = dict(view.thumbnails)
    for page_id in badges:
        if page_id not in known:
            try:
                thumbs[page_id] = page_thumbnail(archive, user, page_id)
            except (KnownError, OSError, ValueError):
                thumbs[page_id] = b""
    return _slot_view_class()(view.item_id, view.pages, thumbs, view.rescan, view.rescan_thumbnail, badges)


@functools.cache
def _slot_view_class() -> type:
    from archivist_desktop.services.capture_flow import SlotView

    @dataclass(frozen=True)
    class MaterialSlotView(SlotView):
        materials: dict[str, MaterialBadge] = field(default_factory=dict)

    return MaterialSlotView


#: a document's pages rendered for a volume PDF (beyond, the original is still embedded whole)
MAX_EXPORT_PAGES = 200
EXPORT_SIDE = 2000


def material_export_pages(archive: Archive, page: Page, directory: Path) -> list[Path]:
    """JPEG files showing a material in a volume PDF: its pages (a document, at most
    :data:`MAX_EXPORT_PAGES`), its poster (video) or its card (audio)."""
    count = min(page.page_count or 1, MAX_EXPORT_PAGES) if page.kind == "document" else 1
    out = []
    for n in range(1, count + 1):
        path = directory / f"{page.id}-{n:04d}.jpg"
        ok, buf = cv2.imencode(".jpg", material_display(archive, page, n, EXPORT_SIDE), [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:
            raise KnownError(f"{page.original_name or page.id}: page {n} could not be rendered for the export")
        path.write_bytes(buf.tobytes())
        out.append(path)
    return out
