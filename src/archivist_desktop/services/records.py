"""Archive-room use cases: hand-over (移交), volumes with archival codes (卷宗/档号), loans, appraisal.

Boxes, shelves and labels are in :mod:`archivist_desktop.services.boxes`.  Every change here is an
audited event in the same transaction as the change.  Archive-room actions need the archivist
(or admin) role.

Archival codes (and box numbers, hand-over receipt numbers) are unique company-wide: on a
station connected to a centre the number comes from the centre's ``number_counters`` and is then
recorded here in the local transaction, under the unique constraints ``uq_volumes_number`` and
``uq_volumes_archival_code``; offline, filing is refused with a clear message and nothing is
written (:mod:`archivist_desktop.services.numbers`, which also says what happens to a number a
failed transaction took).  A station without a centre allocates ``max(volume_no) + 1`` per
fonds / category / year / retention inside its own transaction.  A transaction that loses a race
(another writer on the same station database) is retried, so numbers are unique and without gaps.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import tenacity
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from archivist_desktop.domain.permissions import Capability, PermissionDenied, can, roles_with
from archivist_desktop.domain.records import RecordsConfig, RecordsError, check_security, parse_records_config
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive, KnownError, load_config
from archivist_desktop.services.numbers import Numbers, hand_over_series, numbering, volume_series
from archivist_desktop.services.scope import require_unit
from archivist_desktop.services.search import contains
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.audit import AuditLog, volume_manifest
from archivist_desktop.store.models import (
    Box,
    ChecklistItem,
    Customer,
    HandOver,
    Loan,
    Page,
    Volume,
    VolumeItem,
    WorkOrder,
    new_id,
)

T = TypeVar("T")

#: item states the archive room receives from the business desk
HAND_OVER_STATES = (ItemState.REVIEWED.value, ItemState.TO_HAND_OVER.value)
ARCHIVE_ROLES = roles_with(Capability.ARCHIVE_ROOM)  # see domain.permissions.ROLE_RULES


# --- configuration and permission --------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _load_config(path: Path) -> RecordsConfig:
    return load_config(path, parse_records_config)


def records_config(archive: Archive) -> RecordsConfig:
    """The records rules of this station (``resources/records.toml``)."""
    return _load_config(Path(archive.resources) / "records.toml")


def require_archivist(user: UserInfo, action: str) -> None:
    if not can(user.role, Capability.ARCHIVE_ROOM):
        raise PermissionDenied(
            f"only an archivist may {action} (you are signed in as {user.role.value})",
            code="archivist_only",
            action=action,
            role=user.role.value,
        )


_UNIQUE_CODES = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})
_LOCK_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})  # primary codes (extended & 0xFF)


def _lost_race(exc: BaseException) -> bool:
    """True for a lost race: a unique conflict on a number, or the database write lock held by another writer.

    Decided by the SQLite error code of the driver exception, not by its message text.
    """
    code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    if code is None:
        return False
    if isinstance(exc, IntegrityError):
        return code in _UNIQUE_CODES
    if isinstance(exc, OperationalError):
        return code & 0xFF in _LOCK_CODES
    return False


def _retrying(fn: Callable[[], T], attempts: int = 8) -> T:
    """Run a transaction again when it lost a race for a number (unique conflict) or the write lock.

    Waits 0.02 s, 0.04 s, … between attempts; after ``attempts`` the last error is raised as is.
    """
    retryer = tenacity.Retrying(
        retry=tenacity.retry_if_exception(_lost_race),
        stop=tenacity.stop_after_attempt(attempts),
        wait=tenacity.wait_incrementing(start=0.02, increment=0.02),
        reraise=True,
    )
    return retryer(fn)


# --- plain results for the GUI and the CLI -----------------------------------------------------------


@dataclass(frozen=True)
class InboxEntry:
    """A reviewed document waiting to be handed over to the archive room."""

    item_id: str
    work_order_id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    business_type: str
    step: int
    document_type: str
    name_zh: str
    name_en: str
    pages: int
    team: str | None
    state: str


@dataclass(frozen=True)
class HandOverLine:
    item_id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    document_zh: str
    document_en: str
    pages: int


@dataclass(frozen=True)
class HandOverInfo:
    id: str
    hand_over_no: str
    received_by: str
    from_team: str | None
    at: datetime
    lines: tuple[HandOverLine, ...]

    @property
    def work_order_nos(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.work_order_no for line in self.lines))


@dataclass(frozen=True)
class VolumeInfo:
    id: str
    archival_code: str
    customer_id: str
    customer_no: str
    customer_name: str
    fonds: str
    category: str
    year: int
    retention: str
    retention_zh: str
    volume_no: int
    security_level: str
    title: str
    organisation: str
    state: str  # open | boxed | archived | voided
    box_id: str | None
    box_no: str | None
    documents: int
    pages: int
    on_loan_to: str | None

    def to_json(self) -> dict:
        return {
            "archival_code": self.archival_code,
            "customer_no": self.customer_no,
            "customer": self.customer_name,
            "year": self.year,
            "retention": self.retention,
            "volume_no": self.volume_no,
            "security_level": self.security_level,
            "title": self.title,
            "state": self.state,
            "box_no": self.box_no,
            "documents": self.documents,
            "pages": self.pages,
            "on_loan_to": self.on_loan_to,
        }


@dataclass(frozen=True)
class VolumeDocument:
    item_id: str
    position: int
    work_order_no: str
    business_type: str
    step: int
    document_type: str
    name_zh: str
    name_en: str
    page_ids: tuple[str, ...]
    state: str


@dataclass(frozen=True)
class PendingCustomer:
    """A customer with received documents not yet filed in a volume."""

    customer_id: str
    customer_no: str
    customer_name: str
    documents: int


def _page_count(item: ChecklistItem) -> int:
    return len(json.loads(item.page_order or "[]"))


# --- hand-over ---------------------------------------------------------------------------------------


def hand_over_inbox(archive: Archive, search: str = "") -> list[InboxEntry]:
    """Reviewed documents waiting for the archive room, by work order."""
    with archive.read_session() as s:
        q = (
            select(ChecklistItem, WorkOrder, Customer)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(ChecklistItem.state.in_(HAND_OVER_STATES))
        )
        if search.strip():
            needle = search.strip()
            q = q.where(
                or_(
                    contains(WorkOrder.work_order_no, needle),
                    contains(Customer.customer_no, needle),
                    contains(Customer.name, needle),
                )
            )
        rows = s.execute(q.order_by(WorkOrder.work_order_no, ChecklistItem.step, ChecklistItem.document_type)).all()
    out = []
    for item, order, customer in rows:
        zh, en = archive.document_names(order.business_type, item.step, item.document_type)
        out.append(
            InboxEntry(
                item.id,
                order.id,
                order.work_order_no,
                customer.customer_no,
                customer.name,
                order.business_type,
                item.step,
                item.document_type,
                zh,
                en,
                _page_count(item),
                item.team,
                item.state,
            )
        )
    return out


def _hand_over_no(s: Session, at: datetime, tz, numbers: Numbers | None = None) -> str:
    """``YJ<day>-NNN``: the day's next receipt number (from the centre when connected)."""
    day = at.astimezone(tz).strftime("%Y%m%d")
    prefix = f"YJ{day}-"
    count = s.execute(
        select(func.count()).select_from(HandOver).where(HandOver.hand_over_no.like(prefix + "%"))
    ).scalar_one()
    number = count + 1 if numbers is None else numbers.next("handover", hand_over_series(f"YJ{day}"), count + 1)
    return f"{prefix}{number:03d}"


def hand_over(
    archive: Archive, user: UserInfo, *, work_order_nos: Iterable[str] = (), item_ids: Iterable[str] = ()
) -> HandOverInfo:
    """Receive reviewed documents in the archive room: they move to ``received``; the receipt is kept.

    ``work_order_nos`` takes every reviewed document of those orders (a scanned cover-sheet
    barcode); ``item_ids`` takes single documents (picked from the list).
    """
    require_archivist(user, "receive hand-overs")
    nos = [n.strip() for n in work_order_nos if n and n.strip()]
    ids = list(dict.fromkeys(item_ids))
    if not nos and not ids:
        raise KnownError("nothing to receive: scan a work-order barcode or pick documents", code="nothing_to_receive")
    now = archive.now()
    with numbering(archive) as numbers, archive.session() as s:
        items: dict[str, ChecklistItem] = {}
        for no in nos:
            order = s.execute(select(WorkOrder).where(WorkOrder.work_order_no == no)).scalar_one_or_none()
            if order is None:
                raise KnownError(f"no work order {no}")
            found = (
                s.execute(
                    select(ChecklistItem).where(
                        ChecklistItem.work_order_id == order.id, ChecklistItem.state.in_(HAND_OVER_STATES)
                    )
                )
                .scalars()
                .all()
            )
            if not found:
                raise KnownError(
                    f"work order {no} has no reviewed documents waiting for hand-over",
                    code="nothing_to_hand_over",
                    work_order=no,
                )
            items.update({i.id: i for i in found})
        for item_id in ids:
            item = s.get(ChecklistItem, item_id)
            if item is None:
                raise KnownError(f"no checklist item {item_id}")
            if item.state not in HAND_OVER_STATES:
                raise KnownError(
                    f"a document is {item.state}, not reviewed: only reviewed documents are handed over",
                    code="not_reviewed",
                    state=item.state,
                )
            items[item.id] = item
        lines = []
        teams = set()
        for item in sorted(items.values(), key=lambda i: (i.work_order_id, i.step, i.document_type)):
            order = s.get(WorkOrder, item.work_order_id)
            assert order is not None  # foreign key
            require_unit(archive, user, order.unit, f"work order {order.work_order_no}")  # services/scope.py
            customer = s.get(Customer, order.customer_id)
            assert customer is not None  # foreign key
            zh, en = archive.document_names(order.business_type, item.step, item.document_type)
            lines.append(
                HandOverLine(
                    item.id, order.work_order_no, customer.customer_no, customer.name, zh, en, _page_count(item)
                )
            )
            teams.add(item.team)
            item.state = ItemState.RECEIVED.value
            item.version += 1
            item.updated_at = now
        from_team = next(iter(teams)) if len(teams) == 1 else None
        row = HandOver(
            id=new_id(),
            hand_over_no=_hand_over_no(s, now, archive.policy.tz, numbers),
            received_by=user.username,
            from_team=from_team,
            at=now,
            item_ids=json.dumps([line.item_id for line in lines]),
            work_order_nos=json.dumps(list(dict.fromkeys(line.work_order_no for line in lines))),
        )
        s.add(row)
        AuditLog(s).append(
            now,
            user.username,
            "hand_over",
            "hand_over",
            row.id,
            {
                "hand_over_no": row.hand_over_no,
                "items": [line.item_id for line in lines],
                "work_orders": json.loads(row.work_order_nos),
                "from_team": from_team,
            },
        )
    return HandOverInfo(row.id, row.hand_over_no, row.received_by, from_team, now, tuple(lines))


def get_hand_over(archive: Archive, hand_over_id_or_no: str) -> HandOverInfo:
    with archive.read_session() as s:
        row = (
            s.get(HandOver, hand_over_id_or_no)
            or s.execute(select(HandOver).where(HandOver.hand_over_no == hand_over_id_or_no)).scalar_one_or_none()
        )
        if row is None:
            raise KnownError(f"no hand-over {hand_over_id_or_no}")
        lines = []
        for item_id in json.loads(row.item_ids):
            item = s.get(ChecklistItem, item_id)
            assert item is not None  # checklist items are never deleted
            order = s.get(WorkOrder, item.work_order_id)
            assert order is not None  # foreign key
            customer = s.get(Customer, order.customer_id)
            assert customer is not None  # foreign key
            zh, en = archive.document_names(order.business_type, item.step, item.document_type)
            lines.append(
                HandOverLine(
                    item.id, order.work_order_no, customer.customer_no, customer.name, zh, en, _page_count(item)
                )
            )
    return HandOverInfo(row.id, row.hand_over_no, row.received_by, row.from_team, row.at, tuple(lines))


def hand_over_receipt_pdf(archive: Archive, hand_over_id_or_no: str, out: Path) -> Path:
    """The printable hand-over list (移交清单) as PDF: the receipt."""
    from archivist_desktop.printing.receipt import ReceiptData, ReceiptLine, render_receipt_pdf

    info = get_hand_over(archive, hand_over_id_or_no)
    cfg = records_config(archive)
    data = ReceiptData(
        info.hand_over_no,
        cfg.organisation,
        info.received_by,
        info.from_team or "",
        info.at.astimezone(archive.policy.tz).strftime("%Y-%m-%d %H:%M"),
        tuple(
            ReceiptLine(line.work_order_no, line.customer_no, line.customer_name, line.document_zh, line.pages)
            for line in info.lines
        ),
    )
    render_receipt_pdf(data, Path(out))
    return Path(out)


# --- volumes -----------------------------------------------------------------------------------------


def pending_customers(archive: Archive) -> list[PendingCustomer]:
    """Customers with received documents that are in no volume yet."""
    with archive.read_session() as s:
        filed = select(VolumeItem.item_id)
        rows = s.execute(
            select(Customer.id, Customer.customer_no, Customer.name, func.count(ChecklistItem.id))
            .join(WorkOrder, WorkOrder.customer_id == Customer.id)
            .join(ChecklistItem, ChecklistItem.work_order_id == WorkOrder.id)
            .where(ChecklistItem.state == ItemState.RECEIVED.value, ChecklistItem.id.not_in(filed))
            .group_by(Customer.id, Customer.customer_no, Customer.name)
            .order_by(Customer.customer_no)
        ).all()
    return [PendingCustomer(*r) for r in rows]


def customer_id_by_number(archive: Archive, customer_no: str) -> str:
    """The id of the customer with this 户号; :class:`KnownError` when there is none."""
    with archive.read_session() as s:
        cid = s.execute(select(Customer.id).where(Customer.customer_no == customer_no)).scalar_one_or_none()
    if cid is None:
        raise KnownError(f"no customer with 户号 {customer_no}", code="no_customer_no", customer_no=customer_no)
    return cid


def _allocate_volume_no(
    s: Session, fonds: str, category: str, year: int, retention: str, numbers: Numbers | None = None
) -> int:
    """The next volume number: local ``max + 1``, or the centre's next (at least that) when connected."""
    last = s.execute(
        select(func.max(Volume.volume_no)).where(
            Volume.fonds == fonds, Volume.category == category, Volume.year == year, Volume.retention == retention
        )
    ).scalar_one()
    floor = (last or 0) + 1
    if numbers is None:
        return floor
    return numbers.next("volume", volume_series(fonds, category, year, retention), floor)


def _new_volume(
    archive: Archive,
    s: Session,
    user: UserInfo,
    customer: Customer,
    category: str,
    year: int,
    retention: str,
    security: str,
    now: datetime,
    numbers: Numbers | None = None,
) -> Volume:
    cfg = records_config(archive)
    number = _allocate_volume_no(s, cfg.fonds, category, year, retention, numbers)
    code = cfg.archival_code(category, year, retention, number)
    volume = Volume(
        id=new_id(),
        archival_code=code,
        customer_id=customer.id,
        fonds=cfg.fonds,
        category=category,
        year=year,
        retention=retention,
        volume_no=number,
        security_level=security,
        title=f"{customer.name}（户号 {customer.customer_no}）客户档案",
        organisation=cfg.organisation,
        state="open",
        box_id=None,
        created_by=user.username,
        created_at=now,
        updated_at=now,
        version=1,
    )
    s.add(volume)
    s.flush()  # the unique constraints speak now, inside the retry
    AuditLog(s).append(
        now,
        user.username,
        "add",
        "volume",
        volume.id,
        {"archival_code": code, "customer_id": customer.id, "volume_no": number, "security_level": security},
    )
    return volume


def build_volumes(
    archive: Archive, user: UserInfo, customer_id: str, security_level: str | None = None
) -> list[VolumeInfo]:
    """File the customer's received documents (一户一档): into the customer's open volume of the same
    category / year / retention, or a new volume with the next archival code."""
    require_archivist(user, "build volumes")
    cfg = records_config(archive)
    try:
        security = check_security(security_level or cfg.default_security)
    except RecordsError as exc:
        raise KnownError(str(exc)) from None
    tz = archive.policy.tz

    def run() -> list[str]:
        now = archive.now()
        touched: list[str] = []
        with archive.session() as s:
            customer = s.get(Customer, customer_id)
            if customer is None:
                raise KnownError(f"no customer {customer_id}")
            require_unit(archive, user, customer.unit, f"customer {customer.customer_no}")  # services/scope.py
            rows = s.execute(
                select(ChecklistItem, WorkOrder)
                .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
                .where(
                    WorkOrder.customer_id == customer_id,
                    ChecklistItem.state == ItemState.RECEIVED.value,
                    ChecklistItem.id.not_in(select(VolumeItem.item_id)),
                )
                .order_by(
                    WorkOrder.created_at, WorkOrder.work_order_no, ChecklistItem.step, ChecklistItem.document_type
                )
            ).all()
            if not rows:
                raise KnownError(
                    f"{customer.name} has no received documents waiting for a volume",
                    code="nothing_to_file",
                    customer=customer.name,
                )
            groups: dict[tuple[str, int, str], list[ChecklistItem]] = defaultdict(list)
            for item, order in rows:
                key = (
                    cfg.category_for(order.business_type),
                    order.created_at.astimezone(tz).year,
                    cfg.retention_for(order.business_type).code,
                )
                groups[key].append(item)
            for (category, year, retention), items in groups.items():
                volume = (
                    s.execute(
                        select(Volume).where(
                            Volume.customer_id == customer_id,
                            Volume.state == "open",
                            Volume.category == category,
                            Volume.year == year,
                            Volume.retention == retention,
                        )
                    )
                    .scalars()
                    .first()
                )
                if volume is None:
                    volume = _new_volume(archive, s, user, customer, category, year, retention, security, now, numbers)
                position = (
                    s.execute(
                        select(func.max(VolumeItem.position)).where(VolumeItem.volume_id == volume.id)
                    ).scalar_one()
                    or 0
                )
                for item in items:
                    position += 1
                    s.add(
                        VolumeItem(id=new_id(), volume_id=volume.id, item_id=item.id, position=position, added_at=now)
                    )
                volume.version += 1
                volume.updated_at = now
                AuditLog(s).append(
                    now,
                    user.username,
                    "file",
                    "volume",
                    volume.id,
                    {"archival_code": volume.archival_code, "items": [i.id for i in items]},
                )
                touched.append(volume.id)
        return touched

    with numbering(archive) as numbers:
        touched = _retrying(numbers.attempt(run))
    return [get_volume(archive, vid) for vid in touched]


def create_volume(
    archive: Archive,
    user: UserInfo,
    customer_id: str,
    year: int,
    retention: str,
    category: str | None = None,
    security_level: str | None = None,
) -> VolumeInfo:
    """An empty volume with the next archival code (normally :func:`build_volumes` makes them)."""
    require_archivist(user, "create volumes")
    cfg = records_config(archive)
    try:
        cfg.retention(retention)
        security = check_security(security_level or cfg.default_security)
    except RecordsError as exc:
        raise KnownError(str(exc)) from None

    def run() -> str:
        now = archive.now()
        with archive.session() as s:
            customer = s.get(Customer, customer_id)
            if customer is None:
                raise KnownError(f"no customer {customer_id}")
            return _new_volume(
                archive, s, user, customer, category or cfg.default_category, year, retention, security, now, numbers
            ).id

    with numbering(archive) as numbers:
        volume_id = _retrying(numbers.attempt(run))
    return get_volume(archive, volume_id)


def _volume_infos(archive: Archive, s: Session, volumes: list[Volume]) -> list[VolumeInfo]:
    if not volumes:
        return []
    cfg = records_config(archive)
    ids = [v.id for v in volumes]
    docs: dict[str, int] = defaultdict(int)
    pages: dict[str, int] = defaultdict(int)
    for vid, order in s.execute(
        select(VolumeItem.volume_id, ChecklistItem.page_order)
        .join(ChecklistItem, ChecklistItem.id == VolumeItem.item_id)
        .where(VolumeItem.volume_id.in_(ids))
    ):
        docs[vid] += 1
        pages[vid] += len(json.loads(order or "[]"))
    loans = dict(
        s.execute(
            select(Loan.volume_id, Loan.borrower).where(Loan.volume_id.in_(ids), Loan.returned_at.is_(None))
        ).all()
    )
    customers = {
        c.id: c for c in s.execute(select(Customer).where(Customer.id.in_({v.customer_id for v in volumes}))).scalars()
    }
    box_ids = {v.box_id for v in volumes if v.box_id}
    boxes = dict(s.execute(select(Box.id, Box.box_no).where(Box.id.in_(box_ids))).all()) if box_ids else {}
    out = []
    for v in volumes:
        c = customers[v.customer_id]
        try:
            rzh = cfg.retention(v.retention).name_zh
        except RecordsError:
            rzh = v.retention
        out.append(
            VolumeInfo(
                v.id,
                v.archival_code,
                v.customer_id,
                c.customer_no,
                c.name,
                v.fonds,
                v.category,
                v.year,
                v.retention,
                rzh,
                v.volume_no,
                v.security_level,
                v.title,
                v.organisation,
                v.state,
                v.box_id,
                boxes.get(v.box_id) if v.box_id else None,
                docs[v.id],
                pages[v.id],
                loans.get(v.id),
            )
        )
    return out


def _find_volume(s: Session, volume: str) -> Volume:
    row = (
        s.get(Volume, volume)
        or s.execute(select(Volume).where(Volume.archival_code == volume.strip())).scalar_one_or_none()
    )
    if row is None:
        raise KnownError(f"no volume {volume}")
    return row


def get_volume(archive: Archive, volume: str) -> VolumeInfo:
    """A volume by id or archival code."""
    with archive.read_session() as s:
        return _volume_infos(archive, s, [_find_volume(s, volume)])[0]


def list_volumes(
    archive: Archive,
    search: str = "",
    state: str | None = None,
    customer_id: str | None = None,
    box_id: str | None = None,
) -> list[VolumeInfo]:
    with archive.read_session() as s:
        q = select(Volume).join(Customer, Customer.id == Volume.customer_id)
        if search.strip():
            needle = search.strip()
            q = q.where(
                or_(
                    contains(Volume.archival_code, needle),
                    contains(Customer.customer_no, needle),
                    contains(Customer.name, needle),
                )
            )
        if state:
            q = q.where(Volume.state == state)
        if customer_id:
            q = q.where(Volume.customer_id == customer_id)
        if box_id:
            q = q.where(Volume.box_id == box_id)
        rows = (
            s.execute(q.order_by(Volume.fonds, Volume.category, Volume.year, Volume.retention, Volume.volume_no))
            .scalars()
            .all()
        )
        return _volume_infos(archive, s, list(rows))


def volume_documents(archive: Archive, volume: str) -> list[VolumeDocument]:
    """The volume's documents in filing order, each with its current pages."""
    with archive.read_session() as s:
        v = _find_volume(s, volume)
        rows = s.execute(
            select(VolumeItem, ChecklistItem, WorkOrder)
            .join(ChecklistItem, ChecklistItem.id == VolumeItem.item_id)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .where(VolumeItem.volume_id == v.id)
            .order_by(VolumeItem.position)
        ).all()
    out = []
    for vi, item, order in rows:
        zh, en = archive.document_names(order.business_type, item.step, item.document_type)
        out.append(
            VolumeDocument(
                item.id,
                vi.position,
                order.work_order_no,
                order.business_type,
                item.step,
                item.document_type,
                zh,
                en,
                tuple(json.loads(item.page_order or "[]")),
                item.state,
            )
        )
    return out


def correct_volume(
    archive: Archive,
    user: UserInfo,
    volume: str,
    *,
    reason: str,
    title: str | None = None,
    security_level: str | None = None,
) -> VolumeInfo:
    """A metadata correction: a new audited event with the old and new values and the reason.

    The archival code, the documents and their pages never change this way."""
    require_archivist(user, "correct volume records")
    if not reason or not reason.strip():
        raise KnownError("a correction needs a reason")
    if security_level is not None:
        try:
            check_security(security_level)
        except RecordsError as exc:
            raise KnownError(str(exc)) from None
    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        if v.state == "voided":
            raise KnownError(f"volume {v.archival_code} is voided")
        changes = {}
        for name, value in (("title", title), ("security_level", security_level)):
            if value is not None and value.strip() and value.strip() != getattr(v, name):
                changes[name] = {"from": getattr(v, name), "to": value.strip()}
                setattr(v, name, value.strip())
        if not changes:
            raise KnownError("nothing to correct: the values are unchanged")
        v.version += 1
        v.updated_at = now
        AuditLog(s).append(
            now,
            user.username,
            "modify",
            "volume",
            v.id,
            {
                "archival_code": v.archival_code,
                "changes": changes,
                "reason": reason.strip(),
                **({"manifest_sha256": volume_manifest(s, v.id)} if v.state == "archived" else {}),
            },
        )
        vid = v.id
    return get_volume(archive, vid)


# --- loans, appraisal, voiding -----------------------------------------------------------------------


def borrow(
    archive: Archive, user: UserInfo, volume: str, borrower: str, purpose: str, due_at: datetime | None = None
) -> VolumeInfo:
    """Lend a boxed or archived volume out (借阅), audited."""
    require_archivist(user, "lend volumes")
    if not borrower or not borrower.strip():
        raise KnownError("who borrows the volume?")
    if not purpose or not purpose.strip():
        raise KnownError("a loan needs a purpose")
    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        if v.state not in ("boxed", "archived"):
            raise KnownError(f"volume {v.archival_code} is {v.state}: only boxed or archived volumes are lent")
        open_loan = s.execute(select(Loan).where(Loan.volume_id == v.id, Loan.returned_at.is_(None))).scalars().first()
        if open_loan is not None:
            raise KnownError(f"volume {v.archival_code} is on loan to {open_loan.borrower} already")
        loan = Loan(
            id=new_id(),
            volume_id=v.id,
            borrower=borrower.strip(),
            purpose=purpose.strip(),
            lent_by=user.username,
            borrowed_at=now,
            due_at=due_at,
            returned_at=None,
            returned_to=None,
            updated_at=now,
            version=1,
        )
        s.add(loan)
        AuditLog(s).append(
            now,
            user.username,
            "borrow",
            "volume",
            v.id,
            {
                "archival_code": v.archival_code,
                "loan_id": loan.id,
                "borrower": loan.borrower,
                "purpose": loan.purpose,
                "due_at": due_at.isoformat() if due_at else None,
            },
        )
        vid = v.id
    return get_volume(archive, vid)


def return_volume(archive: Archive, user: UserInfo, volume: str, note: str = "") -> VolumeInfo:
    """Take a lent volume back (归还), audited."""
    require_archivist(user, "take volumes back")
    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        loan = s.execute(select(Loan).where(Loan.volume_id == v.id, Loan.returned_at.is_(None))).scalars().first()
        if loan is None:
            raise KnownError(f"volume {v.archival_code} is not on loan")
        loan.returned_at, loan.returned_to = now, user.username
        loan.version += 1
        loan.updated_at = now
        AuditLog(s).append(
            now,
            user.username,
            "return",
            "volume",
            v.id,
            {"archival_code": v.archival_code, "loan_id": loan.id, "borrower": loan.borrower, "note": note.strip()},
        )
        vid = v.id
    return get_volume(archive, vid)


def loans(archive: Archive, volume: str) -> list[dict]:
    with archive.read_session() as s:
        v = _find_volume(s, volume)
        rows = s.execute(select(Loan).where(Loan.volume_id == v.id).order_by(Loan.borrowed_at)).scalars().all()
        return [
            {
                "borrower": r.borrower,
                "purpose": r.purpose,
                "lent_by": r.lent_by,
                "borrowed_at": r.borrowed_at.isoformat(),
                "returned_at": r.returned_at.isoformat() if r.returned_at else None,
                "returned_to": r.returned_to,
            }
            for r in rows
        ]


def appraise(archive: Archive, user: UserInfo, volume: str, conclusion: str, reason: str) -> VolumeInfo:
    """Record an appraisal (鉴定) of a volume: its conclusion and reason, as an audited event."""
    require_archivist(user, "appraise volumes")
    if not conclusion.strip() or not reason.strip():
        raise KnownError("an appraisal needs a conclusion and a reason")
    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        AuditLog(s).append(
            now,
            user.username,
            "appraise",
            "volume",
            v.id,
            {"archival_code": v.archival_code, "conclusion": conclusion.strip(), "reason": reason.strip()},
        )
        vid = v.id
    return get_volume(archive, vid)


def void_volume(archive: Archive, user: UserInfo, volume: str, reason: str) -> VolumeInfo:
    """Void a volume (作废): it keeps its archival code (numbers stay without gaps) and its pages."""
    require_archivist(user, "void volumes")
    if not reason or not reason.strip():
        raise KnownError("voiding needs a reason")
    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        if v.state == "voided":
            raise KnownError(f"volume {v.archival_code} is voided already")
        if s.execute(select(Loan.id).where(Loan.volume_id == v.id, Loan.returned_at.is_(None))).first():
            raise KnownError(f"volume {v.archival_code} is on loan: take it back first")
        before = v.state
        v.state = "voided"
        v.version += 1
        v.updated_at = now
        AuditLog(s).append(
            now,
            user.username,
            "void",
            "volume",
            v.id,
            {"archival_code": v.archival_code, "state_before": before, "reason": reason.strip()},
        )
        vid = v.id
    return get_volume(archive, vid)


def volume_pages(archive: Archive, volume: str) -> list[tuple[VolumeDocument, list[Page]]]:
    """The volume's documents with their current page rows, in order (for export)."""
    docs = volume_documents(archive, volume)
    with archive.read_session() as s:
        out = []
        for doc in docs:
            rows = (
                {p.id: p for p in s.execute(select(Page).where(Page.id.in_(doc.page_ids))).scalars()}
                if doc.page_ids
                else {}
            )
            out.append((doc, [rows[pid] for pid in doc.page_ids]))
    return out


# --- export ------------------------------------------------------------------------------------------


def export_volume(
    archive: Archive, user: UserInfo, volume: str, out: Path, *, pdfa: bool = False, pages_dir: Path | None = None
) -> dict:
    """The volume as one PDF (JPEG pages byte-for-byte, a bookmark per document, optionally PDF/A-2b),
    and optionally its page files named by archival code + page number.  Audited as a download."""
    import tempfile

    from archivist_desktop.printing.pdf_export import (
        ExportAttachment,
        ExportDocument,
        ExportVolume,
        export_page_files,
        export_volume_pdf,
    )
    from archivist_desktop.services.materials import material_export_pages
    from archivist_desktop.services.page_bytes import ensure_local
    from archivist_desktop.services.verify import check_export_pages

    require_archivist(user, "export volumes")
    info = get_volume(archive, volume)
    documents = []
    pages = 0
    contents = volume_pages(archive, info.id)
    wanted = {p.sha256 for _doc, rows in contents for p in rows}  # none evicted while the export gathers them
    check_export_pages(archive, [p for _doc, rows in contents for p in rows])  # rows as their capture recorded
    rendered = tempfile.TemporaryDirectory(prefix="archivist-export-")  # materials' pages and posters (#19)
    try:  # gone however this ends: a page refused by its hash leaves nothing behind
        attachments: list[ExportAttachment] = []
        pdf_page_ids: list[str | None] = []  # per PDF page: the camera page it shows (its text layer), or None
        for doc, rows in contents:
            # each file verified against its page's SHA-256; fetched from the centre when not on this station
            paths: list[Path] = []
            for p in rows:
                local = ensure_local(archive, p, keep=wanted)
                if p.kind in (None, "image"):
                    paths.append(local)
                    pdf_page_ids.append(p.id)
                    continue
                shown = material_export_pages(archive, p, Path(rendered.name))
                paths.extend(shown)
                pdf_page_ids.extend([None] * len(shown))
                attachments.append(
                    ExportAttachment(
                        p.original_name or p.id, local, p.media_type, f"{doc.name_zh}（{doc.work_order_no}）"
                    )
                )
            documents.append(ExportDocument(f"{doc.position}. {doc.name_zh}（{doc.work_order_no}）", tuple(paths)))
            pages += len(paths)
        if not pages:
            raise KnownError(f"volume {info.archival_code} has no pages to export")
        from archivist_desktop.services.page_text import lines_of_pages

        page_lines: tuple = ()
        if pdfa:
            found = iter(lines_of_pages(archive, [pid for pid in pdf_page_ids if pid]))
            page_lines = tuple(next(found) if pid else None for pid in pdf_page_ids)
        export = ExportVolume(
            info.archival_code,
            info.title,
            info.organisation,
            tuple(documents),
            page_lines=page_lines,
            attachments=tuple(attachments),
        )
        pdf = export_volume_pdf(export, Path(out), pdfa=pdfa)
        files = export_page_files(export, Path(pages_dir)) if pages_dir else []
    finally:
        rendered.cleanup()
    now = archive.now()
    with archive.session() as s:
        AuditLog(s).append(
            now,
            user.username,
            "download",
            "volume",
            info.id,
            {
                "archival_code": info.archival_code,
                "pdf": Path(out).name,
                "pdfa": pdfa,
                "pages": pages,
                "page_files": len(files),
            },
        )
    return {
        "archival_code": info.archival_code,
        "pdf": str(pdf),
        "pdfa": pdfa,
        "documents": len(documents),
        "pages": pages,
        "page_files": [str(f) for f in files],
    }
