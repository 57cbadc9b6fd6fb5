"""Sync against a real PostgreSQL server that the suite starts itself."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.demo import generate_bulk
from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.sync import (
    central_stats,
    import_orders_central,
    local_stats,
    login_central,
    sync,
    verify_central,
)
from archivist_desktop.store.models import Page
from archivist_desktop.sync.blobs import BlobRejected, SqlBlobStore
from archivist_desktop.sync.central import CentralUnreachable, connect
from sample_data import sample_feed
from stations import ROOT_UNIT, Person, add_central_people, central_company, make_station, pulled_people

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
STATION_LOGIN = "station_test"
STATION_PASSWORD = "st-pass-9f2"
PEOPLE = ("clerk", "clerk2", "supervisor", Person("clerk1", Role.CLERK))


@pytest.fixture
def central(pg):
    """A fresh central database, initialised; returns the station's URL (with its password)."""
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    # people come from the centre (c014: no station login adds users), the stations pull them
    central_company(pg.admin_url(name), STATION_LOGIN, STATION_PASSWORD, PEOPLE)
    return pg.url(STATION_LOGIN, STATION_PASSWORD, name)


def _people(station, central, *names):
    """Sync ``station`` (it receives the centre's people) and return the people named."""
    sync(station, central)
    return pulled_people(station, *names)


def _bulk_clerks(pg, central, station) -> None:
    """The clerks generate_bulk assigns work to, added centrally and pulled by ``station`` first."""
    clerks = (Person(f"clerk{n}", Role.CLERK) for n in range(3, 21))
    add_central_people(pg.admin_url(central.rsplit("/", 1)[1]), *clerks)
    sync(station, central)


def _central_stats(url):
    """central_stats without the ``central`` chain (the people added centrally): what stations pushed."""
    stats = central_stats(url)
    with psycopg.connect(url, autocommit=True) as conn:
        (own,) = conn.execute("SELECT count(*) FROM audit_events WHERE station_id = 'central'").fetchone()
    return {**stats, "audit_events": stats["audit_events"] - own}


def _station(tmp_path, name, clock=None):
    return Archive(tmp_path / name, clock=clock) if clock else Archive(tmp_path / name)


def _page_hashes(engine_or_archive) -> set[tuple[str, str]]:
    engine = getattr(engine_or_archive, "engine", engine_or_archive)
    with engine.connect() as conn:
        return set(conn.execute(select(Page.id, Page.sha256)).all())


def _central_engine(url):
    return connect(url)


def _capture_some(archive, clerk, n_orders=2, pages_per_item=1):
    for row in list_work_orders(archive, limit=n_orders).rows:
        for entry in get_checklist(archive, row.id).steps[0].entries[:3]:
            for k in range(pages_per_item):
                add_page(archive, clerk, entry.item_id, f"{row.work_order_no}/{entry.document_type}/{k}".encode() * 50)


def _sync_one_captured_order(tmp_path, central) -> None:
    """A station that imported the sample feed, captured pages of one order and synced them."""
    with _station(tmp_path, "s1") as station:
        make_station(station, feed=sample_feed())
        (clerk,) = _people(station, central, "clerk")
        _capture_some(station, clerk, n_orders=1)
        sync(station, central)


def test_second_sync_pushes_nothing_and_central_equals_local(tmp_path, central, feed):
    with _station(tmp_path, "s1") as station:
        make_station(station, feed=feed)
        (clerk,) = _people(station, central, "clerk")
        _capture_some(station, clerk)
        first = sync(station, central)
        assert first.pending == 0 and first.pushed["pages"] == 6 and first.pushed["blobs"] == 6
        assert first.rejected == [] and "users" not in first.pushed
        second = sync(station, central)
        assert second.pushed == {} and second.pending == 0
        assert local_stats(station) == _central_stats(central)
        engine = _central_engine(central)
        try:
            assert _page_hashes(engine) == _page_hashes(station)
        finally:
            engine.dispose()
        assert verify_central(central).ok


def _sync_cli(data_dir: Path, url: str, pace_ms: int | None = None, progress: bool = False):
    env = {**os.environ}
    if pace_ms:
        env["ARCHIVIST_SYNC_PACE_MS"] = str(pace_ms)
    cmd = [sys.executable, "-m", "archivist_desktop", "sync", "--central", url, "--json", "--data-dir", str(data_dir)]
    if progress:
        cmd.append("--progress")
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _kill_when(proc, predicate) -> dict:
    try:
        for line in proc.stderr:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if predicate(event):
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return event
        proc.wait(timeout=30)
        raise AssertionError(f"sync ended before the kill point (exit {proc.returncode})")
    finally:
        proc.stdout.close()
        proc.stderr.close()


def test_sigkill_during_blob_upload_and_during_row_upsert(tmp_path, central, pg):
    data = tmp_path / "s1"
    with Archive(data) as station:
        _bulk_clerks(pg, central, station)
        generate_bulk(station, 120, 2)
        expected = local_stats(station)
    # killed while uploading page files
    proc = _sync_cli(data, central, pace_ms=40, progress=True)
    killed_at = _kill_when(proc, lambda e: e["phase"] == "blobs" and e["done"] >= 3)
    assert proc.returncode == -signal.SIGKILL and killed_at["done"] < killed_at["total"]
    # killed in the middle of the row upserts (inside the central transaction)
    proc = _sync_cli(data, central, pace_ms=40, progress=True)
    _kill_when(proc, lambda e: e["phase"].startswith("upsert:checklist_items"))
    assert proc.returncode == -signal.SIGKILL
    # the next pass finishes the job
    done = _sync_cli(data, central)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert json.loads(out)["pending"] == 0
    assert _central_stats(central) == expected
    with Archive(data) as station:
        engine = _central_engine(central)
        try:
            assert _page_hashes(engine) == _page_hashes(station)
        finally:
            engine.dispose()
    assert verify_central(central).ok


def test_server_restart_in_the_middle_of_a_sync(tmp_path, central, pg, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_SYNC_PACE_MS", "20")
    restarted = []

    def progress(phase, done, total):
        if phase == "blobs" and 2 <= done < total and not restarted:
            restarted.append(True)
            pg.restart()

    with _station(tmp_path, "s1") as station:
        _bulk_clerks(pg, central, station)
        generate_bulk(station, 30, 2)
        counts = sync(station, central, progress=progress)
        assert restarted and counts.pending == 0 and counts.rejected == []
        assert local_stats(station) == _central_stats(central)
    assert verify_central(central).ok


def test_unreachable_central_keeps_local_work(tmp_path, pg, feed):
    from archivist_desktop.services.orders import import_orders

    with _station(tmp_path, "s1") as station:
        import_orders(station, feed)
        url = f"postgresql://nobody:pw@127.0.0.1:{pg.port + 1 if pg.port < 65535 else 1}/none"
        with pytest.raises(CentralUnreachable) as err:
            sync(station, url)
        assert "pw@" not in str(err.value)
        from archivist_desktop.services.sync import pending_changes

        assert pending_changes(station) > 0
    proc = _sync_cli(tmp_path / "s1", url)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and json.loads(out)["pending"] > 0
    assert "pw" not in err.replace("password", "")


def test_two_stations_capturing_for_the_same_order_at_once(tmp_path, central, pg):
    archive_for_templates = _station(tmp_path, "admin")
    try:
        feed = sample_feed()
        for record in feed["work_orders"]:
            record["unit"] = ROOT_UNIT
        # as the administrator: the central chain is theirs (it holds the people they added)
        import_orders_central(archive_for_templates, pg.admin_url(central.rsplit("/", 1)[1]), feed)
    finally:
        archive_for_templates.close()
    stations = [_station(tmp_path, f"s{n}") for n in (1, 2)]
    try:
        clerks = []
        for n, station in enumerate(stations, 1):
            counts = sync(station, central)
            assert counts.pulled["work_orders"] == 2
            assert counts.rejected == []
            clerks += pulled_people(station, f"clerk{n}")  # added centrally
        order_id = next(r.id for r in list_work_orders(stations[0]).rows if r.work_order_no == "WO202611000123")
        entries = get_checklist(stations[0], order_id).steps[0].entries
        # both capture the first document (same slot) and one other document each
        for n, station in enumerate(stations):
            add_page(station, clerks[n], entries[0].item_id, f"station {n} page of slot 0".encode() * 100)
            add_page(station, clerks[n], entries[1 + n].item_id, f"station {n} page of slot {1 + n}".encode() * 100)
        errors = []

        def run(station):
            try:
                sync(station, central)
            except Exception as exc:  # noqa: BLE001  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(s,)) for s in stations]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors
        engine = _central_engine(central)
        try:
            central_pages = _page_hashes(engine)
            for station in stations:
                assert _page_hashes(station) <= central_pages
            assert len(central_pages) == 4
            with engine.connect() as conn:
                from archivist_desktop.sync.schema import central_metadata

                items = central_metadata.tables["checklist_items"]
                states = dict(
                    conn.execute(
                        select(items.c.id, items.c.state).where(items.c.id.in_([e.item_id for e in entries[:3]]))
                    ).all()
                )
            assert set(states.values()) == {"captured"}
        finally:
            engine.dispose()
        for station in stations:  # after pulling again, both agree with the centre
            sync(station, central)
            checklist = get_checklist(station, order_id)
            assert [e.state.value for e in checklist.steps[0].entries[:3]] == ["captured"] * 3
            # the slot both captured holds both pages: the two pushes merged its page order in turn
            assert checklist.steps[0].entries[0].pages == 2
    finally:
        for s in stations:
            s.close()


def test_a_pull_never_passes_a_push_that_has_not_committed(tmp_path, central, pg):
    """Pushes run side by side; a pull waits for the ones half-way and misses none of their rows.

    Two central writers, as pushes do (shared advisory lock): the first stamps a change and stays
    open, the second stamps a later change and commits.  A pull that took the visible maximum as its
    mark would jump past the first writer's change for good; it waits for it instead.
    """
    from archivist_desktop.store.models import Customer
    from archivist_desktop.sync.engine import ADVISORY_KEY

    with _station(tmp_path, "s1") as station:
        make_station(station, feed=sample_feed())
        sync(station, central)
        with station.engine.connect() as conn:
            first, second = conn.execute(select(Customer.id).order_by(Customer.id).limit(2)).scalars().all()
        admin = pg.admin_url(central.rsplit("/", 1)[1])
        rename = "UPDATE customers SET name = name || %s, version = version + 1 WHERE id = %s"
        with psycopg.connect(admin) as slow, psycopg.connect(admin) as quick:
            slow.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ADVISORY_KEY,))
            slow.execute(rename, (" (slow)", first))
            quick.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ADVISORY_KEY,))  # not blocked by slow
            quick.execute(rename, (" (quick)", second))
            quick.commit()
            errors: list[BaseException] = []

            def pull():
                try:
                    sync(station, central)
                except BaseException as exc:  # noqa: BLE001  # pragma: no cover - reported below
                    errors.append(exc)

            puller = threading.Thread(target=pull)
            puller.start()
            puller.join(timeout=1.5)
            assert puller.is_alive(), "the pull did not wait for the push still in progress"
            slow.commit()
            puller.join(timeout=60)
            assert not puller.is_alive() and not errors
        with station.engine.connect() as conn:
            names = dict(conn.execute(select(Customer.id, Customer.name).where(Customer.id.in_([first, second]))).all())
        assert names[first].endswith(" (slow)") and names[second].endswith(" (quick)")
        assert sync(station, central).pulled == {}


def test_a_blob_that_does_not_match_its_hash_is_refused(central):
    engine = _central_engine(central)
    try:
        store = SqlBlobStore(engine)
        good = b"a real page"
        store.put(hashlib.sha256(good).hexdigest(), good)
        with pytest.raises(BlobRejected):
            store.put(hashlib.sha256(b"something else").hexdigest(), good)
        assert store.missing([hashlib.sha256(good).hexdigest()]) == set()
    finally:
        engine.dispose()


def test_station_role_cannot_delete_or_change_archived_content(tmp_path, central, pg):
    _sync_one_captured_order(tmp_path, central)

    with psycopg.connect(central, autocommit=True) as conn:
        page_id, item_id = conn.execute("SELECT id, item_id FROM pages LIMIT 1").fetchone()
        for sql in (
            "DELETE FROM pages",
            "DELETE FROM audit_events",
            "DELETE FROM blobs",
            "UPDATE pages SET sha256 = 'x'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    admin_db = pg.admin_url(central.rsplit("/", 1)[1])
    with psycopg.connect(admin_db, autocommit=True) as admin:
        admin.execute("UPDATE checklist_items SET state = 'archived', version = version + 1 WHERE id = %s", (item_id,))
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="archived"):
            admin.execute("DELETE FROM pages WHERE id = %s", (page_id,))  # even the owner: a trigger refuses
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
            admin.execute("DELETE FROM audit_events")
    with psycopg.connect(central, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="archived"):
            conn.execute(
                "UPDATE checklist_items SET state = 'captured', version = version + 1 WHERE id = %s", (item_id,)
            )
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="archived"):
            conn.execute("UPDATE pages SET status = 'deleted' WHERE id = %s", (page_id,))


def test_an_invalid_workflow_transition_is_refused_and_logged(tmp_path, central, pg):
    _sync_one_captured_order(tmp_path, central)
    with psycopg.connect(central, autocommit=True) as conn:
        item_id = conn.execute("SELECT id FROM checklist_items WHERE state = 'captured' LIMIT 1").fetchone()[0]
        conn.execute("UPDATE checklist_items SET state = 'waiting', version = version + 1 WHERE id = %s", (item_id,))
        assert conn.execute("SELECT state FROM checklist_items WHERE id = %s", (item_id,)).fetchone()[0] == "captured"
        reason = conn.execute("SELECT reason FROM rejected_changes WHERE row_id = %s", (item_id,)).fetchone()[0]
        assert "captured -> waiting" in reason


def test_central_verify_detects_truncation_and_altered_blobs(tmp_path, central, pg):
    _sync_one_captured_order(tmp_path, central)
    assert verify_central(central).ok
    admin_db = pg.admin_url(central.rsplit("/", 1)[1])
    with psycopg.connect(admin_db, autocommit=True) as admin:
        admin.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        admin.execute("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    report = verify_central(central)
    assert not report.ok and "truncated" in report.problem
    with psycopg.connect(admin_db, autocommit=True) as admin:
        admin.execute("DELETE FROM audit_events WHERE seq = (SELECT min(seq) + 1 FROM audit_events)")
    assert "removed" in verify_central(central).problem or "truncated" in verify_central(central).problem


def test_login_keeps_the_password_in_the_keyring_only(tmp_path, central):
    from sqlalchemy.engine import make_url

    url = make_url(central)
    bare = url.set(password=None).render_as_string(hide_password=False)
    with _station(tmp_path, "s1") as station:
        login_central(station, bare.replace(f"{STATION_LOGIN}@", ""), STATION_LOGIN, STATION_PASSWORD)
        settings = (tmp_path / "s1" / "settings.json").read_text(encoding="utf-8")
        assert STATION_PASSWORD not in settings and STATION_LOGIN in settings
        assert sync(station).pending == 0  # URL from settings, password from the keyring
    proc = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", "sync", "--json", "--data-dir", str(tmp_path / "s1")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr
    assert STATION_PASSWORD not in proc.stdout + proc.stderr


def test_review_decisions_and_rescan_tasks_sync_and_stay_append_only(tmp_path, central, pg):
    from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
    from archivist_desktop.services.review import decide
    from sample_data import capture_required

    with _station(tmp_path, "s1") as station:
        make_station(station, feed=sample_feed())
        clerk, supervisor = _people(station, central, "clerk2", "supervisor")
        items = capture_required(station, clerk, "WO202611000124")
        send_for_review(station, clerk, work_order_by_number(station, "WO202611000124"))
        flagged = slot_pages(station, items[0])[0].page_id
        decide(station, supervisor, flagged, "flag", "blurry", "重拍")
        decide(station, supervisor, slot_pages(station, items[1])[0].page_id, "approve")
        first = sync(station, central)
        assert first.pushed["reviews"] == 2 and first.pushed["rescan_tasks"] == 1
        capture_required(station, clerk, "WO202611000124")  # the rescan closes the task: a newer version
        second = sync(station, central)
        assert second.pushed["rescan_tasks"] == 1 and "reviews" not in second.pushed
        assert sync(station, central).pushed == {}
    with psycopg.connect(central, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2
        assert conn.execute("SELECT state, replacement_page_id IS NOT NULL FROM rescan_tasks").fetchone() == (
            "done",
            True,
        )
        assert conn.execute("SELECT state FROM checklist_items WHERE id = %s", (items[0],)).fetchone()[0] == "captured"
        # the flagged page stays, marked replaced; its content is untouched
        assert conn.execute("SELECT status FROM pages WHERE id = %s", (flagged,)).fetchone()[0] == "replaced"
        for sql in ("DELETE FROM reviews", "UPDATE reviews SET decision = 'approve'", "DELETE FROM rescan_tasks"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    with psycopg.connect(pg.admin_url(central.rsplit("/", 1)[1]), autocommit=True) as admin:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
            admin.execute("UPDATE reviews SET decision = 'approve'")
