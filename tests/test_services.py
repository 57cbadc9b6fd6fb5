"""Services over a real store: import, checklists, reminders, pages, permissions, verify."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from archivist_desktop.domain.permissions import PermissionDenied, Role
from archivist_desktop.domain.workflow import DeadlineState, ItemState
from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.orders import FeedError, get_checklist, import_orders, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.users import AuthenticationError, authenticate, create_user
from archivist_desktop.services.verify import verify
from archivist_desktop.store.models import AuditEvent, ChecklistItem, Customer, WorkOrder


def _count(archive, model):
    with archive.read_session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _order(archive, no):
    return next(r for r in list_work_orders(archive).rows if r.work_order_no == no)


def test_import_creates_then_updates_and_never_duplicates(archive, feed):
    assert import_orders(archive, feed).created == 2
    items = _count(archive, ChecklistItem)
    again = import_orders(archive, feed)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert _count(archive, WorkOrder) == 2 and _count(archive, Customer) == 2
    assert _count(archive, ChecklistItem) == items

    feed["work_orders"][0]["steps"].append({"step": 3, "completed_at": "2026-11-04T08:00:00+08:00"})
    feed["work_orders"][1]["customer_name"] = "王芳（更名）"
    summary = import_orders(archive, feed)
    assert (summary.created, summary.updated) == (0, 1)
    assert _count(archive, WorkOrder) == 2
    checklist = get_checklist(archive, _order(archive, "WO202611000123").id)
    step3 = checklist.steps[2]
    assert step3.completed_at is not None and step3.entries[0].state == ItemState.TO_CAPTURE
    assert _order(archive, "WO202611000124").customer_name == "王芳（更名）"


def test_a_feed_with_one_bad_record_changes_nothing(archive, feed):
    import_orders(archive, feed)
    events = _count(archive, AuditEvent)
    bad = copy.deepcopy(feed)
    bad["work_orders"][0]["customer_name"] = "已改名"
    bad["work_orders"].append(
        {
            "work_order_no": "WO9",
            "customer_no": "1",
            "customer_name": "x",
            "business_type": "hv_new_connection",
            "created_at": "not a date",
        }
    )
    with pytest.raises(FeedError) as err:
        import_orders(archive, bad)
    assert [str(p) for p in err.value.problems] == [
        "work_orders[2].created_at: must be an ISO 8601 date-time with a UTC offset"
    ]
    assert _order(archive, "WO202611000123").customer_name == "杭州宏达机械厂"
    assert _count(archive, WorkOrder) == 2 and _count(archive, AuditEvent) == events


def test_checklist_counts_missing_required_documents_of_completed_steps(archive, feed):
    import_orders(archive, feed)
    checklist = get_checklist(archive, _order(archive, "WO202611000123").id)
    # step 1: 5 required of 6 documents; step 2: 1 required; later steps are not due yet
    assert checklist.required_missing == 6
    assert checklist.required_total == sum(
        d.required for s in archive.templates["hv_new_connection"].steps for d in s.documents
    )
    assert checklist.steps[0].entries[0].state == ItemState.TO_CAPTURE
    assert checklist.steps[3].entries[0].state == ItemState.WAITING
    assert [s.is_current for s in checklist.steps].index(True) == 2  # step 3 is current
    assert checklist.order.missing_required == 6


def test_clock_drives_late_flags_and_deadline_state(archive, feed, clock):
    import_orders(archive, feed)
    hv = _order(archive, "WO202611000123")
    assert hv.deadline == DeadlineState.NORMAL  # step 3 has no time limit
    lv = _order(archive, "WO202611000124")
    assert lv.current_step == 2  # 现场勘查, 3 working days from Tue 15:00
    clock.advance(days=1)  # Thu 09:00: 1.75 of 3 days used
    assert _order(archive, "WO202611000124").deadline == DeadlineState.NORMAL
    clock.advance(days=1)  # Fri 09:00: 2.75 days used ≥ 80 % → warning
    assert _order(archive, "WO202611000124").deadline == DeadlineState.WARNING
    clock.advance(hours=6)  # Fri 15:00: 3 days used → overdue
    assert _order(archive, "WO202611000124").deadline == DeadlineState.OVERDUE
    entry = get_checklist(archive, lv.id).steps[0].entries[0]
    assert entry.late and entry.due_at is not None


def test_reminders_per_user_and_escalation(archive, feed, clock, make_station):
    clerk, clerk2, lead = make_station(feed=feed).add("clerk", "clerk2", "lead")
    mine = reminders(archive, clerk)
    assert mine.counts["to_capture"] == 6 and mine.escalated == 0
    assert reminders(archive, clerk2).counts["to_capture"] == 3  # LV step 1: three required documents
    team = reminders(archive, lead)
    assert team.counts["to_capture"] == 9
    assert team.counts["contract_expiring"] == 0  # 2027-01-15 is 72 days after 2026-11-04
    assert reminders(archive, lead, now=clock() + timedelta(days=13)).counts["contract_expiring"] == 1
    # HV step 1 completed 11-02 10:00 → escalated 48 h later
    assert reminders(archive, clerk, now=clock() + timedelta(minutes=59)).escalated == 0
    later = reminders(archive, clerk, now=clock() + timedelta(hours=1, minutes=1))
    assert later.escalated == 5 and all(i.escalated for i in later.items["to_capture"] if i.step == 1)
    assert set(later.counts) == {
        "to_capture",
        "to_rescan",
        "to_send",
        "to_hand_over",
        "to_shelve",
        "contract_expiring",
        "time_limit_warning",
    }


def test_adding_a_page_moves_the_item_and_is_audited(archive, feed, make_station):
    (clerk,) = make_station(feed=feed).add("clerk")
    order = _order(archive, "WO202611000123")
    entry = get_checklist(archive, order.id).steps[0].entries[0]
    page = add_page(archive, clerk, entry.item_id, b"\xff\xd8fake jpeg bytes\xff\xd9", verdict="accept")
    assert page.seq == 1 and archive.files.path_for(page.sha256).exists()
    checklist = get_checklist(archive, order.id)
    assert checklist.steps[0].entries[0].state == ItemState.CAPTURED and checklist.steps[0].entries[0].pages == 1
    assert checklist.required_missing == 5
    assert reminders(archive, clerk).counts["to_send"] == 1
    assert add_page(archive, clerk, entry.item_id, b"second page").seq == 2


def test_permissions_are_enforced_in_the_service(archive, feed, make_station):
    supervisor, clerk = make_station(feed=feed).add("supervisor", "clerk")
    entry = get_checklist(archive, _order(archive, "WO202611000123").id).steps[0].entries[0]
    with pytest.raises(PermissionDenied):
        add_page(archive, supervisor, entry.item_id, b"page")
    hand_over = get_checklist(archive, _order(archive, "WO202611000123").id).steps[23].entries[0]
    assert hand_over.document_type == "hand_over_list"
    with pytest.raises(PermissionDenied):
        add_page(archive, clerk, hand_over.item_id, b"page")


def test_authentication(archive):
    create_user(archive, "clerk", "s3cret-密码", Role.CLERK, "王芳")
    assert authenticate(archive, "clerk", "s3cret-密码").display_name == "王芳"
    with pytest.raises(AuthenticationError):
        authenticate(archive, "clerk", "wrong")
    with pytest.raises(AuthenticationError):
        authenticate(archive, "nobody", "s3cret-密码")
    with pytest.raises(KnownError):
        create_user(archive, "clerk", "again", Role.CLERK)


def test_verify_names_a_tampered_page_file(archive, feed, make_station):
    (clerk,) = make_station(feed=feed).add("clerk")
    entries = get_checklist(archive, _order(archive, "WO202611000123").id).steps[0].entries
    pages = [add_page(archive, clerk, e.item_id, f"page {n}".encode()) for n, e in enumerate(entries[:3])]
    report = verify(archive)
    assert report.ok and report.files_checked == 3 and report.events_checked > 3
    path = archive.files.path_for(pages[1].sha256)
    path.chmod(0o644)
    path.write_bytes(b"page 1 but changed")
    report = verify(archive)
    assert not report.ok and str(path) in report.problem and "SHA-256" in report.problem
    path.unlink()
    assert "missing" in verify(archive).problem
