"""Every role on its own station, one PostgreSQL centre: scoped, complete pull; row-level security;
the rescan loop across stations.

Units c01 (root) → hall01, hall02; station logins st_counter and st_review (hall01), st_archive
(c01), st_hall2 (hall02); each station its own data dir and keyring.  People are managed
centrally and reach the stations of their unit by the pull.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import func, select

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
from archivist_desktop.services.orders import list_work_orders
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.review import approve_document, decide, document_pages, review_queue
from archivist_desktop.services.sync import import_orders_central, init_central, login_central, sync
from archivist_desktop.services.users import authenticate
from archivist_desktop.store.models import Customer, Page, User
from sample_data import capture_required, sample_feed

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
PASSWORD = "station-pw-7c1"
PEOPLE_PASSWORD = "correct-horse-42"
LOGINS = {"st_counter": "hall01", "st_review": "hall01", "st_archive": "c01", "st_hall2": "hall02"}
HALL01_ORDER, HALL02_ORDER = "WO202611000124", "WO202611000123"


def _feed() -> dict:
    """The sample feed, one order per hall (the residential one at hall01, where wang captures)."""
    feed = sample_feed()
    for record in feed["work_orders"]:
        hall01 = record["work_order_no"] == HALL01_ORDER
        record["unit"] = "hall01" if hall01 else "hall02"
        record["assignee"] = "wang" if hall01 else "zhao"
    return feed


@pytest.fixture
def company(pg, tmp_path):
    """The centre with its units, station logins, people and two orders; returns {login: url}."""
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    add_unit(admin, "hall01", "第一营业厅", parent="c01")
    add_unit(admin, "hall02", "第二营业厅", parent="c01")
    for login, unit in LOGINS.items():
        init_central_with_unit(admin, login=login, login_password=PASSWORD, unit=unit)
    for username, role, unit in (
        ("wang", "clerk", "hall01"),
        ("chen", "supervisor", "hall01"),
        ("liu", "archivist", "c01"),
        ("zhao", "clerk", "hall02"),
    ):
        add_user(admin, username, PEOPLE_PASSWORD, role, unit, team="营业一班")
    with Archive(tmp_path / "admin") as desk:
        import_orders_central(desk, admin, _feed())
    return {login: pg.url(login, PASSWORD, name) for login in LOGINS}


def _station(tmp_path, login: str, urls: dict[str, str]) -> Archive:
    """A station of its own data dir, logged in as ``login`` (the password in the keyring), synced once."""
    archive = Archive(tmp_path / login)
    url = urls[login]
    bare = url.replace(f":{PASSWORD}@", "@")
    login_central(archive, bare, login, PASSWORD)
    sync(archive)
    return archive


def _count(archive: Archive, model) -> int:
    with archive.read_session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_each_station_pulls_its_unit_and_the_rescan_loop_crosses_stations(tmp_path, company):
    stations = {login: _station(tmp_path, login, company) for login in LOGINS}
    counter, review, archive_room, hall2 = (stations[k] for k in ("st_counter", "st_review", "st_archive", "st_hall2"))
    try:
        # scoped pull: one order per hall station, both at the archive room (the root unit)
        assert counter.settings["station_unit"] == "hall01"
        assert [r.work_order_no for r in list_work_orders(counter).rows] == [HALL01_ORDER]
        assert [r.work_order_no for r in list_work_orders(review).rows] == [HALL01_ORDER]
        assert [r.work_order_no for r in list_work_orders(hall2).rows] == [HALL02_ORDER]
        assert list_work_orders(archive_room).total == 2
        assert _count(hall2, Customer) == 1 and _count(archive_room, Customer) == 2
        # people: the users of the unit and below, with their hashes (offline sign-in)
        with hall2.read_session() as s:
            assert set(s.execute(select(User.username)).scalars()) == {"zhao"}
        with archive_room.read_session() as s:
            assert set(s.execute(select(User.username)).scalars()) == {"wang", "chen", "liu", "zhao"}
        wang = authenticate(counter, "wang", PEOPLE_PASSWORD)
        chen = authenticate(review, "chen", PEOPLE_PASSWORD)

        # the counter captures and sends; the review station sees the pages after a pull
        items = capture_required(counter, wang, HALL01_ORDER)
        send_for_review(counter, wang, work_order_by_number(counter, HALL01_ORDER))
        sync(counter)
        pulled = sync(review)
        assert pulled.pulled["pages"] == len(items)
        queue = review_queue(review, chen)
        assert {e.item_id for e in queue.entries} == set(items) and len(queue.entries) == len(items)
        assert _count(hall2, Page) == 0
        sync(hall2)
        assert _count(hall2, Page) == 0  # another hall's pages never come down

        # a flag at the review station reaches the clerk at the counter with its rescan object
        flagged = slot_pages(review, items[0])[0].page_id
        decide(review, chen, flagged, "flag", "blurry", "重拍，太模糊")
        for item_id in items[1:]:
            approve_document(review, chen, item_id)
        sync(review)
        sync(counter)
        listed = reminders(counter, wang).to_json()["items"]["to_capture"]
        (entry,) = [i for i in listed if i["item_id"] == items[0]]
        assert entry["rescan"] == {
            "reason": "blurry",
            "comment": "重拍，太模糊",
            "reviewer": "chen",
            "flagged_page_id": flagged,
        }

        # the recapture at the counter replaces the flagged page; the review station sees only it
        capture_required(counter, wang, HALL01_ORDER)
        send_for_review(counter, wang, work_order_by_number(counter, HALL01_ORDER))
        sync(counter)
        sync(review)
        pages = document_pages(review, items[0])
        current = [p.page_id for p in pages if p.current]
        assert len(current) == 1 and current[0] != flagged
        assert [p.page_id for p in pages if not p.current] == [flagged]  # kept in the history
        queue = review_queue(review, chen)
        assert [e.page_id for e in queue.entries] == current
        results = approve_document(review, chen, items[0])
        assert [r.page_id for r in results] == current and flagged not in {r.page_id for r in results}
    finally:
        for s in stations.values():
            s.close()


def test_row_level_security_holds_for_the_station_login_itself(tmp_path, company):
    with Archive(tmp_path / "counter") as counter:
        login_central(counter, company["st_counter"].replace(f":{PASSWORD}@", "@"), "st_counter", PASSWORD)
        sync(counter)
    with psycopg.connect(company["st_hall2"], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM work_orders").fetchone()[0] == 1
        assert conn.execute("SELECT array_agg(username) FROM users").fetchone()[0] == ["zhao"]
        assert (
            conn.execute(
                "SELECT count(*) FROM checklist_items c JOIN work_orders w ON w.id = c.work_order_id "
                "WHERE w.unit <> 'hall02'"
            ).fetchone()[0]
            == 0
        )
        hall01_customer = None
        with psycopg.connect(company["st_counter"], autocommit=True) as hall01:
            hall01_customer = hall01.execute("SELECT id FROM customers").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO work_orders (id, work_order_no, customer_id, business_type, created_at, updated_at, "
                "version, unit) VALUES (%s, 'WO-FORGED', %s, 'name_change', now(), now(), 1, 'hall01')",
                (str(uuid.uuid4()), hall01_customer),
            )
        # another unit's rows cannot be changed either: invisible, so nothing is updated
        assert conn.execute("UPDATE customers SET name = 'x' WHERE unit = 'hall01'").rowcount == 0
    with psycopg.connect(company["st_archive"], autocommit=True) as conn:  # the root unit sees both halls
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 2
