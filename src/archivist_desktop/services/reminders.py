"""The six reminder categories for a user (or the whole station), with the items behind them."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import false, func, select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import REMINDER_ITEM_STATES, ItemState, Reminder
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

    def to_json(self) -> dict[str, Any]:
        out = {
            "work_order_no": self.work_order_no, "customer_no": self.customer_no,
            "customer_name": self.customer_name, "item_id": self.item_id, "step": self.step,
            "document_type": self.document_type, "document_name_zh": self.document_name_zh,
            "due_at": self.due_at.isoformat() if self.due_at else None, "escalated": self.escalated,
        }
        if self.rescan_reason:
            out["rescan"] = {"reason": self.rescan_reason, "comment": self.rescan_comment,
                             "flagged_page_id": self.flagged_page_id}
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


#: categories that are the business desk's work, not the archive room's
_BUSINESS_DESK = (Reminder.TO_CAPTURE, Reminder.TO_SEND)


def _scope(user: UserInfo | None, column_assignee, column_team) -> list:
    """Clerks see their own work; collectors, supervisors and team leads their team's; others (archivists:
    the archive room's categories only, see ``_BUSINESS_DESK``) the station's."""
    if user is None:
        return []
    if user.role == Role.CLERK:
        return [column_assignee == user.username]
    if user.role in (Role.COLLECTOR, Role.SUPERVISOR, Role.TEAM_LEAD) and user.team:
        return [column_team == user.team]
    return []


def reminders(archive: Archive, user: UserInfo | None = None, now: datetime | None = None,
              item_limit: int = 50) -> Reminders:
    """Counts of the six categories (``item_limit`` items listed per category; 0 lists none)."""
    now = now or archive.now()
    policy = archive.policy
    today = now.astimezone(policy.tz).date()
    item_scope = _scope(user, ChecklistItem.assignee, ChecklistItem.team)
    order_scope = _scope(user, WorkOrder.assignee, WorkOrder.team)
    counts: dict[str, int] = {}
    items: dict[str, tuple[ReminderItem, ...]] = {}
    with archive.read_session() as s:
        for category, states in REMINDER_ITEM_STATES.items():
            cond = [ChecklistItem.state.in_([st.value for st in states]), *item_scope]
            if user is not None and user.role == Role.ARCHIVIST and category in _BUSINESS_DESK:
                cond.append(false())  # the archive room's reminders: to receive and to shelve, station-wide
            if category == Reminder.TO_CAPTURE:  # most overdue first
                cond.append(ChecklistItem.required.is_(True))
                order = (ChecklistItem.due_at,)
            else:  # required documents first, newest first: the order of the (state, required, due_at) index
                order = (ChecklistItem.required.desc(), ChecklistItem.due_at.desc())
            counts[category.value] = s.execute(select(func.count()).select_from(ChecklistItem).where(*cond)).scalar_one()
            if item_limit:
                rows = s.execute(
                    select(ChecklistItem, WorkOrder.business_type, WorkOrder.work_order_no, Customer.customer_no, Customer.name)
                    .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
                    .join(Customer, Customer.id == WorkOrder.customer_id)
                    .where(*cond).order_by(*order).limit(item_limit)
                ).all()
                listed = tuple(_item(archive, category.value, it, bt, wo, cno, cname, now) for it, bt, wo, cno, cname in rows)
                if category == Reminder.TO_CAPTURE:
                    listed = _with_rescans(s, listed)
                items[category.value] = listed
        escalated = s.execute(select(func.count()).select_from(ChecklistItem).where(
            ChecklistItem.state == ItemState.TO_CAPTURE.value, ChecklistItem.required.is_(True),
            ChecklistItem.due_at < now, *item_scope,
            *([false()] if user is not None and user.role == Role.ARCHIVIST else []))).scalar_one()

        contract_cond = [WorkOrder.contract_end >= today,
                         WorkOrder.contract_end <= today + timedelta(days=policy.contract_warning_days), *order_scope]
        time_cond = [WorkOrder.current_step_warn_at <= now, *order_scope]
        for category, cond, order_by in ((Reminder.CONTRACT_EXPIRING, contract_cond, WorkOrder.contract_end),
                                          (Reminder.TIME_LIMIT_WARNING, time_cond, WorkOrder.current_step_due_at)):
            counts[category.value] = s.execute(select(func.count()).select_from(WorkOrder).where(*cond)).scalar_one()
            if item_limit:
                rows = s.execute(select(WorkOrder, Customer).join(Customer, Customer.id == WorkOrder.customer_id)
                                 .where(*cond).order_by(order_by, WorkOrder.id).limit(item_limit)).all()
                items[category.value] = tuple(_order_item(archive, category.value, o, c) for o, c in rows)
    ordered = {r.value: counts[r.value] for r in Reminder}
    return Reminders(ordered, escalated, {r.value: items.get(r.value, ()) for r in Reminder} if item_limit else {})


def _item(archive: Archive, category: str, it: ChecklistItem, business_type: str, wo_no: str, cno: str, cname: str, now: datetime) -> ReminderItem:
    name_zh, name_en = archive.document_names(business_type, it.step, it.document_type)
    escalated = category == Reminder.TO_CAPTURE.value and it.due_at is not None and it.due_at < now
    return ReminderItem(category, it.work_order_id, wo_no, cno, cname, it.id, it.step, it.document_type,
                        name_zh, name_en, it.due_at, escalated)


def _with_rescans(s, listed: tuple[ReminderItem, ...]) -> tuple[ReminderItem, ...]:
    """Attach the open rescan task (reason, comment, flagged page) to the items that have one."""
    ids = [i.item_id for i in listed if i.item_id]
    if not ids:
        return listed
    tasks = {}
    for task in s.execute(select(RescanTask).where(RescanTask.item_id.in_(ids), RescanTask.state == "open")
                          .order_by(RescanTask.created_at)).scalars():
        tasks.setdefault(task.item_id, task)
    return tuple(replace(i, rescan_reason=tasks[i.item_id].reason, rescan_comment=tasks[i.item_id].comment,
                         flagged_page_id=tasks[i.item_id].page_id) if i.item_id in tasks else i for i in listed)


def _order_item(archive: Archive, category: str, o: WorkOrder, c: Customer) -> ReminderItem:
    template = archive.templates.get(o.business_type)
    step = template.step(o.current_step) if template and o.current_step else None
    due = o.current_step_due_at if category == Reminder.TIME_LIMIT_WARNING.value else None
    label_zh = step.name_zh if category == Reminder.TIME_LIMIT_WARNING.value and step else "供用电合同"
    label_en = step.name_en if category == Reminder.TIME_LIMIT_WARNING.value and step else "Supply contract"
    return ReminderItem(category, o.id, o.work_order_no, c.customer_no, c.name, None, o.current_step, None,
                        label_zh, label_en, due, False)
