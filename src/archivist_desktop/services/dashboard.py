"""The Dashboard's figures: totals, per period, coverage per business type, on-time rate,
flagged pages and rescans per team, overdue items per team; and the items behind each bar.

Two kinds of figure, so that the first paint stays fast at 100 000 work orders / 1 000 000 pages:

* **live** figures are answered from indexes in a few tens of milliseconds on every call
  (documents and pages in total, overdue items per team, flagged pages and rescans per team);
* **summary** figures need a pass over every page and every required item (per period,
  coverage, on-time rate: seconds at that scale).  :func:`refresh_summary` computes them and
  keeps the result in the station's ``local_meta`` with the moment it was computed;
  :func:`dashboard` returns the kept summary (``summary_at`` says how old it is) and the
  Dashboard refreshes it in the background after painting.

Drill-downs (:func:`drill_down`) are always live queries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, func, select, text

from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.store import models
from archivist_desktop.store.models import (
    ChecklistItem,
    Customer,
    Page,
    RescanTask,
    Review,
    WorkOrder,
)
from archivist_desktop.store.outbox import get_meta, set_meta

SUMMARY_KEY = "dashboard_summary"
#: states whose pages are approved (coverage counts these)
APPROVED_STATES = (ItemState.REVIEWED, ItemState.TO_HAND_OVER, ItemState.RECEIVED, ItemState.BOXED, ItemState.ARCHIVED)
#: states of a document that has pages
WITH_PAGES = (ItemState.CAPTURED, ItemState.SENT, *APPROVED_STATES)
PERIODS = ("month", "week")
#: how many periods the per-period chart shows
PERIOD_COUNT = 12
DRILL_LIMIT = 500


@dataclass(frozen=True)
class Totals:
    volumes: int
    documents: int
    pages: int
    work_orders: int


@dataclass(frozen=True)
class PeriodRow:
    period: str  # "2026-11" or "2026-W45"
    documents: int  # documents whose first page was captured in the period
    pages: int
    volumes: int


@dataclass(frozen=True)
class CoverageRow:
    business_type: str
    name_zh: str
    name_en: str
    required: int  # required documents of completed steps
    approved: int  # … whose pages are approved

    @property
    def share(self) -> float:
        return self.approved / self.required if self.required else 0.0


@dataclass(frozen=True)
class OnTime:
    on_time: int  # first page captured within 48 hours of the step
    late: int  # captured, but after the 48 hours
    overdue: int  # required, still not captured, past the 48 hours

    @property
    def rate(self) -> float:
        done = self.on_time + self.late + self.overdue
        return self.on_time / done if done else 0.0


@dataclass(frozen=True)
class TeamRow:
    team: str
    flagged_pages: int
    rescans_open: int
    rescans_done: int
    overdue: int


@dataclass(frozen=True)
class Summary:
    computed_at: datetime
    periods: dict[str, tuple[PeriodRow, ...]]
    coverage: tuple[CoverageRow, ...]
    on_time: OnTime


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    totals: Totals
    teams: tuple[TeamRow, ...]
    summary: Summary | None  # None until the first refresh

    @property
    def summary_at(self) -> datetime | None:
        return self.summary.computed_at if self.summary else None


# --- live figures ------------------------------------------------------------------------------------


def _volume_model():
    return getattr(models, "Volume", None)


def _count_states(s, states) -> int:
    return sum(
        s.execute(select(func.count()).select_from(ChecklistItem).where(ChecklistItem.state == st.value)).scalar_one()
        for st in states
    )


def _teams(s) -> list[str]:
    teams = set(s.execute(select(WorkOrder.team).where(WorkOrder.team.is_not(None)).distinct()).scalars())
    teams |= set(s.execute(select(RescanTask.team).where(RescanTask.team.is_not(None)).distinct()).scalars())
    return sorted(teams)


def dashboard(archive: Archive, now: datetime | None = None) -> Dashboard:
    """Live totals and team figures, with the kept summary (see the module docstring)."""
    now = now or archive.now()
    volume = _volume_model()
    with archive.read_session() as s:
        pages = s.execute(select(func.count()).select_from(Page)).scalar_one()  # every captured page, retakes too
        totals = Totals(
            s.execute(select(func.count()).select_from(volume)).scalar_one() if volume is not None else 0,
            _count_states(s, WITH_PAGES),
            pages,
            s.execute(select(func.count()).select_from(WorkOrder)).scalar_one(),
        )
        flagged = dict(
            s.execute(
                select(ChecklistItem.team, func.count())
                .select_from(Review)
                .join(ChecklistItem, ChecklistItem.id == Review.item_id)
                .where(Review.decision == "flag")
                .group_by(ChecklistItem.team)
            ).all()
        )
        rescans: dict[tuple[str | None, str], int] = {
            (team, state): n
            for team, state, n in s.execute(
                select(RescanTask.team, RescanTask.state, func.count()).group_by(RescanTask.team, RescanTask.state)
            )
        }
        rows = []
        for team in _teams(s):
            overdue = s.execute(
                select(func.count())
                .select_from(ChecklistItem)
                .where(
                    ChecklistItem.team == team,
                    ChecklistItem.state == ItemState.TO_CAPTURE.value,
                    ChecklistItem.required.is_(True),
                    ChecklistItem.due_at < now,
                )
            ).scalar_one()
            rows.append(
                TeamRow(
                    team, flagged.get(team, 0), rescans.get((team, "open"), 0), rescans.get((team, "done"), 0), overdue
                )
            )
        raw = get_meta(s, SUMMARY_KEY)
    return Dashboard(now, totals, tuple(rows), _summary_from_json(raw) if raw else None)


# --- the summary -------------------------------------------------------------------------------------


def _period_of(day: date, period: str) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _last_periods(today: date, period: str, count: int = PERIOD_COUNT) -> list[str]:
    out: list[str] = []
    day = today
    while len(out) < count:
        key = _period_of(day, period)
        if key not in out:
            out.append(key)
        day -= timedelta(days=7 if period == "week" else 28)
    return list(reversed(out))


def compute_summary(archive: Archive, now: datetime | None = None) -> Summary:
    """The per-period, coverage and on-time figures from every page and every required item."""
    now = now or archive.now()
    tz = archive.policy.tz
    utcoffset = tz.utcoffset(now)
    assert utcoffset is not None  # the policy zone (a ZoneInfo) has an offset at every aware time
    offset = f"{int(utcoffset.total_seconds()) // 60:+d} minutes"
    approved = tuple(st.value for st in APPROVED_STATES)
    volume = _volume_model()
    with archive.read_session() as s:
        pages_by_day = s.execute(
            text("SELECT date(captured_at, :off), count(*) FROM pages GROUP BY 1"), {"off": offset}
        ).all()
        docs_by_day = s.execute(
            text(
                "SELECT date(f.first_at, :off), count(*),"
                " sum(CASE WHEN ci.due_at IS NOT NULL AND f.first_at <= ci.due_at THEN 1 ELSE 0 END),"
                " sum(CASE WHEN ci.due_at IS NOT NULL AND f.first_at > ci.due_at THEN 1 ELSE 0 END)"
                " FROM (SELECT item_id, min(captured_at) AS first_at FROM pages GROUP BY item_id) f"
                " JOIN checklist_items ci ON ci.id = f.item_id GROUP BY 1"
            ),
            {"off": offset},
        ).all()
        volumes_by_day: Sequence[Any] = []
        if volume is not None and hasattr(volume, "created_at"):
            volumes_by_day = s.execute(
                select(func.date(volume.created_at, offset), func.count()).group_by(
                    func.date(volume.created_at, offset)
                )
            ).all()
        coverage_rows = s.execute(
            select(WorkOrder.business_type, func.count(), func.sum(ChecklistItem.state.in_(approved).cast(Integer)))
            .select_from(ChecklistItem)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .where(ChecklistItem.required.is_(True), ChecklistItem.state != ItemState.WAITING.value)
            .group_by(WorkOrder.business_type)
        ).all()
        overdue = s.execute(
            select(func.count())
            .select_from(ChecklistItem)
            .where(
                ChecklistItem.state == ItemState.TO_CAPTURE.value,
                ChecklistItem.required.is_(True),
                ChecklistItem.due_at < now,
            )
        ).scalar_one()
    today = now.astimezone(tz).date()
    periods: dict[str, tuple[PeriodRow, ...]] = {}
    for period in PERIODS:
        keys = _last_periods(today, period)
        acc = {k: [0, 0, 0] for k in keys}
        for rows, slot in ((docs_by_day, 0), (pages_by_day, 1), (volumes_by_day, 2)):
            for row in rows:
                if row[0] is None:
                    continue
                key = _period_of(date.fromisoformat(row[0]), period)
                if key in acc:
                    acc[key][slot] += int(row[1] or 0)
        periods[period] = tuple(PeriodRow(k, *acc[k]) for k in keys)
    coverage = []
    for business_type, required, n_approved in coverage_rows:
        template = archive.templates.get(business_type)
        coverage.append(
            CoverageRow(
                business_type,
                template.name_zh if template else business_type,
                template.name_en if template else business_type,
                int(required),
                int(n_approved or 0),
            )
        )
    for business_type, template in archive.templates.items():  # every business type gets a bar
        if business_type not in {c.business_type for c in coverage}:
            coverage.append(CoverageRow(business_type, template.name_zh, template.name_en, 0, 0))
    coverage.sort(key=lambda c: c.business_type)
    on_time = OnTime(sum(int(r[2] or 0) for r in docs_by_day), sum(int(r[3] or 0) for r in docs_by_day), overdue)
    return Summary(now, periods, tuple(coverage), on_time)


def refresh_summary(archive: Archive, now: datetime | None = None) -> Summary:
    """Compute the summary and keep it for the next :func:`dashboard` call."""
    summary = compute_summary(archive, now)
    with archive.session() as s:
        set_meta(s, SUMMARY_KEY, json.dumps(_summary_to_json(summary), ensure_ascii=False))
    return summary


def _summary_to_json(summary: Summary) -> dict[str, Any]:
    return {
        "computed_at": summary.computed_at.isoformat(),
        "periods": {k: [asdict(r) for r in v] for k, v in summary.periods.items()},
        "coverage": [asdict(c) for c in summary.coverage],
        "on_time": asdict(summary.on_time),
    }


def _summary_from_json(raw: str) -> Summary | None:
    try:
        data = json.loads(raw)
        return Summary(
            datetime.fromisoformat(data["computed_at"]),
            {k: tuple(PeriodRow(**r) for r in v) for k, v in data["periods"].items()},
            tuple(CoverageRow(**c) for c in data["coverage"]),
            OnTime(**data["on_time"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # an older layout: the next refresh replaces it


# --- drill-down --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillItem:
    """One item behind a bar or a slice."""

    item_id: str
    work_order_id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    business_type: str
    step: int
    document_type: str
    document_name_zh: str
    document_name_en: str
    state: str
    team: str | None
    assignee: str | None
    due_at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class DrillDown:
    chart: str
    key: str
    items: tuple[DrillItem, ...]
    truncated: bool


#: chart names accepted by :func:`drill_down` (and by ``archivist-desktop report``)
CHARTS = ("period", "coverage", "on_time", "flagged", "rescans", "overdue")


def drill_down(
    archive: Archive, chart: str, key: str, period: str = "month", now: datetime | None = None, limit: int = DRILL_LIMIT
) -> DrillDown:
    """The items behind one bar or slice.

    ``chart`` / ``key``: ``period`` / "2026-11" or "2026-W45" (documents first captured then);
    ``coverage`` / business type (its required documents of completed steps, not yet approved first);
    ``on_time`` / ``on_time`` | ``late`` | ``overdue``; ``flagged`` / team (items with flagged pages);
    ``rescans`` / team (items with rescan tasks, open first); ``overdue`` / team.
    """
    now = now or archive.now()
    base = (
        select(ChecklistItem, WorkOrder.work_order_no, WorkOrder.business_type, Customer.customer_no, Customer.name)
        .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
    )
    notes: dict[str, str] = {}
    if chart == "overdue":
        query = base.where(
            ChecklistItem.team == key,
            ChecklistItem.state == ItemState.TO_CAPTURE.value,
            ChecklistItem.required.is_(True),
            ChecklistItem.due_at < now,
        ).order_by(ChecklistItem.due_at)
    elif chart == "coverage":
        approved = [st.value for st in APPROVED_STATES]
        query = base.where(
            WorkOrder.business_type == key,
            ChecklistItem.required.is_(True),
            ChecklistItem.state != ItemState.WAITING.value,
        ).order_by(ChecklistItem.state.in_(approved), ChecklistItem.due_at)
    elif chart == "flagged":
        flagged = select(Review.item_id).where(Review.decision == "flag")
        query = base.where(ChecklistItem.team == key, ChecklistItem.id.in_(flagged)).order_by(ChecklistItem.due_at)
        with archive.read_session() as s:
            for item_id, reason in s.execute(select(Review.item_id, Review.reason).where(Review.decision == "flag")):
                notes[item_id] = ", ".join(filter(None, (notes.get(item_id), reason)))
    elif chart == "rescans":
        query = (
            base.join(RescanTask, RescanTask.item_id == ChecklistItem.id)
            .where(RescanTask.team == key)
            .order_by(RescanTask.state.desc(), RescanTask.created_at)
        )
        with archive.read_session() as s:
            for item_id, state, reason in s.execute(
                select(RescanTask.item_id, RescanTask.state, RescanTask.reason).where(RescanTask.team == key)
            ):
                notes[item_id] = f"{reason} ({state})"
    elif chart == "on_time":
        if key == "overdue":
            query = base.where(
                ChecklistItem.state == ItemState.TO_CAPTURE.value,
                ChecklistItem.required.is_(True),
                ChecklistItem.due_at < now,
            ).order_by(ChecklistItem.due_at)
        elif key in ("on_time", "late"):
            first = select(Page.item_id, func.min(Page.captured_at).label("first_at")).group_by(Page.item_id).subquery()
            cmp = (
                first.c.first_at <= ChecklistItem.due_at
                if key == "on_time"
                else first.c.first_at > ChecklistItem.due_at
            )
            query = base.join(first, first.c.item_id == ChecklistItem.id).where(ChecklistItem.due_at.is_not(None), cmp)
        else:
            raise KnownError(f"unknown on-time slice {key!r} (on_time, late, overdue)")
    elif chart == "period":
        start, end = _period_bounds(key, archive.policy.tz)
        first_in_period = (
            select(Page.item_id)
            .group_by(Page.item_id)
            .having(and_(func.min(Page.captured_at) >= start, func.min(Page.captured_at) < end))
        )
        query = base.where(ChecklistItem.id.in_(first_in_period)).order_by(
            ChecklistItem.work_order_id, ChecklistItem.step
        )
    else:
        raise KnownError(f"unknown chart {chart!r} (one of {', '.join(CHARTS)})")
    with archive.read_session() as s:
        rows = s.execute(query.limit(limit + 1)).all()
    items = tuple(
        _drill_item(archive, it, wo_no, bt, cno, cname, notes.get(it.id, ""))
        for it, wo_no, bt, cno, cname in rows[:limit]
    )
    return DrillDown(chart, key, items, len(rows) > limit)


def _period_bounds(key: str, tz) -> tuple[datetime, datetime]:
    try:
        if "-W" in key:
            year_text, week_text = key.split("-W")
            start_day = date.fromisocalendar(int(year_text), int(week_text), 1)
            end_day = start_day + timedelta(days=7)
        else:
            year, month = (int(x) for x in key.split("-"))
            start_day = date(year, month, 1)
            end_day = date(year + (month == 12), month % 12 + 1, 1)
    except ValueError as exc:
        raise KnownError(f"not a period: {key!r} (YYYY-MM or YYYY-Www)") from exc
    return (datetime.combine(start_day, datetime.min.time(), tz), datetime.combine(end_day, datetime.min.time(), tz))


def _drill_item(
    archive: Archive, it: ChecklistItem, wo_no: str, business_type: str, cno: str, cname: str, note: str
) -> DrillItem:
    name_zh, name_en = archive.document_names(business_type, it.step, it.document_type)
    return DrillItem(
        it.id,
        it.work_order_id,
        wo_no,
        cno,
        cname,
        business_type,
        it.step,
        it.document_type,
        name_zh,
        name_en,
        it.state,
        it.team,
        it.assignee,
        it.due_at,
        note,
    )
