"""Review services: gates, decisions, flags and the rescan loop, separation of duties."""

from __future__ import annotations

import json

import cv2
import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import PermissionDenied, Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.capture import (
    attach_processed,
    process_frame_for_capture,
    send_for_review,
    slot_pages,
    work_order_by_number,
)
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.review import (
    QueueFilter,
    approve_document,
    decide,
    decode_page,
    document_pages,
    page_reviews,
    page_thumbnail,
    rescan_tasks,
    review_queue,
)
from archivist_desktop.services.verify import verify
from archivist_desktop.store.models import AuditEvent, ChecklistItem, Review
from cli_helpers import signed_main
from sample_data import capture_required, review_to_end
from test_capture_services import page_frame

HV = "WO202611000123"  # hv_new_connection: two gates (team, archive room)
LV = "WO202611000124"  # lv_residential_new_connection: one gate (team)


@pytest.fixture
def people(make_station, feed):
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "collector", "supervisor", "archivist")
    return station.users


def _sent(archive, user, order_no):
    items = capture_required(archive, user, order_no)
    send_for_review(archive, user, work_order_by_number(archive, order_no))
    return items


def _state(archive, item_id):
    with archive.read_session() as s:
        return ItemState(s.get(ChecklistItem, item_id).state)


def test_a_document_is_reviewed_once_every_gate_approved_every_page(archive, people):
    items = _sent(archive, people["clerk"], HV)
    queue = review_queue(archive, people["collector"])
    assert {e.item_id for e in queue.entries} == set(items)
    assert all(e.gate == 1 and e.gates == 2 and e.gate_id == "team" for e in queue.entries)
    first = queue.entries[0]
    decide(archive, people["collector"], first.page_id, "approve")
    assert _state(archive, first.item_id) == ItemState.SENT  # the archive-room gate is still to come
    # the archivist sees it at gate 2 now; the collector no longer sees it
    assert first.page_id not in {e.page_id for e in review_queue(archive, people["collector"]).entries}
    at_archive = [e for e in review_queue(archive, people["archivist"]).entries if e.page_id == first.page_id]
    assert at_archive and at_archive[0].gate == 2
    result = decide(archive, people["archivist"], first.page_id, "approve")
    assert result.item_state == "reviewed" and _state(archive, first.item_id) == ItemState.REVIEWED
    assert [r.gate_id for r in page_reviews(archive, first.page_id)] == ["team", "archive"]


def test_one_level_business_type_needs_one_gate(archive, people):
    (item,) = _sent(archive, people["clerk2"], LV)[:1]
    approve_document(archive, people["supervisor"], item)
    assert _state(archive, item) == ItemState.REVIEWED


def test_nobody_approves_their_own_capture_and_roles_are_enforced(archive, people):
    items = _sent(archive, people["clerk"], LV)
    with pytest.raises(PermissionDenied, match="captured"):
        approve_document(archive, people["clerk"], items[0])
    with pytest.raises(PermissionDenied):  # clerks decide only at the counter self-check gate
        approve_document(archive, people["clerk2"], items[0])
    page_id = slot_pages(archive, items[0])[0].page_id
    entry = next(
        e for e in review_queue(archive, people["clerk"], QueueFilter(only_mine=False)).entries if e.page_id == page_id
    )
    assert not entry.can_decide and "captured" in entry.refusal
    assert page_id not in {e.page_id for e in review_queue(archive, people["clerk"]).entries}
    # the same person does not approve a page at two gates
    hv = _sent(archive, people["clerk"], HV)
    decide(archive, people["supervisor"], slot_pages(archive, hv[0])[0].page_id, "approve")
    with pytest.raises(PermissionDenied, match="one gate"):
        decide(archive, people["supervisor"], slot_pages(archive, hv[0])[0].page_id, "approve")


def test_the_permission_matrix_decides_who_reviews_which_document_type(archive, people):
    # clerks may review at the self-check gate, but never supply contracts (permissions.toml)
    assert archive.permissions.allowed(Role.CLERK, "application_form", "review")
    assert not archive.permissions.allowed(Role.CLERK, "supply_contract", "review")
    assert not archive.permissions.allowed(Role.TEAM_LEAD, "application_form", "review")


def test_flag_rescan_approve_loop(archive, people, clock):
    items = _sent(archive, people["clerk"], LV)
    item = items[0]
    flagged = slot_pages(archive, item)[0].page_id
    with pytest.raises(KnownError, match="reason"):
        decide(archive, people["supervisor"], flagged, "flag")
    with pytest.raises(KnownError, match="comment"):
        decide(archive, people["supervisor"], flagged, "flag", "other")
    result = decide(archive, people["supervisor"], flagged, "flag", "blurry", "字迹模糊，请重拍")
    assert result.item_state == "to_capture" and result.rescan_task_id
    # the clerk who captured it sees the task in their "to capture" reminders, with the reason and the image
    mine = reminders(archive, people["clerk"])
    listed = [i for i in mine.items["to_capture"] if i.item_id == item]
    assert listed and listed[0].rescan_reason == "blurry" and listed[0].flagged_page_id == flagged
    assert listed[0].rescan_comment == "字迹模糊，请重拍"
    (task,) = rescan_tasks(archive, people["clerk"])
    assert task.page_id == flagged and task.reason == "blurry" and task.flagged_by == "supervisor"
    assert decode_page(archive, people["clerk"], flagged).shape[2] == 3
    # rescan: the new page takes the flagged page's place; the flagged page stays in the history
    clock.advance(hours=1)
    new_pages = capture_required(archive, people["clerk"], LV)
    assert item in new_pages
    current = [p.page_id for p in slot_pages(archive, item)]
    assert flagged not in current and len(current) == 1
    with archive.read_session() as s:
        from archivist_desktop.store.models import Page

        assert s.get(Page, flagged).status == "replaced" and s.get(Page, current[0]).status == "active"
    history = document_pages(archive, item)
    assert [p.page_id for p in history if not p.current] == [flagged] and history[-1].flagged
    assert rescan_tasks(archive, people["clerk"]) == ()
    (done,) = rescan_tasks(archive, state="done")
    assert done.replacement_page_id == current[0]
    send_for_review(archive, people["clerk"], work_order_by_number(archive, LV))
    decide(archive, people["supervisor"], current[0], "approve")
    assert _state(archive, item) == ItemState.REVIEWED
    # the record: flag, then approval, both in the audit chain, and the chain still verifies
    with archive.read_session() as s:
        actions = [e.action for e in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()]
        reviews = s.execute(select(Review).where(Review.item_id == item).order_by(Review.decided_at)).scalars().all()
    assert "flag" in actions and "approve" in actions and actions[-1] == "reviewed"
    assert [(r.page_id, r.decision) for r in reviews] == [(flagged, "flag"), (current[0], "approve")]
    assert verify(archive).ok


def test_decisions_need_a_sent_current_page(archive, people):
    items = capture_required(archive, people["clerk"], LV)
    page = slot_pages(archive, items[0])[0].page_id
    with pytest.raises(KnownError, match="not waiting"):
        decide(archive, people["supervisor"], page, "approve")
    with pytest.raises(KnownError, match="unknown decision"):
        decide(archive, people["supervisor"], page, "maybe")


def test_queue_filters_and_counts(archive, people):
    _sent(archive, people["clerk"], HV)
    _sent(archive, people["clerk2"], LV)
    everyone = review_queue(archive, people["supervisor"])
    assert everyone.waiting == len(everyone.entries) and set(everyone.clerks) == {"clerk", "clerk2"}
    only_lv = review_queue(archive, people["supervisor"], QueueFilter(business_type="lv_residential_new_connection"))
    assert only_lv.entries and {e.captured_by for e in only_lv.entries} == {"clerk2"}
    assert review_queue(archive, people["supervisor"], QueueFilter(clerk="clerk")).by_verdict == {
        "accept": len(everyone.entries) - len(only_lv.entries)
    }
    assert review_queue(archive, people["supervisor"], QueueFilter(verdict="reject")).entries == ()
    assert review_queue(archive, people["supervisor"], QueueFilter(team="营业二班")).entries == ()


def test_sorting_by_sharpness_puts_blurred_pages_first(archive, people):
    """Real frames through the real pipeline: three sharp pages and three blurred ones in one queue."""
    order_id = work_order_by_number(archive, LV)
    from archivist_desktop.services.orders import get_checklist

    entries = [
        e for st in get_checklist(archive, order_id).steps for e in st.entries if e.state == ItemState.TO_CAPTURE
    ]
    blurred_ids = set()
    for n in range(6):
        frame = page_frame(seed=n)
        if n % 2:
            frame = cv2.GaussianBlur(frame, (0, 0), 4 + n % 3)
        processed = process_frame_for_capture(frame)
        info = attach_processed(
            archive,
            people["clerk"],
            entries[n % len(entries)].item_id,
            processed,
            override_reason="test: keep it for the reviewer",
        )
        if n % 2:
            blurred_ids.add(info.id)
    capture_required(archive, people["clerk"], LV)
    send_for_review(archive, people["clerk"], order_id)
    queue = review_queue(archive, people["supervisor"])
    assert len(queue.entries) >= 6
    assert {e.page_id for e in queue.entries[:3]} == blurred_ids
    assert queue.entries[0].sharpness < queue.entries[3].sharpness


def test_thumbnails_are_cached_and_reduced_decoding_is_smaller(archive, people):
    items = _sent(archive, people["clerk"], LV)
    page = slot_pages(archive, items[0])[0].page_id
    thumb = page_thumbnail(archive, people["supervisor"], page)
    assert thumb[:2] == b"\xff\xd8" and page_thumbnail(archive, people["supervisor"], page) == thumb
    assert list((archive.data_dir / "thumbs").rglob("*.jpg"))
    full = decode_page(archive, people["supervisor"], page)
    small = decode_page(archive, people["supervisor"], page, max_side=100)
    assert full.shape[:2] == (438, 310) and max(small.shape[:2]) < 438


def test_review_levels_come_from_the_template_and_config(archive):
    assert [g.id for g in archive.review.path(archive.templates["hv_new_connection"].review_levels)] == [
        "team",
        "archive",
    ]
    assert [g.id for g in archive.review.path(1)] == ["team"]
    assert [g.id for g in archive.review.path(3)] == ["self_check", "team", "archive"]


def test_review_to_end_helper_reaches_reviewed(archive, people):
    items = _sent(archive, people["clerk"], HV)
    review_to_end(archive, items, [people["collector"], people["archivist"], people["supervisor"]])
    assert {_state(archive, i) for i in items} == {ItemState.REVIEWED}
    with archive.read_session() as s:
        orders = [json.loads(s.get(ChecklistItem, i).page_order) for i in items]
    assert all(len(o) == 1 for o in orders)


def test_the_cli_lists_the_queue_and_records_decisions(archive, people, capsys):
    archive.close()
    items = capture_required(archive, people["clerk"], LV)
    base = ["--data-dir", str(archive.data_dir)]
    assert signed_main(["send", *base, "--user", "clerk", "--work-order", HV]) == 1  # required documents missing
    assert "missing" in capsys.readouterr().err
    assert signed_main(["send", *base, "--user", "clerk", "--work-order", LV]) == 0
    assert json.loads(capsys.readouterr().out) == {"work_order": LV, "sent_items": len(items)}
    assert signed_main(["review-queue", *base, "--user", "supervisor", "--json"]) == 0
    queue = json.loads(capsys.readouterr().out)
    assert queue["waiting"] == len(items) and {e["item_id"] for e in queue["entries"]} == set(items)
    page = queue["entries"][0]["page_id"]
    assert signed_main(["review", *base, "--user", "clerk", "--page", page]) == 1
    assert "captured" in capsys.readouterr().err
    assert (
        signed_main(["review", *base, "--user", "supervisor", "--page", page, "--flag", "glare", "--comment", "反光"])
        == 0
    )
    (decision,) = json.loads(capsys.readouterr().out)["decisions"]
    assert decision["decision"] == "flag" and decision["rescan_task_id"]
    other = queue["entries"][1]["item_id"]
    assert signed_main(["review", *base, "--user", "supervisor", "--document", other]) == 0
    assert json.loads(capsys.readouterr().out)["decisions"][-1]["item_state"] == "reviewed"
