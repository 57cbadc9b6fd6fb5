"""Demo data for the archive room, made through the real services: eight finished work orders
captured, sent and reviewed at every gate; six handed over; five filed in volumes; two boxes on the
shelf (archived), one box not yet shelved, one customer's documents waiting for a volume, two orders
still in the hand-over inbox; one loan returned and one still out."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from archivist_desktop.domain.permissions import Permission, PermissionDenied
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.boxes import put_in_box, set_shelf
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.orders import get_checklist, import_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.records import borrow, build_volumes, hand_over, return_volume
from archivist_desktop.services.review import approve_document
from archivist_desktop.services.users import get_user
from archivist_desktop.store.models import WorkOrder

#: (business type, year offset from now, customer name)
_ORDERS = (
    ("lv_residential_new_connection", -1, "周明"),
    ("transfer", -1, "杭州绿源食品有限公司"),
    ("account_closure", -1, "林秀英"),
    ("temporary_supply", -1, "宁波恒通物流"),
    ("name_change", 0, "绍兴江南纺织"),
    ("lv_residential_new_connection", 0, "郭丽"),
    ("transfer", 0, "马超"),
    ("lv_residential_new_connection", 0, "何静"),
)


def seed_records_demo(archive: Archive, rng: random.Random) -> dict[str, int]:
    from archivist_desktop.services.demo import demo_page_jpeg

    tz = archive.policy.tz
    now = archive.now().astimezone(tz)
    users = {n: get_user(archive, n) for n in ("clerk", "clerk2", "collector", "supervisor", "archivist")}
    archivist = users["archivist"]
    orders: list[dict[str, Any]] = []
    for i, (btype, dy, name) in enumerate(_ORDERS):
        if dy:
            created = datetime(now.year + dy, 5 + i, 8 + i, 9, 30, tzinfo=tz)
        else:
            created = now - timedelta(days=30 - i)
        steps = len(archive.templates[btype].steps)
        orders.append(
            {
                "work_order_no": f"WO{created:%Y%m}9{i + 1:05d}",
                "customer_no": f"3390{rng.randint(100_000, 999_999)}",
                "customer_name": name,
                "address": f"杭州市滨江路{rng.randint(1, 300)}号",
                "phone": f"13{rng.randint(100_000_000, 999_999_999)}",
                "business_type": btype,
                "created_at": created.isoformat(),
                "assignee": "clerk",
                "team": "营业一班",
                "steps": [
                    {"step": n, "completed_at": (created + timedelta(hours=2 * n)).isoformat()}
                    for n in range(1, steps + 1)
                ],
            }
        )
    import_orders(archive, {"work_orders": orders}, actor="demo")
    reviewers = [users["collector"], users["archivist"], users["supervisor"], users["clerk2"]]
    for order in orders:
        no = order["work_order_no"]
        order_id = work_order_by_number(archive, no)
        assert order_id is not None  # imported just above
        items = []
        for step in get_checklist(archive, order_id).steps:
            for entry in step.entries:
                if entry.state != ItemState.TO_CAPTURE:
                    continue
                who = next(
                    (
                        u
                        for u in (users["clerk"], users["collector"])
                        if archive.permissions.allowed(u.role, entry.document_type, Permission.UPLOAD)
                    ),
                    None,
                )
                if who is None:
                    continue
                for _ in range(1 if rng.random() < 0.7 else 2):
                    data = demo_page_jpeg(
                        entry.name_en, f"{no}  {order['customer_no']}", rng.randint(0, 10**9), (620, 877)
                    )
                    add_page(
                        archive,
                        who,
                        entry.item_id,
                        data,
                        width=620,
                        height=877,
                        verdict="accept",
                        process_meta={"demo": True},
                    )
                items.append(entry.item_id)
        send_for_review(archive, users["clerk"], order_id)
        for item_id in items:
            for _ in range(3):
                done = False
                for reviewer in reviewers:
                    try:
                        approve_document(archive, reviewer, item_id)
                        break
                    except (PermissionDenied, KnownError):
                        continue
                else:
                    done = True
                if done:
                    break
    nos = [o["work_order_no"] for o in orders]
    hand_over(archive, archivist, work_order_nos=nos[:4])
    hand_over(archive, archivist, work_order_nos=nos[4:6])
    volumes = []
    with archive.read_session() as s:
        customer_ids = [
            s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == no)).scalar_one() for no in nos[:5]
        ]
    for cid in customer_ids:
        volumes.extend(build_volumes(archive, archivist, cid))
    boxes: dict[tuple[int, str], str] = {}
    for v in volumes:
        key = (v.year, v.retention)
        box = put_in_box(archive, archivist, v.archival_code, boxes.get(key))
        boxes[key] = box.box_no
    shelves = ("A01-03-05-2", "A01-03-05-3")
    shelved = 0
    for (year, _retention), box_no in sorted(boxes.items()):
        if year < now.year and shelved < len(shelves):
            set_shelf(archive, archivist, box_no, shelves[shelved])
            shelved += 1
    archived = [v for v in volumes if v.year < now.year]
    if archived:
        borrow(archive, archivist, archived[0].archival_code, "营销部 张工", "业扩报装稽查")
        return_volume(archive, archivist, archived[0].archival_code, "完好归还")
    if len(archived) > 2:
        borrow(archive, archivist, archived[2].archival_code, "客户服务中心 李工", "客户投诉核查")
    return {"archive_orders": len(orders), "volumes": len(volumes), "boxes": len(boxes), "shelved_boxes": shelved}
