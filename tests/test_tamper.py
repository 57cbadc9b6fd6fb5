"""Tamper evidence beyond the chain: each tampering an attacker with the station's SQLite file can do
(direct SQL) makes ``verify`` exit 1 naming the problem; an untouched station exits 0; ``export``
refuses a page whose row or bytes no longer match what its capture recorded."""

from __future__ import annotations

import sqlite3

import pytest

from archivist_desktop.cli import main
from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.boxes import put_in_box, set_shelf
from archivist_desktop.services.records import export_volume
from archivist_desktop.services.verify import init_chain_key, verify
from archivist_desktop.store import audit
from archivist_desktop.store.audit import event_hash
from archivist_desktop.store.db import DB_FILE
from test_records_services import HV, filed, people  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def keyring_file(tmp_path, monkeypatch):
    """A plain-text keyring of this test only, and no chain keys cached from other tests."""
    import keyring.core
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    monkeypatch.setattr(audit, "_KEYS", {})
    return backend


def sql(archive, statement: str, *params) -> list:
    con = sqlite3.connect(archive.data_dir / DB_FILE)
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def run_verify(archive, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", "--data-dir", str(archive.data_dir)])
    return code, capsys.readouterr().out


@pytest.fixture
def shelved(archive, filed, people):  # noqa: F811
    volumes, _items, _ = filed
    box = put_in_box(archive, people["archivist"], volumes[HV].archival_code)
    set_shelf(archive, people["archivist"], box.box_no, "A01-01-01-1")
    return volumes[HV]


@pytest.fixture
def keyed(archive, shelved):
    init_chain_key(archive)
    return shelved


def test_an_untouched_station_verifies(archive, keyed, capsys):
    code, out = run_verify(archive, capsys)
    assert code == 0, out
    report = verify(archive)
    assert report.keyed and report.rows_checked > 0


def test_an_unkeyed_station_verifies_and_its_history_stays_verifiable_once_keyed(archive, shelved, capsys):
    assert run_verify(archive, capsys)[0] == 0
    assert not verify(archive).keyed
    init_chain_key(archive)
    assert init_chain_key(archive) == init_chain_key(archive)  # idempotent
    assert run_verify(archive, capsys)[0] == 0


def test_deleting_the_last_ten_events_is_detected(archive, keyed, capsys):
    sql(archive, "DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 10)")
    code, out = run_verify(archive, capsys)  # the key marker was among them: either way, named
    assert code == 1 and ("removed from its end" in out or "no key marker" in out), out
    sql(archive, "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")


def test_deleting_the_tail_of_an_unkeyed_chain_is_detected(archive, shelved, capsys):
    sql(archive, "DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 10)")
    code, out = run_verify(archive, capsys)
    assert code == 1 and "removed from its end" in out


def recompute(archive, change_actor_of_seq: int, drop_marker: bool = False) -> None:
    """The attacker's recomputation: plain hashes (no key) from the first event on."""
    if drop_marker:
        sql(archive, "DELETE FROM audit_events WHERE action = 'chain-key'")
        sql(archive, "DELETE FROM local_meta WHERE key = 'chain_key'")
    sql(archive, "UPDATE audit_events SET actor = 'nobody' WHERE seq = ?", change_actor_of_seq)
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from archivist_desktop.store.models import AuditEvent

    prev = "0" * 64
    with Session(archive.engine) as s, s.begin():  # the attacker's own script on the SQLite file
        for ev in s.execute(
            select(AuditEvent).where(AuditEvent.station_id.is_(None)).order_by(AuditEvent.seq)
        ).scalars():
            ev.prev_hash = prev
            ev.hash = prev = event_hash(
                prev, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload
            )
    # and the head copy follows the recomputed head
    import json

    (archive.data_dir / audit.HEAD_FILE).write_text(json.dumps({"hash": prev}))


def test_a_chain_recomputed_without_the_key_is_detected(archive, keyed, capsys):
    last = sql(archive, "SELECT max(seq) FROM audit_events")[0][0]
    recompute(archive, last - 1)
    code, out = run_verify(archive, capsys)
    assert code == 1 and ("keyed hash" in out or "not signed" in out), out


def test_a_chain_recomputed_without_its_key_marker_is_detected(archive, keyed, capsys):
    recompute(archive, 3, drop_marker=True)
    code, out = run_verify(archive, capsys)
    assert code == 1 and "no key marker" in out, out


def test_an_edited_archived_volume_is_detected(archive, keyed, capsys):
    sql(archive, "UPDATE volumes SET title = 'something else' WHERE archival_code = ?", keyed.archival_code)
    code, out = run_verify(archive, capsys)
    assert code == 1 and f"archived volume {keyed.archival_code}" in out, out


def swap_a_page(archive, volume) -> str:
    """Replace an archived page's file and its pages.sha256/sm3 with another image's."""
    from archivist_desktop.services.records import volume_pages

    (_doc, rows), *_ = volume_pages(archive, volume.archival_code)
    page = rows[0]
    stored = archive.files.put(b"\xff\xd8\xff\xe0 a forged page \xff\xd9")
    sql(
        archive,
        "UPDATE pages SET sha256 = ?, sm3 = ?, size = ? WHERE id = ?",
        stored.sha256,
        stored.sm3,
        stored.size,
        page.id,
    )
    return page.id


def test_a_page_swapped_together_with_its_hash_is_detected_and_not_exported(archive, keyed, people, capsys, tmp_path):  # noqa: F811
    page_id = swap_a_page(archive, keyed)
    code, out = run_verify(archive, capsys)
    assert code == 1 and f"page {page_id}" in out, out
    with pytest.raises(KnownError, match=page_id):
        export_volume(archive, people["archivist"], keyed.archival_code, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_a_page_whose_sm3_was_changed_is_detected(archive, keyed, capsys):
    from archivist_desktop.store.files import sm3_available

    if not sm3_available():
        pytest.skip("no SM3 in this OpenSSL")
    sql(archive, "UPDATE pages SET sm3 = ? WHERE id = (SELECT id FROM pages LIMIT 1)", "0" * 64)
    code, out = run_verify(archive, capsys)
    assert code == 1 and "SM3" in out, out


def test_a_tampered_page_file_is_refused_by_export(archive, keyed, people, tmp_path):  # noqa: F811
    from archivist_desktop.services.records import volume_pages

    (_doc, rows), *_ = volume_pages(archive, keyed.archival_code)
    path = archive.files.path_for(rows[0].sha256, rows[0].media_type)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:-10] + b"tampered\xff\xd9")
    with pytest.raises(KnownError, match=rows[0].id):
        export_volume(archive, people["archivist"], keyed.archival_code, tmp_path / "out.pdf")


def test_a_user_given_another_role_is_detected(archive, keyed, capsys):
    sql(archive, "UPDATE users SET role = 'admin' WHERE username = 'clerk'")
    code, out = run_verify(archive, capsys)
    assert code == 1 and "user clerk" in out, out


def test_an_administrator_inserted_directly_is_detected(archive, keyed, capsys):
    sql(
        archive,
        "INSERT INTO users (id, username, display_name, role, password_hash, active, created_at) "
        "SELECT 'x-1', 'mallory', 'mallory', 'admin', password_hash, 1, created_at FROM users LIMIT 1",
    )
    code, out = run_verify(archive, capsys)
    assert code == 1 and "user mallory" in out, out


def test_a_deleted_keyring_key_is_detected(archive, keyed, keyring_file, capsys):
    keyring_file.delete_password(audit.KEYRING_SERVICE, archive.station_id)
    audit._KEYS.clear()
    code, out = run_verify(archive, capsys)
    assert code == 1 and "not in the keyring" in out, out


def test_demo_data_on_a_keyed_station_goes_through_the_keyed_chain(tmp_path, capsys):
    """Bulk demo rows (``seed-demo --bulk``, the scale tests) are appended as every writer appends:
    HMACs after the key marker, and the head copy follows (verify exit 0, keyed)."""
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.demo import generate_bulk, seed_demo

    with Archive(tmp_path / "demo") as archive:
        seed_demo(archive, customers=2)
        init_chain_key(archive)
        generate_bulk(archive, orders=5, pages_per_order=2, batch=3)
        report = verify(archive)
        assert report.ok and report.keyed, report.problem
        assert run_verify(archive, capsys)[0] == 0
        marker = sql(archive, "SELECT seq FROM audit_events WHERE action = 'chain-key'")[0][0]
        bulk = sql(archive, "SELECT count(*) FROM audit_events WHERE actor = 'demo-data' AND seq > ?", marker)[0][0]
        assert bulk >= 5 + 5 * 2  # the orders and their pages, after the marker


def test_a_pulled_user_given_another_role_is_detected(tmp_path, capsys):
    """A user managed centrally whose ``central`` user events are at the station too: the row is
    checked against the last of them (a logged-in station, an embedded centre)."""
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.central_users import add_unit, add_user, disable_user
    from archivist_desktop.services.sync import init_central, sync

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    init_central(url)
    add_unit(url, "c01", "客户服务中心")
    add_user(url, "zhang", "correct-horse-42", "clerk", "c01")
    add_user(url, "zhao", "correct-horse-43", "clerk", "c01")
    disable_user(url, "zhao")
    with Archive(tmp_path / "station") as archive:
        archive.settings.set("central_url", url)
        archive.settings.save()
        sync(archive)
        # the centre's user events as a pull would bring them (sync does not pull audit events yet)
        cols = "id, at, actor, action, entity_type, entity_id, payload, prev_hash, hash, station_id"
        central = sqlite3.connect(tmp_path / "central.sqlite3")
        events = central.execute(f"SELECT {cols} FROM audit_events WHERE entity_type = 'user' ORDER BY seq").fetchall()
        central.close()
        assert len(events) == 3
        for row in events:
            sql(archive, f"INSERT INTO audit_events ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", *row)
        assert sql(archive, "SELECT role, active FROM users WHERE username IN ('zhang', 'zhao') ORDER BY username") == [
            ("clerk", 1),
            ("clerk", 0),
        ]
        assert run_verify(archive, capsys)[0] == 0
        sql(archive, "UPDATE users SET role = 'archivist' WHERE username = 'zhang'")
        code, out = run_verify(archive, capsys)
        assert code == 1 and "user zhang" in out and "role archivist" in out, out
        sql(archive, "UPDATE users SET role = 'clerk' WHERE username = 'zhang'")
        sql(archive, "UPDATE users SET active = 1 WHERE username = 'zhao'")
        code, out = run_verify(archive, capsys)
        assert code == 1 and "user zhao" in out and "disabled" in out, out


def test_a_boxed_document_takes_no_new_pages(archive, filed, people):  # noqa: F811
    from archivist_desktop.services.pages import add_page

    volumes, hv_items, _ = filed
    put_in_box(archive, people["archivist"], volumes[HV].archival_code)
    item = hv_items[0]
    assert sql(archive, "SELECT state FROM checklist_items WHERE id = ?", item) == [("boxed",)]
    before = sql(archive, "SELECT count(*), page_order FROM pages JOIN checklist_items c ON c.id = item_id "
                 "WHERE item_id = ?", item)  # fmt: skip
    with pytest.raises(KnownError, match=r"^this document is in a box \(待移交卷宗\): it takes no new pages$"):
        add_page(archive, people["clerk"], item, b"\xff\xd8\xff\xe0 another page \xff\xd9")
    after = sql(archive, "SELECT count(*), page_order FROM pages JOIN checklist_items c ON c.id = item_id "
                "WHERE item_id = ?", item)  # fmt: skip
    assert after == before
