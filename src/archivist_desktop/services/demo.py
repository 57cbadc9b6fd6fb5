"""Demo data: a small realistic station for ``--demo``, and bulk data for scale benchmarks."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from sqlalchemy import func, insert, select

from archivist_desktop.domain.permissions import Permission, Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.errors import KnownError
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.demo_review import blurred, page_quality, seed_review_demo
from archivist_desktop.services.orders import current_step, import_orders, item_rows
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.users import create_user, get_user, hash_password
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import (
    AuditEvent,
    ChecklistItem,
    Customer,
    Outbox,
    Page,
    StepCompletion,
    User,
    WorkOrder,
    new_id,
)

DEMO_PASSWORD = "demo"
#: the file marking a data directory that holds demo data only (``--demo`` writes the same, ui/app.py)
DEMO_MARKER = ".archivist-demo"
#: (username, display name, role, team)
DEMO_USERS = (
    ("clerk", "王芳", Role.CLERK, "营业一班"),
    ("clerk2", "李强", Role.CLERK, "营业一班"),
    ("collector", "赵敏", Role.COLLECTOR, "营业一班"),
    ("supervisor", "陈静", Role.SUPERVISOR, "营业一班"),
    ("archivist", "刘洋", Role.ARCHIVIST, "档案室"),
    ("lead", "孙伟", Role.TEAM_LEAD, "营业一班"),
    ("admin", "管理员", Role.ADMIN, None),
)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
_COMPANIES = (
    "宏达机械厂",
    "绿源食品有限公司",
    "星河置业",
    "江南纺织",
    "华康医院",
    "新城小学",
    "恒通物流",
    "金桥化工",
    "明珠酒店",
    "远航汽修",
    "中兴电子",
    "东方建材",
)
_STREETS = ("解放路", "人民大道", "中山路", "建设路", "滨江路", "文化路", "工业园区", "新华街")


def demo_page_jpeg(title: str, subtitle: str, seed: int, size: tuple[int, int] = (1240, 1754)) -> bytes:
    """A plain rendered page (A4 proportions, 150 dpi) standing in for a captured document."""
    rng = random.Random(seed)
    w, h = size
    page = np.full((h, w, 3), 250, np.uint8)
    cv2.putText(page, title, (110, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (20, 20, 20), 3, cv2.LINE_AA)
    cv2.putText(page, subtitle, (110, 270), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (60, 60, 60), 2, cv2.LINE_AA)
    y = 360
    while y < h - 300:
        x = 110
        while x < w - 160:
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            cv2.putText(page, word, (x, y + 14), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (50, 50, 50), 2, cv2.LINE_AA)
            x += 16 * len(word) + rng.randint(14, 30)
        y += rng.choice((40, 40, 40, 80))
    cv2.circle(page, (w - 330, h - 300), 110, (40, 40, 200), 6)  # a red seal
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return buf.tobytes()


def claim_demo_dir(data_dir: Path, command: str = "seed-demo") -> None:
    """Make sure ``data_dir`` may receive demo data (demo users with the password ``demo``): it must not
    exist, be empty, or carry :data:`DEMO_MARKER` (written here, so a demo station may be seeded again).

    Raises :class:`KnownError` for any other directory: demo users never reach a real station.
    """
    if data_dir.exists() and not data_dir.is_dir():
        raise KnownError(f"{data_dir} is not a directory")
    if data_dir.is_dir() and any(data_dir.iterdir()) and not (data_dir / DEMO_MARKER).exists():
        raise KnownError(f"{command} only runs on an empty data directory (or one {command} created)")
    data_dir.mkdir(parents=True, exist_ok=True)
    marker = data_dir / DEMO_MARKER
    if not marker.exists():
        marker.write_text(f"Archivist Desktop demo data, created by {command}.\n", encoding="utf-8")


def ensure_demo_users(archive: Archive) -> None:
    for username, display, role, team in DEMO_USERS:
        try:
            get_user(archive, username)
        except KnownError:  # no such user yet
            create_user(archive, username, DEMO_PASSWORD, role, display, team)


def _name(rng: random.Random, company: bool) -> str:
    if company:
        return rng.choice(("浙江", "杭州", "宁波", "绍兴")) + rng.choice(_COMPANIES)
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.6 else "")


def _capture_time(rng: random.Random, due_at: datetime | None, now: datetime) -> datetime:
    """When a demo page was captured: mostly within its 48 hours, some late, never in the future."""
    if due_at is None:
        return now
    if rng.random() < 0.8:
        at = due_at - timedelta(hours=rng.uniform(8, 47))
    else:
        at = due_at + timedelta(hours=rng.uniform(2, 72))
    return min(at, now - timedelta(minutes=rng.randint(5, 120)))


@contextmanager
def _captured_at(archive: Archive, at: datetime) -> Iterator[None]:
    """Demo data only: record a page as captured at ``at`` (the archive's clock, briefly)."""
    clock = archive.clock
    archive.clock = lambda: at
    try:
        yield
    finally:
        archive.clock = clock


def seed_demo(archive: Archive, customers: int = 20, seed: int = 2026, archive_room: bool = True) -> dict[str, int]:
    """A station with demo users and ~``customers`` customers at varied steps and deadline states.

    ``archive_room=False`` leaves out the archive room's volumes, boxes and loans (a station as the
    versions before the archive room made them)."""
    rng = random.Random(seed)
    ensure_demo_users(archive)
    now = archive.now()
    tz = archive.policy.tz
    types = list(archive.templates)
    orders = []
    for i in range(customers):
        business_type = types[i % len(types)]
        template = archive.templates[business_type]
        company = business_type.startswith(("hv_", "temporary", "petroleum")) or rng.random() < 0.3
        created = (now - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8))).astimezone(tz)
        done = rng.randint(0, len(template.steps))
        steps, t = [], created
        span = max(now - created, timedelta(hours=1))
        for n in range(1, done + 1):
            t = t + span * rng.uniform(0.05, 0.9) / max(done, 1)
            t = min(t, now - timedelta(hours=rng.choice((1, 5, 30, 50, 70))))
            t = max(t, created)
            steps.append({"step": n, "completed_at": t.isoformat()})
        orders.append(
            {
                "work_order_no": f"WO{created:%Y%m}{i + 1:06d}",
                "customer_no": f"33{rng.randint(10_000_000, 99_999_999)}",
                "customer_name": _name(rng, company),
                "address": f"{rng.choice(('杭州市', '宁波市', '绍兴市'))}{rng.choice(_STREETS)}{rng.randint(1, 300)}号",
                "phone": f"13{rng.randint(100_000_000, 999_999_999)}",
                "business_type": business_type,
                "created_at": created.isoformat(),
                "contract_end": (now + timedelta(days=rng.choice((20, 45, 200, 400)))).date().isoformat()
                if rng.random() < 0.4
                else None,
                "assignee": rng.choice(("clerk", "clerk", "clerk2")),
                "team": "营业一班",
                "steps": steps,
            }
        )
    summary = import_orders(archive, {"work_orders": orders}, actor="demo")
    # capture pages for some items so that the checklists are partly filled
    from archivist_desktop.services.orders import get_checklist, list_work_orders

    clerk, clerk2 = get_user(archive, "clerk"), get_user(archive, "clerk2")
    pages = 0
    for row in list_work_orders(archive, limit=customers).rows:
        checklist = get_checklist(archive, row.id)
        share = 1.0 if rng.random() < 0.5 else 0.6  # half the orders complete, so that they can be sent on
        for step in checklist.steps:
            for entry in step.entries:
                user = clerk if row.assignee != "clerk2" else clerk2
                if (
                    entry.state == ItemState.TO_CAPTURE
                    and rng.random() < share
                    and archive.permissions.allowed(user.role, entry.document_type, Permission.UPLOAD)
                ):
                    data = demo_page_jpeg(
                        entry.name_en, f"{row.work_order_no}  {row.customer_no}", rng.randint(0, 10**9)
                    )
                    if rng.random() < 0.12:  # a page taken out of focus: the review queue puts it first
                        data = blurred(data, rng.choice((2.0, 3.5, 5.0)))
                    sharp, verdict, reasons = page_quality(data)
                    with _captured_at(archive, _capture_time(rng, entry.due_at, now)):
                        add_page(
                            archive,
                            user,
                            entry.item_id,
                            data,
                            width=1240,
                            height=1754,
                            verdict=verdict,
                            reasons=reasons,
                            process_meta={"metrics": {"sharpness": sharp}, "demo": True},
                        )
                    pages += 1
    review_summary = seed_review_demo(archive, rng)
    from archivist_desktop.services.demo_records import seed_records_demo

    records_summary = seed_records_demo(archive, rng) if archive_room else {}
    return {
        "users": len(DEMO_USERS),
        "work_orders": summary.created,
        "pages": pages,
        **review_summary,
        **records_summary,
    }


@dataclass(frozen=True)
class BulkSummary:
    work_orders: int
    checklist_items: int
    pages: int
    audit_events: int


def generate_bulk(
    archive: Archive,
    orders: int,
    pages_per_order: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 2000,
) -> BulkSummary:
    """Insert ``orders`` work orders with ``pages_per_order`` page rows each, fast, for scale tests.

    Uses the same checklist rules as the import; page rows share a small pool of stored files
    (content addressing makes that honest: equal bytes are one file).
    """
    rng = random.Random(seed)
    now = archive.now()
    policy = archive.policy
    types = list(archive.templates)
    clerks = ["clerk", "clerk2"] + [f"clerk{n}" for n in range(3, 21)]
    pool = []
    for k in range(8):
        stored = archive.files.put(demo_page_jpeg(f"Scale test page {k}", "demo-data", k, (620, 877)))
        pool.append(stored)
    with archive.session() as s:
        for name in clerks:
            if s.execute(select(User.id).where(User.username == name)).first() is None:
                s.add(
                    User(
                        id=new_id(),
                        username=name,
                        display_name=name,
                        role=Role.CLERK.value,
                        team=f"营业{(clerks.index(name) % 5) + 1}班",
                        password_hash=hash_password(DEMO_PASSWORD),
                        active=True,
                        created_at=now,
                    )
                )
        first_no = s.execute(select(func.count()).select_from(Customer)).scalar_one()
    totals = {"items": 0, "pages": 0, "events": 0}
    done = 0
    # numbers unique per data directory, so that several demo stations can share one central database
    prefix = f"D{archive.station_id[:8].upper()}"
    customer_prefix = f"{int(archive.station_id[:8], 16) % 10**6:06d}"  # 户号 are digits
    while done < orders:
        n = min(batch, orders - done)
        customers, wos, items, pages, events = [], [], [], [], []
        comps: list[dict[str, Any]] = []
        for k in range(done, done + n):
            template = archive.templates[types[rng.randrange(len(types))]]
            created = now - timedelta(days=rng.uniform(0, 720))
            completed: dict[int, datetime] = {}
            t = created
            for step in template.steps[: rng.randint(0, len(template.steps))]:
                t = min(t + timedelta(hours=rng.uniform(1, 120)), now)
                completed[step.number] = t
            cur = current_step(template, created, completed, policy)
            cid, wid = new_id(), new_id()
            clerk = clerks[rng.randrange(len(clerks))]
            team = f"营业{(clerks.index(clerk) % 5) + 1}班"
            customers.append(
                {
                    "id": cid,
                    "customer_no": f"{customer_prefix}{first_no + k:08d}",
                    "name": _name(rng, rng.random() < 0.3),
                    "address": "",
                    "phone": "",
                    "updated_at": now,
                    "version": 1,
                }
            )
            wos.append(
                {
                    "id": wid,
                    "work_order_no": f"{prefix}{first_no + k:08d}",
                    "customer_id": cid,
                    "business_type": template.id,
                    "created_at": created,
                    "contract_end": (now + timedelta(days=rng.randint(-400, 800))).date()
                    if rng.random() < 0.3
                    else None,
                    "assignee": clerk,
                    "team": team,
                    "current_step": cur.number,
                    "current_step_started_at": cur.started_at,
                    "current_step_warn_at": cur.warn_at,
                    "current_step_due_at": cur.due_at,
                    "updated_at": now,
                    "version": 1,
                }
            )
            comps.extend({"work_order_id": wid, "step": sn, "completed_at": st} for sn, st in completed.items())
            order_items = []
            for row in item_rows(template, completed):
                row.update(
                    id=new_id(), work_order_id=wid, assignee=clerk, team=team, updated_at=now, version=1, page_order=[]
                )
                order_items.append(row)
            items.extend(order_items)
            targets = [it for it in order_items if it["state"] == ItemState.TO_CAPTURE.value] or order_items
            for p in range(pages_per_order):
                item = targets[p % len(targets)]
                item["state"] = ItemState.CAPTURED.value
                blob = pool[rng.randrange(len(pool))]
                pid = new_id()
                item["page_order"].append(pid)
                pages.append(
                    {
                        "id": pid,
                        "item_id": item["id"],
                        "seq": p // len(targets) + 1,
                        "sha256": blob.sha256,
                        "sm3": blob.sm3,
                        "size": blob.size,
                        "width": 620,
                        "height": 877,
                        "media_type": "image/jpeg",
                        "captured_by": clerk,
                        "captured_at": now,
                        "verdict": "accept",
                        "reasons": "[]",
                        "process_meta": "{}",
                        "status": "active",
                    }
                )
            events.append(("add", "work_order", wid, {"work_order_no": wos[-1]["work_order_no"], "bulk": True}))
            events.extend(
                ("add", "page", pg["id"], {"item_id": pg["item_id"], "sha256": pg["sha256"]})
                for pg in pages[-pages_per_order:]
                if pages_per_order
            )
        for item in items:
            item["page_order"] = json.dumps(item["page_order"])
        with archive.session() as s:
            # the station's own chain, as every writer appends to it: keyed after its marker, head copy kept
            log = AuditLog(s)
            audit_rows = [
                log.row(now, "demo-data", action, etype, eid, payload) for action, etype, eid, payload in events
            ]
            s.execute(insert(Customer), customers)
            s.execute(insert(WorkOrder), wos)
            if comps:
                s.execute(insert(StepCompletion), comps)
            s.execute(insert(ChecklistItem), items)
            if pages:
                s.execute(insert(Page), pages)
            s.execute(insert(AuditEvent), audit_rows)
            s.execute(
                insert(Outbox),
                [
                    *({"entity": "customers", "entity_id": r["id"]} for r in customers),
                    *({"entity": "work_orders", "entity_id": r["id"]} for r in wos),
                    *({"entity": "step_completions", "entity_id": f"{r['work_order_id']}|{r['step']}"} for r in comps),
                    *({"entity": "checklist_items", "entity_id": r["id"]} for r in items),
                    *({"entity": "pages", "entity_id": r["id"]} for r in pages),
                    *({"entity": "audit_events", "entity_id": r["id"]} for r in audit_rows),
                ],
            )
        done += n
        totals["items"] += len(items)
        totals["pages"] += len(pages)
        totals["events"] += len(audit_rows)
        if progress:
            progress(done, orders)
    return BulkSummary(orders, totals["items"], totals["pages"], totals["events"])
