"""Archive-room services: hand-over, volumes and archival codes, boxes (DA/T 22), shelving,
read-only archived content, loans and appraisal in the audit chain, central protection."""

from __future__ import annotations

import json
import threading
import unicodedata

import pytest
from sqlalchemy import select, text

from archivist_desktop.domain.permissions import PermissionDenied
from archivist_desktop.domain.records import gaps
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.boxes import (
    BoxMixError,
    box_label,
    boxes_json,
    create_box,
    find_box,
    get_box,
    put_in_box,
    remove_from_box,
    set_shelf,
)
from archivist_desktop.services.capture import remove_page, reorder_pages, send_for_review, work_order_by_number
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.records import (
    appraise,
    borrow,
    build_volumes,
    correct_volume,
    create_volume,
    get_hand_over,
    hand_over,
    hand_over_inbox,
    list_volumes,
    pending_customers,
    return_volume,
    void_volume,
    volume_documents,
)
from archivist_desktop.services.verify import verify
from archivist_desktop.store.audit import walk_chain
from archivist_desktop.store.models import AuditEvent, ChecklistItem, Customer
from sample_data import capture_required, review_to_end

HV, LV = "WO202611000123", "WO202611000124"


@pytest.fixture
def people(make_station, feed):
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "collector", "supervisor", "archivist")
    return station.users


def reviewed(archive, people, work_order_no: str) -> list[str]:
    """Capture, send and review every document of the order (through the real services)."""
    clerk = people["clerk"] if work_order_no == HV else people["clerk2"]
    items = capture_required(archive, clerk, work_order_no)
    send_for_review(archive, clerk, work_order_by_number(archive, work_order_no))
    others = [people[n] for n in ("clerk2", "clerk", "collector", "supervisor", "archivist") if people[n] != clerk]
    review_to_end(archive, items, others)
    return items


def states(archive, item_ids) -> set[str]:
    with archive.read_session() as s:
        return {s.get(ChecklistItem, i).state for i in item_ids}


def customer_of(archive, work_order_no: str) -> str:
    with archive.read_session() as s:
        from archivist_desktop.store.models import WorkOrder

        return s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == work_order_no)).scalar_one()


@pytest.fixture
def filed(archive, people):
    """Both orders reviewed, handed over and filed: {order no: volume}."""
    hv_items = reviewed(archive, people, HV)
    lv_items = reviewed(archive, people, LV)
    hand_over(archive, people["archivist"], work_order_nos=[HV, LV])
    out = {}
    for no in (HV, LV):
        (volume,) = build_volumes(archive, people["archivist"], customer_of(archive, no))
        out[no] = volume
    return out, hv_items, lv_items


def test_hand_over_by_work_order_moves_reviewed_items_to_received_with_a_receipt(archive, people, tmp_path, qapp):
    items = reviewed(archive, people, HV)
    assert states(archive, items) == {"reviewed"}
    inbox = hand_over_inbox(archive)
    assert {e.item_id for e in inbox} == set(items) and {e.work_order_no for e in inbox} == {HV}
    with pytest.raises(PermissionDenied, match="only an archivist"):
        hand_over(archive, people["clerk"], work_order_nos=[HV])
    with pytest.raises(KnownError, match="no work order"):
        hand_over(archive, people["archivist"], work_order_nos=["WO-NOPE"])
    receipt = hand_over(archive, people["archivist"], work_order_nos=[HV])
    assert states(archive, items) == {"received"}
    assert receipt.work_order_nos == (HV,) and {line.item_id for line in receipt.lines} == set(items)
    assert receipt.hand_over_no.startswith("YJ20261104-")
    assert get_hand_over(archive, receipt.hand_over_no).lines == receipt.lines
    assert hand_over_inbox(archive) == []
    with pytest.raises(KnownError, match="no reviewed documents"):
        hand_over(archive, people["archivist"], work_order_nos=[HV])
    # not-yet-reviewed documents are refused when picked one by one
    lv_items = capture_required(archive, people["clerk2"], LV)
    with pytest.raises(KnownError, match="only reviewed documents"):
        hand_over(archive, people["archivist"], item_ids=lv_items[:1])
    # the receipt is a PDF with the Chinese customer name in its text
    import subprocess

    from archivist_desktop.services.records import hand_over_receipt_pdf

    pdf = hand_over_receipt_pdf(archive, receipt.id, tmp_path / "receipt.pdf")
    txt = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Qt's ToUnicode maps some glyphs shared with Kangxi radicals to the radicals (厂 -> U+2F1A): NFKC folds them
    txt = unicodedata.normalize("NFKC", txt)
    assert "移交清单" in txt and "杭州宏达机械厂" in txt and "3300012345" in txt


def test_one_volume_per_customer_with_codes_from_the_configured_rule(archive, filed, people):
    volumes, hv_items, _lv_items = filed
    hv, lv = volumes[HV], volumes[LV]
    # hv_new_connection: category YK, permanent (Y); LV residential: YK, 30 years (D30); created 2026
    assert hv.archival_code == "Z109-YK-2026-Y-0001" and hv.retention_zh == "永久"
    assert lv.archival_code == "Z109-YK-2026-D30-0001"
    assert hv.documents == len(hv_items) and hv.state == "open" and hv.security_level == "internal"
    docs = volume_documents(archive, hv.archival_code)
    assert [d.position for d in docs] == list(range(1, len(hv_items) + 1))
    assert pending_customers(archive) == []
    # another customer in the same year and retention gets the next number, without gaps
    with archive.read_session() as s:
        other = s.execute(select(Customer.id).where(Customer.id != hv.customer_id)).scalars().first()
    v2 = create_volume(archive, people["archivist"], other, 2026, "Y", category="YK")
    assert v2.archival_code == "Z109-YK-2026-Y-0002"
    # classified material is refused, with a clear message
    with pytest.raises(KnownError, match="classified"):
        create_volume(archive, people["archivist"], other, 2026, "Y", security_level="secret")


def test_concurrent_allocation_gives_unique_numbers_without_gaps(archive, people, tmp_path, clock):
    with archive.read_session() as s:
        customers = s.execute(select(Customer.id)).scalars().all()
    stations = [Archive(archive.data_dir, clock=clock) for _ in range(3)]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(stations))

    def work(a: Archive, n: int) -> None:
        barrier.wait()
        try:
            for i in range(6):
                create_volume(a, people["archivist"], customers[(n + i) % len(customers)], 2026, "D10")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(a, n)) for n, a in enumerate(stations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a in stations:
        a.close()
    assert errors == []
    numbers = [v.volume_no for v in list_volumes(archive) if v.retention == "D10"]
    assert sorted(numbers) == list(range(1, 19)) and gaps(numbers) == []
    assert len({v.archival_code for v in list_volumes(archive)}) == len(list_volumes(archive))


def test_boxes_refuse_mixing_years_retention_or_organisations(archive, filed, people):
    volumes, *_ = filed
    hv, lv = volumes[HV], volumes[LV]
    box = put_in_box(archive, people["archivist"], hv.archival_code)
    assert box.box_no == "Z109-2026-Y-H0001" and [v.archival_code for v in box.volumes] == [hv.archival_code]
    with pytest.raises(BoxMixError) as err:
        put_in_box(archive, people["archivist"], lv.archival_code, box.box_no)
    assert [c.field for c in err.value.conflicts] == ["retention"]
    assert "retention" in str(err.value) and "Y" in str(err.value) and "D30" in str(err.value)
    other_year = create_box(archive, people["archivist"], 2025, "D30")
    with pytest.raises(BoxMixError) as err:
        put_in_box(archive, people["archivist"], lv.archival_code, other_year.box_no)
    assert [c.field for c in err.value.conflicts] == ["year"]
    other_org = create_box(archive, people["archivist"], 2026, "D30", organisation="另一个供电所")
    with pytest.raises(BoxMixError) as err:
        put_in_box(archive, people["archivist"], lv.archival_code, other_org.box_no)
    assert [c.field for c in err.value.conflicts] == ["organisation"]
    # the box's documents are "boxed" (待移交卷宗); out again while not shelved
    _, hv_items, _ = filed
    assert states(archive, hv_items) == {"boxed"}
    remove_from_box(archive, people["archivist"], hv.archival_code)
    assert states(archive, hv_items) == {"received"}
    put_in_box(archive, people["archivist"], hv.archival_code, box.box_no)
    with pytest.raises(PermissionDenied):
        put_in_box(archive, people["supervisor"], lv.archival_code)


def test_shelving_archives_and_archived_content_is_read_only(archive, filed, people):
    volumes, hv_items, _ = filed
    hv = volumes[HV]
    box = put_in_box(archive, people["archivist"], hv.archival_code)
    with pytest.raises(KnownError, match="room-rack-column-layer"):
        set_shelf(archive, people["archivist"], box.box_no, "upstairs")
    box = set_shelf(archive, people["archivist"], box.box_no, "a01-3-5-2")
    assert box.shelf == "A01-03-05-2" and box.volumes[0].state == "archived"
    assert states(archive, hv_items) == {"archived"}
    assert boxes_json(archive) == [{"box_no": box.box_no, "shelf": "A01-03-05-2", "volumes": [hv.archival_code]}]
    # no page can be added, replaced, removed or reordered
    item = hv_items[0]
    with archive.read_session() as s:
        page_id = json.loads(s.get(ChecklistItem, item).page_order)[0]
    clerk = people["clerk"]
    with pytest.raises(KnownError, match="archived"):
        add_page(archive, clerk, item, b"\xff\xd8new page")
    with pytest.raises(KnownError, match="archived"):
        add_page(archive, clerk, item, b"\xff\xd8new page", replaces=page_id)
    with pytest.raises(KnownError):
        remove_page(archive, clerk, item, page_id)
    with pytest.raises(KnownError):
        reorder_pages(archive, clerk, item, [page_id])
    with pytest.raises(KnownError, match="archived"):
        remove_from_box(archive, people["archivist"], hv.archival_code)
    # a metadata correction is a new audited event, not a change of content
    corrected = correct_volume(
        archive, people["archivist"], hv.archival_code, title="宏达机械厂 客户档案", reason="单位名称更正"
    )
    assert corrected.title == "宏达机械厂 客户档案" and corrected.archival_code == hv.archival_code
    with archive.read_session() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "modify", AuditEvent.entity_type == "volume")
        ).scalar_one()
    assert json.loads(ev.payload)["changes"]["title"]["from"].startswith("杭州宏达机械厂")
    # moving the box later is a move, not a new archiving
    set_shelf(archive, people["archivist"], box.box_no, "A01-03-06-1")
    assert get_box(archive, box.id).shelf == "A01-03-06-1"


def test_find_box_from_a_scanned_label(archive, filed, people):
    volumes, *_ = filed
    box = put_in_box(archive, people["archivist"], volumes[HV].archival_code)
    assert find_box(archive, box.box_no).id == box.id
    assert find_box(archive, f"  {box.box_no.lower()}\r\n").id == box.id
    assert find_box(archive, box_label(archive, box.id).qr_payload).id == box.id
    assert find_box(archive, "Z109-2026-Y-H9999") is None and find_box(archive, "") is None


def test_borrow_return_appraise_void_are_in_the_audit_chain(archive, filed, people):
    volumes, *_ = filed
    hv, lv = volumes[HV], volumes[LV]
    archivist = people["archivist"]
    with pytest.raises(KnownError, match="only boxed or archived"):
        borrow(archive, archivist, hv.archival_code, "营销部 张工", "core check")
    box = put_in_box(archive, archivist, hv.archival_code)
    set_shelf(archive, archivist, box.box_no, "A01-01-01-1")
    lent = borrow(archive, archivist, hv.archival_code, "营销部 张工", "业扩稽查")
    assert lent.on_loan_to == "营销部 张工"
    with pytest.raises(KnownError, match="on loan"):
        borrow(archive, archivist, hv.archival_code, "someone", "again")
    with pytest.raises(KnownError, match="on loan"):
        void_volume(archive, archivist, hv.archival_code, "duplicate")
    assert return_volume(archive, archivist, hv.archival_code).on_loan_to is None
    with pytest.raises(KnownError, match="not on loan"):
        return_volume(archive, archivist, hv.archival_code)
    appraise(archive, archivist, hv.archival_code, "继续保存", "到期鉴定：仍有利用价值")
    voided = void_volume(archive, archivist, lv.archival_code, "重复立卷")
    assert voided.state == "voided" and voided.archival_code == lv.archival_code  # the number stays: no gap
    with pytest.raises(PermissionDenied):
        borrow(archive, people["clerk"], hv.archival_code, "x", "y")
    with archive.read_session() as s:
        events = s.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.payload).where(AuditEvent.entity_type == "volume")
        ).all()
    actions = [a for a, _, _ in events]
    for action in ("borrow", "return", "appraise", "void"):
        assert action in actions
    borrow_payload = json.loads(next(p for a, _, p in events if a == "borrow"))
    assert borrow_payload["borrower"] == "营销部 张工" and borrow_payload["purpose"] == "业扩稽查"
    assert all(actor == "archivist" for a, actor, _ in events if a in ("borrow", "return", "appraise", "void"))
    with archive.read_session() as s:
        results = list(walk_chain(s))
    assert all(isinstance(r, int) for r in results)
    assert verify(archive).ok


def test_archived_volumes_and_pages_are_protected_centrally(archive, filed, people, tmp_path):
    from archivist_desktop.services.sync import init_central, sync
    from archivist_desktop.sync.central import connect

    volumes, hv_items, _ = filed
    hv = volumes[HV]
    box = put_in_box(archive, people["archivist"], hv.archival_code)
    set_shelf(archive, people["archivist"], box.box_no, "A01-01-01-1")
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    result = sync(archive, url)
    assert result.pending == 0 and result.pushed["volumes"] == 2 and result.pushed["volume_items"] >= 2
    engine = connect(url)
    try:
        with engine.connect() as conn:
            for sql in (
                "DELETE FROM pages WHERE item_id = :i",
                "UPDATE pages SET status = 'deleted' WHERE item_id = :i",
            ):
                with pytest.raises(Exception, match="archived"):
                    conn.execute(text(sql), {"i": hv_items[0]})
                conn.rollback()
            for sql in (
                "UPDATE volumes SET archival_code = 'X' WHERE id = :v",
                "DELETE FROM volumes WHERE id = :v",
                "UPDATE volumes SET state = 'open' WHERE id = :v",
                "DELETE FROM volume_items WHERE volume_id = :v",
            ):
                with pytest.raises(Exception, match=r"archival code|never deleted|archived|append-only"):
                    conn.execute(text(sql), {"v": hv.id})
                conn.rollback()
    finally:
        engine.dispose()


def test_retrying_decides_by_sqlite_error_code_not_message():
    """Lost races (unique conflict, busy database) are retried; other integrity errors are raised at once."""
    from sqlalchemy import create_engine

    from archivist_desktop.services.records import _lost_race, _retrying

    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT NOT NULL)"))
        conn.execute(text("INSERT INTO t VALUES (1, 'A', 'x')"))

    def insert(values: str):
        def run():
            with engine.begin() as conn:
                conn.execute(text(f"INSERT INTO t VALUES {values}"))

        return run

    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError) as unique:
        insert("(2, 'A', 'y')")()
    with pytest.raises(IntegrityError) as not_null:
        insert("(3, 'B', NULL)")()
    assert _lost_race(unique.value)
    assert not _lost_race(not_null.value)
    assert not _lost_race(ValueError("UNIQUE constraint failed"))  # the message alone does not count

    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            insert("(1, 'A', 'again')")()  # a lost race
        return "ok"

    assert _retrying(flaky) == "ok" and len(calls) == 3
    calls.clear()
    with pytest.raises(IntegrityError):
        _retrying(lambda: calls.append(1) or insert("(4, 'C', NULL)")())
    assert len(calls) == 1
    engine.dispose()
