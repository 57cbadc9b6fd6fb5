"""Materials (#19) in the review queue, the viewer's decoder and the filmstrip's loader (service level)."""

from __future__ import annotations

import pytest

from archivist_desktop.services.capture import attach_files, send_for_review, work_order_by_number
from archivist_desktop.services.materials import format_duration, load_slot_view, material_badges
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.review import decode_page, page_thumbnail, review_queue
from sample_data import capture_required
from test_materials import material_files

LV = "WO202611000124"  # one review gate


@pytest.fixture(scope="module")
def mfiles(tmp_path_factory):
    return material_files(tmp_path_factory.mktemp("mview"))


def _first_document(archive, order_no):
    entry = get_checklist(archive, work_order_by_number(archive, order_no)).steps[0].entries[0]
    return entry.item_id, entry.document_type


def test_pdf_video_and_audio_show_in_the_review_queue_and_decode(make_station, feed, mfiles):
    station = make_station(users=("clerk", "supervisor"), feed=feed)
    archive, clerk = station.archive, station.users["clerk"]
    item_id, doc_type = _first_document(archive, LV)
    names = ["contract.pdf", "survey.mp4", "agreement.mp3"]
    attached = attach_files(archive, clerk, LV, doc_type, [mfiles[n] for n in names], late_reason="补录 test")
    assert all(a.ok for a in attached), attached
    ids = {n: a.page_id for n, a in zip(names, attached, strict=True)}
    capture_required(archive, clerk, LV)
    send_for_review(archive, clerk, work_order_by_number(archive, LV))

    queue = review_queue(archive, station.users["supervisor"])
    assert set(ids.values()) <= {e.page_id for e in queue.entries}
    sup = station.users["supervisor"]
    page1 = decode_page(archive, sup, ids["contract.pdf"], 800)
    page2 = decode_page(archive, sup, ids["contract.pdf"], 800, page_no=2)
    assert page1.ndim == 3 and max(page1.shape[:2]) == 800 and page1.shape == page2.shape
    assert (page1 != page2).any()  # another page of the PDF
    assert decode_page(archive, sup, ids["contract.pdf"], 800, page_no=9).shape == page1.shape  # clamped
    video = decode_page(archive, sup, ids["survey.mp4"], 800)
    assert video.shape == (120, 160, 3)
    card = decode_page(archive, sup, ids["agreement.mp3"], 800)
    assert card.ndim == 3 and card.std() > 5  # a card with a loudspeaker and the length
    for page_id in ids.values():
        assert page_thumbnail(archive, sup, page_id)[:2] == b"\xff\xd8"

    badges = material_badges(archive, list(ids.values()))
    assert badges[ids["contract.pdf"]].page_count == 2 and badges[ids["survey.mp4"]].kind == "video"
    assert format_duration(badges[ids["survey.mp4"]].duration_s) == "0:02"
    view = load_slot_view(archive, clerk, item_id)
    assert set(ids.values()) <= set(view.materials)
    assert all(view.thumbnails[p][:2] == b"\xff\xd8" for p in ids.values())


def test_format_duration():
    assert [format_duration(s) for s in (None, 0.4, 42, 61.6, 3725)] == ["0:00", "0:00", "0:42", "1:02", "1:02:05"]
