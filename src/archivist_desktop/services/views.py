"""Read-only views: a customer (all work orders and documents), a work order (steps, documents,
pages), a volume (its box, the customer's volumes, documents, pages)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.orders import Checklist, WorkOrderRow, get_checklist, list_work_orders
from archivist_desktop.store import models
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


def _doc_names(archive: Archive, business_type: str, step: int, doc_id: str) -> tuple[str, str]:
    template = archive.templates.get(business_type)
    if template:
        for doc in template.step(step).documents:
            if doc.id == doc_id:
                return doc.name_zh, doc.name_en
    return doc_id, doc_id


def customer_view(archive: Archive, customer_id: str) -> CustomerView:
    with archive.read_session() as s:
        c = s.get(Customer, customer_id)
        if c is None:
            raise KnownError(f"no customer with id {customer_id}")
        rows = s.execute(select(ChecklistItem, WorkOrder.work_order_no, WorkOrder.business_type)
                         .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
                         .where(WorkOrder.customer_id == customer_id, ChecklistItem.page_order != "[]")
                         .order_by(WorkOrder.created_at, ChecklistItem.step, ChecklistItem.document_type)).all()
    docs = tuple(DocumentRow(it.id, it.work_order_id, wo_no, it.step, it.document_type,
                             *_doc_names(archive, bt, it.step, it.document_type), it.required, it.state,
                             len(json.loads(it.page_order or "[]")))
                 for it, wo_no, bt in rows)
    orders = list_work_orders(archive, search=c.customer_no, limit=500).rows
    orders = tuple(o for o in orders if o.customer_no == c.customer_no)
    return CustomerView(c.id, c.customer_no, c.name, c.address, c.phone, orders, docs)


def work_order_view(archive: Archive, work_order_id: str) -> WorkOrderView:
    checklist = get_checklist(archive, work_order_id)
    with archive.read_session() as s:
        items = s.execute(select(ChecklistItem.id, ChecklistItem.page_order)
                          .where(ChecklistItem.work_order_id == work_order_id)).all()
        order = {item_id: json.loads(po or "[]") for item_id, po in items}
        ids = [pid for ids in order.values() for pid in ids]
        pages = {p.id: p for p in s.execute(select(Page).where(Page.id.in_(ids))).scalars()} if ids else {}
    out = {}
    for item_id, pids in order.items():
        out[item_id] = tuple(PageRow(p.id, n + 1, p.captured_by, p.captured_at, p.verdict, p.width, p.height, p.sha256)
                             for n, p in enumerate(pages[pid] for pid in pids if pid in pages))
    return WorkOrderView(checklist, out)


def volume_view(archive: Archive, volume_id: str) -> VolumeView:
    """A volume, its box and the customer's other volumes (needs the archive room's tables)."""
    volume = getattr(models, "Volume", None)
    if volume is None:
        raise KnownError("volumes are not available on this workstation yet")
    box_model = getattr(models, "Box", None)
    with archive.read_session() as s:
        v = s.get(volume, volume_id)
        if v is None:
            raise KnownError(f"no volume with id {volume_id}")
        box = None
        if box_model is not None and getattr(v, "box_id", None):
            b = s.get(box_model, v.box_id)
            if b is not None:
                box = {"id": b.id, "box_no": getattr(b, "box_no", ""), "shelf": str(getattr(b, "shelf", "") or "")}
        customer_id = getattr(v, "customer_id", None)
        siblings = s.execute(select(volume).where(volume.customer_id == customer_id)).scalars().all() \
            if customer_id else [v]
        volumes = tuple({"id": x.id, "archival_code": x.archival_code, "state": str(getattr(x, "state", ""))}
                        for x in siblings)
    documents: tuple[DocumentRow, ...] = ()
    if customer_id:
        documents = customer_view(archive, customer_id).documents
    return VolumeView(v.id, v.archival_code, customer_id, box, volumes, documents, sum(d.pages for d in documents))
