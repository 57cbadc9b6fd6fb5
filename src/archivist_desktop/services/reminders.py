"""The reminder categories for a user (or the whole station), with the items behind them.

Every category is one entry of :data:`CATEGORIES`: its key, display name and help (translated in
the GUI), what it counts (the SQL condition and order), who does not see it, and how its items
are shown.  The panel, its labels and the counts all follow that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, false, func, or_, select

from archivist_desktop.domain.permissions import Role, Scope, scope_for
from archivist_desktop.domain.workflow import ItemState, Reminder
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.models import ChecklistItem, Customer, RescanTask, WorkOrder


@dataclass(frozen=True)
class ReminderItem:
    category: str
    work_order_id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    item_id: str | None
    step: int | None
    document_type: str | None
    document_name_zh: str
    document_name_en: str
    due_at: datetime | None
    escalated: bool
    #: an open rescan task on this item: why the page was flagged, and the flagged page
    rescan_reason: str | None = None
    rescan_comment: str | None = None
    flagged_page_id: str | None = None
    #: who flagged it (the reviewer)
    rescan_reviewer: str | None = None
    #: the flagged page of a born-digital PDF/OFD (1-based; None: the whole file; #19)
    rescan_part: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "work_order_no": self.work_order_no,
            "customer_no": self.customer_no,
            "customer_name": self.customer_name,
            "item_id": self.item_id,
            "step": self.step,
            "document_type": self.document_type,
            "document_name_zh": self.document_name_zh,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "escalated": self.escalated,
        }
        if self.rescan_reason:
            out["rescan"] = {
                "reason": self.rescan_reason,
                "comment": self.rescan_comment,
                "reviewer": self.rescan_reviewer,
                "flagged_page_id": self.flagged_page_id,
                **({"part": self.rescan_part} if self.rescan_part is not None else {}),
            }
        return out


@dataclass(frozen=True)
class Reminders:
    counts: dict[str, int]
    escalated: int
    items: dict[str, tuple[ReminderItem, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.counts)
        out["escalated"] = self.escalated
        out["items"] = {k: [i.to_json() for i in v] for k, v in self.items.items()}
        return out


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Mark ``text`` for translation in ``context`` (``scripts/build_translations.py`` scans this module)."""
    return text


@dataclass(frozen=True)
class _Context:
    """What a category's condition may depend on."""

    now: datetime
    today: date
    contract_warning_days: int


@dataclass(frozen=True)
class ReminderCategory:
    """One reminder category: everything about it in one entry of :data:`CATEGORIES`.

    Attributes
    ----------
    key : Reminder
        The stable key (``counts`` and ``items`` of :class:`Reminders` use its value).
    label, help : str
        English display name and tooltip; the GUI translates them (Qt context ``Labels``).
    source : {"items", "orders"}
        Counts checklist items or work orders.
    where : callable
        ``where(ctx)`` → SQL conditions on :class:`ChecklistItem` (items) or :class:`WorkOrder` (orders).
    order_by : callable
        ``order_by()`` → the listing order.
    hidden_from : frozenset of Role
        Roles that never see it (count 0, nothing listed): archivists do not see the business desk's work.
    escalates : bool
        Items past their due time are escalated (counted in ``Reminders.escalated``, marked in the list).
    shows_rescans : bool
        Items carry their open rescan task.
    shows_step : bool
        Orders: list the current step and its due time (else the supply contract).
    """

    key: Reminder
    label: str
    help: str
    source: Literal["items", "orders"]
    where: Callable[[_Context], list]
    order_by: Callable[[], tuple]
    hidden_from: frozenset[Role] = frozenset()
    escalates: bool = False
    shows_rescans: bool = False
    shows_step: bool = False


def _in_states(*states: ItemState) -> list:
    return [ChecklistItem.state.in_([st.value for st in states])]


def _open_rescan_items():
    """The items with an open rescan task (the (item_id, state) index)."""
    return select(RescanTask.item_id).where(RescanTask.state == "open")


def _newest_required_first() -> tuple:
    """Required documents first, newest first: the order of the (state, required, due_at) index."""
    return (ChecklistItem.required.desc(), ChecklistItem.due_at.desc())


#: the reminder categories, in display order; adding one is adding an entry here
CATEGORIES: tuple[ReminderCategory, ...] = (
    ReminderCategory(
        Reminder.TO_CAPTURE,
        QT_TRANSLATE_NOOP("Labels", "To capture"),
        QT_TRANSLATE_NOOP("Labels", "Required documents whose step is done but that have no pages yet (48-hour limit)"),
        "items",
        where=lambda ctx: [*_in_states(ItemState.TO_CAPTURE), ChecklistItem.required.is_(True)],
        order_by=lambda: (ChecklistItem.due_at,),  # most overdue first
        hidden_from=frozenset({Role.ARCHIVIST}),
        escalates=True,
        shows_rescans=True,
    ),
    ReminderCategory(
        Reminder.TO_RESCAN,
        QT_TRANSLATE_NOOP("Labels", "To rescan"),
        QT_TRANSLATE_NOOP("Labels", "Documents a reviewer sent back for rescanning (required or optional)"),
        "items",
        where=lambda ctx: [ChecklistItem.id.in_(_open_rescan_items())],
        order_by=lambda: (ChecklistItem.due_at, ChecklistItem.id),  # the oldest flag first
        hidden_from=frozenset({Role.ARCHIVIST}),
        shows_rescans=True,
    ),
    ReminderCategory(
        Reminder.TO_SEND,
        QT_TRANSLATE_NOOP("Labels", "To send"),
        QT_TRANSLATE_NOOP("Labels", "Captured documents not yet sent to the team collector"),
        "items",
        where=lambda ctx: _in_states(ItemState.CAPTURED),
        order_by=_newest_required_first,
        hidden_from=frozenset({Role.ARCHIVIST}),
    ),
    ReminderCategory(
        Reminder.TO_HAND_OVER,
        QT_TRANSLATE_NOOP("Labels", "To hand over"),
        QT_TRANSLATE_NOOP("Labels", "Reviewed documents to hand over to the archive room (7-day limit)"),
        "items",
        where=lambda ctx: _in_states(ItemState.REVIEWED, ItemState.TO_HAND_OVER),
        order_by=_newest_required_first,
    ),
    ReminderCategory(
        Reminder.TO_SHELVE,
        QT_TRANSLATE_NOOP("Labels", "Volumes to shelve"),
        QT_TRANSLATE_NOOP("Labels", "Volumes in boxes that are not on a shelf yet"),
        "items",
        where=lambda ctx: _in_states(ItemState.BOXED),
        order_by=_newest_required_first,
    ),
    ReminderCategory(
        Reminder.CONTRACT_EXPIRING,
        QT_TRANSLATE_NOOP("Labels", "Contracts expiring"),
        QT_TRANSLATE_NOOP("Labels", "Supply contracts ending soon"),
        "orders",
        where=lambda ctx: [
            WorkOrder.contract_end >= ctx.today,
            WorkOrder.contract_end <= ctx.today + timedelta(days=ctx.contract_warning_days),
        ],
        order_by=lambda: (WorkOrder.contract_end, WorkOrder.id),
    ),
    ReminderCategory(
        Reminder.TIME_LIMIT_WARNING,
        QT_TRANSLATE_NOOP("Labels", "Time-limit warnings"),
        QT_TRANSLATE_NOOP("Labels", "Work orders whose current step has used most of its time limit"),
        "orders",
        where=lambda ctx: [WorkOrder.current_step_warn_at <= ctx.now],
        order_by=lambda: (WorkOrder.current_step_due_at, WorkOrder.id),
        shows_step=True,
    ),
)
CATEGORY: dict[Reminder, ReminderCategory] = {c.key: c for c in CATEGORIES}
assert set(CATEGORY) == set(Reminder) and len(CATEGORY) == len(CATEGORIES), "one entry per Reminder"


def category(key: Reminder | str) -> ReminderCategory:
    """The table entry of a reminder category (by member or value)."""
    return CATEGORY[Reminder(key)]


def scope_conditions(user: UserInfo | None, column_assignee, column_team) -> list:
    """SQL conditions for the work ``user`` sees (:func:`~archivist_desktop.domain.permissions.scope_for`):
    their own, their team's, or (no user, or a station-wide role) everything."""
    if user is None:
        return []
    scope = scope_for(user.role, user.team)
    if scope == Scope.OWN:
        return [column_assignee == user.username]
    if scope == Scope.TEAM:
        return [column_team == user.team]
    return []


def reminders(
    archive: Archive, user: UserInfo | None = None, now: datetime | None = None, item_limit: int = 50
) -> Reminders:
    """Counts of the categories of :data:`CATEGORIES` (``item_limit`` items listed per category; 0 lists none)."""
    now = now or archive.now()
    policy = archive.policy
    ctx = _Context(now, now.astimezone(policy.tz).date(), policy.contract_warning_days)
    scopes = {
        "items": scope_conditions(user, ChecklistItem.assignee, ChecklistItem.team),
        "orders": scope_conditions(user, WorkOrder.assignee, WorkOrder.team),
    }
    counts: dict[str, int] = {}
    items: dict[str, tuple[ReminderItem, ...]] = {}
    escalating: list = []
    with archive.read_session() as s:
        for cat in CATEGORIES:
            hidden = user is not None and user.role in cat.hidden_from
            cond = [*cat.where(ctx), *scopes[cat.source], *([false()] if hidden else [])]
            model = ChecklistItem if cat.source == "items" else WorkOrder
            counts[cat.key.value] = s.execute(select(func.count()).select_from(model).where(*cond)).scalar_one()
            if cat.escalates:
                escalating.append(and_(*cond, ChecklistItem.due_at < now))
            if not item_limit:
                continue
            if cat.source == "items":
                rows = s.execute(
                    select(
                        ChecklistItem,
                        WorkOrder.business_type,
                        WorkOrder.work_order_no,
                        Customer.customer_no,
                        Customer.name,
                    )
                    .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
                    .join(Customer, Customer.id == WorkOrder.customer_id)
                    .where(*cond)
                    .order_by(*cat.order_by())
                    .limit(item_limit)
                ).all()
                listed = tuple(_item(archive, cat, it, bt, wo, cno, cname, now) for it, bt, wo, cno, cname in rows)
                items[cat.key.value] = _with_rescans(s, listed) if cat.shows_rescans else listed
            else:
                order_rows = s.execute(
                    select(WorkOrder, Customer)
                    .join(Customer, Customer.id == WorkOrder.customer_id)
                    .where(*cond)
                    .order_by(*cat.order_by())
                    .limit(item_limit)
                ).all()
                items[cat.key.value] = tuple(_order_item(archive, cat, o, c) for o, c in order_rows)
        escalated = (
            s.execute(select(func.count()).select_from(ChecklistItem).where(or_(*escalating))).scalar_one()
            if escalating
            else 0
        )
    return Reminders(counts, escalated, items if item_limit else {})


def _item(
    archive: Archive,
    cat: ReminderCategory,
    it: ChecklistItem,
    business_type: str,
    wo_no: str,
    cno: str,
    cname: str,
    now: datetime,
) -> ReminderItem:
    name_zh, name_en = archive.document_names(business_type, it.step, it.document_type)
    escalated = cat.escalates and it.due_at is not None and it.due_at < now
    return ReminderItem(
        cat.key.value,
        it.work_order_id,
        wo_no,
        cno,
        cname,
        it.id,
        it.step,
        it.document_type,
        name_zh,
        name_en,
        it.due_at,
        escalated,
    )


def _with_rescans(s, listed: tuple[ReminderItem, ...]) -> tuple[ReminderItem, ...]:
    """Attach the open rescan task (reason, comment, flagged page) to the items that have one."""
    ids = [i.item_id for i in listed if i.item_id]
    if not ids:
        return listed
    tasks: dict[str, RescanTask] = {}
    for task in s.execute(
        select(RescanTask)
        .where(RescanTask.item_id.in_(ids), RescanTask.state == "open")
        .order_by(RescanTask.created_at)
    ).scalars():
        tasks.setdefault(task.item_id, task)
    return tuple(
        replace(
            i,
            rescan_reason=tasks[i.item_id].reason,
            rescan_comment=tasks[i.item_id].comment,
            flagged_page_id=tasks[i.item_id].page_id,
            rescan_reviewer=tasks[i.item_id].flagged_by,
            rescan_part=tasks[i.item_id].part,
        )
        if i.item_id in tasks
        else i
        for i in listed
    )


def _order_item(archive: Archive, cat: ReminderCategory, o: WorkOrder, c: Customer) -> ReminderItem:
    template = archive.templates.get(o.business_type)
    step = template.step(o.current_step) if template and o.current_step else None
    due = o.current_step_due_at if cat.shows_step else None
    label_zh = step.name_zh if cat.shows_step and step else "供用电合同"
    label_en = step.name_en if cat.shows_step and step else "Supply contract"
    return ReminderItem(
        cat.key.value,
        o.id,
        o.work_order_no,
        c.customer_no,
        c.name,
        None,
        o.current_step,
        None,
        label_zh,
        label_en,
        due,
        False,
    )
