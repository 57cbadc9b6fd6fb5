"""Organisation units, station logins in a unit, and users managed centrally (issue 14 items 1 and 6).

Against a real PostgreSQL server the suite starts itself; every administrative step goes through
the command line as an operator would type it, each station in its own data directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.sync import sync
from archivist_desktop.services.users import AuthenticationError, authenticate, create_user
from archivist_desktop.store.models import AuditEvent, Customer, User, WorkOrder
from archivist_desktop.sync.central import connect
from pgserver import PgServer
from sample_data import sample_feed

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
COUNTER_PASSWORD = "st-counter-pass-1"
WANG_PASSWORD = "blue-river-42"
IMPORTER_PASSWORD = "import-admin-pass-1"


def cli(*args: str, stdin: str = "", data_dir: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "archivist_desktop", *args]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=180, env={**os.environ})


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def centre(pg):
    """A fresh central database with units c01 > hall01, hall02, made with the CLI; its admin URL and name."""
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    ok(cli("central", "init", "--url", admin))
    ok(cli("central", "units", "add", "--url", admin, "--code", "c01", "--name", "客户服务中心"))
    for code, hall in (("hall01", "营业一厅"), ("hall02", "营业二厅")):
        ok(cli("central", "units", "add", "--url", admin, "--code", code, "--name", hall, "--parent", "c01"))
    return admin, name


def _station_login(pg, admin: str, name: str, login: str, unit: str, password: str = COUNTER_PASSWORD) -> str:
    """``central init --create-login LOGIN --unit UNIT`` (admin's password line empty: the URL has it);
    returns the station's URL without a password."""
    ok(
        cli(
            "central", "init", "--url", admin, "--password-stdin", "--create-login", login, "--unit", unit,
            stdin=f"\n{password}\n",
        )
    )  # fmt: skip
    return pg.url(login, None, name)


def test_units_tree_and_station_logins(pg, centre, tmp_path):
    admin, name = centre
    listed = json.loads(ok(cli("central", "units", "list", "--url", admin, "--json")).stdout)
    assert listed["units"] == [
        {"code": "c01", "name": "客户服务中心", "parent": None},
        {"code": "hall01", "name": "营业一厅", "parent": "c01"},
        {"code": "hall02", "name": "营业二厅", "parent": "c01"},
    ]
    # a unit twice, an unknown parent, a login in an unknown unit: refused, exit 1, nothing half-done
    again = cli("central", "units", "add", "--url", admin, "--code", "hall01", "--name", "x", "--parent", "c01")
    assert again.returncode == 1 and "already exists" in again.stderr
    orphan = cli("central", "units", "add", "--url", admin, "--code", "hall09", "--name", "x", "--parent", "nope")
    assert orphan.returncode == 1 and "no unit 'nope'" in orphan.stderr
    bad = cli(
        "central", "init", "--url", admin, "--password-stdin", "--create-login", "st_ghost", "--unit", "nope",
        stdin="\nghost-pass-123\n",
    )  # fmt: skip
    assert bad.returncode == 1 and "no unit 'nope'" in bad.stderr
    with psycopg.connect(admin) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'st_ghost'").fetchone() is None

    counter_url = _station_login(pg, admin, name, "st_counter", "hall01")
    _station_login(pg, admin, name, "st_hall2", "hall02", "st-hall2-pass-1")
    with psycopg.connect(admin) as conn:
        rows = conn.execute("SELECT login, unit_code FROM station_logins ORDER BY login").fetchall()
    assert rows == [("st_counter", "hall01"), ("st_hall2", "hall02")]

    # the station learns its unit at `central login` and keeps it in its settings
    ok(cli("central", "login", "--url", counter_url, "--user", "st_counter", "--password-stdin",
           stdin=COUNTER_PASSWORD + "\n", data_dir=tmp_path / "s1"))  # fmt: skip
    settings = json.loads((tmp_path / "s1" / "settings.json").read_text(encoding="utf-8"))
    assert settings["station_unit"] == "hall01"
    assert COUNTER_PASSWORD not in json.dumps(settings)


def test_users_managed_centrally_reach_the_station_and_disabling_stops_sign_in(pg, centre, tmp_path):
    admin, name = centre
    counter_url = _station_login(pg, admin, name, "st_counter", "hall01")
    station_dir = tmp_path / "s1"
    ok(cli("central", "login", "--url", counter_url, "--user", "st_counter", "--password-stdin",
           stdin=COUNTER_PASSWORD + "\n", data_dir=station_dir))  # fmt: skip

    add = ["central", "users", "add", "--url", admin, "--name", "wang", "--role", "clerk", "--unit", "hall01"]
    # the password policy: at least 10 characters, not the user name
    short = cli(*add, "--password-stdin", stdin="\nshort\n")
    assert short.returncode == 1, short.stderr
    named = cli(*add, "--password-stdin", stdin="\nwangwangwang\n")
    assert named.returncode == 1, named.stderr
    nowhere = cli(*add[:-1], "hall77", "--password-stdin", stdin=f"\n{WANG_PASSWORD}\n")
    assert nowhere.returncode == 1 and "hall77" in nowhere.stderr
    added = json.loads(
        ok(cli(*add, "--display-name", "王芳", "--team", "营业一班", "--password-stdin", "--json",
               stdin=f"not-asked-for\n{WANG_PASSWORD}\n")).stdout
    )  # fmt: skip
    assert added["username"] == "wang" and added["unit"] == "hall01" and added["active"] is True
    twice = cli(*add, "--password-stdin", stdin=f"\n{WANG_PASSWORD}\n")
    assert twice.returncode == 1 and "already exists" in twice.stderr

    # the URL carries the administrator's password: stdin's first line (above) was ignored; a URL
    # without one takes it from that line
    bare_admin = pg.url(PgServer.SUPERUSER, None, name)
    listed = ok(cli("central", "users", "list", "--url", bare_admin, "--password-stdin", "--json",
                    stdin=PgServer.PASSWORD + "\n"))  # fmt: skip
    assert "scrypt" not in listed.stdout and "password" not in listed.stdout
    assert [u["username"] for u in json.loads(listed.stdout)["users"]] == ["wang"]

    with Archive(station_dir) as station:
        assert station.settings["station_unit"] == "hall01"
        sync(station)  # URL from settings, password from the keyring
        with station.read_session() as s:
            wang = s.execute(select(User).where(User.username == "wang")).scalar_one()
            assert (wang.unit, wang.role, wang.display_name, wang.active) == ("hall01", "clerk", "王芳", True)
        assert authenticate(station, "wang", WANG_PASSWORD).username == "wang"

    # a new password reaches the station; the old one stops working
    new_password = "stone-garden-77"
    ok(cli("central", "users", "passwd", "--url", admin, "--name", "wang", "--password-stdin",
           stdin=f"\n{new_password}\n"))  # fmt: skip
    with Archive(station_dir) as station:
        sync(station)
        assert authenticate(station, "wang", new_password).username == "wang"
        with pytest.raises(AuthenticationError):
            authenticate(station, "wang", WANG_PASSWORD)

    disabled = json.loads(ok(cli("central", "users", "disable", "--url", admin, "--name", "wang", "--json")).stdout)
    assert disabled["active"] is False
    with Archive(station_dir) as station:
        assert authenticate(station, "wang", new_password).username == "wang"  # not yet synced
        sync(station)
        with pytest.raises(AuthenticationError):
            authenticate(station, "wang", new_password)

    # every change is an audit event on the central chain, with the user's whole state
    engine = connect(admin)
    try:
        with engine.connect() as conn:
            events = conn.execute(
                select(AuditEvent.action, AuditEvent.actor, AuditEvent.payload, AuditEvent.station_id)
                .where(AuditEvent.entity_type == "user")
                .order_by(AuditEvent.seq)
            ).all()
    finally:
        engine.dispose()
    assert [e.action for e in events] == ["add", "passwd", "disable"]
    assert {e.station_id for e in events} == {"central"} and {e.actor for e in events} == {"db:archivist_admin"}
    assert json.loads(events[-1].payload) == {
        "username": "wang", "role": "clerk", "unit": "hall01", "team": "营业一班", "active": False,
    }  # fmt: skip
    assert all("scrypt" not in e.payload for e in events)


def test_work_orders_carry_their_unit(pg, centre, tmp_path):
    admin, name = centre
    feed = sample_feed()
    feed_file = tmp_path / "feed.json"
    feed_file.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    importer = tmp_path / "importer"
    with Archive(importer) as archive:  # import-orders acts as an administrator of the importing PC
        create_user(archive, "importer", IMPORTER_PASSWORD, Role.ADMIN)

    def central_import() -> subprocess.CompletedProcess:
        args = ("import-orders", str(feed_file), "--central", admin, "--user", "importer", "--password-stdin")
        return cli(*args, stdin=IMPORTER_PASSWORD + "\n", data_dir=importer)

    # centrally every record needs its unit: refused whole, naming the record
    missing = central_import()
    assert missing.returncode == 1
    assert "work_orders[0].unit" in missing.stderr and "work_orders[1].unit" in missing.stderr
    feed["work_orders"][0]["unit"] = "hall01"
    feed["work_orders"][1]["unit"] = "hall99"
    feed_file.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    unknown = central_import()
    assert unknown.returncode == 1 and "work_orders[1].unit" in unknown.stderr and "hall99" in unknown.stderr
    assert "work_orders[0]" not in unknown.stderr
    engine = connect(admin)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(WorkOrder.id)).first() is None  # nothing half-imported
        feed["work_orders"][1]["unit"] = "hall02"
        feed_file.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
        done = json.loads(ok(central_import()).stdout)
        assert done["created"] == 2
        with engine.connect() as conn:
            orders = dict(conn.execute(select(WorkOrder.work_order_no, WorkOrder.unit)).all())
            customers = dict(conn.execute(select(Customer.customer_no, Customer.unit)).all())
    finally:
        engine.dispose()
    assert orders == {"WO202611000123": "hall01", "WO202611000124": "hall02"}
    assert customers == {"3300012345": "hall01", "3300067890": "hall02"}

    # a local import gives its orders the station's unit (learnt at central login)
    counter_url = _station_login(pg, admin, name, "st_counter", "hall01")
    station_dir = tmp_path / "s1"
    ok(cli("central", "login", "--url", counter_url, "--user", "st_counter", "--password-stdin",
           stdin=COUNTER_PASSWORD + "\n", data_dir=station_dir))  # fmt: skip
    local_feed = sample_feed()
    for i, rec in enumerate(local_feed["work_orders"]):
        rec["work_order_no"] = f"WO2026119{i:05d}"
        rec["customer_no"] = f"44000{i:05d}"
    with Archive(station_dir) as station:
        import_orders(station, local_feed)
        with station.read_session() as s:
            assert set(s.execute(select(WorkOrder.unit)).scalars()) == {"hall01"}
            assert set(s.execute(select(Customer.unit)).scalars()) == {"hall01"}
        # an order of another unit is imported centrally, not at this station
        other = sample_feed()
        other["work_orders"][0]["unit"] = "hall02"
        with pytest.raises(Exception, match="problem"):
            import_orders(station, other)


def test_a_local_import_without_a_station_unit_keeps_the_old_behaviour(tmp_path):
    with Archive(tmp_path / "s1") as station:
        assert station.settings["station_unit"] == ""
        import_orders(station, sample_feed())
        with station.read_session() as s:
            assert set(s.execute(select(WorkOrder.unit)).scalars()) == {None}
