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
