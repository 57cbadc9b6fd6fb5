"""Work orders: import from the business system's feed, the work-order list, the checklist of one order."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from archivist_desktop.domain.orders import OrderRecord, parse_feed
from archivist_desktop.domain.templates import Problem, Template
from archivist_desktop.domain.workflow import (
    DeadlineState,
    ItemState,
    capture_due,
    deadline_state,
    step_deadlines,
)
from archivist_desktop.services.archive import Archive, KnownError, Policy
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import (
    ChecklistItem,
    Customer,
    Page,
    StepCompletion,
    WorkOrder,
    new_id,
)
from archivist_desktop.store.settings import Settings


class FeedError(KnownError):
    """The feed was rejected whole; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the work-order feed")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def read_feed_file(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KnownError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise KnownError(f"{path} is not UTF-8 text") from exc
    if "\x00" in text:
        raise FeedError([Problem("", "not a JSON text file (it contains NUL characters)")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError([Problem("", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]) from exc
    except RecursionError:
        raise FeedError([Problem("", f"nested deeper than {MAX_FEED_DEPTH} levels")]) from None


# --- limits a feed must keep: column lengths, no NUL characters, shallow nesting, plausible dates ---------

#: deepest nesting of a feed: {"work_orders": [{"steps": [{"step": 1}]}]} is 5 levels
MAX_FEED_DEPTH = 16
#: years a feed's dates may lie in
FEED_YEARS = (1990, 2100)
#: text fields of a work order and the column (``String(n)``) each is stored in
_FEED_COLUMNS = {
    "work_order_no": WorkOrder.__table__.c.work_order_no,
    "customer_no": Customer.__table__.c.customer_no,
    "customer_name": Customer.__table__.c.name,
    "address": Customer.__table__.c.address,
    "phone": Customer.__table__.c.phone,
    "business_type": WorkOrder.__table__.c.business_type,
    "assignee": WorkOrder.__table__.c.assignee,
    "team": WorkOrder.__table__.c.team,
    "unit": WorkOrder.__table__.c.unit,
}


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``limit`` levels (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _strings(value: Any, where: str) -> Iterable[tuple[str, str]]:
    """Every text (keys included) in ``value``, with its location."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    yield f"{at}.{key}", key
                stack.append((child, f"{at}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{at}[{j}]") for j, child in enumerate(item))


def _date_problem(value: Any, *, date_only: bool = False) -> str | None:
    if not isinstance(value, str):
        return None  # the feed's parser says what is wrong
    try:
        parsed: date = date.fromisoformat(value) if date_only else datetime.fromisoformat(value)
    except ValueError:
        return None  # not a date at all: the feed's parser says so
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        try:
            parsed.astimezone(UTC)  # 0001-01-01T00:00+08:00 is before year 1 in UTC
        except OverflowError:
            return f"{value!r} is out of range"
    if not FEED_YEARS[0] <= parsed.year <= FEED_YEARS[1]:
        return f"{value!r} is out of range (years {FEED_YEARS[0]}–{FEED_YEARS[1]})"
    return None


def feed_limit_problems(data: Any) -> list[Problem]:
    """What in a feed breaks the limits of the local database, each with its record index and field.

    A text longer than its column (``String(n)`` in :mod:`~archivist_desktop.store.models`), a NUL
    character anywhere, nesting deeper than :data:`MAX_FEED_DEPTH`, a date outside
    :data:`FEED_YEARS`.  The rest (types, missing fields, unknown business types) is
    :func:`~archivist_desktop.domain.orders.parse_feed`'s.
    """
    if _too_deep(data, MAX_FEED_DEPTH):
        return [Problem("", f"nested deeper than {MAX_FEED_DEPTH} levels")]
    if not isinstance(data, dict) or not isinstance(data.get("work_orders"), list):
        return []
    problems = [Problem(at, "contains a NUL character") for at, s in _strings(data, "") if "\x00" in s]
    problems = [Problem(p.location.lstrip("."), p.message) for p in problems]
    for index, raw in enumerate(data["work_orders"]):
        if not isinstance(raw, dict):
            continue
        where = f"work_orders[{index}]"
        for key, column in _FEED_COLUMNS.items():
            value = raw.get(key)
            limit = getattr(column.type, "length", None)
            if isinstance(value, str) and limit is not None and len(value.strip()) > limit:
                problems.append(Problem(f"{where}.{key}", f"{len(value.strip())} characters; at most {limit}"))
        for key, only_date in (("created_at", False), ("contract_end", True)):
            problem = _date_problem(raw.get(key), date_only=only_date)
            if problem:
                problems.append(Problem(f"{where}.{key}", problem))
        steps = raw.get("steps")
        for j, step in enumerate(steps if isinstance(steps, list) else ()):
            if isinstance(step, dict):
                problem = _date_problem(step.get("completed_at"))
                if problem:
                    problems.append(Problem(f"{where}.steps[{j}].completed_at", problem))
    return problems


# --- deriving an order's state from its completed steps -------------------------------------------


@dataclass(frozen=True)
class CurrentStep:
    number: int | None
    started_at: datetime | None
    warn_at: datetime | None
    due_at: datetime | None


def current_step(
    template: Template, created_at: datetime, completed: dict[int, datetime], policy: Policy
) -> CurrentStep:
    """The first step not completed, when its clock started, and its deadlines."""
    for step in template.steps:
        if step.number not in completed:
            earlier = [t for n, t in completed.items() if n < step.number]
            started = max(earlier) if earlier else created_at
            warn_at, due_at = step_deadlines(
                started.astimezone(policy.tz), step.time_limit_days, policy.calendar, policy.warning_share
            )
            return CurrentStep(step.number, started, warn_at, due_at)
    return CurrentStep(None, None, None, None)


def item_rows(
    template: Template, completed: dict[int, datetime], policy: Policy | None = None
) -> Iterable[dict[str, Any]]:
    """The checklist slots of a new order: one per (step, document) of its template.

    A completed step's documents are due 48 working hours later in the station's time zone and
    working calendar (``policy``); without a policy, 48 clock hours.
    """
    for step in template.steps:
        done = completed.get(step.number)
        for doc in step.documents:
            yield {
                "step": step.number,
                "document_type": doc.id,
                "required": doc.required,
                "state": (ItemState.TO_CAPTURE if done else ItemState.WAITING).value,
                "step_completed_at": done,
                "due_at": _capture_due(done, policy) if done else None,
            }


def _capture_due(done: datetime, policy: Policy | None) -> datetime:
    if policy is None:
        return capture_due(done)
    return capture_due(done.astimezone(policy.tz), policy.calendar)


def _apply(
    s: Session,
    audit: AuditLog,
    rec: OrderRecord,
    template: Template,
    policy: Policy,
    customers: dict[str, Customer],
    orders: dict[str, WorkOrder],
    now: datetime,
    actor: str,
    unit: str | None = None,
) -> str:
    """Create or update one order; return ``created``, ``updated`` or ``unchanged``."""
    customer = customers.get(rec.customer_no)
    if customer is None:
        customer = Customer(
            id=new_id(),
            customer_no=rec.customer_no,
            name=rec.customer_name,
            address=rec.address,
            phone=rec.phone,
            updated_at=now,
            unit=unit,
        )
        s.add(customer)
        s.flush()
        customers[rec.customer_no] = customer
        audit.append(
            now, actor, "add", "customer", customer.id, {"customer_no": rec.customer_no, "name": rec.customer_name}
        )
    elif (customer.name, customer.address, customer.phone) != (rec.customer_name, rec.address, rec.phone):
        customer_changes = {"name": rec.customer_name, "address": rec.address, "phone": rec.phone}
        customer.name, customer.address, customer.phone = rec.customer_name, rec.address, rec.phone
        customer.version += 1
        customer.updated_at = now
        audit.append(now, actor, "modify", "customer", customer.id, customer_changes)

    completed = {st.step: st.completed_at for st in rec.steps}
    cur = current_step(template, rec.created_at, completed, policy)
    order = orders.get(rec.work_order_no)
    if order is None:
        order = WorkOrder(
            id=new_id(),
            work_order_no=rec.work_order_no,
            customer_id=customer.id,
            business_type=rec.business_type,
            created_at=rec.created_at,
            contract_end=rec.contract_end,
            assignee=rec.assignee,
            team=rec.team,
            current_step=cur.number,
            current_step_started_at=cur.started_at,
            current_step_warn_at=cur.warn_at,
            current_step_due_at=cur.due_at,
            updated_at=now,
            unit=unit,
        )
        s.add(order)
        s.flush()  # parent rows first: the unit of work does not order tables without relationships
        s.add_all(StepCompletion(work_order_id=order.id, step=n, completed_at=t) for n, t in completed.items())
        s.add_all(
            ChecklistItem(
                id=new_id(), work_order_id=order.id, assignee=rec.assignee, team=rec.team, updated_at=now, **row
            )
            for row in item_rows(template, completed, policy)
        )
        audit.append(
            now,
            actor,
            "add",
            "work_order",
            order.id,
            {
                "work_order_no": rec.work_order_no,
                "business_type": rec.business_type,
                "steps": sorted(completed),
                "unit": unit,
            },
        )
        orders[rec.work_order_no] = order
        return "created"

    if order.business_type != rec.business_type:
        raise FeedError(
            [
                Problem(
                    "business_type",
                    f"work order {rec.work_order_no} changed business type "
                    f"from {order.business_type!r} to {rec.business_type!r}; re-create it instead",
                )
            ]
        )
    changes: dict[str, Any] = {}
    for field in ("contract_end", "assignee", "team"):
        new = getattr(rec, field)
        if getattr(order, field) != new:
            changes[field] = new
            setattr(order, field, new)
    if order.customer_id != customer.id:
        order.customer_id = customer.id
        changes["customer_no"] = rec.customer_no
    if unit is not None and order.unit != unit:
        order.unit = unit
        changes["unit"] = unit
    if unit is not None and customer.unit is None:
        customer.unit = unit
        customer.version += 1
        customer.updated_at = now
    known = {
        sc.step: sc
        for sc in s.execute(select(StepCompletion).where(StepCompletion.work_order_id == order.id)).scalars()
    }
    all_completed = {n: sc.completed_at for n, sc in known.items()}
    for n, t in completed.items():
        if n not in known:
            s.add(StepCompletion(work_order_id=order.id, step=n, completed_at=t))
            changes.setdefault("steps_completed", []).append(n)
        elif known[n].completed_at != t:
            known[n].completed_at = t
            changes.setdefault("steps_retimed", []).append(n)
        all_completed[n] = t
    cur = current_step(template, rec.created_at, all_completed, policy)
    order.current_step, order.current_step_started_at = cur.number, cur.started_at
    order.current_step_warn_at, order.current_step_due_at = cur.warn_at, cur.due_at
    items = {
        (i.step, i.document_type): i
        for i in s.execute(select(ChecklistItem).where(ChecklistItem.work_order_id == order.id)).scalars()
    }
    for row in item_rows(template, all_completed, policy):
        item = items.get((row["step"], row["document_type"]))
        if item is None:  # the template gained a document since the order was created
            s.add(
                ChecklistItem(
                    id=new_id(), work_order_id=order.id, assignee=order.assignee, team=order.team, updated_at=now, **row
                )
            )
            continue
        touched = False
        if item.state == ItemState.WAITING.value and row["state"] == ItemState.TO_CAPTURE.value:
            item.state = row["state"]
            touched = True
        if row["step_completed_at"] is not None and item.step_completed_at != row["step_completed_at"]:
            item.step_completed_at, item.due_at = row["step_completed_at"], row["due_at"]
            touched = True
        if (item.assignee, item.team) != (order.assignee, order.team):
            item.assignee, item.team = order.assignee, order.team
            touched = True
        if touched:
            item.version += 1
            item.updated_at = now
    if not changes:
        return "unchanged"
    order.version += 1
    order.updated_at = now
    audit.append(now, actor, "modify", "work_order", order.id, changes)
    return "updated"


class OrderWorkspace(Protocol):
    """What :func:`import_orders` needs of its archive: an :class:`Archive` or the central workspace."""

    @property
    def templates(self) -> Mapping[str, Template]: ...

    @property
    def policy(self) -> Policy: ...

    @property
    def settings(self) -> Settings: ...

    def now(self) -> datetime: ...

    def session(self) -> AbstractContextManager[Session]: ...


def feed_units(
    data: Any, station_unit: str | None, central_units: Collection[str] | None
) -> tuple[dict[str, str | None], list[Problem]]:
    """The unit of each work order of the feed (by number), and the problems with them.

    Centrally (``central_units`` given: the codes the central database knows) every record must
    carry ``"unit": CODE`` of a known unit — once the centre has units at all: a centre without any
    (as before units existed) takes orders without a unit.  Locally an order takes the station's unit
    (``station_unit``, learnt at ``central login``); a record naming another unit is refused (import
    it centrally); on a station without a unit a record's own ``"unit"`` is kept, if any.
    """
    out: dict[str, str | None] = {}
    problems: list[Problem] = []
    raws = data.get("work_orders") if isinstance(data, dict) else None
    if not isinstance(raws, list):
        return out, problems  # parse_feed reports the shape
    for index, raw in enumerate(raws):
        if not isinstance(raw, dict):
            continue
        where = f"work_orders[{index}].unit"
        value = raw.get("unit")
        if value is not None and (not isinstance(value, str) or not value.strip() or len(value.strip()) > 32):
            problems.append(Problem(where, "must be a unit code (1–32 characters)"))
            continue
        unit = value.strip() if isinstance(value, str) else None
        if central_units is not None:
            if unit is None and central_units:
                problems.append(Problem(where, 'missing: a central import needs "unit": CODE on every work order'))
                continue
            if unit is not None and unit not in central_units:
                problems.append(Problem(where, f"unknown unit {unit!r} (add it with `central units add`)"))
                continue
        elif station_unit:
            if unit is not None and unit != station_unit:
                problems.append(
                    Problem(where, f"this station belongs to unit {station_unit!r}, not {unit!r}: import it centrally")
                )
                continue
            unit = station_unit
        number = raw.get("work_order_no")
        if isinstance(number, str):
            out[number.strip()] = unit
    return out, problems


def import_orders(
    archive: OrderWorkspace, data: Any, actor: str = "import", *, central_units: Collection[str] | None = None
) -> ImportSummary:
    """Import a feed: checked whole first (on any problem nothing is written), then written in batches.

    Each batch (:data:`IMPORT_BATCH` orders, or fewer when that takes longer than
    :data:`IMPORT_MAX_HOLD_S`) is its own transaction, with a short pause between batches, so a
    long import (thousands of orders) never locks a counter's attach out for long.
    Cut short, the batches written stay; importing the same feed again completes it (the orders
    already there come out ``unchanged``).

    ``central_units``: the unit codes of the central database, for a central import (every
    record then needs its ``"unit"``, unless the centre has no units); a local import gives its
    orders the station's unit.
    """
    limit_problems = feed_limit_problems(data)
    records, problems = parse_feed(data, archive.templates)
    units, unit_problems = feed_units(data, archive.settings["station_unit"] or None, central_units)
    problems = [*limit_problems, *problems, *unit_problems]
    if problems:
        raise FeedError(problems)
    policy = archive.policy
    now = archive.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    pending = records
    while pending:
        if pending is not records:
            time.sleep(IMPORT_PAUSE_S)  # let a waiting writer (an attach at a counter) take the lock
        batch = pending[:IMPORT_BATCH]
        written = 0
        with archive.session() as s:
            customers: dict[str, Customer] = {}
            orders: dict[str, WorkOrder] = {}
            for chunk in _chunks(sorted({r.customer_no for r in batch}), 500):
                customers.update(
                    (c.customer_no, c)
                    for c in s.execute(select(Customer).where(Customer.customer_no.in_(chunk))).scalars()
                )
            for chunk in _chunks([r.work_order_no for r in batch], 500):
                orders.update(
                    (o.work_order_no, o)
                    for o in s.execute(select(WorkOrder).where(WorkOrder.work_order_no.in_(chunk))).scalars()
                )
            audit = AuditLog(s)
            held_since = time.monotonic()
            for rec in batch:
                template = archive.templates[rec.business_type]
                unit = units.get(rec.work_order_no)
                counts[_apply(s, audit, rec, template, policy, customers, orders, now, actor, unit)] += 1
                written += 1
                if time.monotonic() - held_since > IMPORT_MAX_HOLD_S:
                    break  # the rest of the batch in the next transaction
        pending = pending[written:]
    return ImportSummary(**counts)


#: orders written per transaction by :func:`import_orders` at most …
IMPORT_BATCH = 500
#: … and for at most about this long (seconds) holding the write lock: a slow disk or a busy CPU
#: makes the batches smaller, not the wait of a counter's attach longer
IMPORT_MAX_HOLD_S = 1.0
#: the pause between two batches: longer than SQLite's longest busy-handler sleep (100 ms), so a
#: writer waiting for the lock gets it between batches instead of being starved by the import
IMPORT_PAUSE_S = 0.12


def _chunks(values: list, size: int) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


# --- the work-order list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkOrderRow:
    id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    business_type: str
    business_name_zh: str
    business_name_en: str
    created_at: datetime
    current_step: int | None
    current_step_name_zh: str
    current_step_name_en: str
    deadline: DeadlineState
    due_at: datetime | None
    contract_end: date | None
    assignee: str | None
    missing_required: int


@dataclass(frozen=True)
class WorkOrderPage:
    rows: tuple[WorkOrderRow, ...]
    total: int


def _search_condition(text: str):
    """户号 or work-order number by prefix, customer name by substring.

    Written so that SQLite can answer it from indexes: the customer side is a sub-select
    (a range on the unique 户号 index, plus, unless the text is all digits, one pass over the
    short customers table for the name), the work-order side a range on the unique number index.
    """
    text = text.strip()
    if not text:
        return None
    upper = text + "\U0010ffff"
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    by_number = and_(Customer.customer_no >= text, Customer.customer_no < upper)
    by_name = Customer.name.like(f"%{escaped}%", escape="\\")
    # digits only: a 户号 or work-order number, answered from the unique indexes alone
    customers = select(Customer.id).where(by_number if text.isdigit() else or_(by_number, by_name))
    return or_(
        WorkOrder.customer_id.in_(customers),
        and_(WorkOrder.work_order_no >= text, WorkOrder.work_order_no < upper),
    )


def list_work_orders(
    archive: Archive,
    search: str = "",
    limit: int = 100,
    offset: int = 0,
    assignee: str | None = None,
    team: str | None = None,
) -> WorkOrderPage:
    """One screen of work orders, newest first, with deadline state and missing required documents."""
    now = archive.now()
    conditions = [
        c
        for c in (
            _search_condition(search),
            WorkOrder.assignee == assignee if assignee else None,
            WorkOrder.team == team if team else None,
        )
        if c is not None
    ]
    query = (
        select(WorkOrder, Customer)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .where(*conditions)
        .order_by(WorkOrder.created_at.desc(), WorkOrder.id)
        .limit(limit)
        .offset(offset)
    )
    count = select(func.count()).select_from(WorkOrder).where(*conditions)
    with archive.read_session() as s:
        pairs = s.execute(query).all()
        total = s.execute(count).scalar_one()
        ids = [o.id for o, _ in pairs]
        # filter inside the sum so that the planner walks the per-order index, not the state index
        is_missing = and_(ChecklistItem.required.is_(True), ChecklistItem.state == ItemState.TO_CAPTURE.value)
        missing: dict[str, int] = (
            dict(
                s.execute(
                    select(ChecklistItem.work_order_id, func.sum(case((is_missing, 1), else_=0)))
                    .where(ChecklistItem.work_order_id.in_(ids))
                    .group_by(ChecklistItem.work_order_id)
                ).all()
            )
            if ids
            else {}
        )
    rows = tuple(_row(archive.templates.get(o.business_type), o, c, now, missing.get(o.id, 0)) for o, c in pairs)
    return WorkOrderPage(rows, total)


def _row(template: Template | None, o: WorkOrder, c: Customer, now: datetime, missing: int) -> WorkOrderRow:
    step = template.step(o.current_step) if template and o.current_step else None
    return WorkOrderRow(
        o.id,
        o.work_order_no,
        c.customer_no,
        c.name,
        o.business_type,
        template.name_zh if template else o.business_type,
        template.name_en if template else o.business_type,
        o.created_at,
        o.current_step,
        step.name_zh if step else "",
        step.name_en if step else "",
        deadline_state(now, o.current_step_warn_at, o.current_step_due_at),
        o.current_step_due_at,
        o.contract_end,
        o.assignee,
        missing,
    )


# --- the checklist of one order ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    item_id: str
    step: int
    document_type: str
    name_zh: str
    name_en: str
    required: bool
    state: ItemState
    pages: int
    due_at: datetime | None
    late: bool  # still to capture after its 48-hour deadline
    rejected_kept: int = 0  # pages the quality check rejected, kept with an override reason


@dataclass(frozen=True)
class ChecklistStep:
    number: int
    name_zh: str
    name_en: str
    time_limit_days: int | None
    completed_at: datetime | None
    is_current: bool
    entries: tuple[ChecklistEntry, ...]


@dataclass(frozen=True)
class Checklist:
    order: WorkOrderRow
    address: str
    phone: str
    steps: tuple[ChecklistStep, ...]
    required_total: int
    required_missing: int  # required documents of completed steps without pages


def get_checklist(archive: Archive, work_order_id: str) -> Checklist:
    now = archive.now()
    with archive.read_session() as s:
        pair = s.execute(
            select(WorkOrder, Customer)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(WorkOrder.id == work_order_id)
        ).first()
        if pair is None:
            raise KnownError(
                f"no work order with id {work_order_id}", code="no_work_order_id", work_order_id=work_order_id
            )
        order, customer = pair
        items = {
            (i.step, i.document_type): i
            for i in s.execute(select(ChecklistItem).where(ChecklistItem.work_order_id == order.id)).scalars()
        }
        completions = dict(
            s.execute(
                select(StepCompletion.step, StepCompletion.completed_at).where(StepCompletion.work_order_id == order.id)
            ).all()
        )
        page_counts = {i.id: len(json.loads(i.page_order or "[]")) for i in items.values()}
        rejected_kept = dict(
            s.execute(
                select(Page.item_id, func.count())
                .join(ChecklistItem, ChecklistItem.id == Page.item_id)
                .where(ChecklistItem.work_order_id == order.id, Page.status == "active", Page.verdict == "reject")
                .group_by(Page.item_id)
            ).all()
        )
    template = archive.templates[order.business_type]
    steps = []
    required_total = missing = 0
    for step in template.steps:
        entries = []
        for doc in step.documents:
            item = items.get((step.number, doc.id))
            if item is None:
                continue
            state = ItemState(item.state)
            if doc.required:
                required_total += 1
                if state == ItemState.TO_CAPTURE:
                    missing += 1
            entries.append(
                ChecklistEntry(
                    item.id,
                    step.number,
                    doc.id,
                    doc.name_zh,
                    doc.name_en,
                    doc.required,
                    state,
                    page_counts.get(item.id, 0),
                    item.due_at,
                    state == ItemState.TO_CAPTURE and item.due_at is not None and now > item.due_at,
                    rejected_kept.get(item.id, 0),
                )
            )
        steps.append(
            ChecklistStep(
                step.number,
                step.name_zh,
                step.name_en,
                step.time_limit_days,
                completions.get(step.number),
                step.number == order.current_step,
                tuple(entries),
            )
        )
    row = _row(template, order, customer, now, missing)
    return Checklist(row, customer.address, customer.phone, tuple(steps), required_total, missing)
