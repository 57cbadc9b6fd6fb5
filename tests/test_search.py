"""The one search field: 户号, customer name, work-order number (archival code and box number once the
archive room's tables exist); the customer and work-order views behind a hit."""

from __future__ import annotations

from datetime import UTC

from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.search import search
from archivist_desktop.services.users import get_user
from archivist_desktop.services.views import customer_view, work_order_view


def test_search_kinds(archive, feed):
    import_orders(archive, feed)
    assert search(archive, "   ") == ()
    exact = search(archive, "3300012345")
    assert exact[0].kind == "customer" and exact[0].title.startswith("3300012345") and exact[0].matched == "customer_no"
    prefix = search(archive, "33000")
    assert {h.title.split()[0] for h in prefix if h.kind == "customer"} == {"3300012345", "3300067890"}
    by_name = search(archive, "宏达")
    assert [h.title for h in by_name] == ["3300012345 杭州宏达机械厂"] and by_name[0].matched == "name"
    orders = search(archive, "WO2026110001")
    assert [h.title for h in orders] == ["WO202611000123", "WO202611000124"] and orders[0].kind == "work_order"
    assert "杭州宏达机械厂" in orders[0].subtitle
    exact_wo = search(archive, "WO202611000124")
    assert exact_wo[0].title == "WO202611000124"
    assert search(archive, "100%_") == ()  # LIKE wildcards are literal
    assert len(search(archive, "3", limit=1)) == 1


def test_customer_and_work_order_views(archive, feed, make_station):
    make_station(("clerk",), feed, "pw-123456")
    hit = search(archive, "3300012345")[0]
    view = customer_view(archive, hit.customer_id)
    assert view.name == "杭州宏达机械厂" and [o.work_order_no for o in view.work_orders] == ["WO202611000123"]
    assert view.documents == ()
    order = view.work_orders[0]
    wo = work_order_view(archive, order.id)
    entry = wo.checklist.steps[0].entries[0]
    info = add_page(archive, get_user(archive, "clerk"), entry.item_id, b"page")
    wo = work_order_view(archive, order.id)
    assert [p.id for p in wo.pages[entry.item_id]] == [info.id] and wo.pages[entry.item_id][0].seq == 1
    view = customer_view(archive, hit.customer_id)
    assert [(d.item_id, d.pages) for d in view.documents] == [(entry.item_id, 1)] and view.documents[0].name_zh


def test_archival_code_and_box_number(archive, feed):
    from datetime import datetime

    from archivist_desktop.services.views import box_volumes, volume_view
    from archivist_desktop.store.models import Box, Customer, Volume, new_id

    import_orders(archive, feed)
    now = datetime(2026, 11, 4, tzinfo=UTC)
    with archive.session() as s:
        customer = s.query(Customer).filter_by(customer_no="3300012345").one()
        box = Box(
            id=new_id(),
            box_no="Z001-2026-30-0007",
            fonds="Z001",
            year=2026,
            retention="30",
            organisation="供电公司",
            box_seq=7,
            shelf="1-2-3-4",
            created_by="archivist",
            created_at=now,
        )
        s.add(box)
        s.flush()
        s.add(
            Volume(
                id=new_id(),
                archival_code="Z001-YK-2026-30-0012",
                customer_id=customer.id,
                fonds="Z001",
                category="YK",
                year=2026,
                retention="30",
                volume_no=12,
                security_level="public",
                title="杭州宏达机械厂 高压新装",
                organisation="供电公司",
                state="boxed",
                box_id=box.id,
                created_by="archivist",
                created_at=now,
            )
        )
    (vol,) = search(archive, "Z001-YK")
    assert vol.kind == "volume" and vol.title == "Z001-YK-2026-30-0012" and vol.matched == "archival_code"
    (hit,) = search(archive, "Z001-2026")
    assert hit.kind == "box" and hit.subtitle == "1-2-3-4"
    view = volume_view(archive, box_volumes(archive, hit.id)[0])
    assert view.box["box_no"] == "Z001-2026-30-0007" and [v["archival_code"] for v in view.volumes] == [vol.title]
