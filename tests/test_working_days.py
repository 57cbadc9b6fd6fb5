"""Working days around Chinese public holidays (chinesecalendar) and through the override file."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import chinese_calendar
import pytest
from sqlalchemy import select

from archivist_desktop.domain.calendar import (
    OVERRIDE,
    PACKAGE,
    WorkingCalendar,
    load_overrides,
    package_knows,
    parse_overrides,
    working_calendar,
)
from archivist_desktop.domain.workflow import add_working_days, capture_due, step_deadlines
from archivist_desktop.paths import resources_dir
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.review import decide
from archivist_desktop.store.models import ChecklistItem, WorkOrder
from sample_data import capture_required

CST = timezone(timedelta(hours=8))
CAL = WorkingCalendar()


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_national_day_2026_as_the_package_lists_it():
    assert CAL.source(2026) == PACKAGE
    # what the package says, not a guess: the days off of late September/October 2026
    off = [d for d in _days(date(2026, 9, 19), date(2026, 10, 12)) if not chinese_calendar.is_workday(d)]
    shifted = [
        d for d in _days(date(2026, 9, 19), date(2026, 10, 12)) if d.weekday() >= 5 and chinese_calendar.is_workday(d)
    ]
    assert all(chinese_calendar.is_holiday(d) for d in _days(date(2026, 10, 1), date(2026, 10, 7)))
    assert shifted, "the package lists 调休 working days around National Day 2026"
    for d in off:
        assert not CAL.is_working(d)
    for d in shifted:
        assert CAL.is_working(d)  # a Saturday or Sunday that is a working day


def test_step_deadline_over_national_day_2026():
    # a 2-working-day step started Wednesday 2026-09-30 09:00: Thursday 10-01 to 10-07 are off
    start = datetime(2026, 9, 30, 9, 0, tzinfo=CST)
    working = [d for d in _days(date(2026, 10, 1), date(2026, 10, 20)) if chinese_calendar.is_workday(d)]
    warn_at, due_at = step_deadlines(start, 2, CAL)
    # 1 working day is left of the 30th (15 h of it), then the next working days of the package
    assert due_at == datetime.combine(working[1], start.time(), CST)
    assert due_at.date() > date(2026, 10, 7)
    # Monday–Friday alone (the old rule) would have said Friday 2026-10-02
    assert step_deadlines(start, 2)[1] == datetime(2026, 10, 2, 9, 0, tzinfo=CST)
    assert warn_at is not None and warn_at < due_at


def test_a_weekend_working_day_counts():
    shifted = next(
        d for d in _days(date(2026, 10, 8), date(2026, 10, 31)) if d.weekday() >= 5 and chinese_calendar.is_workday(d)
    )
    friday = datetime.combine(shifted - timedelta(days=shifted.weekday() - 4), datetime.min.time(), CST).replace(hour=9)
    # one working day from Friday 09:00: the 调休 Saturday 09:00, not Monday
    assert add_working_days(friday, 1, CAL).date() == (
        shifted if shifted.weekday() == 5 else friday.date() + timedelta(3)
    )


def test_escalation_window_skips_the_holiday():
    done = datetime(2026, 9, 30, 10, 0, tzinfo=CST)
    working = [d for d in _days(date(2026, 10, 1), date(2026, 10, 20)) if chinese_calendar.is_workday(d)]
    assert capture_due(done, CAL) == datetime.combine(working[1], done.time(), CST)
    assert capture_due(done) == datetime(2026, 10, 2, 10, 0, tzinfo=CST)  # 48 clock hours without a calendar


YEAR = 2031  # beyond what chinesecalendar 1.11 knows


def test_a_year_the_package_does_not_know_goes_through_the_override_file(tmp_path):
    assert not package_knows(YEAR)
    assert CAL.source(YEAR) is None and CAL.unknown_years(date(YEAR, 12, 1)) == [YEAR, YEAR + 1]
    # unknown: Monday–Friday
    assert CAL.is_working(date(YEAR, 10, 1))  # a Wednesday
    path = tmp_path / "holidays.toml"
    path.write_text(
        f'[{YEAR}]\nholidays = [{YEAR}-10-01, {YEAR}-10-02, {YEAR}-10-03, "{YEAR}-10-06", {YEAR}-10-07]\n'
        f"workdays = [{YEAR}-09-28, {YEAR}-10-11]\n",
        encoding="utf-8",
    )
    cal = working_calendar(path)
    assert cal.source(YEAR) == OVERRIDE and cal.source(2026) == PACKAGE
    assert not cal.is_working(date(YEAR, 10, 1)) and not cal.is_working(date(YEAR, 10, 6))
    assert cal.is_working(date(YEAR, 9, 28))  # a Sunday made a working day
    assert not cal.is_working(date(YEAR, 10, 4))  # an ordinary Saturday stays off
    assert cal.is_working(date(YEAR, 10, 8))
    start = datetime(YEAR, 9, 30, 9, 0, tzinfo=CST)  # Tuesday
    assert step_deadlines(start, 2, cal)[1] == datetime(YEAR, 10, 9, 9, 0, tzinfo=CST)
    assert cal.unknown_years(date(YEAR, 12, 1)) == [YEAR + 1]
    assert cal.unknown_years(date(YEAR, 6, 1)) == []


def test_the_station_holidays_setting_adds_days_off():
    cal = WorkingCalendar(extra_holidays=frozenset({date(2026, 11, 30)}))
    fri = datetime(2026, 11, 27, 10, 0, tzinfo=CST)
    assert add_working_days(fri, 1, cal) == datetime(2026, 12, 1, 10, 0, tzinfo=CST)


def test_bad_override_entries_are_problems_not_exceptions(tmp_path):
    overrides, problems = parse_overrides({"2031": {"holidays": ["2031-13-01", "2030-01-01"]}, "x": 1})
    assert {str(p) for p in problems} == {
        "2031.holidays[0]: not a date: '2031-13-01'",
        "2031: 2030-01-01 is not in 2031",
        "x: expected a table named by a year, e.g. [2027]",
    }
    assert list(overrides) == [2031]
    (tmp_path / "bad.toml").write_text("[2031\n", encoding="utf-8")
    assert load_overrides(tmp_path / "bad.toml")[0] == {} and load_overrides(tmp_path / "bad.toml")[1]
    assert load_overrides(tmp_path / "missing.toml") == ({}, ())


def test_the_shipped_override_file_reads():
    overrides, problems = load_overrides(resources_dir() / "holidays.toml")
    assert problems == ()
    assert all(not package_knows(y) or y in overrides for y in overrides)


@pytest.mark.parametrize("days", [0, 0.5, 3])
def test_plain_sets_still_mean_monday_to_friday(days):
    start = datetime(2026, 10, 1, 9, 0, tzinfo=CST)
    assert add_working_days(start, days, frozenset()) == add_working_days(start, days)


# --- the stored escalation windows (checklist items' due_at) ------------------------------------------


def _order(no: str, steps: dict[int, str], created: str = "2026-09-28T09:00:00+08:00") -> dict:
    return {
        "work_order_no": no,
        "customer_no": "33" + no[-8:],
        "customer_name": "杭州宏达机械厂",
        "business_type": "lv_residential_new_connection",
        "created_at": created,
        "assignee": "clerk",
        "team": "营业一班",
        "steps": [{"step": n, "completed_at": t} for n, t in steps.items()],
    }


def _due(archive, no: str) -> dict[int, set[datetime]]:
    with archive.read_session() as s:
        rows = s.execute(
            select(ChecklistItem.step, ChecklistItem.due_at)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .where(WorkOrder.work_order_no == no)
        ).all()
    out: dict[int, set[datetime]] = {}
    for step, due in rows:
        out.setdefault(step, set()).add(due)
    return out


def test_imported_orders_store_the_escalation_window_in_working_hours(archive, clock):
    clock.value = datetime(2026, 10, 12, 9, 0, tzinfo=CST)
    import_orders(
        archive,
        {
            "work_orders": [
                # Wednesday before National Day: 14 h of the 30th, then 10-01…10-07 off, 10-08, 10 h of 10-09
                _order("WO202609000001", {1: "2026-09-30T10:00:00+08:00"}),
                # Friday 10-09: the 调休 Saturday 10-10 counts, Sunday does not
                _order("WO202610000002", {1: "2026-10-09T10:00:00+08:00"}, "2026-10-09T09:00:00+08:00"),
                # given in UTC: 2026-09-30 20:00 UTC is 10-01 04:00 in Beijing, a holiday: the window
                # starts on Thursday 10-08 (two full working days: the 8th and the 9th)
                _order("WO202609000003", {1: "2026-09-30T20:00:00Z"}),
            ]
        },
    )
    assert _due(archive, "WO202609000001") == {
        1: {datetime(2026, 10, 9, 10, 0, tzinfo=CST)},
        2: {None},
        3: {None},
        4: {None},
        5: {None},
    }
    assert _due(archive, "WO202610000002")[1] == {datetime(2026, 10, 12, 10, 0, tzinfo=CST)}  # not Tue 10-13
    assert _due(archive, "WO202609000003")[1] == {datetime(2026, 10, 10, 0, 0, tzinfo=CST)}
    # 48 clock hours (the old rule) would have said 10-02 10:00, Sunday 10-11 10:00 and 10-03 04:00
    assert datetime(2026, 10, 2, 10, 0, tzinfo=CST) not in _due(archive, "WO202609000001")[1]

    # a step completed later, by a re-import, gets its window the same way
    clock.value = datetime(2026, 10, 13, 9, 0, tzinfo=CST)
    import_orders(
        archive,
        {"work_orders": [_order("WO202609000001", {1: "2026-09-30T10:00:00+08:00", 2: "2026-09-30T16:00:00+08:00"})]},
    )
    assert _due(archive, "WO202609000001")[2] == {datetime(2026, 10, 9, 16, 0, tzinfo=CST)}


def test_a_rescan_window_is_48_working_hours_from_the_flag(archive, clock, make_station):
    station = make_station(users=("clerk", "supervisor"))
    clock.value = datetime(2026, 9, 29, 16, 0, tzinfo=CST)
    import_orders(archive, {"work_orders": [_order("WO202609000009", {1: "2026-09-29T15:00:00+08:00"})]})
    items = capture_required(archive, station.users["clerk"], "WO202609000009")
    send_for_review(archive, station.users["clerk"], work_order_by_number(archive, "WO202609000009"))
    clock.value = datetime(2026, 9, 30, 10, 0, tzinfo=CST)  # flagged the day before National Day
    decide(archive, station.users["supervisor"], slot_pages(archive, items[0])[0].page_id, "flag", "blurry", "模糊")
    with archive.read_session() as s:
        due = s.get(ChecklistItem, items[0]).due_at
    assert due == capture_due(clock.value, CAL) == datetime(2026, 10, 9, 10, 0, tzinfo=CST)
    assert due != clock.value + timedelta(hours=48)  # the old clock-hour window: Friday 10-02, a holiday
