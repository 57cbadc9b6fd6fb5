"""Numbers unique company-wide, allocated by the centre (real PostgreSQL): archival codes, box numbers,
hand-over receipt numbers.  Two archive rooms of one centre number in one series and both push
cleanly; an archive room whose centre is unreachable is refused with a clear message and writes
nothing, so it never makes a row the centre sets aside.

One desk station captures and reviews the orders of two customers and syncs; two archive-room
stations (each its own data dir) pull them and receive / file / box one customer each.
"""

from __future__ import annotations

import copy
import io
import logging
import socket
import sys
import uuid

import psycopg
import pytest
from sqlalchemy import func, select

from archivist_desktop.errors import KnownError
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.boxes import create_box, put_in_box
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.numbers import NumbersOffline, central_next, numbering
from archivist_desktop.services.records import build_volumes, hand_over
from archivist_desktop.services.sync import login_central, sync
from archivist_desktop.services.users import authenticate
from archivist_desktop.store.models import AuditEvent, Box, ChecklistItem, HandOver, Outbox, Volume, WorkOrder
from archivist_desktop.sync.central import connect, migrate
from sample_data import capture_required, review_to_end, sample_feed
from stations import CENTRAL_PASSWORD, central_company, make_station, pulled_people

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
LOGIN = "st_numbers"
LOGIN_PASSWORD = "st-pass-numb3rs"
ORDER_A, ORDER_B = "WO202611000123", "WO202611000777"  # two customers, both 业扩 (YK), 2026, permanent (Y)
PEOPLE = ("clerk", "clerk2", "collector", "supervisor", "archivist")
OFFLINE_FILE = "archival codes are allocated by the central database; it is unreachable — file again when connected"


@pytest.fixture
def central(pg):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    central_company(pg.admin_url(name), LOGIN, LOGIN_PASSWORD, PEOPLE)  # people come from the centre
    return pg.url(LOGIN, LOGIN_PASSWORD, name)


def _bare(url: str) -> str:
    return url.replace(f":{LOGIN_PASSWORD}@", "@")


def _feed() -> dict:
    """The sample HV order, and a second one like it for another customer."""
    first = sample_feed()["work_orders"][0]
    second = copy.deepcopy(first)
    second.update(work_order_no=ORDER_B, customer_no="3300077777", customer_name="钱塘电子厂")
    return {"work_orders": [first, second]}


@pytest.fixture
def rooms(tmp_path, central):
    """The desk (both orders reviewed, synced) and two archive rooms that pulled them; closed afterwards."""
    desk = Archive(tmp_path / "desk")
    make_station(desk, feed=_feed())
    login_central(desk, _bare(central), LOGIN, LOGIN_PASSWORD)
    assert sync(desk).pulled["users"] == len(PEOPLE)
    people = dict(zip(PEOPLE, pulled_people(desk, *PEOPLE), strict=True))
    for number in (ORDER_A, ORDER_B):
        items = capture_required(desk, people["clerk"], number)
        send_for_review(desk, people["clerk"], work_order_by_number(desk, number))
        review_to_end(desk, items, [people[n] for n in ("clerk2", "collector", "supervisor", "archivist")])
    assert sync(desk).rejected == []
    room_a, room_b = Archive(tmp_path / "room_a"), Archive(tmp_path / "room_b")
    for room in (room_a, room_b):
        login_central(room, _bare(central), LOGIN, LOGIN_PASSWORD)
        assert sync(room).rejected == []
    yield desk, room_a, room_b
    for archive in (desk, room_a, room_b):
        archive.close()


def _archivist(room: Archive):
    return authenticate(room, "archivist", CENTRAL_PASSWORD)  # pulled from the centre with the password hash


def _customer(room: Archive, number: str) -> str:
    with room.read_session() as s:
        return s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == number)).scalar_one()


def _count(room: Archive, model) -> int:
    with room.read_session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _central_rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _unreachable(room: Archive) -> str:
    """Point the room at a port nobody listens on; returns the URL it had."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    kept = room.settings["central_url"]
    room.settings.set("central_url", f"postgresql://{LOGIN}@127.0.0.1:{port}/nowhere")
    from archivist_desktop.services.numbers import close_numbers

    close_numbers(room)
    return kept


def _item_states(room: Archive) -> dict[str, str]:
    with room.read_session() as s:
        return {i.id: i.state for i in s.execute(select(ChecklistItem)).scalars()}


def _written(room: Archive) -> tuple[int, ...]:
    return tuple(_count(room, m) for m in (HandOver, Volume, Box, AuditEvent, Outbox))


def test_two_archive_rooms_number_in_one_series_and_both_push_cleanly(rooms, central):
    _desk, room_a, room_b = rooms
    liu_a, liu_b = _archivist(room_a), _archivist(room_b)
    receipt_a = hand_over(room_a, liu_a, work_order_nos=[ORDER_A])
    receipt_b = hand_over(room_b, liu_b, work_order_nos=[ORDER_B])
    day = receipt_a.hand_over_no.split("-")[0]
    assert (receipt_a.hand_over_no, receipt_b.hand_over_no) == (f"{day}-001", f"{day}-002")
    (vol_a,) = build_volumes(room_a, liu_a, _customer(room_a, ORDER_A))
    (vol_b,) = build_volumes(room_b, liu_b, _customer(room_b, ORDER_B))
    assert (vol_a.archival_code, vol_b.archival_code) == ("Z109-YK-2026-Y-0001", "Z109-YK-2026-Y-0002")
    box_a = put_in_box(room_a, liu_a, vol_a.archival_code)
    box_b = put_in_box(room_b, liu_b, vol_b.archival_code)
    assert (box_a.box_no, box_b.box_no) == ("Z109-2026-Y-H0001", "Z109-2026-Y-H0002")
    # recorded locally as always, and both pushes go through: nothing set aside
    with room_b.read_session() as s:
        row = s.execute(select(Volume).where(Volume.archival_code == vol_b.archival_code)).scalar_one()
        assert row.volume_no == 2
    assert sync(room_a).rejected == []
    assert sync(room_b).rejected == []
    assert sync(room_a).rejected == []
    assert sorted(_central_rows(central, "SELECT archival_code FROM volumes")) == [
        ("Z109-YK-2026-Y-0001",),
        ("Z109-YK-2026-Y-0002",),
    ]
    assert sorted(_central_rows(central, "SELECT box_no FROM boxes")) == [
        ("Z109-2026-Y-H0001",),
        ("Z109-2026-Y-H0002",),
    ]
    assert sorted(_central_rows(central, "SELECT hand_over_no FROM hand_overs")) == [
        (f"{day}-001",),
        (f"{day}-002",),
    ]
    assert _count(room_a, Volume) == 2  # each room now holds both volumes
    # the next of each series follows on, whichever room asks
    assert create_box(room_a, liu_a, 2026, "Y").box_no == "Z109-2026-Y-H0003"
    counters = dict(_central_rows(central, "SELECT series, next_value FROM number_counters"))
    assert counters == {
        "volume:Z109-YK-2026-Y": 3,
        "box:Z109-2026-Y": 4,
        f"handover:{day}": 3,
    }


def test_the_station_login_may_only_take_numbers_never_set_them(central):
    with psycopg.connect(central, autocommit=True) as conn:  # as the station login itself
        assert conn.execute("SELECT archivist_next_number('box:Z109-2030-Y', 1)").fetchone() == (1,)
        assert conn.execute("SELECT archivist_next_number('box:Z109-2030-Y', 1)").fetchone() == (2,)
        assert conn.execute("SELECT archivist_next_number('box:Z109-2030-Y', 10)").fetchone() == (10,)
        for sql in (
            "UPDATE number_counters SET next_value = 1",
            "INSERT INTO number_counters (series, next_value) VALUES ('box:x', 1)",
            "DELETE FROM number_counters",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
        assert conn.execute("SELECT next_value FROM number_counters WHERE series = 'box:Z109-2030-Y'").fetchone() == (
            11,
        )


def test_an_archive_room_offline_is_refused_writes_nothing_and_never_makes_a_set_aside_row(rooms, central, caplog):
    _desk, room_a, room_b = rooms
    liu_a, liu_b = _archivist(room_a), _archivist(room_b)
    # room A works online: receipt 001, volume 0001
    hand_over(room_a, liu_a, work_order_nos=[ORDER_A])
    (vol_a,) = build_volumes(room_a, liu_a, _customer(room_a, ORDER_A))
    assert vol_a.archival_code.endswith("-0001")
    # room B is cut off from the centre: the hand-over, filing and a box are refused, nothing written
    kept = _unreachable(room_b)
    before, item_states = _written(room_b), _item_states(room_b)
    assert "reviewed" in item_states.values()
    with pytest.raises(NumbersOffline) as refused:
        hand_over(room_b, liu_b, work_order_nos=[ORDER_B])
    assert str(refused.value) == (
        "hand-over receipt numbers are allocated by the central database; it is unreachable — "
        "receive the hand-over again when connected"
    )
    assert _item_states(room_b) == item_states
    with pytest.raises(NumbersOffline, match=r"^box numbers are allocated by the central database"):
        create_box(room_b, liu_b, 2026, "Y")
    assert _written(room_b) == before
    # received while online, filed while offline: refused with the clear message, nothing written
    room_b.settings.set("central_url", kept)
    receipt_b = hand_over(room_b, liu_b, work_order_nos=[ORDER_B])
    assert receipt_b.hand_over_no.endswith("-002")
    _unreachable(room_b)
    before = _written(room_b)
    with pytest.raises(NumbersOffline) as refused:
        build_volumes(room_b, liu_b, _customer(room_b, ORDER_B))
    assert str(refused.value) == OFFLINE_FILE
    assert _written(room_b) == before
    # on the command line: the message, exit status 2, no traceback
    code, err = _cli(room_b, ["file", "--customer", "3300077777"])
    assert code == 2 and OFFLINE_FILE in err and "Traceback" not in err
    assert _written(room_b) == before
    # connected again: the next code of the one series, and both rooms push without a set-aside row
    room_b.settings.set("central_url", kept)
    (vol_b,) = build_volumes(room_b, liu_b, _customer(room_b, ORDER_B))
    assert vol_b.archival_code == "Z109-YK-2026-Y-0002"
    assert sync(room_a).rejected == [] and sync(room_b).rejected == []
    assert _central_rows(central, "SELECT count(*) FROM rejected_changes") == [(0,)]
    assert sorted(_central_rows(central, "SELECT volume_no FROM volumes")) == [(1,), (2,)]
    assert not [r for r in caplog.records if "number voided" in r.getMessage()]  # no gap


def _cli(room: Archive, argv: list[str]) -> tuple[int, str]:
    """The command line in-process on ``room``'s data dir, as the archivist; (exit status, stderr)."""
    from archivist_desktop.cli import main

    room.settings.save()
    stdin, stderr = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(CENTRAL_PASSWORD + "\n"), io.StringIO()
    try:
        code = main([*argv, "--data-dir", str(room.data_dir), "--user", "archivist", "--password-stdin"])
        return code, sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stderr = stdin, stderr


def test_a_retry_reuses_its_number_and_a_number_not_recorded_is_logged_as_a_voided_gap(rooms, central, caplog):
    _desk, room_a, _room_b = rooms
    liu = _archivist(room_a)
    caplog.set_level(logging.WARNING, logger="archivist_desktop.services.numbers")
    with pytest.raises(KnownError, match="no work order WO-NONE"):
        hand_over(room_a, liu, work_order_nos=[ORDER_A, "WO-NONE"])
    assert not [r for r in caplog.records if "number voided" in r.getMessage()]  # refused before any number
    series = "box:Z109-2031-Y"
    attempts: list[list[int]] = []

    def run(asks: int) -> None:
        attempts.append([numbers.next("box", series, 1) for _ in range(asks)])

    with numbering(room_a) as numbers:
        numbers.attempt(lambda: run(2))()  # an attempt that took two numbers, then lost a race
        numbers.attempt(lambda: run(1))()  # the retry needs one: it gets the first again
    assert attempts == [[1, 2], [1]]
    voided = [r.getMessage() for r in caplog.records if "number voided" in r.getMessage()]
    assert voided == [f"number voided: {series} 2 (not recorded: the operation did not need it)"]
    with pytest.raises(KnownError), numbering(room_a) as numbers:
        numbers.next("box", series, 1)
        raise KnownError("the operation failed after taking its number")
    assert [r.getMessage() for r in caplog.records if "number voided" in r.getMessage()][1:] == [
        f"number voided: {series} 3 (not recorded: the operation failed)"
    ]


def test_a_sqlite_centre_numbers_the_same_way(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(engine)
    assert [central_next(engine, "volume:Z109-YK-2026-Y", 1) for _ in range(3)] == [1, 2, 3]
    assert central_next(engine, "volume:Z109-YK-2026-Y", 7) == 7  # a station's own floor is respected
    assert central_next(engine, "volume:Z109-YK-2026-Y", 1) == 8
    assert central_next(engine, "box:Z109-2026-Y", 1) == 1
    engine.dispose()
