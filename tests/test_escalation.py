"""Escalation (催办), contract and time-limit warnings, on a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from archivist_desktop.domain.workflow import DeadlineState, ItemState, Reminder
from archivist_desktop.services.escalation import (
    ESCALATE,
    ESCALATION_END,
    escalate_due,
    escalation_log,
    open_escalations,
)
from archivist_desktop.services.orders import import_orders, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.users import get_user
from archivist_desktop.store.audit import ChainBreak, walk_chain
from archivist_desktop.store.models import AuditEvent, ChecklistItem
from sample_data import CST

PASSWORD = "pw-123456"


@pytest.fixture
def station(archive, feed, make_station):
    make_station(("clerk", "clerk2", "lead", "lead2", "archivist"), feed, PASSWORD)
    return archive


def _step1_required(archive) -> list[str]:
    with archive.read_session() as s:
        return list(
            s.execute(
                select(ChecklistItem.id).where(
                    ChecklistItem.assignee == "clerk", ChecklistItem.step == 1, ChecklistItem.required.is_(True)
                )
            ).scalars()
        )


def _events(archive, action: str) -> list[AuditEvent]:
    with archive.read_session() as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars())


def test_item_crosses_48_hours_is_escalated_lead_told_and_logged(station, clock):
    # step 1 of WO…123 completed Mon 2026-11-02 10:00: its pages are due Wed 10:00; the clock says Wed 09:00
    assert escalate_due(station).escalated == ()
    assert reminders(station, get_user(station, "clerk"), item_limit=0).escalated == 0
    clock.advance(minutes=59)
    assert escalate_due(station).escalated == ()  # 47 h 59 min: not yet
    clock.advance(minutes=2)  # 48 h 1 min
    result = escalate_due(station)
    step1 = set(_step1_required(station))
    assert {e.item_id for e in result.escalated} == step1 and step1
    for e in result.escalated:
        assert e.clerk == "clerk" and e.team == "营业一班" and e.team_leads == ("lead",) and e.number == 1
    # both are logged: one escalate event per item naming the clerk and the team lead
    events = _events(station, ESCALATE)
    assert {ev.entity_id for ev in events} == step1
    payload = escalation_log(station, events[0].entity_id)[0][2]
    assert payload["clerk"] == "clerk" and payload["team_leads"] == ["lead"] and payload["reminder"] == 1
    assert payload["hours_overdue"] == pytest.approx(0.0, abs=0.05)
    # the team lead sees it, the other team's lead and the other clerk do not
    lead, lead2, clerk2 = (get_user(station, n) for n in ("lead", "lead2", "clerk2"))
    assert {e.item_id for e in open_escalations(station, lead)} == step1
    assert open_escalations(station, lead2) == ()
    assert open_escalations(station, clerk2) == ()
    assert reminders(station, lead, item_limit=0).escalated == len(step1)
    assert result.for_user(lead) == result.escalated and result.for_user(clerk2) == ()
    # the chain is still whole
    with station.read_session() as s:
        assert not any(isinstance(x, ChainBreak) for x in walk_chain(s))


def test_repeat_at_interval_then_captured_ends_escalation(station, clock):
    clock.advance(hours=1, minutes=1)
    first = escalate_due(station, interval=timedelta(hours=4))
    assert first.escalated
    clock.advance(hours=3, minutes=59)
    assert escalate_due(station, interval=timedelta(hours=4)).escalated == ()  # not yet due again
    clock.advance(minutes=1)
    again = escalate_due(station, interval=timedelta(hours=4))
    assert {e.item_id for e in again.escalated} == {e.item_id for e in first.escalated}
    assert {e.number for e in again.escalated} == {2}

    # the clerk captures one of them: the next pass ends its escalation, and only that one
    item_id = first.escalated[0].item_id
    add_page(station, get_user(station, "clerk"), item_id, b"\xff\xd8 page bytes", verdict="accept")
    clock.advance(minutes=5)
    after = escalate_due(station, interval=timedelta(hours=4))
    assert [e.item_id for e in after.ended] == [item_id] and after.escalated == ()
    assert after.ended[0].state == ItemState.CAPTURED.value and after.ended[0].reminders == 2
    log = escalation_log(station, item_id)
    assert [a for a, _at, _p in log] == [ESCALATE, ESCALATE, ESCALATION_END]
    assert item_id not in {e.item_id for e in open_escalations(station)}
    # later passes write nothing more for it, while the others go on being reminded
    clock.advance(hours=4)
    later = escalate_due(station, interval=timedelta(hours=4))
    assert item_id not in {e.item_id for e in later.escalated} and later.ended == ()
    assert {e.number for e in later.escalated} == {3}
    assert len(_events(station, ESCALATION_END)) == 1


def test_interval_comes_from_settings_and_zero_means_no_repeats(station, clock):
    station.settings.set("escalation_interval_min", 0)
    clock.advance(hours=2)
    assert escalate_due(station).escalated
    clock.advance(days=3)
    assert all(e.number == 1 for e in escalate_due(station).escalated)  # only newly late items
    station.settings.set("escalation_interval_min", 60)
    clock.advance(minutes=61)
    assert {e.number for e in escalate_due(station).escalated} >= {2}


def test_pass_limit_defers_the_rest(station, clock):
    clock.advance(days=5)
    first = escalate_due(station, limit=2)
    assert len(first.escalated) == 2 and first.deferred > 0
    second = escalate_due(station, limit=1000)
    assert len(second.escalated) == first.deferred


def test_contract_warning_exactly_60_days_ahead(station):
    # WO…123's supply contract ends 2027-01-15: 60 days before is 2026-11-16
    clerk = get_user(station, "clerk")

    def on(day):
        return reminders(station, clerk, now=datetime(2026, 11, day, 9, 0, tzinfo=CST), item_limit=5)

    assert on(15).counts[Reminder.CONTRACT_EXPIRING.value] == 0  # 61 days ahead
    hit = on(16)
    assert hit.counts[Reminder.CONTRACT_EXPIRING.value] == 1  # 60 days ahead
    assert hit.items[Reminder.CONTRACT_EXPIRING.value][0].work_order_no == "WO202611000123"
    station.settings.set("contract_warning_days", 30)
    assert on(16).counts[Reminder.CONTRACT_EXPIRING.value] == 0


def test_time_limit_warning_and_overdue_on_the_right_working_day(station):
    # site survey (step 2, 2 working days) starts Thu 2026-11-05 10:00 when step 1 completes:
    # 80 % = 38.4 working hours → Mon 00:24 (the weekend does not count); 100 % → Mon 10:00
    import_orders(
        station,
        {
            "work_orders": [
                {
                    "work_order_no": "WO202611000200",
                    "customer_no": "3300099999",
                    "customer_name": "宁波星河置业",
                    "address": "",
                    "phone": "",
                    "business_type": "hv_new_connection",
                    "created_at": "2026-11-05T09:00:00+08:00",
                    "assignee": "clerk2",
                    "team": "营业二班",
                    "steps": [{"step": 1, "completed_at": "2026-11-05T10:00:00+08:00"}],
                }
            ]
        },
    )
    lead2 = get_user(station, "lead2")

    def state_at(when: datetime):
        station.clock.value = when
        row = next(r for r in list_work_orders(station, search="WO202611000200").rows)
        count = reminders(station, lead2, item_limit=0).counts[Reminder.TIME_LIMIT_WARNING.value]
        return row.deadline, count

    assert state_at(datetime(2026, 11, 6, 23, 0, tzinfo=CST)) == (DeadlineState.NORMAL, 0)  # Friday night
    assert state_at(datetime(2026, 11, 8, 23, 59, tzinfo=CST)) == (DeadlineState.NORMAL, 0)  # Sunday: no clock
    assert state_at(datetime(2026, 11, 9, 0, 23, tzinfo=CST)) == (DeadlineState.NORMAL, 0)
    assert state_at(datetime(2026, 11, 9, 0, 25, tzinfo=CST)) == (DeadlineState.WARNING, 1)  # 80 %
    assert state_at(datetime(2026, 11, 9, 9, 59, tzinfo=CST)) == (DeadlineState.WARNING, 1)
    assert state_at(datetime(2026, 11, 9, 10, 0, tzinfo=CST)) == (DeadlineState.OVERDUE, 1)  # 100 %


def test_archivist_sees_the_archive_rooms_reminders(station):
    archivist = get_user(station, "archivist")
    counts = reminders(station, archivist, item_limit=0).counts
    # the archive room's work is station-wide: what to receive (to hand over) and to shelve;
    # capturing and sending pages is the business desk's
    assert counts[Reminder.TO_CAPTURE.value] == 0 and counts[Reminder.TO_SEND.value] == 0
    station_wide = reminders(station, None, item_limit=0).counts
    assert counts[Reminder.TO_HAND_OVER.value] == station_wide[Reminder.TO_HAND_OVER.value]
    assert counts[Reminder.TO_SHELVE.value] == station_wide[Reminder.TO_SHELVE.value]
