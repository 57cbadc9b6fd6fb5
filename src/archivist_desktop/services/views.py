"""Read-only views: a customer (all work orders and documents), a work order (steps, documents,
pages), a volume (its box, the customer's volumes, documents, pages)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.orders import (
    Checklist,
    WorkOrderRow,
    get_checklist,
    list_work_orders,
)
from archivist_desktop.store.models import ChecklistItem, Customer, Page, WorkOrder


@dataclass(frozen=True)
class DocumentRow:
    item_id: str
    work_order_id: str
    work_order_no: str
    step: int
    document_type: str
    name_zh: str
    name_en: str
    required: bool
    state: str
    pages: int


@dataclass(frozen=True)
class CustomerView:
    id: str
    customer_no: str
    name: str
    address: str
    phone: str
    work_orders: tuple[WorkOrderRow, ...]
    documents: tuple[DocumentRow, ...]  # documents with pages, of every work order


@dataclass(frozen=True)
class PageRow:
    id: str
    seq: int
    captured_by: str
    captured_at: datetime
    verdict: str | None
    width: int | None
    height: int | None
    sha256: str


@dataclass(frozen=True)
class WorkOrderView:
    checklist: Checklist  # steps and documents
    pages: dict[str, tuple[PageRow, ...]]  # item id → its current pages in reading order


@dataclass(frozen=True)
class VolumeView:
    id: str
    archival_code: str
    customer_id: str | None
    box: dict[str, str] | None
    volumes: tuple[dict[str, str], ...]  # the customer's volumes
    documents: tuple[DocumentRow, ...]
    pages: int


def customer_view(archive: Archive, customer_id: str) -> CustomerView:
    with archive.read_session() as s:
        c = s.get(Customer, customer_id)
        if c is None:
            raise KnownError(f"no customer with id {customer_id}")
        rows = s.execute(
            select(ChecklistItem, WorkOrder.work_order_no, WorkOrder.business_type)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .where(WorkOrder.customer_id == customer_id, ChecklistItem.page_order != "[]")
            .order_by(WorkOrder.created_at, ChecklistItem.step, ChecklistItem.document_type)
        ).all()
    docs = tuple(
        DocumentRow(
            it.id,
            it.work_order_id,
            wo_no,
            it.step,
            it.document_type,
            *archive.document_names(bt, it.step, it.document_type),
            it.required,
            it.state,
            len(json.loads(it.page_order or "[]")),
        )
        for it, wo_no, bt in rows
    )
    orders = list_work_orders(archive, search=c.customer_no, limit=500).rows
    orders = tuple(o for o in orders if o.customer_no == c.customer_no)
    return CustomerView(c.id, c.customer_no, c.name, c.address, c.phone, orders, docs)


def work_order_view(archive: Archive, work_order_id: str) -> WorkOrderView:
    checklist = get_checklist(archive, work_order_id)
    with archive.read_session() as s:
        items = s.execute(
            select(ChecklistItem.id, ChecklistItem.page_order).where(ChecklistItem.work_order_id == work_order_id)
        ).all()
        order = {item_id: json.loads(po or "[]") for item_id, po in items}
        ids = [pid for ids in order.values() for pid in ids]
        pages = {p.id: p for p in s.execute(select(Page).where(Page.id.in_(ids))).scalars()} if ids else {}
    out = {}
    for item_id, pids in order.items():
        out[item_id] = tuple(
            PageRow(p.id, n + 1, p.captured_by, p.captured_at, p.verdict, p.width, p.height, p.sha256)
            for n, p in enumerate(pages[pid] for pid in pids if pid in pages)
        )
    return WorkOrderView(checklist, out)


def volume_view(archive: Archive, volume_id: str) -> VolumeView:
    """A volume: its box, the customer's volumes, the documents filed in it with their pages."""
    from archivist_desktop.store.models import Box, Volume, VolumeItem

    with archive.read_session() as s:
        v = s.get(Volume, volume_id)
        if v is None:
            raise KnownError(f"no volume with id {volume_id}")
        box = None
        if v.box_id:
            b = s.get(Box, v.box_id)
            if b is not None:
                box = {"id": b.id, "box_no": b.box_no, "shelf": b.shelf or ""}
        volumes = tuple(
            {"id": x.id, "archival_code": x.archival_code, "state": x.state, "title": x.title}
            for x in s.execute(
                select(Volume).where(Volume.customer_id == v.customer_id).order_by(Volume.archival_code)
            ).scalars()
        )
        rows = s.execute(
            select(ChecklistItem, WorkOrder.work_order_no, WorkOrder.business_type)
            .join(VolumeItem, VolumeItem.item_id == ChecklistItem.id)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .where(VolumeItem.volume_id == v.id)
            .order_by(VolumeItem.position)
        ).all()
    documents = tuple(
        DocumentRow(
            it.id,
            it.work_order_id,
            wo_no,
            it.step,
            it.document_type,
            *archive.document_names(bt, it.step, it.document_type),
            it.required,
            it.state,
            len(json.loads(it.page_order or "[]")),
        )
        for it, wo_no, bt in rows
    )
    return VolumeView(v.id, v.archival_code, v.customer_id, box, volumes, documents, sum(d.pages for d in documents))


def box_volumes(archive: Archive, box_id: str) -> tuple[str, ...]:
    """Ids of the volumes in a box, by archival code."""
    from archivist_desktop.store.models import Volume

    with archive.read_session() as s:
        return tuple(
            s.execute(select(Volume.id).where(Volume.box_id == box_id).order_by(Volume.archival_code)).scalars()
        )
