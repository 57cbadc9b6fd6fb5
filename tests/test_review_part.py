"""A flag about one page of a born-digital PDF/OFD (#19): ``part`` on the review and the rescan task.

A PDF is one ``pages`` row however many pages it has; a reviewer who flags page 2 of it says so, and
the clerk's rescan task, the reminders, the audit event and the CLI carry the page.  An approval is
always for the whole file; a part outside the file's pages is refused.  The local migration 0011
adds and drops the column without touching the rows.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select, text

from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.capture import attach_files, send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.review import decide, open_rescan, page_reviews, rescan_tasks
from archivist_desktop.services.verify import verify
from archivist_desktop.store import db
from archivist_desktop.store.models import AuditEvent, RescanTask, Review
from cli_helpers import signed_main
from sample_data import capture_required
from test_materials import material_files

LV = "WO202611000124"  # lv_residential_new_connection: one gate (team)


@pytest.fixture(scope="module")
def mfiles(tmp_path_factory):
    return material_files(tmp_path_factory.mktemp("review-part"))


@pytest.fixture
def people(make_station, feed):
    station = make_station(feed=feed)
    station.add("clerk2", "supervisor")
    return station.users


@pytest.fixture
def sent(archive, people, mfiles):
    """contract.pdf (2 pages) in the LV order's first document, the other documents captured, all sent.
    Returns (the PDF's page id, a camera page's id)."""
    clerk = people["clerk2"]
    entry = get_checklist(archive, work_order_by_number(archive, LV)).steps[0].entries[0]
    (attached,) = attach_files(archive, clerk, LV, entry.document_type, [mfiles["contract.pdf"]], late_reason="补录")
    assert attached.ok, attached
    items = capture_required(archive, clerk, LV)
    send_for_review(archive, clerk, work_order_by_number(archive, LV))
    return attached.page_id, slot_pages(archive, items[0])[0].page_id


def test_a_flag_on_page_2_of_a_pdf_is_recorded_on_the_review_and_the_rescan_task(archive, people, sent):
    pdf, _camera = sent
    result = decide(archive, people["supervisor"], pdf, "flag", "blurry", "第二页模糊", part=2)
    assert result.decision == "flag" and result.part == 2 and result.rescan_task_id
    with archive.read_session() as s:
        review = s.get(Review, result.review_id)
        task = s.get(RescanTask, result.rescan_task_id)
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "flag")).scalar_one()
    assert review.part == 2 and task.part == 2
    details = json.loads(event.payload)
    assert details["part"] == 2 and details["rescan_task"] == task.id
    assert page_reviews(archive, pdf)[-1].part == 2

    # what the clerk gets back: the rescan task (banner, capture panel) and the reminders
    (info,) = rescan_tasks(archive, people["clerk2"])
    assert (info.page_id, info.part, info.part_format) == (pdf, 2, "PDF")
    found = open_rescan(archive, people["clerk2"], info.item_id)
    assert found is not None and found[0].part == 2
    listed = [i for i in reminders(archive, people["clerk2"]).items["to_rescan"] if i.item_id == info.item_id]
    assert len(listed) == 1 and listed[0].rescan_part == 2
    assert listed[0].to_json()["rescan"]["part"] == 2
    assert verify(archive).ok


def test_a_flag_of_the_whole_file_has_no_part(archive, people, sent):
    pdf, _camera = sent
    result = decide(archive, people["supervisor"], pdf, "flag", "incomplete")
    assert result.part is None
    (info,) = rescan_tasks(archive, people["clerk2"])
    assert info.part is None and info.part_format is None
    with archive.read_session() as s:
        assert s.get(Review, result.review_id).part is None
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "flag")).scalar_one()
    assert "part" not in json.loads(event.payload)
    listed = [i for i in reminders(archive, people["clerk2"]).items["to_rescan"] if i.item_id == info.item_id]
    assert "part" not in listed[0].to_json()["rescan"]


@pytest.mark.parametrize("part", [0, 3, -1])
def test_a_part_outside_the_pdf_is_refused(archive, people, sent, part):
    pdf, _camera = sent
    with pytest.raises(KnownError) as refused:
        decide(archive, people["supervisor"], pdf, "flag", "blurry", part=part)
    assert refused.value.code == "part_out_of_range"
    assert dict(refused.value.params) == {"part": part, "page_count": 2}
    assert rescan_tasks(archive, people["clerk2"]) == ()  # nothing recorded


def test_a_part_of_a_camera_page_is_refused(archive, people, sent):
    _pdf, camera = sent
    with pytest.raises(KnownError) as refused:
        decide(archive, people["supervisor"], camera, "flag", "blurry", part=1)
    assert refused.value.code == "part_out_of_range"
    assert dict(refused.value.params) == {"part": 1, "page_count": 0}


def test_an_approval_with_a_part_is_refused(archive, people, sent):
    pdf, _camera = sent
    with pytest.raises(KnownError) as refused:
        decide(archive, people["supervisor"], pdf, "approve", part=2)
    assert refused.value.code == "part_only_for_flag"
    assert page_reviews(archive, pdf) == ()


def test_the_cli_flags_a_part_and_says_so(archive, people, sent, capsys):
    pdf, _camera = sent
    archive.close()
    base = ["--data-dir", str(archive.data_dir), "--user", "supervisor"]
    assert signed_main(["review", *base, "--page", pdf, "--part", "2"]) == 1  # an approval: the whole file
    assert "only a flag" in capsys.readouterr().err
    assert signed_main(["review", *base, "--page", pdf, "--flag", "blurry", "--part", "3"]) == 1
    assert "no page 3" in capsys.readouterr().err
    assert signed_main(["review", *base, "--page", pdf, "--flag", "blurry", "--part", "2"]) == 0
    (decision,) = json.loads(capsys.readouterr().out)["decisions"]
    assert decision["decision"] == "flag" and decision["part"] == 2 and decision["rescan_task_id"]


def test_the_cli_keeps_its_keys_without_a_part(archive, people, sent, capsys):
    _pdf, camera = sent
    archive.close()
    base = ["--data-dir", str(archive.data_dir), "--user", "supervisor"]
    assert signed_main(["review", *base, "--page", camera, "--flag", "glare", "--comment", "反光"]) == 0
    (decision,) = json.loads(capsys.readouterr().out)["decisions"]
    assert set(decision) == {
        "review_id",
        "page_id",
        "item_id",
        "decision",
        "gate",
        "gate_id",
        "item_state",
        "rescan_task_id",
    }


def _assert_part_columns(engine, present: bool, version: tuple[str, str] | None = None) -> None:
    """``reviews`` and ``rescan_tasks`` have a nullable ``part`` (or none); the schema at ``version``."""
    with engine.connect() as conn:
        for table in ("reviews", "rescan_tasks"):
            parts = [c for c in inspect(conn).get_columns(table) if c["name"] == "part"]
            assert (len(parts) == 1 and parts[0]["nullable"]) if present else not parts
        if version is not None:
            table, revision = version
            assert conn.execute(text(f"SELECT version_num FROM {table}")).scalar_one() == revision


def test_migration_0011_adds_and_drops_the_part_columns(tmp_path):
    from alembic import command

    engine = db.create_sqlite_engine(tmp_path / "db.sqlite3")
    try:
        db.upgrade(engine, "0010")
        with engine.begin() as conn:
            assert {c["name"] for c in inspect(conn).get_columns("reviews")} >= {"id", "decision"}
            assert "part" not in {c["name"] for c in inspect(conn).get_columns("rescan_tasks")}
        db.upgrade(engine, "0011")
        _assert_part_columns(engine, present=True)
        cfg = db._alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")
        _assert_part_columns(engine, present=False, version=("alembic_version", "0010"))
    finally:
        engine.dispose()


def test_central_migration_c016_adds_and_drops_the_part_columns(tmp_path):
    """On an embedded (SQLite) centre; PostgreSQL runs it in every PG test (tests/test_materials_pg.py
    syncs a part through it)."""
    from alembic import command

    from archivist_desktop.sync.central import VERSION_TABLE, _config, connect, migrate

    engine = connect(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        migrate(engine)
        _assert_part_columns(engine, present=True)
        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "c015")
        _assert_part_columns(engine, present=False, version=(VERSION_TABLE, "c015"))
    finally:
        engine.dispose()
