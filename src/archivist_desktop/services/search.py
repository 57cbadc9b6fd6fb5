"""One search field over 户号, customer name, work-order number, archival code (档号) and box number.

Every part is answered from an index: 户号, work-order numbers, archival codes and box numbers
by prefix on their unique indexes (an exact match sorts first), customer names by substring over
the customers' name index (the customers table is short: one row per customer).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, select

from archivist_desktop.services.archive import Archive
from archivist_desktop.store import models
from archivist_desktop.store.models import Customer, WorkOrder

KINDS = ("customer", "work_order", "volume", "box", "page")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # one of KINDS
    id: str
    title: str  # 户号 and name, work-order number, archival code, box number
    subtitle: str
    customer_id: str | None
    matched: str  # which field matched: customer_no, name, work_order_no, archival_code, box_no, text
    #: a page found by its text (kind ``page``): where the text is, four (x, y) corners each in the page's pixels
    boxes: tuple[tuple[tuple[float, float], ...], ...] = ()


def like_escape(text: str) -> str:
    """``text`` with the LIKE wildcards ``%`` and ``_`` and the escape character backslash escaped.

    Use with ``escape="\\"``: ``like_escape("50%_off")`` is ``50\\%\\_off`` (a literal match).
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str):
    """``column`` contains ``text`` literally (``%`` and ``_`` in ``text`` are not wildcards)."""
    return column.like(f"%{like_escape(text)}%", escape="\\")


def _prefix(column, text: str):
    return and_(column >= text, column < text + "\U0010ffff")


def _exact_first(column, text: str):
    return case((column == text, 0), else_=1)


def search(archive: Archive, text: str, limit: int = 50) -> tuple[SearchHit, ...]:
    """Customers, work orders, volumes and boxes matching ``text``; exact matches first."""
    text = text.strip()
    if not text:
        return ()
    hits: list[SearchHit] = []
    with archive.read_session() as s:
        for c in s.execute(
            select(Customer)
            .where(_prefix(Customer.customer_no, text))
            .order_by(_exact_first(Customer.customer_no, text), Customer.customer_no)
            .limit(limit)
        ).scalars():
            hits.append(SearchHit("customer", c.id, f"{c.customer_no} {c.name}", c.address, c.id, "customer_no"))
        if not text.isdigit() and len(hits) < limit:
            seen = {h.id for h in hits}
            for c in s.execute(
                select(Customer)
                .where(contains(Customer.name, text))
                .order_by(_exact_first(Customer.name, text), Customer.name)
                .limit(limit - len(hits))
            ).scalars():
                if c.id not in seen:
                    hits.append(SearchHit("customer", c.id, f"{c.customer_no} {c.name}", c.address, c.id, "name"))
        for o, c in s.execute(
            select(WorkOrder, Customer)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(_prefix(WorkOrder.work_order_no, text))
            .order_by(_exact_first(WorkOrder.work_order_no, text), WorkOrder.work_order_no)
            .limit(limit)
        ):
            template = archive.templates.get(o.business_type)
            hits.append(
                SearchHit(
                    "work_order",
                    o.id,
                    o.work_order_no,
                    f"{c.customer_no} {c.name} · {template.name_zh if template else o.business_type}",
                    c.id,
                    "work_order_no",
                )
            )
        volume = getattr(models, "Volume", None)
        if volume is not None and hasattr(volume, "archival_code"):
            for v in s.execute(
                select(volume)
                .where(_prefix(volume.archival_code, text))
                .order_by(_exact_first(volume.archival_code, text), volume.archival_code)
                .limit(limit)
            ).scalars():
                hits.append(
                    SearchHit(
                        "volume",
                        v.id,
                        v.archival_code,
                        getattr(v, "title", "") or "",
                        getattr(v, "customer_id", None),
                        "archival_code",
                    )
                )
        box = getattr(models, "Box", None)
        if box is not None and hasattr(box, "box_no"):
            for b in s.execute(
                select(box)
                .where(_prefix(box.box_no, text))
                .order_by(_exact_first(box.box_no, text), box.box_no)
                .limit(limit)
            ).scalars():
                hits.append(SearchHit("box", b.id, b.box_no, getattr(b, "shelf", "") or "", None, "box_no"))
    exact = [h for h in hits if h.title == text or h.title.split(" ")[0] == text]
    rest = [h for h in hits if h not in exact]
    found = exact + rest
    if len(found) < limit and len(text) >= 2:  # then pages whose text holds it (OCR, issue #18)
        found.extend(_page_hits(archive, text, limit - len(found)))
    return tuple(found[:limit])


def _page_hits(archive: Archive, text: str, limit: int) -> list[SearchHit]:
    from archivist_desktop.services.page_text import search_text

    return [
        SearchHit(
            "page",
            t.page_id,
            f"{t.document} · {t.customer}",
            t.snippet,
            t.customer_id,
            "text",
            t.boxes,
        )
        for t in search_text(archive, text, limit)
    ]
