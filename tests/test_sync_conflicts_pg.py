"""Conflicts never wedge a station: refused rows are set aside, page orders merge (real PostgreSQL)."""

from __future__ import annotations

import copy
import json
import logging
import os
import subprocess
import sys
import uuid

import psycopg
import pytest

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.doctor import WARNING, check_rejected
from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.sync import rejected_rows, sync
from archivist_desktop.store.models import ChecklistItem, Customer
from sample_data import sample_feed
from stations import central_company, make_station, pulled_people

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
STATION_LOGIN = "station_conflicts"
STATION_PASSWORD = "st-pass-c0nf"


@pytest.fixture
def central(pg):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    # the people come from the centre (c014: no station login adds users)
    central_company(pg.admin_url(name), STATION_LOGIN, STATION_PASSWORD, ("clerk",))
    return pg.url(STATION_LOGIN, STATION_PASSWORD, name)


def _people(station, central, *names):
    """Sync ``station`` (it receives the centre's people) and return the people named."""
    assert sync(station, central).rejected == []
    return pulled_people(station, *names)


def _other_order() -> dict:
    """One more order, for a customer no other station has."""
    order = copy.deepcopy(sample_feed()["work_orders"][1])
    order.update(work_order_no="WO202611000999", customer_no="3300099999", customer_name="钱多多")
    return {"work_orders": [order]}


def _order(archive, number):
    return next(r for r in list_work_orders(archive).rows if r.work_order_no == number)


def _first_item(archive, number) -> str:
    return get_checklist(archive, _order(archive, number).id).steps[0].entries[0].item_id


def rejected_rows_first_reason(data_dir) -> str:
    from archivist_desktop.sync.rejected import load_rejected

    return load_rejected(data_dir)[0].reason


def _sync_cli(data_dir, url, *extra):
    cmd = [sys.executable, "-m", "archivist_desktop", "sync", "--central", url, "--json", "--data-dir", str(data_dir)]
    return subprocess.run([*cmd, *extra], capture_output=True, text=True, timeout=120, env={**os.environ})


def _central_one(url, sql, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchone()


def test_the_same_order_imported_at_two_stations_sets_the_second_ones_rows_aside(tmp_path, central):
    with Archive(tmp_path / "s2") as s2:
        _people(s2, central, "clerk")  # its first sync, before station 1 pushed the order: its people only
    with Archive(tmp_path / "s1") as s1:
        make_station(s1, feed=sample_feed())
        (clerk1,) = _people(s1, central, "clerk")
        add_page(s1, clerk1, _first_item(s1, "WO202611000123"), b"station 1 page" * 100)
        assert sync(s1, central).rejected == []
    with Archive(tmp_path / "s2") as s2:
        make_station(s2, feed=sample_feed())
        (clerk2,) = pulled_people(s2, "clerk")
        make_station(s2, feed=_other_order())
        add_page(s2, clerk2, _first_item(s2, "WO202611000123"), b"station 2 page of the same order" * 100)
        other_item = _first_item(s2, "WO202611000999")
        add_page(s2, clerk2, other_item, b"station 2 page of its own order" * 100)
        data_dir = s2.data_dir
    run = _sync_cli(data_dir, central)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    summary = [line for line in run.stderr.splitlines() if "set aside" in line]
    assert len(summary) == 1 and "--retry-rejected" in summary[0]
    out = json.loads(run.stdout)
    assert out["pending"] == 0
    rejected = {(r["table"], r["key"]): r["reason"] for r in out["rejected"]}
    tables = {t for t, _ in rejected}
    assert {"customers", "work_orders"} <= tables
    assert any("duplicate key" in reason for reason in rejected.values())
    # the other rows reached the centre: the second order, its checklist, its page
    assert _central_one(central, "SELECT count(*) FROM work_orders WHERE work_order_no = 'WO202611000999'")[0] == 1
    page_order = _central_one(central, "SELECT page_order FROM checklist_items WHERE id = %s", (other_item,))[0]
    assert len(json.loads(page_order)) == 1
    assert _central_one(central, "SELECT count(*) FROM work_orders")[0] == 3
    # and the pull ran: station 1's pushed rows came down (its users at least)
    assert sum(out["pulled"].values()) > 0
    # a second pass does not try them again, nor wedge
    again = _sync_cli(data_dir, central)
    assert again.returncode == 1 and json.loads(again.stdout)["pushed"] == {}
    with Archive(data_dir) as s2:
        assert len(rejected_rows(s2)) == len(rejected)
        check = check_rejected(s2.data_dir)
        assert check.status == WARNING and str(len(rejected)) in check.detail
        assert "duplicate key" in check.detail or "violates" in check.detail
    # `doctor` warns, naming how many and the first reason, while the centre itself answers
    doctor = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", "doctor", "--json", "--no-cameras", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    central_check = json.loads(doctor.stdout)["checks"]["central"]
    assert central_check["status"] == WARNING and central_check["rejected"] == len(rejected)
    assert f"{len(rejected)} row(s) refused" in central_check["detail"]
    first_reason = rejected_rows_first_reason(data_dir)
    assert first_reason in central_check["detail"]


def test_a_name_too_long_for_the_centre_is_set_aside_and_retried_after_a_fix(tmp_path, central):
    with Archive(tmp_path / "s1") as s1:
        make_station(s1, feed=sample_feed())
        with s1.session() as s:  # a 201-character name: the local store does not check lengths
            customer = s.query(Customer).filter_by(customer_no="3300067890").one()
            customer.name = "名" * 201
            customer.version += 1
        customer_id = customer.id
        counts = sync(s1, central)
        assert [(r["table"], r["key"]) for r in counts.rejected if r["table"] == "customers"] == [
            ("customers", customer_id)
        ]
        reason = next(r["reason"] for r in counts.rejected if r["table"] == "customers")
        assert "too long" in reason
        # the other customer and its order are in
        assert _central_one(central, "SELECT count(*) FROM customers")[0] == 1
        # fix the data without a new outbox entry (as a repair script would), then retry from the command line
        with s1.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE customers SET name = '王芳' WHERE id = ?", (customer_id,))
        assert sync(s1, central).rejected != []  # not tried again by itself
        fixed = _sync_cli(s1.data_dir, central, "--retry-rejected")
        assert fixed.returncode == 0, fixed.stderr
        out = json.loads(fixed.stdout)
        assert out["rejected"] == [] and out["pending"] == 0 and out["pushed"]["customers"] >= 1
        assert rejected_rows(s1) == []
        assert _central_one(central, "SELECT name FROM customers WHERE id = %s", (customer_id,))[0] == "王芳"
        assert _central_one(central, "SELECT count(*) FROM work_orders")[0] == 2
        assert check_rejected(s1.data_dir).status == "ok"


def test_two_stations_adding_a_page_each_to_one_document_keep_both(tmp_path, central, caplog):
    caplog.set_level(logging.INFO, logger="archivist_desktop.sync.engine")
    with Archive(tmp_path / "s1") as s1, Archive(tmp_path / "s2") as s2:
        make_station(s1, feed=sample_feed())
        (clerk1,) = _people(s1, central, "clerk")
        item = _first_item(s1, "WO202611000123")
        first = add_page(s1, clerk1, item, b"the first page" * 100)
        sync(s1, central)
        sync(s2, central)  # station 2 now has the order and the one-page document
        with s2.read_session() as s:
            assert json.loads(s.get(ChecklistItem, item).page_order) == [first.id]
        # both append a page to the same document, offline
        a = add_page(s1, clerk1, item, b"station 1 appends" * 100)
        b = add_page(s2, clerk1, item, b"station 2 appends" * 100)
        assert sync(s1, central).rejected == []
        assert sync(s2, central).rejected == []
        expected = [first.id, a.id, b.id]  # appended pages by capture time
        central_order = json.loads(
            _central_one(central, "SELECT page_order FROM checklist_items WHERE id = %s", (item,))[0]
        )
        assert central_order == expected
        sync(s1, central)
        for station in (s1, s2):
            with station.read_session() as s:
                assert json.loads(s.get(ChecklistItem, item).page_order) == expected
        assert any("page orders merged" in r.getMessage() and item in r.getMessage() for r in caplog.records)
        # again, the second station now the newer one (two pages against one): still nothing lost
        b1 = add_page(s2, clerk1, item, b"station 2 again, 1" * 100)
        b2 = add_page(s2, clerk1, item, b"station 2 again, 2" * 100)
        a1 = add_page(s1, clerk1, item, b"station 1 again" * 100)
        sync(s1, central)
        sync(s2, central)
        sync(s1, central)
        expected += [b1.id, b2.id, a1.id]  # by capture time
        central_order = json.loads(
            _central_one(central, "SELECT page_order FROM checklist_items WHERE id = %s", (item,))[0]
        )
        assert central_order == expected
        for station in (s1, s2):
            with station.read_session() as s:
                assert json.loads(s.get(ChecklistItem, item).page_order) == expected
