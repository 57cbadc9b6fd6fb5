"""待重拍 (to rescan): a flagged page of any document, required or optional, reaches the clerk's reminders."""

from __future__ import annotations

from datetime import datetime

import pytest

from archivist_desktop.domain.workflow import Reminder
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.reminders import category, reminders
from archivist_desktop.services.review import decide
from sample_data import CST, capture_required

LV = "WO202611000124"  # lv_residential_new_connection: authorisation_letter (step 1) is optional
TO_RESCAN = Reminder.TO_RESCAN.value


@pytest.fixture
def people(make_station, feed):
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "supervisor", "lead", "archivist")
    return station.users


def _sent_lv(archive, clerk) -> dict[str, str]:
    """Capture every document of the LV order waiting for pages and send them; document type → item id."""
    items = set(capture_required(archive, clerk, LV))
    send_for_review(archive, clerk, work_order_by_number(archive, LV))
    steps = get_checklist(archive, work_order_by_number(archive, LV)).steps
    entries = {e.document_type: e for step in steps for e in step.entries if e.item_id in items}
    assert not entries["authorisation_letter"].required and entries["application_form"].required
    return {t: e.item_id for t, e in entries.items()}


def _flag(archive, supervisor, item_id: str, reason: str, comment: str) -> str:
    page_id = slot_pages(archive, item_id)[0].page_id
    decide(archive, supervisor, page_id, "flag", reason, comment)
    return page_id


def test_a_rescan_of_an_optional_document_reaches_the_clerks_reminders(archive, people, clock):
    items = _sent_lv(archive, people["clerk"])
    optional = items["authorisation_letter"]
    assert reminders(archive, people["clerk"]).counts[TO_RESCAN] == 0
    flagged = _flag(archive, people["supervisor"], optional, "incomplete", "委托书缺签名页，请重拍")

    mine = reminders(archive, people["clerk"])
    assert mine.counts[TO_RESCAN] == 1
    (listed,) = mine.items[TO_RESCAN]
    assert listed.item_id == optional and listed.category == TO_RESCAN
    assert listed.document_type == "authorisation_letter" and listed.work_order_no == LV
    assert listed.rescan_reason == "incomplete" and listed.rescan_comment == "委托书缺签名页，请重拍"
    assert listed.flagged_page_id == flagged and listed.rescan_reviewer == "supervisor"
    assert listed.to_json()["rescan"]["reason"] == "incomplete"
    # "to capture" counts required documents only: without 待重拍 the clerk would never hear of it
    assert optional not in {i.item_id for i in mine.items[Reminder.TO_CAPTURE.value]}
    # the rescan window is 48 working hours from the flag (Wednesday 09:00 → Friday 09:00)
    assert listed.due_at == datetime(2026, 11, 6, 9, 0, tzinfo=CST)

    # the team lead sees the team's rescans; another clerk and the archive room do not
    assert reminders(archive, people["lead"]).counts[TO_RESCAN] == 1
    assert reminders(archive, people["clerk2"]).counts[TO_RESCAN] == 0
    assert reminders(archive, people["archivist"]).counts[TO_RESCAN] == 0
    assert reminders(archive, people["archivist"]).items[TO_RESCAN] == ()
    assert reminders(archive, None).counts[TO_RESCAN] == 1  # station-wide

    # the rescan closes the task: the reminder goes away
    clock.advance(hours=1)
    assert optional in capture_required(archive, people["clerk"], LV)
    assert reminders(archive, people["clerk"]).counts[TO_RESCAN] == 0
    assert reminders(archive, people["clerk"]).items[TO_RESCAN] == ()


def test_required_and_optional_rescans_are_listed_oldest_first_with_their_reasons(archive, people, clock):
    items = _sent_lv(archive, people["clerk"])
    _flag(archive, people["supervisor"], items["application_form"], "blurry", "字迹模糊")
    clock.advance(hours=2)
    _flag(archive, people["supervisor"], items["authorisation_letter"], "other", "请补拍背面")
    mine = reminders(archive, people["clerk"])
    assert mine.counts[TO_RESCAN] == 2
    assert [(i.document_type, i.rescan_reason) for i in mine.items[TO_RESCAN]] == [
        ("application_form", "blurry"),
        ("authorisation_letter", "other"),
    ]
    # the required one is also still "to capture" (and escalates from there); the optional one never does
    to_capture = {i.item_id for i in mine.items[Reminder.TO_CAPTURE.value]}
    assert items["application_form"] in to_capture and items["authorisation_letter"] not in to_capture
    assert not any(i.escalated for i in mine.items[TO_RESCAN])
    # item_limit lists the first ones and still counts them all
    limited = reminders(archive, people["clerk"], item_limit=1)
    assert limited.counts[TO_RESCAN] == 2 and len(limited.items[TO_RESCAN]) == 1


def test_the_to_rescan_category_is_hidden_from_the_archive_room_like_the_other_capture_categories():
    entry = category(Reminder.TO_RESCAN)
    assert entry.label == "To rescan" and entry.shows_rescans and entry.source == "items"
    assert entry.hidden_from == category(Reminder.TO_CAPTURE).hidden_from == category(Reminder.TO_SEND).hidden_from
