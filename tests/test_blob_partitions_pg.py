"""Page files at the centre live in 16 hash partitions (migration c015), and a station login still
reaches them only through ``blobs`` with its row-level security: tried as the station logins
themselves with psycopg against the suite's real PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid

import psycopg
import pytest

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
from archivist_desktop.services.sync import import_orders_central, init_central, login_central, sync
from archivist_desktop.services.users import authenticate
from sample_data import capture_required, sample_feed

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
PASSWORD = "station-pw-b15"
PEOPLE_PASSWORD = "correct-horse-42"
ORDER = "WO202611000124"


@pytest.fixture
def centre(pg, tmp_path):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    add_unit(admin, "hall01", "第一营业厅", parent="c01")
    add_unit(admin, "hall02", "第二营业厅", parent="c01")
    init_central_with_unit(admin, login="st_counter", login_password=PASSWORD, unit="hall01")
    init_central_with_unit(admin, login="st_hall2", login_password=PASSWORD, unit="hall02")
    add_user(admin, "wang", PEOPLE_PASSWORD, "clerk", "hall01")
    feed = sample_feed()
    for record in feed["work_orders"]:
        record["unit"], record["assignee"] = ("hall01", "wang") if record["work_order_no"] == ORDER else ("hall02", "")
    with Archive(tmp_path / "admin") as desk:
        import_orders_central(desk, admin, feed)
    urls = {login: pg.url(login, PASSWORD, name) for login in ("st_counter", "st_hall2")}
    with Archive(tmp_path / "counter") as counter:
        login_central(counter, urls["st_counter"].replace(f":{PASSWORD}@", "@"), "st_counter", PASSWORD)
        sync(counter)
        items = capture_required(counter, authenticate(counter, "wang", PEOPLE_PASSWORD), ORDER)
        counts = sync(counter)
        assert counts.rejected == [] and counts.pending == 0 and counts.pushed["blobs"] == len(items)
    return {"admin": admin, "urls": urls, "pages": len(items)}


def test_page_files_are_spread_over_hash_partitions(centre):
    with psycopg.connect(centre["admin"], autocommit=True) as conn:
        kind = conn.execute("SELECT relkind FROM pg_class WHERE oid = 'public.blobs'::regclass").fetchone()
        parts = conn.execute(
            "SELECT c.relnamespace::regnamespace::text, count(*) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.blobs'::regclass GROUP BY 1"
        ).fetchall()
        per_part = conn.execute("SELECT tableoid::regclass::text, count(*) FROM blobs GROUP BY 1").fetchall()
        total = conn.execute("SELECT count(*) FROM blobs").fetchone()
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation):  # append-only even for the admin
            conn.execute("DELETE FROM blobs")
    assert kind == ("p",) and parts == [("blob_parts", 16)]
    assert total == (centre["pages"],) and sum(n for _, n in per_part) == centre["pages"]
    assert all(name.startswith("blob_parts.blobs_") for name, _ in per_part)


def test_a_station_login_reaches_page_files_only_through_blobs_and_its_policies(centre):
    with psycopg.connect(centre["urls"]["st_counter"], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM blobs").fetchone() == (centre["pages"],)
        sha, data = conn.execute("SELECT sha256, data FROM blobs LIMIT 1").fetchone()
        assert hashlib.sha256(data).hexdigest() == sha
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM blob_parts.blobs_00")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no station ever changes a page file
            conn.execute("UPDATE blobs SET size = size WHERE sha256 = %s", (sha,))
        with pytest.raises(psycopg.errors.CheckViolation):  # bytes must match their name
            conn.execute("INSERT INTO blobs (sha256, size, data) VALUES (%s, 3, 'abc')", ("0" * 64,))
    with psycopg.connect(centre["urls"]["st_hall2"], autocommit=True) as conn:  # another hall's pages
        assert conn.execute("SELECT count(*) FROM blobs").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT sha256 FROM blob_parts.blobs_07")
