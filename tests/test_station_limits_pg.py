"""The station role at the centre can do only what its station may do (issue 15 item 3).

Every refused statement is run as the station login itself (psycopg, its own password), after a
station's real sync has put an archived volume at the centre; the stations' own syncs go on
before and after.  Units c01 (root) → hall01, hall02; logins st_archive (c01), st_counter
(hall01), st_hall2 (hall02); people managed centrally (``central users``), pulled by the stations.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import psycopg
import pytest

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.boxes import put_in_box, set_shelf
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
from archivist_desktop.services.records import build_volumes, customer_id_by_number, hand_over
from archivist_desktop.services.sync import import_orders_central, init_central, login_central, sync, verify_central
from archivist_desktop.services.users import authenticate
from archivist_desktop.store.audit import event_hash
from sample_data import capture_required, review_to_end, sample_feed

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
PASSWORD = "station-pw-7c1"
PEOPLE_PASSWORD = "correct-horse-42"
LOGINS = {"st_archive": "c01", "st_counter": "hall01", "st_hall2": "hall02"}
HALL01_ORDER, HALL02_ORDER = "WO202611000124", "WO202611000123"
PEOPLE = (
    ("wang", "clerk", "hall01"),
    ("li", "clerk", "hall01"),
    ("zhou", "collector", "hall01"),
    ("chen", "supervisor", "hall01"),
    ("liu", "archivist", "c01"),
    ("zhao", "clerk", "hall02"),
)


def _feed() -> dict:
    feed = sample_feed()
    for record in feed["work_orders"]:
        hall01 = record["work_order_no"] == HALL01_ORDER
        record["unit"] = "hall01" if hall01 else "hall02"
        record["assignee"] = "wang" if hall01 else "zhao"
    return feed


def _station(tmp_path, login: str, urls: dict[str, str]) -> Archive:
    archive = Archive(tmp_path / login)
    login_central(archive, urls[login].replace(f":{PASSWORD}@", "@"), login, PASSWORD)
    assert sync(archive).rejected == []
    return archive


@pytest.fixture
def company(pg, tmp_path):
    """The centre; the archive-room station captured, reviewed, filed, boxed and shelved one order
    offline and pushed it all in one real sync.  Returns the URLs, the admin's and each login's."""
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    add_unit(admin, "hall01", "第一营业厅", parent="c01")
    add_unit(admin, "hall02", "第二营业厅", parent="c01")
    for login, unit in LOGINS.items():
        init_central_with_unit(admin, login=login, login_password=PASSWORD, unit=unit)
    for username, role, unit in PEOPLE:
        add_user(admin, username, PEOPLE_PASSWORD, role, unit, team="营业一班")
    with Archive(tmp_path / "admin") as desk:
        import_orders_central(desk, admin, _feed())
    urls = {login: pg.url(login, PASSWORD, name) for login in LOGINS}
    room = _station(tmp_path, "st_archive", urls)
    try:
        who = {u: authenticate(room, u, PEOPLE_PASSWORD) for u, _, _ in PEOPLE}
        items = capture_required(room, who["wang"], HALL01_ORDER)
        send_for_review(room, who["wang"], work_order_by_number(room, HALL01_ORDER))
        review_to_end(room, items, [who[u] for u in ("li", "zhou", "chen", "liu")])
        hand_over(room, who["liu"], work_order_nos=[HALL01_ORDER])
        customer = customer_id_by_number(room, _feed_customer_no(HALL01_ORDER))
        (volume,) = build_volumes(room, who["liu"], customer)
        box = put_in_box(room, who["liu"], volume.archival_code)
        set_shelf(room, who["liu"], box.box_no, "A01-01-01-1")
        counts = sync(room)  # shelving, documents, pages and volume items in one push
        assert counts.rejected == [] and counts.pending == 0
        assert counts.pushed["pages"] == len(items) and counts.pushed["volume_items"] == len(items)
        station_id = room.station_id
    finally:
        room.close()
    return {
        "admin": admin,
        "urls": urls,
        "items": items,
        "volume": volume.id,
        "station_id": station_id,
        "tmp": tmp_path,
    }


def _feed_customer_no(work_order_no: str) -> str:
    return next(r["customer_no"] for r in sample_feed()["work_orders"] if r["work_order_no"] == work_order_no)


def _as(company, login: str):
    return psycopg.connect(company["urls"][login], autocommit=True)


def _one(url: str, sql: str, params=()):
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchone()


def test_the_archive_rooms_real_sync_lands_archived_and_verifies(company):
    admin = company["admin"]
    assert _one(admin, "SELECT state FROM volumes WHERE id = %s", (company["volume"],))[0] == "archived"
    states = _one(
        admin, "SELECT array_agg(DISTINCT state) FROM checklist_items WHERE id = ANY(%s)", (company["items"],)
    )
    assert states[0] == ["archived"]
    # the archive room's station id belongs to its login now, set at its first push
    assert _one(admin, "SELECT login FROM station_ids WHERE station_id = %s", (company["station_id"],))[0] == (
        "st_archive"
    )
    report = verify_central(company["urls"]["st_counter"])
    assert report.ok, report.problem


def test_nothing_is_added_to_an_archived_document_or_volume(company):
    item, volume = company["items"][0], company["volume"]
    with _as(company, "st_archive") as conn:  # the root unit's login: it sees both
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="is archived: no page can be added"):
            conn.execute(
                "INSERT INTO pages SELECT (jsonb_populate_record(p, jsonb_build_object('id', %s::text, 'seq', 99))).* "
                "FROM pages p WHERE p.item_id = %s LIMIT 1",
                (str(uuid.uuid4()), item),
            )
        other = conn.execute(
            "SELECT c.id FROM checklist_items c JOIN work_orders w ON w.id = c.work_order_id "
            "WHERE w.work_order_no = %s LIMIT 1",
            (HALL02_ORDER,),
        ).fetchone()[0]
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="is archived: no document can be added"):
            conn.execute(
                "INSERT INTO volume_items SELECT (jsonb_populate_record(v, "
                "jsonb_build_object('id', %s::text, 'item_id', %s::text))).* "
                "FROM volume_items v WHERE v.volume_id = %s LIMIT 1",
                (str(uuid.uuid4()), other, volume),
            )
    with _as(company, "st_counter") as conn:  # a hall login sees the hall's documents too
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="archived"):
            conn.execute(
                "INSERT INTO pages SELECT (jsonb_populate_record(p, jsonb_build_object('id', %s::text, 'seq', 98))).* "
                "FROM pages p WHERE p.item_id = %s LIMIT 1",
                (str(uuid.uuid4()), item),
            )
    assert _one(company["admin"], "SELECT count(*) FROM pages WHERE item_id = %s", (item,))[0] == 1


def test_an_archived_volumes_metadata_is_final(company):
    with _as(company, "st_archive") as conn:
        for sql in (
            "UPDATE volumes SET title = 'forged', version = version + 1 WHERE id = %s",
            "UPDATE volumes SET security_level = 'public', version = version + 1 WHERE id = %s",
            "UPDATE volumes SET organisation = 'x', created_by = 'zhao' WHERE id = %s",
        ):
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="archived: its metadata is final"):
                conn.execute(sql, (company["volume"],))
    title = _one(company["admin"], "SELECT title FROM volumes WHERE id = %s", (company["volume"],))[0]
    assert title != "forged"


def test_users_come_only_from_central_users(company):
    with _as(company, "st_counter") as conn:
        wang = conn.execute("SELECT * FROM users WHERE username = 'wang'").fetchone()
        assert wang is not None
        forged = str(uuid.uuid4())
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=r"managed centrally.*st_counter"):
            conn.execute(
                "INSERT INTO users SELECT (jsonb_populate_record(u, jsonb_build_object("
                "'id', %s::text, 'username', 'mallory', 'role', 'admin'))).* FROM users u WHERE u.username = 'wang'",
                (forged,),
            )
        for sql in (
            "UPDATE users SET role = 'admin' WHERE username = 'wang'",
            "UPDATE users SET password_hash = 'x' WHERE username = 'wang'",
            "DELETE FROM users WHERE username = 'wang'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(sql)
    assert _one(company["admin"], "SELECT count(*) FROM users WHERE username = 'mallory'")[0] == 0


def test_no_station_login_adds_changes_or_deletes_a_user_even_without_a_unit(company):
    """c014: a login without a unit (a centre from before units) is refused too; and should UPDATE or
    DELETE on users ever be granted to the station role, the trigger still refuses them."""
    from archivist_desktop.sync.central import connect, grant_station_role

    engine = connect(company["admin"])
    try:
        grant_station_role(engine, "st_legacy", PASSWORD)  # no unit: no station_logins row
    finally:
        engine.dispose()
    legacy = company["urls"]["st_archive"].replace("st_archive", "st_legacy")
    forged = str(uuid.uuid4())
    with psycopg.connect(legacy, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=r"managed centrally.*st_legacy cannot add"):
            conn.execute(
                "INSERT INTO users (id, username, display_name, role, password_hash, active, created_at) "
                "VALUES (%s, 'mallory', 'm', 'admin', 'x', true, now())",
                (forged,),
            )
    with psycopg.connect(company["admin"], autocommit=True) as admin:
        admin.execute("GRANT UPDATE, DELETE ON users TO archivist_station")
    try:
        for login in ("st_archive", "st_counter"):
            with _as(company, login) as conn:
                for sql, verb in (
                    ("UPDATE users SET role = 'admin' WHERE username = 'wang'", "change"),
                    ("UPDATE users SET password_hash = 'x', active = true WHERE username = 'zhou'", "change"),
                    ("DELETE FROM users WHERE username = 'chen'", "delete"),
                ):
                    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"managed centrally.*cannot {verb}"):
                        conn.execute(sql)
    finally:
        with psycopg.connect(company["admin"], autocommit=True) as admin:
            admin.execute("REVOKE UPDATE, DELETE ON users FROM archivist_station")
    assert _one(company["admin"], "SELECT role FROM users WHERE username = 'wang'")[0] == "clerk"
    assert _one(company["admin"], "SELECT count(*) FROM users WHERE username IN ('mallory', 'chen')")[0] == 1


def _forged_event(conn, station_id: str) -> tuple:
    """A correctly chained audit event for ``station_id``, on top of its chain's head."""
    head = conn.execute(
        "SELECT hash FROM audit_events WHERE station_id = %s ORDER BY seq DESC LIMIT 1", (station_id,)
    ).fetchone()
    prev = head[0] if head else "0" * 64
    eid, at = str(uuid.uuid4()), datetime.now(UTC).replace(tzinfo=None)
    payload = json.dumps({"forged": True})
    digest = event_hash(prev, eid, at.replace(tzinfo=UTC), "liu", "delete", "volume", "x", payload)
    return eid, at, "liu", "delete", "volume", "x", payload, prev, digest, station_id


_INSERT_EVENT = (
    "INSERT INTO audit_events (id, at, actor, action, entity_type, entity_id, payload, prev_hash, hash, station_id) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def test_audit_events_and_chain_heads_only_of_the_logins_own_stations(company):
    archive_station = company["station_id"]
    with _as(company, "st_counter") as conn:
        for target, match in ((archive_station, "belong to another login"), ("central", "belong to another login")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=match):
                conn.execute(_INSERT_EVENT, _forged_event(conn, target))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not its own"):
            conn.execute(
                "UPDATE station_heads SET events = events + 1, head_hash = 'f' WHERE station_id = %s",
                (archive_station,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not its own"):
            conn.execute(
                "INSERT INTO station_heads VALUES (%s, 'f', 1, now())",
                (str(uuid.uuid4()),),
            )
    assert verify_central(company["urls"]["st_counter"]).ok
    # its own (new) station id: the first event binds it to the login, whose station it stays
    own = str(uuid.uuid4())
    with _as(company, "st_counter") as conn:
        conn.execute(_INSERT_EVENT, _forged_event(conn, own))
    with _as(company, "st_hall2") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belong to another login"):
            conn.execute(_INSERT_EVENT, _forged_event(conn, own))


def test_customers_are_changed_by_central_imports_only(company):
    with _as(company, "st_counter") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="central imports only"):
            conn.execute("UPDATE customers SET name = 'forged', version = version + 1 WHERE unit = 'hall01'")
    with _as(company, "st_hall2") as conn:  # another unit's customers are not even visible
        assert conn.execute("UPDATE customers SET name = 'forged' WHERE unit = 'hall01'").rowcount == 0
    assert _one(company["admin"], "SELECT count(*) FROM customers WHERE name = 'forged'")[0] == 0


def test_password_hashes_only_of_the_logins_own_unit(company):
    admin = company["admin"]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("ANALYZE users")
    with _as(company, "st_hall2") as conn:
        hashes = conn.execute("SELECT username FROM users WHERE password_hash IS NOT NULL").fetchall()
        assert hashes == [("zhao",)]
        assert conn.execute("SELECT password_hash FROM users WHERE username = 'wang'").fetchone() is None
        # nor through the planner's statistics
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'users'").fetchone()[0] == 0
    with _as(company, "st_counter") as conn:  # its own unit's: offline sign-in needs them
        names = {r[0] for r in conn.execute("SELECT username FROM users WHERE password_hash LIKE '%%$%%'")}
        assert names == {"wang", "li", "zhou", "chen"}


def test_the_stations_sync_goes_on_after_the_refusals(company, tmp_path):
    test_users_come_only_from_central_users(company)
    counter = Archive(tmp_path / "st_counter")
    try:
        login_central(counter, company["urls"]["st_counter"].replace(f":{PASSWORD}@", "@"), "st_counter", PASSWORD)
        first = sync(counter)
        assert first.rejected == [] and first.pulled["pages"] == len(company["items"])
        wang = authenticate(counter, "wang", PEOPLE_PASSWORD)  # offline sign-in with the pulled hash
        assert wang.username == "wang"
        again = sync(counter)
        assert again.rejected == [] and again.pending == 0
    finally:
        counter.close()
    assert verify_central(company["urls"]["st_hall2"]).ok


def test_verify_central_walks_the_central_chain(company):
    admin = company["admin"]
    report = verify_central(company["urls"]["st_counter"])
    assert report.ok
    central_events = _one(admin, "SELECT count(*) FROM audit_events WHERE station_id = 'central'")[0]
    assert central_events >= len(PEOPLE) + 1  # the users added and the import
    head = _one(admin, "SELECT events FROM station_heads WHERE station_id = 'central'")
    assert head == (central_events,)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        conn.execute(
            "UPDATE audit_events SET actor = 'mallory' WHERE seq = "
            "(SELECT min(seq) FROM audit_events WHERE station_id = 'central')"
        )
        conn.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")
    broken = verify_central(company["urls"]["st_counter"])
    assert not broken.ok and "station central" in broken.problem


def test_verify_central_walks_the_central_chain_of_an_embedded_centre(tmp_path):
    """An embedded (SQLite) centre keeps no head for the central chain: it is walked all the same."""
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    with Archive(tmp_path / "admin") as desk:
        import_orders_central(desk, url, sample_feed())
    report = verify_central(url)
    assert report.ok and report.events_checked > 0
    from sqlalchemy import text

    from archivist_desktop.sync.central import connect

    engine = connect(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE station_id = 'central'"))
    finally:
        engine.dispose()
    broken = verify_central(url)
    assert not broken.ok and "station central" in broken.problem


def test_a_user_made_at_a_station_of_a_unit_is_set_aside_not_spread(company, tmp_path):
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.users import create_user

    counter = Archive(tmp_path / "st_counter_local")
    try:
        create_user(counter, "mallory", PEOPLE_PASSWORD, Role.ADMIN)  # before it knew its centre
        login_central(counter, company["urls"]["st_counter"].replace(f":{PASSWORD}@", "@"), "st_counter", PASSWORD)
        counts = sync(counter)
        refused = [r for r in counts.rejected if r["table"] == "users"]
        assert len(refused) == 1 and "managed centrally" in refused[0]["reason"]
        assert [r for r in counts.rejected if r["table"] != "users"] == []  # its audit events went up
    finally:
        counter.close()
    assert _one(company["admin"], "SELECT count(*) FROM users WHERE username = 'mallory'")[0] == 0
    assert verify_central(company["urls"]["st_counter"]).ok


# --- chain keys registered centrally (c011) ------------------------------------------------------------


def _local_fingerprint(company) -> str:
    from archivist_desktop.store.audit import CHAIN_KEY_META
    from archivist_desktop.store.models import LocalMeta

    with Archive(company["tmp"] / "st_archive") as room, room.read_session() as s:
        return s.get(LocalMeta, CHAIN_KEY_META).value


def test_the_chain_key_fingerprint_is_registered_once_by_its_own_login(company):
    admin, station_id = company["admin"], company["station_id"]
    fp = _local_fingerprint(company)
    assert _one(admin, "SELECT fingerprint, login FROM station_keys WHERE station_id = %s", (station_id,)) == (
        fp,
        "st_archive",
    )
    assert _one(admin, "SELECT count(*) FROM station_keys WHERE fingerprint = %s", (fp,))[0] == 1  # never the key
    forged = "f" * 64
    with _as(company, "st_counter") as conn:
        for target in (station_id, "central"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot register"):
                conn.execute(
                    "INSERT INTO station_keys (station_id, fingerprint, login) VALUES (%s, %s, 'x')", (target, forged)
                )
    with _as(company, "st_archive") as conn:  # not even its own: registered once, never changed
        for sql in (
            "UPDATE station_keys SET fingerprint = %s WHERE station_id = %s",
            "DELETE FROM station_keys WHERE fingerprint <> %s AND station_id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(sql, (forged, station_id))
        # a second registration with another key does nothing: the first stands
        conn.execute(
            "INSERT INTO station_keys (station_id, fingerprint, login) VALUES (%s, %s, 'x') "
            "ON CONFLICT (station_id) DO NOTHING",
            (station_id, forged),
        )
    assert _one(admin, "SELECT fingerprint FROM station_keys WHERE station_id = %s", (station_id,))[0] == fp
    # a fresh station id of its own: the login may register it (and owns that station id from then on)
    own = str(uuid.uuid4())
    with _as(company, "st_counter") as conn:
        conn.execute("INSERT INTO station_keys (station_id, fingerprint, login) VALUES (%s, %s, 'x')", (own, forged))
    assert _one(admin, "SELECT login FROM station_keys WHERE station_id = %s", (own,))[0] == "st_counter"
    assert _one(admin, "SELECT login FROM station_ids WHERE station_id = %s", (own,))[0] == "st_counter"


def test_verify_reports_a_chain_keyed_with_another_key_than_the_registered_one(company):
    from archivist_desktop.services.verify import verify

    admin, station_id = company["admin"], company["station_id"]
    assert verify_central(company["urls"]["st_counter"]).ok
    with Archive(company["tmp"] / "st_archive") as room:
        assert verify(room).ok
    with psycopg.connect(admin, autocommit=True) as conn:  # the registered key is not the chain's
        conn.execute("UPDATE station_keys SET fingerprint = %s WHERE station_id = %s", ("e" * 64, station_id))
    broken = verify_central(company["urls"]["st_counter"])
    assert not broken.ok and f"station {station_id}" in broken.problem and "registered centrally" in broken.problem
    with Archive(company["tmp"] / "st_archive") as room:
        report = verify(room)
    assert not report.ok and "registered another chain key" in report.problem
    with psycopg.connect(admin, autocommit=True) as conn:  # keyed, with no key registered at all
        conn.execute("DELETE FROM station_keys WHERE station_id = %s", (station_id,))
    unregistered = verify_central(company["urls"]["st_counter"])
    assert not unregistered.ok and "no chain key is registered" in unregistered.problem


# --- the centre's user events on the stations (c014 / 0010) -------------------------------------------


def _verify_cli(archive: Archive) -> tuple[int, str]:
    """``archivist-desktop verify`` in-process on ``archive``'s data dir: (exit status, its output)."""
    import contextlib
    import io

    from archivist_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["verify", "--data-dir", str(archive.data_dir)])
    return code, out.getvalue() + err.getvalue()


def test_a_station_checks_its_users_against_the_centres_user_events(company, tmp_path):
    from archivist_desktop.services.central_users import change_password, disable_user
    from archivist_desktop.services.verify import verify
    from archivist_desktop.store.models import CentralEvent, User

    admin = company["admin"]
    counter = _station(tmp_path, "st_counter", company["urls"])
    try:
        with counter.read_session() as s:
            copies = s.query(CentralEvent).order_by(CentralEvent.central_seq).all()
            users = {u.id: u.username for u in s.query(User)}
        # exactly the user events of its own unit's people, as the centre chains them
        assert sorted(users[c.entity_id] for c in copies) == ["chen", "li", "wang", "zhou"]
        assert {c.station_id for c in copies} == {"central"} and {c.action for c in copies} == {"add"}
        with psycopg.connect(admin) as conn:
            central = {r[0]: r[1:] for r in conn.execute("SELECT id, seq, hash FROM audit_events").fetchall()}
        assert all(central[c.id] == (c.central_seq, c.hash) for c in copies)
        assert verify(counter).ok
        # the centre disables li and changes chen's password: the next sync brings both events
        disable_user(admin, "li")
        change_password(admin, "chen", "another-horse-77")
        assert sync(counter).pulled["user_events"] == 2
        assert sync(counter).pulled.get("user_events", 0) == 0  # nothing twice
        report = verify(counter)
        assert report.ok, report.problem
        # tampering with the station's SQLite by hand
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE users SET role = 'admin' WHERE username = 'wang'")
        code, output = _verify_cli(counter)
        assert code == 1 and "user wang: role admin is not the clerk their last user event recorded" in output
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE users SET role = 'clerk' WHERE username = 'wang'")
            conn.exec_driver_sql("UPDATE users SET active = 1 WHERE username = 'li'")
        assert "user li: active although their last user event disabled them" in (verify(counter).problem or "")
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE users SET active = 0 WHERE username = 'li'")
        assert verify(counter).ok
        # the copies themselves: edited, recomputed, removed
        (wang_add,) = [c for c in copies if users[c.entity_id] == "wang"]
        with counter.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE central_events SET payload = replace(payload, 'clerk', 'admin') WHERE id = ?", (wang_add.id,)
            )
        assert "does not match its hash (the copy was modified)" in (verify(counter).problem or "")
        with counter.read_session() as s:  # recomputed too: the link to the next copy no longer holds
            ev = s.get(CentralEvent, wang_add.central_seq)
            fields = (ev.prev_hash, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload)
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE central_events SET hash = ? WHERE id = ?", (event_hash(*fields), ev.id))
        assert "does not match the central event before it" in (verify(counter).problem or "")
        with counter.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE central_events SET payload = ?, hash = ? WHERE id = ?",
                (wang_add.payload, wang_add.hash, wang_add.id),
            )
        assert verify(counter).ok
        # the last copy (chen's new password) recomputed as an administrator's: only the centre can tell
        with counter.read_session() as s:
            ev = s.query(CentralEvent).order_by(CentralEvent.central_seq.desc()).first()
            original = (ev.payload, ev.hash, ev.id)
            payload = ev.payload.replace('"supervisor"', '"admin"')
            fields = (ev.prev_hash, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, payload)
        with counter.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE central_events SET payload = ?, hash = ? WHERE id = ?", (payload, event_hash(*fields), ev.id)
            )
            conn.exec_driver_sql("UPDATE users SET role = 'admin' WHERE username = 'chen'")
        problem = verify(counter).problem or ""
        assert "user chen" in problem and "differs from the centre's" in problem
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE central_events SET payload = ?, hash = ? WHERE id = ?", original)
            conn.exec_driver_sql("UPDATE users SET role = 'supervisor' WHERE username = 'chen'")
        assert verify(counter).ok
        with counter.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM central_events WHERE id = ?", (wang_add.id,))
        code, output = _verify_cli(counter)
        assert code == 1 and "user wang: central user event" in output and "missing on this station" in output
    finally:
        counter.close()
