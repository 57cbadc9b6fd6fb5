"""Born-digital files and media across stations (#19): a PDF and an MP3 attached at the counter reach
the centre with their rows and bytes, and ``download`` on another station of the unit writes the
same bytes, fetched from the centre on demand (real PostgreSQL, each station its own data dir)."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.review import decide
from archivist_desktop.services.sync import login_central, sync
from archivist_desktop.store.models import Page, RescanTask, Review
from cli_helpers import signed_main
from sample_data import capture_required, sample_feed
from stations import central_company, make_station, pulled_people
from test_materials import material_files
from test_page_bytes_pg import copy_page_rows

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("station_keyring")]
LOGIN, LOGIN_PASSWORD, PASSWORD = "station_mat", "st-pass-mat-19", "s3cret-pass"
ORDER = "WO202611000124"


def test_a_pdf_and_an_mp3_downloaded_on_another_station_are_the_same_bytes(pg, tmp_path, capsys):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    central_company(admin, LOGIN, LOGIN_PASSWORD, ("clerk", "supervisor"), PASSWORD)
    url = make_url(pg.url(LOGIN, LOGIN_PASSWORD, name)).set(password=None).render_as_string(hide_password=False)
    files = material_files(tmp_path / "files")
    originals = [files["contract.pdf"], files["agreement.mp3"]]

    with Archive(tmp_path / "A") as a:  # the counter
        make_station(a, feed=sample_feed())
        login_central(a, url, LOGIN, LOGIN_PASSWORD)
        sync(a)  # the people, created centrally
    capsys.readouterr()
    argv = ["attach", "--data-dir", str(tmp_path / "A"), "--work-order", ORDER, "--document", "application_form"]
    argv += ["--late-reason", "补录 (the command runs on the real clock)", *map(str, originals), "--user", "clerk"]
    assert signed_main(argv, PASSWORD) == 0
    attached = {p["path"]: p for p in json.loads(capsys.readouterr().out)["pages"]}
    assert [attached[str(p)]["kind"] for p in originals] == ["document", "audio"]
    with Archive(tmp_path / "A") as a:
        counts = sync(a)
        assert counts.pending == 0 and counts.rejected == [] and counts.pushed["blobs"] == 2
        with a.read_session() as s:
            pages = {p.original_name: p.id for p in s.execute(select(Page)).scalars()}

    with Archive(tmp_path / "B") as b:  # the review desk: rows from the centre, bytes on demand
        login_central(b, url, LOGIN, LOGIN_PASSWORD)
        sync(b)
        copy_page_rows(admin, b)
        with b.read_session() as s:
            kinds = {p.original_name: p.kind for p in s.execute(select(Page)).scalars()}
        assert kinds == {"contract.pdf": "document", "agreement.mp3": "audio"}
    for original in originals:
        out = tmp_path / f"downloaded-{original.name}"
        argv = ["download", "--data-dir", str(tmp_path / "B"), "--page", pages[original.name], "--out", str(out)]
        assert signed_main([*argv, "--user", "supervisor"], PASSWORD) == 0
        assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(original.read_bytes()).hexdigest()

    # a flag about page 2 of the PDF reaches the other station with its part (c016 on the centre)
    with Archive(tmp_path / "A") as a:
        clerk, supervisor = pulled_people(a, "clerk", "supervisor")
        capture_required(a, clerk, ORDER)
        send_for_review(a, clerk, work_order_by_number(a, ORDER))
        decide(a, supervisor, pages["contract.pdf"], "flag", "blurry", part=2)
        assert sync(a).rejected == []
    with Archive(tmp_path / "B") as b:
        sync(b)
        with b.read_session() as s:
            tasks = s.execute(select(RescanTask)).scalars().all()
            assert [(t.page_id, t.part) for t in tasks] == [(pages["contract.pdf"], 2)]
            assert [r.part for r in s.execute(select(Review)).scalars()] == [2]
