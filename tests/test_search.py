"""The one search field: 户号, customer name, work-order number (archival code and box number once the
archive room's tables exist); the customer and work-order views behind a hit."""
from __future__ import annotations

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.search import search
from archivist_desktop.services.users import create_user, get_user
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


def test_customer_and_work_order_views(archive, feed):
    create_user(archive, "clerk", "pw-123456", Role.CLERK, "王芳", "营业一班")
    import_orders(archive, feed)
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
