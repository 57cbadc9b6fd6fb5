"""Checklist item states, deadlines and the reminder categories (DESIGN.md §3)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from archivist_desktop.domain.calendar import WorkingCalendar

#: pages must be digitised within 48 hours of their business step
CAPTURE_WINDOW = timedelta(hours=48)
#: documents must reach the archive room within 7 days
HAND_OVER_WINDOW = timedelta(days=7)
#: share of a step's time limit after which it is in warning
WARNING_SHARE = 0.8
#: contracts ending within this many days raise 合同预警
CONTRACT_WARNING_DAYS = 60


class ItemState(str, enum.Enum):
    """Where a checklist item is on the path of a page."""

    WAITING = "waiting"  # its step is not completed yet: nothing due
    TO_CAPTURE = "to_capture"  # 待添加
    CAPTURED = "captured"  # pages attached, not sent (待发送)
    SENT = "sent"
    REVIEWED = "reviewed"
    TO_HAND_OVER = "to_hand_over"  # 待移交
    RECEIVED = "received"
    BOXED = "boxed"  # 待移交卷宗: in a box, not on a shelf
    ARCHIVED = "archived"  # shelved; content read-only


class DeadlineState(str, enum.Enum):
    NORMAL = "normal"
    WARNING = "warning"
    OVERDUE = "overdue"


class Reminder(str, enum.Enum):
    """The keys of the reminder categories a user sees at login.

    What each counts, its label and who sees it: ``services.reminders.CATEGORIES``, one entry per key.
    """

    TO_CAPTURE = "to_capture"  # 待添加
    TO_RESCAN = "to_rescan"  # 待重拍: open rescan tasks (required or optional documents)
    TO_SEND = "to_send"  # 待发送
    TO_HAND_OVER = "to_hand_over"  # 待移交
    TO_SHELVE = "to_shelve"  # 待移交卷宗
    CONTRACT_EXPIRING = "contract_expiring"  # 合同预警
    TIME_LIMIT_WARNING = "time_limit_warning"  # 业扩时限预警


Holidays = frozenset[date] | WorkingCalendar


def _is_working(day: date, holidays: Holidays) -> bool:
    if isinstance(holidays, WorkingCalendar):
        return holidays.is_working(day)
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime, days: float, holidays: Holidays = frozenset()) -> datetime:
    """Return the moment ``days`` working days after ``start``, counting only time on working days.

    Working days are those of the :class:`~archivist_desktop.domain.calendar.WorkingCalendar`
    ``holidays`` (Chinese public holidays and 调休 working days) in ``start``'s time zone; given a
    set of dates instead, Monday–Friday minus those dates.  Time on other days does not count.
    Fractions count as clock time, so ``add_working_days(fri_10h, 1.5)``
    is Monday 22:00.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    remaining = days * 86400.0
    current = start
    while True:
        midnight = datetime.combine(current.date() + timedelta(days=1), datetime.min.time(), current.tzinfo)
        if _is_working(current.date(), holidays):
            available = (midnight - current).total_seconds()
            if remaining <= available:
                return current + timedelta(seconds=remaining)
            remaining -= available
        current = midnight


def step_deadlines(
    started_at: datetime,
    limit_days: int | None,
    holidays: Holidays = frozenset(),
    warning_share: float = WARNING_SHARE,
) -> tuple[datetime | None, datetime | None]:
    """When a step started at ``started_at`` goes into warning and when it is overdue."""
    if not limit_days:
        return None, None
    return (
        add_working_days(started_at, limit_days * warning_share, holidays),
        add_working_days(started_at, limit_days, holidays),
    )


def deadline_state(now: datetime, warn_at: datetime | None, due_at: datetime | None) -> DeadlineState:
    if due_at is not None and now >= due_at:
        return DeadlineState.OVERDUE
    if warn_at is not None and now >= warn_at:
        return DeadlineState.WARNING
    return DeadlineState.NORMAL


def capture_due(step_completed_at: datetime, calendar: WorkingCalendar | None = None) -> datetime:
    """When pages of a step completed at ``step_completed_at`` are late (escalated).

    With a calendar: 48 working hours (two working days) in ``step_completed_at``'s time zone, so
    weekends and public holidays do not count; without one, 48 clock hours.
    """
    if calendar is None:
        return step_completed_at + CAPTURE_WINDOW
    return add_working_days(step_completed_at, CAPTURE_WINDOW / timedelta(days=1), calendar)


def contract_expiring(contract_end: date | None, today: date, days: int = CONTRACT_WARNING_DAYS) -> bool:
    """True when the contract ends within ``days`` days from ``today`` (and has not ended long ago)."""
    if contract_end is None:
        return False
    return today <= contract_end <= today + timedelta(days=days)


@dataclass(frozen=True)
class Completeness:
    required_total: int
    required_with_pages: int

    @property
    def missing(self) -> int:
        return self.required_total - self.required_with_pages

    @property
    def complete(self) -> bool:
        return self.missing == 0
