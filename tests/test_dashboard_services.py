"""Dashboard figures and drill-downs on the sample station."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.dashboard import dashboard, drill_down, refresh_summary
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.users import get_user
from archivist_desktop.store.models import ChecklistItem, RescanTask, Review, new_id


@pytest.fixture
def station(make_station, feed):
    return make_station(("clerk", "clerk2"), feed, "pw-123456").archive


def _items(archive, **where):
    with archive.read_session() as s:
        return list(
            s.execute(
                select(ChecklistItem)
                .where(*(getattr(ChecklistItem, k) == v for k, v in where.items()))
                .order_by(ChecklistItem.step, ChecklistItem.document_type)
            ).scalars()
        )


def test_totals_teams_and_summary(station, clock):
    clerk = get_user(station, "clerk")
    todo = _items(station, assignee="clerk", state=ItemState.TO_CAPTURE.value, required=True)
    first, second = todo[0], todo[1]
    add_page(station, clerk, first.id, b"page-1")  # on time: Wed 09:00, due Wed 10:00
    add_page(station, clerk, first.id, b"page-2")
    clock.advance(hours=3)  # Wed 12:00: the remaining step-1 documents are late
    add_page(station, clerk, second.id, b"page-3")  # captured late
    board = dashboard(station)
    assert board.totals.pages == 3 and board.totals.documents == 2 and board.totals.work_orders == 2
    assert board.totals.volumes == 0 or board.totals.volumes >= 0
    assert board.summary is None  # nothing computed yet
    (team,) = board.teams
    late_required = len(
        [
            i
            for i in _items(station, assignee="clerk", state=ItemState.TO_CAPTURE.value, required=True)
            if i.due_at < clock.value
        ]
    )
    assert team.team == "营业一班" and team.overdue == late_required > 0

    summary = refresh_summary(station)
    board = dashboard(station)
    assert board.summary == summary and board.summary_at == clock.value
    assert summary.on_time.on_time == 1 and summary.on_time.late == 1 and summary.on_time.overdue == late_required
    assert 0 < summary.on_time.rate < 1
    month = summary.periods["month"]
    assert len(month) == 12 and month[-1].period == "2026-11" and month[-1].pages == 3 and month[-1].documents == 2
    week = summary.periods["week"]
    assert week[-1].period == "2026-W45" and week[-1].pages == 3
    cov = {c.business_type: c for c in summary.coverage}
    assert set(cov) == set(station.templates)
    assert cov["hv_new_connection"].required > 0 and cov["hv_new_connection"].approved == 0

    # approving a document (state reviewed) raises the coverage of its business type
    with station.session() as s:
        s.execute(update(ChecklistItem).where(ChecklistItem.id == first.id).values(state=ItemState.REVIEWED.value))
    cov = {c.business_type: c for c in refresh_summary(station).coverage}
    assert cov["hv_new_connection"].approved == 1
    assert cov["hv_new_connection"].share == pytest.approx(1 / cov["hv_new_connection"].required)


def test_drill_downs(station, clock):
    clerk = get_user(station, "clerk")
    todo = _items(station, assignee="clerk", state=ItemState.TO_CAPTURE.value, required=True)
    info = add_page(station, clerk, todo[0].id, b"page-1")
    clock.advance(hours=3)
    add_page(station, clerk, todo[1].id, b"page-2")
    with station.session() as s:  # a supervisor flagged the first page: a rescan task for the clerk
        review = Review(
            id=new_id(),
            page_id=info.id,
            item_id=todo[0].id,
            gate=1,
            gate_id="team",
            decision="flag",
            reason="blurry",
            reviewer="supervisor",
            decided_at=clock.value,
        )
        s.add(review)
        s.flush()
        s.add(
            RescanTask(
                id=new_id(),
                review_id=review.id,
                page_id=info.id,
                item_id=todo[0].id,
                work_order_id=todo[0].work_order_id,
                assignee="clerk",
                team="营业一班",
                reason="blurry",
                flagged_by="supervisor",
                created_at=clock.value,
            )
        )
    board = dashboard(station)
    (team,) = board.teams
    assert (team.flagged_pages, team.rescans_open, team.rescans_done) == (1, 1, 0)

    flagged = drill_down(station, "flagged", "营业一班")
    assert [i.item_id for i in flagged.items] == [todo[0].id] and "blurry" in flagged.items[0].note
    assert [i.item_id for i in drill_down(station, "rescans", "营业一班").items] == [todo[0].id]
    overdue = drill_down(station, "overdue", "营业一班")
    assert overdue.items and all(i.state == "to_capture" and i.due_at < clock.value for i in overdue.items)
    assert overdue.items[0].customer_name and overdue.items[0].document_name_zh
    assert [i.item_id for i in drill_down(station, "on_time", "on_time").items] == [todo[0].id]
    assert [i.item_id for i in drill_down(station, "on_time", "late").items] == [todo[1].id]
    assert len(drill_down(station, "on_time", "overdue").items) == team.overdue
    assert {i.item_id for i in drill_down(station, "period", "2026-11").items} == {todo[0].id, todo[1].id}
    assert drill_down(station, "period", "2026-W45").items and not drill_down(station, "period", "2026-10").items
    cov = drill_down(station, "coverage", "hv_new_connection")
    assert (
        cov.items
        and cov.items[0].state != "reviewed"
        and all(i.business_type == "hv_new_connection" for i in cov.items)
    )
    small = drill_down(station, "coverage", "hv_new_connection", limit=2)
    assert len(small.items) == 2 and small.truncated
    with pytest.raises(KnownError):
        drill_down(station, "nonsense", "x")
    with pytest.raises(KnownError):
        drill_down(station, "period", "2026-13x")
