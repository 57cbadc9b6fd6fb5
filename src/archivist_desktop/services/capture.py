"""Capture use cases: a camera frame or an image file becomes a checked page in a checklist slot.

The GUI's capture panel drives these through :mod:`archivist_desktop.services.capture_flow`
(the job lifecycle): :func:`process_frame_for_capture` is CPU work without the database (any
thread), :func:`attach_processed` a database write.  The CLI's ``attach`` does both in turn.
Image derivatives (thumbnails, the ID-card page) live in :mod:`archivist_desktop.imaging.derive`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select

from archivist_desktop.domain.permissions import Permission
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.imaging import encode_jpeg, load_image, load_profile, process_frame
from archivist_desktop.imaging.derive import merge_id_card
from archivist_desktop.imaging.derive import thumbnail_jpeg as make_thumbnail  # also used by services.review
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.materials import is_material
from archivist_desktop.services.pages import AlreadyAttached, PageInfo, add_page, duplicate_in_order
from archivist_desktop.services.scope import require_work_order
from archivist_desktop.services.users import UserInfo, require
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import ChecklistItem, Page, RescanTask, WorkOrder

JPEG_QUALITY = 90


@dataclass(frozen=True)
class ProcessedPage:
    """A processed frame ready to attach: the page JPEG, a thumbnail and the quality verdict."""

    jpeg: bytes
    thumbnail_jpeg: bytes
    width: int
    height: int
    verdict: str
    reasons: tuple[str, ...]
    sharpness: float
    dpi: float | None
    quad: tuple[tuple[float, float], ...]
    metadata: dict
    elapsed_ms: float


#: the states in which a document takes new pages (a flagged page sends its document back to TO_CAPTURE)
TAKES_PAGES = (ItemState.WAITING, ItemState.TO_CAPTURE, ItemState.CAPTURED)
#: the states in which a document's pages may still be removed or reordered
PAGES_EDITABLE = (ItemState.TO_CAPTURE, ItemState.CAPTURED)


def process_frame_for_capture(frame: np.ndarray, profile_name: str = "default") -> ProcessedPage:
    """Crop, deskew and judge one full-resolution BGR frame (pure CPU work, any thread)."""
    return _processed_page(process_frame(frame, load_profile(profile_name)), profile_name)


def _processed_page(result, profile_name: str) -> ProcessedPage:
    """A pipeline result as the capture flow keeps it: the JPEG to store, its thumbnail, the verdict."""
    h, w = result.page.shape[:2]
    meta = dict(result.metadata)
    meta["profile"] = profile_name
    return ProcessedPage(
        encode_jpeg(result.page, JPEG_QUALITY),
        make_thumbnail(result.page),
        w,
        h,
        result.verdict,
        tuple(result.reasons),
        float(result.sharpness),
        result.dpi,
        tuple(result.quad),
        meta,
        result.elapsed_ms,
    )


def process_book_for_capture(frame: np.ndarray, profile_name: str = "default") -> list[ProcessedPage]:
    """Book mode: the pages of an open book in one frame, left page first, each flattened (any thread)."""
    from archivist_desktop.imaging.book import process_book

    return [_processed_page(r, profile_name) for r in process_book(frame, load_profile(profile_name))]


class NeedsOverride(KnownError):
    """The page was judged ``reject``; it attaches only with the clerk's reason."""


class NeedsLateReason(KnownError):
    """The slot is past its 48-hour deadline: a late entry (补录) needs a reason."""


@dataclass(frozen=True)
class SlotInfo:
    item_id: str
    work_order_id: str
    document_type: str
    state: ItemState
    due_at: datetime | None
    late: bool
    page_ids: tuple[str, ...]


def slot_info(archive: Archive, item_id: str) -> SlotInfo:
    with archive.read_session() as s:
        item = s.get(ChecklistItem, item_id)
    if item is None:
        raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
    state = ItemState(item.state)
    late = state == ItemState.TO_CAPTURE and item.due_at is not None and archive.now() > item.due_at
    return SlotInfo(
        item.id,
        item.work_order_id,
        item.document_type,
        state,
        item.due_at,
        late,
        tuple(json.loads(item.page_order or "[]")),
    )


def attach_processed(
    archive: Archive,
    user: UserInfo,
    item_id: str,
    page: ProcessedPage,
    *,
    override_reason: str | None = None,
    late_reason: str | None = None,
    replaces: str | None = None,
    once: bool = False,
) -> PageInfo:
    """Attach a processed page to a slot, enforcing the reject override and the late-entry reason.

    ``once``: the same image already in the slot → :class:`~archivist_desktop.services.pages.AlreadyAttached`.
    """
    slot = slot_info(archive, item_id)
    if slot.state not in TAKES_PAGES:
        raise KnownError("this document has been sent on; pages can no longer be added here", code="sent_on")
    extra: dict = {}
    if page.verdict == "reject":
        if not (override_reason and override_reason.strip()):
            raise NeedsOverride("the page was rejected (" + ", ".join(page.reasons) + "); attach it only with a reason")
        extra["override_reason"] = override_reason.strip()
    if slot.late:
        if not (late_reason and late_reason.strip()):
            raise NeedsLateReason("this document is past its 48-hour deadline: a late entry (补录) needs a reason")
        extra["late_reason"] = late_reason.strip()
    meta = dict(page.metadata)
    meta.update(extra)
    return add_page(
        archive,
        user,
        item_id,
        page.jpeg,
        width=page.width,
        height=page.height,
        verdict=page.verdict,
        reasons=page.reasons,
        process_meta=meta,
        replaces=replaces,
        audit_extra=extra,
        once=once,
    )


def _editable_slot(archive: Archive, user: UserInfo, s, item_id: str) -> ChecklistItem:
    """The item, when its pages may still be removed or reordered by this user."""
    item = s.get(ChecklistItem, item_id)
    if item is None:
        raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
    require(archive, user, item.document_type, Permission.UPLOAD, item)
    if ItemState(item.state) not in PAGES_EDITABLE:
        raise KnownError("only pages not yet sent for review can be removed or reordered", code="pages_locked")
    return item


def remove_page(archive: Archive, user: UserInfo, item_id: str, page_id: str) -> SlotInfo:
    """Take a page out of its document before sending (it stays in the history)."""
    now = archive.now()
    with archive.session() as s:
        item = _editable_slot(archive, user, s, item_id)
        order = json.loads(item.page_order or "[]")
        if page_id not in order:
            raise KnownError("that page is not part of this document", code="page_not_in_document")
        order.remove(page_id)
        item.page_order = json.dumps(order)
        page = s.get(Page, page_id)
        if page is not None and page.status == "active":
            page.status = "deleted"  # kept in the history, no longer part of the document
        if not order:
            item.state = ItemState.TO_CAPTURE.value if item.step_completed_at else ItemState.WAITING.value
        item.version += 1
        item.updated_at = now
        AuditLog(s).append(now, user.username, "delete", "page", page_id, {"item_id": item_id})
    return slot_info(archive, item_id)


def reorder_pages(archive: Archive, user: UserInfo, item_id: str, page_ids: list[str]) -> SlotInfo:
    """Put the document's pages in the given order (the same pages, nothing added or lost)."""
    now = archive.now()
    with archive.session() as s:
        item = _editable_slot(archive, user, s, item_id)
        current = json.loads(item.page_order or "[]")
        if sorted(current) != sorted(page_ids):
            raise KnownError("a new order must list exactly the document's pages", code="bad_page_order")
        if current != list(page_ids):
            item.page_order = json.dumps(list(page_ids))
            item.version += 1
            item.updated_at = now
            AuditLog(s).append(now, user.username, "modify", "checklist_item", item_id, {"page_order": list(page_ids)})
    return slot_info(archive, item_id)


@dataclass(frozen=True)
class PageThumb:
    page_id: str
    seq: int
    verdict: str | None
    reasons: tuple[str, ...]
    sha256: str
    captured_by: str
    captured_at: datetime
    override_reason: str | None
    late_reason: str | None


def slot_pages(archive: Archive, item_id: str) -> tuple[PageThumb, ...]:
    """The document's current pages in order (for the filmstrip)."""
    slot = slot_info(archive, item_id)
    if not slot.page_ids:
        return ()
    with archive.read_session() as s:
        rows = {p.id: p for p in s.execute(select(Page).where(Page.id.in_(slot.page_ids))).scalars()}
    out = []
    for pid in slot.page_ids:
        p = rows[pid]
        meta = json.loads(p.process_meta or "{}")
        out.append(
            PageThumb(
                p.id,
                p.seq,
                p.verdict,
                tuple(json.loads(p.reasons or "[]")),
                p.sha256,
                p.captured_by,
                p.captured_at,
                meta.get("override_reason"),
                meta.get("late_reason"),
            )
        )
    return tuple(out)


def readable_page(archive: Archive, user: UserInfo, page_id: str) -> Page:
    """A page's row, when the user may read its document type."""
    with archive.read_session() as s:
        page = s.get(Page, page_id)
        item = s.get(ChecklistItem, page.item_id) if page else None
    if page is None or item is None:
        raise KnownError(f"no page {page_id}", code="no_page", page_id=page_id)
    require(archive, user, item.document_type, Permission.READ, item)
    return page


def page_bytes(archive: Archive, user: UserInfo, page_id: str) -> bytes:
    """A page's file, for viewing (needs read permission on its document type); fetched from the central
    database when this station has only its row (:mod:`~archivist_desktop.services.page_bytes`)."""
    from archivist_desktop.services.page_bytes import bytes_of_page

    page = readable_page(archive, user, page_id)
    return bytes_of_page(archive, page)


@dataclass(frozen=True)
class SendResult:
    work_order_id: str
    sent_items: int
    missing: tuple[tuple[int, str], ...]  # (step, document type) of required documents still missing


class MissingDocuments(KnownError):
    def __init__(self, missing: tuple[tuple[int, str, str], ...]):
        self.missing = missing
        names = "; ".join(f"{step}. {name}" for step, _doc, name in missing)
        super().__init__(f"{len(missing)} required document(s) still missing: {names}")


def missing_required(archive: Archive, work_order_id: str) -> tuple[tuple[int, str, str], ...]:
    """(step, document type, Chinese name) of each required document of a completed step without pages."""
    from archivist_desktop.services.orders import get_checklist

    checklist = get_checklist(archive, work_order_id)
    return tuple(
        (e.step, e.document_type, e.name_zh)
        for st in checklist.steps
        for e in st.entries
        if e.required and e.state == ItemState.TO_CAPTURE
    )


def send_for_review(archive: Archive, user: UserInfo, work_order_id: str) -> SendResult:
    """Send every captured document of the order on (待发送 → sent), only when nothing required is missing."""
    require_work_order(archive, user, work_order_id)  # only the work orders of the user's unit (and below)
    missing = missing_required(archive, work_order_id)
    if missing:
        raise MissingDocuments(missing)
    now = archive.now()
    with archive.session() as s:
        items = (
            s.execute(
                select(ChecklistItem).where(
                    ChecklistItem.work_order_id == work_order_id, ChecklistItem.state == ItemState.CAPTURED.value
                )
            )
            .scalars()
            .all()
        )
        if not items:
            raise KnownError("nothing to send: no captured documents in this work order", code="nothing_to_send")
        for item in items:
            item.state = ItemState.SENT.value
            item.version += 1
            item.updated_at = now
        AuditLog(s).append(now, user.username, "send", "work_order", work_order_id, {"items": [i.id for i in items]})
    return SendResult(work_order_id, len(items), ())


def work_order_by_number(archive: Archive, work_order_no: str) -> str | None:
    """The id of the work order with this number (a cover-sheet barcode), or ``None``."""
    with archive.read_session() as s:
        return s.execute(
            select(WorkOrder.id).where(WorkOrder.work_order_no == work_order_no.strip())
        ).scalar_one_or_none()


def merge_id_card_pages(front: ProcessedPage, back: ProcessedPage) -> ProcessedPage:
    """One page with the front above the back (:func:`archivist_desktop.imaging.derive.merge_id_card`).

    The verdict is the worse of the two sides, the reasons the union of both, each side's
    process metadata kept under ``front`` / ``back``.  Pure CPU work, any thread.
    """
    images = []
    for side in (front, back):
        img = cv2.imdecode(np.frombuffer(side.jpeg, np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            raise ValueError("a side of the ID card could not be decoded")
        images.append(img)
    merged = merge_id_card(images[0], images[1])
    ok, buf = cv2.imencode(".jpg", merged, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("the merged ID card page could not be encoded")
    rank = {"accept": 0, "warn": 1, "reject": 2}
    verdict = max((front.verdict, back.verdict), key=lambda v: rank.get(v, 1))
    reasons = tuple(dict.fromkeys(front.reasons + back.reasons))
    h, w = merged.shape[:2]
    meta = {
        "id_card": True,
        "front": front.metadata,
        "back": back.metadata,
        "profile": front.metadata.get("profile", "default"),
    }
    return ProcessedPage(
        buf.tobytes(),
        make_thumbnail(merged),
        w,
        h,
        verdict,
        reasons,
        min(front.sharpness, back.sharpness),
        front.dpi,
        front.quad,
        meta,
        front.elapsed_ms + back.elapsed_ms,
    )


@dataclass(frozen=True)
class AttachedFile:
    path: str
    ok: bool
    error: str | None
    page_id: str | None
    verdict: str | None
    reasons: tuple[str, ...]
    skipped: str | None = None  # "already attached as page N": the same image, not added again
    kind: str = "image"  # image | document | audio | video (services/materials.py)
    details: dict | None = None  # documents: page_count; media: duration_s, codec


def _already_attached(archive: Archive, item_id: str, source_sha256: str) -> AlreadyAttached | None:
    """The slot's page made from this file, if any (not the flagged page a rescan would replace)."""
    with archive.read_session() as s:
        item = s.get(ChecklistItem, item_id)
        if item is None:
            return None
        rescanned = s.execute(
            select(RescanTask.page_id)
            .where(RescanTask.item_id == item_id, RescanTask.state == "open")
            .order_by(RescanTask.created_at)
            .limit(1)
        ).scalar_one_or_none()
        return duplicate_in_order(s, item, None, source_sha256, exclude=rescanned)


def attach_files(
    archive: Archive,
    user: UserInfo,
    work_order_no: str,
    document_type: str,
    paths: list[Path],
    profile: str = "default",
    override_reason: str | None = None,
    late_reason: str | None = None,
) -> list[AttachedFile]:
    """Existing image files (a flatbed scan, a phone photo) through the same pipeline onto one slot.

    A file already attached to the slot (the same file by its SHA-256, or the same page made from
    it) is skipped with a note, not added again: a run cut short (even by SIGKILL) can be re-run.
    """
    order_id = work_order_by_number(archive, work_order_no)
    if order_id is None:
        raise KnownError(f"no work order {work_order_no}", code="no_work_order", work_order=work_order_no)
    require_work_order(archive, user, order_id)  # refused before any file is processed
    with archive.read_session() as s:
        item = (
            s.execute(
                select(ChecklistItem).where(
                    ChecklistItem.work_order_id == order_id, ChecklistItem.document_type == document_type
                )
            )
            .scalars()
            .first()
        )
    if item is None:
        raise KnownError(
            f"work order {work_order_no} has no document {document_type!r}",
            code="no_document",
            work_order=work_order_no,
            document_type=document_type,
        )
    results = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            source_sha256 = hashlib.sha256(data).hexdigest()
            known = _already_attached(archive, item.id, source_sha256)
            if known is not None:
                results.append(AttachedFile(str(path), True, None, known.page_id, None, (), str(known)))
                continue
            if is_material(data):  # a PDF, OFD or recording: stored byte-identical (services/materials.py)
                results.append(
                    _attach_material_file(archive, user, item.id, path, data, profile, override_reason, late_reason)
                )
                continue
            processed = process_frame_for_capture(load_image(path), profile)
            processed.metadata["source_sha256"] = source_sha256
            try:
                info = attach_processed(
                    archive,
                    user,
                    item.id,
                    processed,
                    override_reason=override_reason,
                    late_reason=late_reason,
                    once=True,
                )
            except AlreadyAttached as again:  # attached meanwhile by another writer
                results.append(
                    AttachedFile(str(path), True, None, again.page_id, processed.verdict, processed.reasons, str(again))
                )
                continue
            results.append(AttachedFile(str(path), True, None, info.id, processed.verdict, processed.reasons))
        except (KnownError, ValueError, OSError) as exc:  # one bad file never stops the batch (ImageError: ValueError)
            results.append(AttachedFile(str(path), False, str(exc), None, None, (), kind=_kind_of(path)))
    return results


def _attach_material_file(
    archive: Archive,
    user: UserInfo,
    item_id: str,
    path: Path,
    data: bytes,
    profile: str,
    override_reason: str | None,
    late_reason: str | None,
) -> AttachedFile:
    from archivist_desktop.services.materials import attach_material, prepare_material

    prepared = prepare_material(data, Path(path).name, profile)
    m = prepared.material
    details = {
        k: v
        for k, v in (("page_count", m.page_count), ("duration_s", m.duration_s), ("codec", m.codec))
        if v is not None
    }
    try:
        info = attach_material(
            archive, user, item_id, prepared, override_reason=override_reason, late_reason=late_reason, once=True
        )
    except AlreadyAttached as again:
        return AttachedFile(str(path), True, None, again.page_id, None, (), str(again), m.kind, details)
    return AttachedFile(str(path), True, None, info.id, prepared.verdict, prepared.reasons, None, m.kind, details)


def _kind_of(path: Path) -> str:
    """The kind a file would have (from its first bytes), for the line of a refused file."""
    from archivist_desktop.imaging.materials import sniff

    try:
        with open(path, "rb") as f:
            fmt = sniff(f.read())
    except OSError:
        return "image"
    kinds = {"pdf": "document", "ofd": "document", "mp3": "audio", "wav": "audio", "m4a": "audio"}
    return kinds.get(fmt or "", "video" if fmt in ("mp4", "mov") else "image")
