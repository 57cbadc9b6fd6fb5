"""Unit scope on a station: a person acts only on the work orders of their unit and the units below it.

A station may hold the records of several units (the root archive-room station holds every hall's),
so the pull's scope (row-level security on the station login) is not enough: ``zhao`` of ``hall02``
signed in at the archive room must not attach pages to, send, review, hand over, file or download
the records of a ``hall01`` order.  The acting services call :func:`require_work_order`,
:func:`require_item`, :func:`require_page` or :func:`require_customer` once, after their permission
check.

The units tree comes from the centre: ``central login`` and every sync keep it in the ``unit_tree``
setting (``{code: parent code or None}``, :func:`remember_unit_tree`) — a small table, so a station
keeps the whole tree rather than pulling a ``units`` table.  The rules:

* a user without a unit (a single desk, users made before units) acts as before, on everything here;
* a record without a unit (made before units) is anyone's, as before;
* otherwise the record's unit must be the user's or below it in the tree (an unknown tree: only the
  user's own unit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError

from archivist_desktop.errors import PermissionDenied
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.models import ChecklistItem, Customer, Page, WorkOrder


def units_below(tree: Mapping[str, str | None], unit: str) -> set[str]:
    """``unit`` and every unit below it in ``tree`` ({code: parent}).

    >>> sorted(units_below({"c01": None, "hall01": "c01", "team1": "hall01", "hall02": "c01"}, "hall01"))
    ['hall01', 'team1']
    >>> sorted(units_below({}, "hall01"))
    ['hall01']
    """
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, parent in tree.items():
        children[parent].append(code)
    found: set[str] = set()
    todo = [unit]
    while todo:
        code = todo.pop()
        if code in found:
            continue
        found.add(code)
        todo.extend(children.get(code, ()))
    return found


def remember_unit_tree(archive: Archive, engine: Engine) -> None:
    """Keep the centre's units tree in the ``unit_tree`` setting (saved only when it changed)."""
    from archivist_desktop.sync.schema import units

    try:
        with engine.connect() as conn:
            tree = {code: parent for code, parent in conn.execute(select(units.c.code, units.c.parent_code)).all()}
    except DBAPIError:  # a centre from before units (no table): the last tree kept stays
        return
    if tree != archive.settings["unit_tree"]:
        archive.settings.set("unit_tree", tree)
        archive.settings.save()


def in_scope(archive: Archive, user: UserInfo, unit: str | None) -> bool:
    """Whether ``user`` may act on a record of ``unit`` (see the module's rules)."""
    if not user.unit or not unit or unit == user.unit:
        return True
    return unit in units_below(archive.settings["unit_tree"], user.unit)


#: ``what`` of :func:`require_unit` → the refusal's code and the parameter naming the record
_OUTSIDE_CODES = (
    ("work order ", "unit_outside_work_order", "work_order"),
    ("customer ", "unit_outside_customer", "customer_no"),
)


def require_unit(archive: Archive, user: UserInfo, unit: str | None, what: str) -> None:
    """:class:`PermissionDenied` unless ``user`` may act on ``what`` (a record of ``unit``)."""
    if not in_scope(archive, user, unit):
        # ``what`` is "work order NO" or "customer NO": its code and number, for the desk's language
        code, param, number = next(
            ((c, p, what[len(prefix) :]) for prefix, c, p in _OUTSIDE_CODES if what.startswith(prefix)),
            (None, "what", what),
        )
        raise PermissionDenied(
            f"{user.username} belongs to unit {user.unit}: {what} belongs to unit {unit}, outside it",
            code=code,
            username=user.username,
            user_unit=user.unit,
            unit=unit,
            **{param: number},
        )


def require_work_order(archive: Archive, user: UserInfo, work_order_id: str) -> None:
    with archive.read_session() as s:
        order = s.get(WorkOrder, work_order_id)
    if order is None:
        raise KnownError(f"no work order {work_order_id}", code="no_work_order", work_order=work_order_id)
    require_unit(archive, user, order.unit, f"work order {order.work_order_no}")


def require_item(archive: Archive, user: UserInfo, item_id: str) -> None:
    if not user.unit:
        return
    with archive.read_session() as s:
        row = s.execute(
            select(WorkOrder.work_order_no, WorkOrder.unit)
            .join(ChecklistItem, ChecklistItem.work_order_id == WorkOrder.id)
            .where(ChecklistItem.id == item_id)
        ).first()
    if row is None:
        raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
    require_unit(archive, user, row.unit, f"work order {row.work_order_no}")


def require_page(archive: Archive, user: UserInfo, page_id: str) -> None:
    if not user.unit:
        return
    with archive.read_session() as s:
        row = s.execute(
            select(WorkOrder.work_order_no, WorkOrder.unit)
            .join(ChecklistItem, ChecklistItem.work_order_id == WorkOrder.id)
            .join(Page, Page.item_id == ChecklistItem.id)
            .where(Page.id == page_id)
        ).first()
    if row is None:
        raise KnownError(f"no page {page_id}", code="no_page", page_id=page_id)
    require_unit(archive, user, row.unit, f"work order {row.work_order_no}")


def require_customer(archive: Archive, user: UserInfo, customer_id: str) -> None:
    if not user.unit:
        return
    with archive.read_session() as s:
        customer = s.get(Customer, customer_id)
    if customer is None:
        raise KnownError(f"no customer {customer_id}")
    require_unit(archive, user, customer.unit, f"customer {customer.customer_no}")
