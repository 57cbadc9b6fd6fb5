"""Capture services over the real imaging pipeline and store."""

from __future__ import annotations

import json
import subprocess
import sys

import cv2
import numpy as np
import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.imaging.derive import merge_id_card
from archivist_desktop.services.capture import (
    MissingDocuments,
    NeedsLateReason,
    NeedsOverride,
    attach_processed,
    missing_required,
    process_frame_for_capture,
    remove_page,
    reorder_pages,
    send_for_review,
    slot_pages,
    work_order_by_number,
)
from archivist_desktop.services.orders import get_checklist, import_orders
from archivist_desktop.services.users import create_user
from archivist_desktop.store.models import AuditEvent


def page_frame(seed: int = 0, size=(4000, 3000)) -> np.ndarray:
    """A 12 MP frame: a white A4 page (~240 dpi) with text-like lines on a dark desk mat, slightly turned."""
    rng = np.random.default_rng(seed)
    w, h = size
    frame = np.full((h, w, 3), (40, 45, 50), np.uint8)
    pw, ph = 1980, 2800
    page = np.full((ph, pw, 3), 245, np.uint8)
    for y in range(200, ph - 200, 60):
        x = 150
        while x < pw - 200:
            word = int(rng.integers(40, 220))
            cv2.putText(
                page, "x" * max(1, word // 22), (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (25, 25, 25), 2, cv2.LINE_AA
            )
            x += word + 30
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    dst = np.float32([[1000, 90], [2980, 130], [2940, 2930], [960, 2890]])
    m = cv2.getPerspectiveTransform(src, dst)
    cv2.warpPerspective(page, m, (w, h), frame, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT)
    return frame


@pytest.fixture
def station(archive, feed):
    import_orders(archive, feed)
    return archive


@pytest.fixture
def clerk(station):
    return create_user(station, "clerk", "pw", Role.CLERK)


def _order(archive, no="WO202611000123"):
    return work_order_by_number(archive, no)


def test_a_frame_becomes_a_page_in_its_slot(station, clerk):
    processed = process_frame_for_capture(page_frame())
    assert processed.verdict in ("accept", "warn") and processed.jpeg[:2] == b"\xff\xd8"
    assert processed.width < processed.height  # a portrait page, cropped out of a landscape frame
    item = get_checklist(station, _order(station)).steps[0].entries[0]
    info = attach_processed(station, clerk, item.item_id, processed)
    pages = slot_pages(station, item.item_id)
    assert [p.page_id for p in pages] == [info.id] and pages[0].verdict == processed.verdict
    assert station.files.read(info.sha256) == processed.jpeg


def test_a_rejected_page_needs_an_override_reason_which_is_logged(station, clerk):
    blank = np.zeros((1200, 1600, 3), np.uint8)
    processed = process_frame_for_capture(blank)
    assert processed.verdict == "reject"
    item = get_checklist(station, _order(station)).steps[0].entries[0]
    with pytest.raises(NeedsOverride):
        attach_processed(station, clerk, item.item_id, processed)
    assert slot_pages(station, item.item_id) == ()
    attach_processed(station, clerk, item.item_id, processed, override_reason="原件即为空白页")
    assert slot_pages(station, item.item_id)[0].override_reason == "原件即为空白页"
    with station.read_session() as s:
        from sqlalchemy import select

        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert json.loads(last.payload)["override_reason"] == "原件即为空白页"


def test_late_entry_needs_a_reason(station, clerk, clock):
    clock.advance(hours=3)  # HV step 1 completed 11-02 10:00: the 48-hour deadline has passed
    item = get_checklist(station, _order(station)).steps[0].entries[0]
    processed = process_frame_for_capture(page_frame(1))
    with pytest.raises(NeedsLateReason):
        attach_processed(station, clerk, item.item_id, processed)
    attach_processed(station, clerk, item.item_id, processed, late_reason="客户补交原件")
    assert slot_pages(station, item.item_id)[0].late_reason == "客户补交原件"


def test_remove_reorder_and_retake_before_sending(station, clerk):
    item = get_checklist(station, _order(station)).steps[0].entries[1]
    pages = [attach_processed(station, clerk, item.item_id, process_frame_for_capture(page_frame(k))) for k in range(3)]
    ids = [p.id for p in pages]
    reorder_pages(station, clerk, item.item_id, [ids[2], ids[0], ids[1]])
    assert [p.page_id for p in slot_pages(station, item.item_id)] == [ids[2], ids[0], ids[1]]
    with pytest.raises(Exception, match="exactly"):
        reorder_pages(station, clerk, item.item_id, [ids[0], ids[1]])
    retake = attach_processed(station, clerk, item.item_id, process_frame_for_capture(page_frame(9)), replaces=ids[0])
    assert [p.page_id for p in slot_pages(station, item.item_id)] == [ids[2], retake.id, ids[1]]
    remove_page(station, clerk, item.item_id, ids[2])
    remove_page(station, clerk, item.item_id, ids[1])
    slot = remove_page(station, clerk, item.item_id, retake.id)
    assert slot.state == ItemState.TO_CAPTURE and slot.page_ids == ()
    assert station.files.path_for(pages[0].sha256).exists()  # history kept


def test_send_for_review_only_when_nothing_required_is_missing(station, clerk):
    order = _order(station)
    with pytest.raises(MissingDocuments) as err:
        send_for_review(station, clerk, order)
    assert len(err.value.missing) == 6 and "用电申请书" in str(err.value)
    for step, doc, _name in missing_required(station, order):
        entry = next(e for s in get_checklist(station, order).steps for e in s.entries if e.document_type == doc)
        attach_processed(station, clerk, entry.item_id, process_frame_for_capture(page_frame(step)))
    result = send_for_review(station, clerk, order)
    assert result.sent_items == 6
    states = {e.state for s in get_checklist(station, order).steps[:2] for e in s.entries if e.required}
    assert states == {ItemState.SENT}


def test_id_card_front_and_back_on_one_page():
    front = np.full((540, 856, 3), (200, 120, 60), np.uint8)
    back = np.full((856, 540, 3), (60, 120, 200), np.uint8)  # a portrait crop is turned
    page = merge_id_card(front, back, dpi=100)
    assert page.shape[0] > page.shape[1]
    assert (page[page.shape[0] // 4, page.shape[1] // 2] == (200, 120, 60)).all()
    assert (page[page.shape[0] // 2 - 10, page.shape[1] // 2] == (60, 120, 200)).all()


def test_attach_cli_prints_a_summary(tmp_path, feed):
    data = tmp_path / "data"
    feed_file = tmp_path / "feed.json"
    feed_file.write_text(json.dumps(feed), encoding="utf-8")

    def run(*a, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "archivist_desktop", *a, "--data-dir", str(data)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    from stations import PASSWORD, open_station

    with open_station(data, users=("clerk", "admin")):
        pass
    signed = ("--password-stdin",)
    assert run("import-orders", str(feed_file), "--user", "admin", *signed, stdin=PASSWORD + "\n").returncode == 0
    good = tmp_path / "scan.jpg"
    cv2.imwrite(str(good), page_frame(3))
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8 not really")
    out = run(
        "attach",
        "--work-order",
        "WO202611000124",
        "--document",
        "application_form",
        str(good),
        str(bad),
        "--late-reason",
        "补录",
        "--user",
        "clerk",
        *signed,
        stdin=PASSWORD + "\n",
    )
    summary = json.loads(out.stdout)
    assert out.returncode == 1  # one file failed
    assert [p["ok"] for p in summary["pages"]] == [True, False]
    assert summary["pages"][0]["verdict"] in ("accept", "warn") and summary["pages"][1]["error"]
    assert run("verify").returncode == 0
