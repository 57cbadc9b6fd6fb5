"""Attaching captured pages to checklist items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archivist_desktop.domain.permissions import Permission
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.scope import require_item
from archivist_desktop.services.users import UserInfo, require
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.files import StorageFullError
from archivist_desktop.store.models import ChecklistItem, Page, RescanTask, new_id

_FINAL = {ItemState.ARCHIVED.value}


class AlreadyAttached(KnownError):
    """The same image (by SHA-256) is already one of the document's pages: nothing was added."""

    def __init__(self, page_id: str, position: int):
        self.page_id = page_id
        self.position = position  # 1-based, in the document's page order
        super().__init__(f"already attached as page {position}")


def duplicate_in_order(
    s: Session, item: ChecklistItem, sha256: str | None, source_sha256: str | None = None, exclude: str | None = None
) -> AlreadyAttached | None:
    """The document's current page with these bytes (``sha256``) or made from this source file, if any
    (``exclude``: a page about to be replaced, which a retake with the same bytes may replace)."""
    order = json.loads(item.page_order or "[]")
    if not order or not (sha256 or source_sha256):
        return None
    rows = {p.id: p for p in s.execute(select(Page).where(Page.id.in_(order), Page.status == "active")).scalars()}
    for position, page_id in enumerate(order, 1):
        page = rows.get(page_id)
        if page is None or page_id == exclude:
            continue
        if sha256 and page.sha256 == sha256:
            return AlreadyAttached(page_id, position)
        if source_sha256 and json.loads(page.process_meta or "{}").get("source_sha256") == source_sha256:
            return AlreadyAttached(page_id, position)
    return None


@dataclass(frozen=True)
class PageInfo:
    id: str
    item_id: str
    seq: int
    sha256: str
    sm3: str | None
    size: int
    captured_by: str
    captured_at: datetime
    verdict: str | None
    reasons: tuple[str, ...]


def add_page(
    archive: Archive,
    user: UserInfo,
    item_id: str,
    data: bytes,
    *,
    media_type: str = "image/jpeg",
    width: int | None = None,
    height: int | None = None,
    verdict: str | None = None,
    reasons: list[str] | tuple[str, ...] = (),
    process_meta: dict[str, Any] | None = None,
    replaces: str | None = None,
    audit_extra: dict[str, Any] | None = None,
    once: bool = False,
    material: dict[str, Any] | None = None,
) -> PageInfo:
    """Store the page file (atomically, content-addressed) and attach it as the item's next page.

    With ``replaces`` the new page takes that page's place in the document (a retake); the old
    page stays in the history.  ``audit_extra`` goes into the audit event (override, late reason).

    The next page number and the page order are read and written under the station's write lock
    (:meth:`Archive.session`), so writers in several processes never lose each other's pages.
    With ``once`` (attaching files: a re-run adds nothing twice) the same image again — its SHA-256,
    or ``process_meta["source_sha256"]``, the file it was made from — → :class:`AlreadyAttached`,
    nothing added; decided under the lock, so two writers attaching one file add it once.
    ``material``: the material columns of a born-digital file or recording (``kind``, ``original_name``,
    ``page_count``, ``duration_s``, ``codec``, ``poster_sha256``; :mod:`archivist_desktop.services.materials`).
    """
    if not data:
        raise KnownError("the page is empty", code="page_empty")
    with archive.read_session() as s:
        item = s.get(ChecklistItem, item_id)
    if item is None:
        raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
    require(archive, user, item.document_type, Permission.UPLOAD, item)
    require_item(archive, user, item_id)  # only the work orders of the user's unit (and below)
    if item.state in _FINAL:
        raise KnownError("this document is archived: its pages can no longer change", code="document_archived")
    if item.state == ItemState.BOXED.value:  # handed over, in a volume and a box: its content is settled
        raise KnownError("this document is in a box (待移交卷宗): it takes no new pages", code="document_boxed")
    try:
        stored = archive.files.put(data, media_type)
    except StorageFullError as exc:
        raise KnownError(str(exc.strerror)) from exc
    now = archive.now()
    with archive.session() as s:
        item = s.get(ChecklistItem, item_id)
        assert item is not None  # found above; checklist items are never deleted
        if item.state in _FINAL:  # archived by another writer meanwhile
            raise KnownError("this document is archived: its pages can no longer change", code="document_archived")
        if item.state == ItemState.BOXED.value:  # boxed by another writer meanwhile
            raise KnownError("this document is in a box (待移交卷宗): it takes no new pages", code="document_boxed")
        # a flagged page is rescanned: the new page takes its place and the task is done
        task = s.execute(
            select(RescanTask)
            .where(
                RescanTask.item_id == item_id,
                RescanTask.state == "open",
                *([RescanTask.page_id == replaces] if replaces else []),
            )
            .order_by(RescanTask.created_at)
            .limit(1)
        ).scalar_one_or_none()
        if once:  # the same image again is not a new page (unless it retakes the page it replaces)
            replaced = task.page_id if task is not None else replaces
            duplicate = duplicate_in_order(
                s, item, stored.sha256, (process_meta or {}).get("source_sha256"), exclude=replaced
            )
            if duplicate is not None:
                raise duplicate
        seq = (s.execute(select(func.max(Page.seq)).where(Page.item_id == item_id)).scalar_one() or 0) + 1
        sharpness = ((process_meta or {}).get("metrics") or {}).get("sharpness")
        page = Page(
            id=new_id(),
            item_id=item_id,
            seq=seq,
            sha256=stored.sha256,
            sm3=stored.sm3,
            size=stored.size,
            width=width,
            height=height,
            media_type=media_type,
            captured_by=user.username,
            captured_at=now,
            verdict=verdict,
            reasons=json.dumps(list(reasons)),
            process_meta=json.dumps(process_meta or {}),
            sharpness=float(sharpness) if isinstance(sharpness, (int, float)) else None,
            **(material or {}),
        )
        s.add(page)
        order = json.loads(item.page_order or "[]")
        if task is not None:
            replaces = task.page_id
            task.state, task.done_at, task.replacement_page_id = "done", now, page.id
            task.version += 1
            task.updated_at = now
        if replaces is not None and replaces in order:
            order[order.index(replaces)] = page.id
            old = s.get(Page, replaces)
            if old is not None and old.status == "active":
                old.status = "replaced"  # kept in the history, no longer part of the document
        else:
            order.append(page.id)
        item.page_order = json.dumps(order)
        if item.state in (ItemState.WAITING.value, ItemState.TO_CAPTURE.value):
            item.state = ItemState.CAPTURED.value
        item.version += 1
        item.updated_at = now
        AuditLog(s).append(
            now,
            user.username,
            "add",
            "page",
            page.id,
            {
                "item_id": item_id,
                "seq": seq,
                "sha256": stored.sha256,
                "sm3": stored.sm3,
                "verdict": verdict,
                **({"kind": material["kind"]} if material and material.get("kind") else {}),
                **({"replaces": replaces} if replaces else {}),
                **({"rescan_task": task.id} if task is not None else {}),
                **(audit_extra or {}),
            },
        )
    return PageInfo(
        page.id, item_id, seq, stored.sha256, stored.sm3, stored.size, user.username, now, verdict, tuple(reasons)
    )
