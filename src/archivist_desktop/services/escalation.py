"""Escalation (催办): required pages still not captured 48 hours after their step completed.

An escalation pass (:func:`escalate_due`) runs at sign-in and then at the interval of the
``escalation_interval_min`` setting.  For each required item still ``to_capture`` past its
``due_at`` it writes one ``escalate`` audit event naming the clerk and the team lead(s) of the
item's team (the first one, and one more every interval while the item stays late); once an
escalated item leaves ``to_capture`` the next pass writes ``escalation_end``, and nothing more.

The escalation state is derived from those audit events (the latest ``escalate`` /
``escalation_end`` event of an item says whether it is open and how many reminders went out):
the log is the record the issue asks for, it is append-only, hash-chained and synced, so no
second table has to be kept in step with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from archivist_desktop.domain.permissions import Capability, can, roles_with
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.reminders import scope_conditions
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import (
    AuditEvent,
    ChecklistItem,
    Customer,
    User,
    WorkOrder,
)

ESCALATE = "escalate"
ESCALATION_END = "escalation_end"
ACTOR = "escalation"
#: at most this many items are escalated per pass; the rest follow in the next passes, so that a
#: station with a large backlog never holds the database worker for long
PASS_LIMIT = 500


@dataclass(frozen=True)
class Escalation:
    """One escalated item: who is reminded (the clerk) and who is told (the team leads)."""

    item_id: str
    work_order_id: str
    work_order_no: str
    customer_name: str
    document_type: str
    clerk: str | None
    team: str | None
    team_leads: tuple[str, ...]
    due_at: datetime
    hours_overdue: float
    #: 1 for the first escalation, 2 for the first repeat, …
    number: int
    at: datetime


@dataclass(frozen=True)
class EscalationEnd:
    item_id: str
    clerk: str | None
    team: str | None
    state: str
    reminders: int
    at: datetime


@dataclass(frozen=True)
class EscalationPass:
    """What one pass logged: new and repeated escalations, escalations ended, items left for later."""

    escalated: tuple[Escalation, ...]
    ended: tuple[EscalationEnd, ...]
    deferred: int = 0

    def for_user(self, user: UserInfo) -> tuple[Escalation, ...]:
        """The escalations of this pass that concern ``user``: their own items, or their team's as its lead."""
        return tuple(
            e
            for e in self.escalated
            if e.clerk == user.username or user.username in e.team_leads or can(user.role, Capability.ALL_ESCALATIONS)
        )


@dataclass(frozen=True)
class _State:
    action: str
    at: datetime
    number: int


def _latest_states(s, item_ids: Iterable[str] | None = None) -> dict[str, _State]:
    """The latest escalate / escalation_end event of each item (of ``item_ids``, or every item)."""
    query = (
        select(AuditEvent.entity_id, AuditEvent.action, AuditEvent.at, AuditEvent.payload)
        .where(
            AuditEvent.action.in_((ESCALATE, ESCALATION_END)),
            AuditEvent.entity_type == "checklist_item",
            AuditEvent.station_id.is_(None),
        )
        .order_by(AuditEvent.seq)
    )
    wanted = set(item_ids) if item_ids is not None else None
    out: dict[str, _State] = {}
    for entity_id, action, at, payload in s.execute(query):
        if wanted is not None and entity_id not in wanted:
            continue
        try:
            number = int(json.loads(payload).get("reminder", 0))
        except (ValueError, TypeError, AttributeError):
            number = 0
        out[entity_id] = _State(action, at, number)
    return out


def _team_leads(s) -> dict[str | None, tuple[str, ...]]:
    leads: dict[str, list[str]] = {}
    for username, team in s.execute(
        select(User.username, User.team)
        .where(
            User.role.in_([r.value for r in roles_with(Capability.TEAM_ESCALATIONS)]),
            User.active.is_(True),
            User.team.is_not(None),
        )
        .order_by(User.username)
    ):
        leads.setdefault(team, []).append(username)
    return {team: tuple(names) for team, names in leads.items()}


def escalate_due(
    archive: Archive, now: datetime | None = None, interval: timedelta | None = None, limit: int = PASS_LIMIT
) -> EscalationPass:
    """Escalate late required items, repeat escalations due again, end those whose item was captured.

    ``interval`` (default: the ``escalation_interval_min`` setting; zero or less: no repeats) is
    the time between two reminders for the same item.  Every event is written in one transaction.
    """
    now = now or archive.now()
    if interval is None:
        interval = timedelta(minutes=archive.settings["escalation_interval_min"])
    escalated: list[Escalation] = []
    ended: list[EscalationEnd] = []
    deferred = 0
    with archive.session() as s:
        states = _latest_states(s)
        open_ids = {item_id for item_id, st in states.items() if st.action == ESCALATE}
        leads = _team_leads(s)
        audit = AuditLog(s)

        # 1. escalations whose item has been captured (or is no longer required) end
        if open_ids:
            still_late: set[str] = set()
            ids = sorted(open_ids)
            for i in range(0, len(ids), 500):
                for item_id, state, required, clerk, team in s.execute(
                    select(
                        ChecklistItem.id,
                        ChecklistItem.state,
                        ChecklistItem.required,
                        ChecklistItem.assignee,
                        ChecklistItem.team,
                    ).where(ChecklistItem.id.in_(ids[i : i + 500]))
                ):
                    if state == ItemState.TO_CAPTURE.value and required:
                        still_late.add(item_id)
                        continue
                    st = states[item_id]
                    audit.append(
                        now,
                        ACTOR,
                        ESCALATION_END,
                        "checklist_item",
                        item_id,
                        {
                            "clerk": clerk,
                            "team": team,
                            "team_leads": list(leads.get(team, ())),
                            "state": state,
                            "reminders": st.number,
                        },
                    )
                    ended.append(EscalationEnd(item_id, clerk, team, state, st.number, now))
            open_ids = still_late

        # 2. late items: escalate the new ones, remind again where the interval has passed
        rows = s.execute(
            select(
                ChecklistItem.id,
                ChecklistItem.work_order_id,
                ChecklistItem.document_type,
                ChecklistItem.assignee,
                ChecklistItem.team,
                ChecklistItem.due_at,
                WorkOrder.work_order_no,
                Customer.name,
            )
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(
                ChecklistItem.state == ItemState.TO_CAPTURE.value,
                ChecklistItem.required.is_(True),
                ChecklistItem.due_at < now,
            )
            .order_by(ChecklistItem.due_at, ChecklistItem.id)
        )
        for item_id, wo_id, doc_type, clerk, team, due_at, wo_no, customer in rows:
            assert due_at is not None  # the query asks for due_at < now
            prev = states.get(item_id) if item_id in open_ids else None
            if prev is not None and (interval <= timedelta(0) or now - prev.at < interval):
                continue
            if len(escalated) >= limit:
                deferred += 1
                continue
            number = prev.number + 1 if prev is not None else 1
            team_leads = leads.get(team, ())
            overdue = round((now - due_at).total_seconds() / 3600, 1)
            audit.append(
                now,
                ACTOR,
                ESCALATE,
                "checklist_item",
                item_id,
                {
                    "clerk": clerk,
                    "team": team,
                    "team_leads": list(team_leads),
                    "work_order_no": wo_no,
                    "document_type": doc_type,
                    "due_at": due_at.isoformat(),
                    "hours_overdue": overdue,
                    "reminder": number,
                },
            )
            escalated.append(
                Escalation(
                    item_id, wo_id, wo_no, customer, doc_type, clerk, team, team_leads, due_at, overdue, number, now
                )
            )
    return EscalationPass(tuple(escalated), tuple(ended), deferred)


def open_escalations(
    archive: Archive, user: UserInfo | None = None, now: datetime | None = None, limit: int = 200
) -> tuple[Escalation, ...]:
    """Escalations still open, most overdue first: a clerk's own, a team lead's (or collector's,
    supervisor's) team's, everyone's for other roles."""
    now = now or archive.now()
    with archive.read_session() as s:
        states = {k: v for k, v in _latest_states(s).items() if v.action == ESCALATE}
        if not states:
            return ()
        leads = _team_leads(s)
        cond = [ChecklistItem.id.in_(list(states)), ChecklistItem.state == ItemState.TO_CAPTURE.value]
        cond += scope_conditions(user, ChecklistItem.assignee, ChecklistItem.team)
        rows = s.execute(
            select(
                ChecklistItem.id,
                ChecklistItem.work_order_id,
                ChecklistItem.document_type,
                ChecklistItem.assignee,
                ChecklistItem.team,
                ChecklistItem.due_at,
                WorkOrder.work_order_no,
                Customer.name,
            )
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(*cond)
            .order_by(ChecklistItem.due_at, ChecklistItem.id)
            .limit(limit)
        ).all()
    out = []
    for item_id, wo_id, doc_type, clerk, team, due_at, wo_no, customer in rows:
        assert due_at is not None  # an item is escalated because its due time passed
        out.append(
            Escalation(
                item_id,
                wo_id,
                wo_no,
                customer,
                doc_type,
                clerk,
                team,
                leads.get(team, ()),
                due_at,
                round((now - due_at).total_seconds() / 3600, 1),
                states[item_id].number,
                states[item_id].at,
            )
        )
    return tuple(out)


def escalation_log(archive: Archive, item_id: str) -> tuple[tuple[str, datetime, dict], ...]:
    """The escalate / escalation_end events of one item, oldest first: (action, at, payload)."""
    with archive.read_session() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.at, AuditEvent.payload)
            .where(
                AuditEvent.entity_type == "checklist_item",
                AuditEvent.entity_id == item_id,
                AuditEvent.action.in_((ESCALATE, ESCALATION_END)),
            )
            .order_by(AuditEvent.seq)
        ).all()
    return tuple((a, at, json.loads(p)) for a, at, p in rows)
