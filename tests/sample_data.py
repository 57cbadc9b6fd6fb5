"""Test data shared by several test modules (imported by name; conftest modules are not importable)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.value = now

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **delta) -> None:
        self.value += timedelta(**delta)


def sample_feed() -> dict:
    """Two orders: an HV new connection two steps in, and an LV residential one just accepted."""
    return {
        "work_orders": [
            {
                "work_order_no": "WO202611000123",
                "customer_no": "3300012345",
                "customer_name": "杭州宏达机械厂",
                "address": "杭州市解放路1号",
                "phone": "13800000000",
                "business_type": "hv_new_connection",
                "created_at": "2026-11-02T09:00:00+08:00",
                "contract_end": "2027-01-15",
                "assignee": "clerk",
                "team": "营业一班",
                "steps": [
                    {"step": 1, "completed_at": "2026-11-02T10:00:00+08:00"},
                    {"step": 2, "completed_at": "2026-11-03T16:00:00+08:00"},
                ],
            },
            {
                "work_order_no": "WO202611000124",
                "customer_no": "3300067890",
                "customer_name": "王芳",
                "address": "杭州市中山路8号",
                "phone": "13900000000",
                "business_type": "lv_residential_new_connection",
                "created_at": "2026-11-03T14:00:00+08:00",
                "assignee": "clerk2",
                "team": "营业一班",
                "steps": [{"step": 1, "completed_at": "2026-11-03T15:00:00+08:00"}],
            },
        ]
    }


def capture_required(
    archive, user, work_order_no: str, data: bytes | None = None, size: tuple[int, int] = (310, 438)
) -> list[str]:
    """Attach one page to every document of the order that is waiting for pages; return the item ids."""
    from archivist_desktop.domain.permissions import Permission
    from archivist_desktop.domain.workflow import ItemState
    from archivist_desktop.services.capture import work_order_by_number
    from archivist_desktop.services.demo import demo_page_jpeg
    from archivist_desktop.services.orders import get_checklist
    from archivist_desktop.services.pages import add_page

    order_id = work_order_by_number(archive, work_order_no)
    items = []
    for step in get_checklist(archive, order_id).steps:
        for entry in step.entries:
            if entry.state == ItemState.TO_CAPTURE and archive.permissions.allowed(
                user.role, entry.document_type, Permission.UPLOAD
            ):
                page = data or demo_page_jpeg(entry.name_en, work_order_no, len(items), size)
                add_page(
                    archive,
                    user,
                    entry.item_id,
                    page,
                    width=size[0],
                    height=size[1],
                    verdict="accept",
                    process_meta={"metrics": {"sharpness": 100.0 + len(items)}},
                )
                items.append(entry.item_id)
    return items


def review_to_end(archive, item_ids, reviewers) -> None:
    """Approve the documents at every gate, each gate by the first reviewer allowed to decide there."""
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.services.review import approve_document

    for item_id in item_ids:
        for _ in range(3):
            for reviewer in reviewers:
                try:
                    approve_document(archive, reviewer, item_id)
                    break
                except PermissionDenied:
                    continue
            else:
                raise AssertionError(f"no reviewer could decide on {item_id}")
            from archivist_desktop.store.models import ChecklistItem

            with archive.read_session() as s:
                if s.get(ChecklistItem, item_id).state == "reviewed":
                    break
