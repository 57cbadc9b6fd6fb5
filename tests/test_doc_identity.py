"""Is this the right document (#18): document-type scores, GB 11643 ID numbers, key fields, the
template declarations, the service on a real archive, and one generated page through OCR."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from archivist_desktop.domain import doc_identity as di
from archivist_desktop.domain.templates import Identify, load_templates, parse_template
from archivist_desktop.paths import resources_dir

REPO = Path(__file__).resolve().parents[1]

APPLICATION = Identify(titles=("用电申请(书|表)",), keywords=("申请人", "用电地址"), has_signature=True)
ID_CARD = Identify(titles=("居民身份证", "公民身份号码"), layout="id_card", fields=("id_name", "id_number"))
PLAN = Identify(titles=("供电方案(?!答复)",))
PLAN_REPLY = Identify(titles=("供电方案答复(单|书)",))
CANDIDATES = {"application_form": APPLICATION, "identity_proof": ID_CARD, "supply_plan": PLAN, "reply": PLAN_REPLY}

FORM_LINES = ["低压居民用电申请表", "客户名称：王芳  户号：3300067890", "用电地址：杭州市中山路8号", "申请人（签字）："]
CARD_FRONT = [
    "姓名 王芳",
    "性别 女 民族 汉",
    "出生 1990 年 3 月 7 日",
    "住址 杭州市中山路8号",
    "公民身份号码 11010519491231002X",
]
CARD_BACK = ["中华人民共和国", "居民身份证", "签发机关 杭州市公安局", "有效期限 2015.01.01-2035.01.01"]


# --- GB 11643 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "11010519491231002x", "440524188001010014", "320311770706001"]
)
def test_id_numbers_known(number):
    # the standard's own example (X), lower-case x as OCR reads it, a 1880 birth is too early, 15 digits is old format
    assert di.id_number_valid(number) is (number.upper() == "11010519491231002X")


def test_id_number_check_digit_and_date():
    assert di.id_check_char("11010519491231002") == "X"
    assert not di.id_number_valid("110105194912310021")  # wrong check character
    assert not di.id_number_valid("110105194902300026")  # 30 February
    assert not di.id_number_valid("910105194912310020")  # no region starts with 9
    future = "11010520991231" + "001"
    assert not di.id_number_valid(future + di.id_check_char(future), today=date(2026, 12, 2))
    assert not di.id_number_valid("1101051949123100AX")


def test_every_wrong_check_digit_is_flagged():
    first17 = "33010219800101123"
    good = di.id_check_char(first17)
    assert di.id_number_valid(first17 + good)
    assert all(not di.id_number_valid(first17 + c) for c in "0123456789X" if c != good)


# --- scores and guesses -------------------------------------------------------------------------


def test_score_title_cover_and_position():
    assert di.score(PLAN, ["供电方案"]) == 1.0
    assert di.score(PLAN, ["供电方案答复单"]) == 0.0  # the declaration's lookahead keeps the reply out
    assert di.score(Identify(titles=("供电方案",)), ["供电方案答复单"]) < di.score(PLAN_REPLY, ["供电方案答复单"])
    top = di.score(PLAN, ["供电方案", *["正文"] * 8])
    low = di.score(PLAN, [*["正文"] * 8, "供电方案"])
    assert top == 1.0 and low == 0.5
    assert di.score(PLAN, []) == 0.0 and di.score(Identify(), ["供电方案"]) == 0.0


def test_guess_names_the_best_type_or_none():
    assert di.guess(CANDIDATES, FORM_LINES)[0] == "application_form"
    assert di.guess(CANDIDATES, CARD_FRONT)[0] == "identity_proof"
    assert di.guess(CANDIDATES, CARD_BACK)[0] == "identity_proof"
    assert di.guess(CANDIDATES, ["供电方案答复单", "某某公司"])[0] == "reply"
    assert di.guess(CANDIDATES, ["第 2 页", "双方签字后生效"]) == (None, pytest.approx(0.0, abs=0.45))


def test_check_slot():
    wrong = di.check_slot(APPLICATION, CANDIDATES, CARD_FRONT, slot_id="application_form")
    assert wrong is not None and wrong.reason == "wrong_document" and wrong.looks_like == "identity_proof"
    assert di.check_slot(ID_CARD, CANDIDATES, CARD_FRONT, slot_id="identity_proof") is None
    assert di.check_slot(APPLICATION, CANDIDATES, FORM_LINES, slot_id="application_form") is None
    # a page without a title of any type (page 2 of a contract) is never flagged
    assert di.check_slot(APPLICATION, CANDIDATES, ["第二条 双方的权利和义务", "甲方应当……"]) is None


# --- key fields ---------------------------------------------------------------------------------


def test_extract_fields_one_line_and_split_cells():
    fields = di.extract_fields(FORM_LINES + CARD_FRONT)
    assert fields == {
        "customer_name": "王芳",
        "account_no": "3300067890",
        "id_name": "王芳",
        "id_number": "11010519491231002X",
    }
    split = di.extract_fields(["客户名称：", "杭州宏达机械厂", "户号", "33OO012345"])
    assert split == {"customer_name": "杭州宏达机械厂", "account_no": "3300012345"}  # O read for 0
    assert "customer_name" not in di.extract_fields(["客户信息表"])  # a title is no label


def test_cross_check():
    order = {"customer_name": "王 芳", "account_no": "3300067890"}
    fields = di.extract_fields(FORM_LINES)
    assert di.cross_check(fields, order) == []  # whitespace folded
    other = di.cross_check(fields, {"customer_name": "李强", "account_no": "3300012345"})
    assert {(f.field, f.expected, f.found) for f in other} == {
        ("customer_name", "李强", "王芳"),
        ("account_no", "3300012345", "3300067890"),
    }
    bad_id = di.cross_check({"id_number": "110105194912310021"}, order, check=["id_number"])
    assert [(f.field, f.expected) for f in bad_id] == [("id_number", "11010519491231002X")]
    assert di.cross_check({"id_name": "王芳"}, order, check=["id_name"]) == []
    assert di.cross_check(fields, order, check=[]) == []


def test_names_match_tolerance_is_opt_in():
    assert di.names_match("王己", "王己") and not di.names_match("王己", "王已")
    assert di.names_match("王己", "王已", tolerate=1)
    assert not di.names_match("王芳", "王方", tolerate=1)  # not a confusable pair
    assert di.names_match("ＡＢＣ公司", "ABC 公司")  # NFKC


# --- template declarations ----------------------------------------------------------------------


def _template(identify: object) -> dict:
    return {
        "id": "t",
        "name_zh": "测试",
        "name_en": "Test",
        "steps": [
            {
                "number": 1,
                "name_zh": "一",
                "name_en": "One",
                "documents": [{"id": "a", "name_zh": "甲", "name_en": "A", "identify": identify}],
            }
        ],
    }


def test_identify_parsed():
    t, problems = parse_template(
        _template({"titles": ["更名申请"], "keywords": ["户号"], "layout": "id_card_front", "has_seal": True})
    )
    assert problems == [] and t is not None
    ident = t.steps[0].documents[0].identify
    assert ident == Identify(("更名申请",), ("户号",), "id_card_front", False, True, ())


@pytest.mark.parametrize(
    ("identify", "where", "words"),
    [
        ({"titles": "更名"}, "identify.titles", "list of non-empty strings"),
        ({"titles": ["(unclosed"]}, "identify.titles", "not a valid pattern"),
        ({"layout": "passport"}, "identify.layout", "must be one of"),
        ({"has_seal": "yes"}, "identify.has_seal", "true or false"),
        ({"fields": ["phone"]}, "identify.fields", "unknown field 'phone'"),
        ({"title": ["x"]}, "identify.title", "unknown key"),
        (["x"], "identify", "must be a table"),
    ],
)
def test_identify_errors(identify, where, words):
    t, problems = parse_template(_template(identify))
    assert t is None
    assert any(p.location == f"steps[0].documents[0].{where}" and words in p.message for p in problems), problems


def test_every_shipped_document_type_declares_a_title():
    templates = load_templates(resources_dir() / "templates")
    assert len(templates) == 8
    for t in templates.values():
        for step in t.steps:
            for doc in step.documents:
                assert doc.identify.titles, f"{t.id}/{doc.id}"


# --- the service on an archive ------------------------------------------------------------------


def test_findings_for_a_page_of_the_archive(archive, make_station, feed):
    from sqlalchemy import select

    from archivist_desktop.services.content_check import findings_for, guess_document
    from archivist_desktop.store.models import ChecklistItem, Page
    from sample_data import capture_required

    station = make_station(users=("clerk2",), feed=feed)
    item_ids = capture_required(archive, station.users["clerk2"], "WO202611000124")
    with archive.read_session() as s:
        pages = {
            item.document_type: page
            for page, item in s.execute(
                select(Page, ChecklistItem).join(ChecklistItem, Page.item_id == ChecklistItem.id)
            ).all()
            if item.id in item_ids
        }
        form = pages["application_form"]
        found = findings_for(s, form, CARD_FRONT, archive=archive)
        assert [(f["reason"], f["looks_like"], f["severity"]) for f in found] == [
            ("wrong_document", "identity_proof", "warn")
        ]
        assert found[0]["message_zh"] == "疑似放错位置：像是「居民身份证」"
        lines = ["低压居民用电申请书", "客户名称：王芳 户号：3300012345", "申请人（签字）："]
        found = findings_for(s, form, lines, archive=archive)
        assert [(f["reason"], f["field"], f["expected"], f["found"]) for f in found] == [
            ("field_mismatch", "account_no", "3300067890", "3300012345")
        ]
        assert found[0]["message_zh"] == "户号不一致：工单 3300067890 / 页面 3300012345"
        card = pages["identity_proof"]
        found = findings_for(s, card, ["姓名 李强", *CARD_FRONT[1:]])
        assert [(f["field"], f["expected"], f["found"]) for f in found] == [("id_name", "王芳", "李强")]
    guess = guess_document(CARD_BACK)
    assert guess is not None and guess["doc_id"] in {"identity_proof", "old_holder_id", "new_holder_id"}
    assert guess_document(["第 2 页"]) is None


def test_red_seal():
    import cv2
    import numpy as np

    from archivist_desktop.services.content_check import has_red_seal

    page = np.full((1100, 800, 3), 245, np.uint8)
    cv2.putText(page, "text", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 3)
    assert not has_red_seal(page)
    cv2.line(page, (100, 300), (700, 300), (30, 30, 215), 3)  # a red underline is no seal
    assert not has_red_seal(page)
    cv2.circle(page, (600, 900), 90, (35, 30, 215), 10)
    assert has_red_seal(page)


# --- one generated page through OCR -------------------------------------------------------------


@pytest.fixture(scope="module")
def ocr_of_a_contract():
    from archivist_desktop.imaging import ocr

    if not ocr.available():
        pytest.skip("OCR engine not installed")
    sys.path.insert(0, str(REPO / "bench"))
    from textpages import make_page, random_fields

    fields = random_fields(3)
    image, _truth = make_page("transfer", "supply_contract", fields=fields, seed=3, dpi=150, photo=True)
    return ocr.recognise(image), fields


def test_ocr_page_filed_under_a_wrong_slot(ocr_of_a_contract):
    from archivist_desktop.services.content_check import _default_templates, check_lines

    result, fields = ocr_of_a_contract
    template = _default_templates()["transfer"]
    order = {"customer_name": fields["customer_name"], "account_no": fields["account_no"]}
    lines = [line.text for line in result.lines]
    wrong = check_lines(template, "application_form", lines, order)
    assert [(f["reason"], f["looks_like"]) for f in wrong] == [("wrong_document", "supply_contract")]
    assert check_lines(template, "supply_contract", lines, order) == []
    other = check_lines(template, "supply_contract", lines, {"customer_name": "某某", "account_no": "1234567890"})
    assert {f["field"] for f in other} == {"customer_name", "account_no"}


# --- shown in the filmstrip ---------------------------------------------------------------------


def test_filmstrip_marks_content_findings(qtbot):
    from datetime import UTC, datetime

    from archivist_desktop.services.capture import PageThumb
    from archivist_desktop.services.content_check import ContentFinding
    from archivist_desktop.ui.filmstrip import VERDICT_COLOURS, Filmstrip, finding_text

    strip = Filmstrip()
    qtbot.addWidget(strip)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    pages = tuple(PageThumb(f"p{n}", n, "accept", (), "0" * 64, "clerk", now, None, None) for n in (1, 2))
    strip.set_pages(pages, {})
    wrong = ContentFinding("wrong_document", "identity_proof", "居民身份证", "Resident ID card")
    account = ContentFinding("field_mismatch", field="account_no", expected="3300067890", found="3300012345")
    strip.set_findings({"p2": (wrong, account)})
    first, second = strip.item(0), strip.item(1)
    assert first.background().color() == VERDICT_COLOURS["accept"]
    assert second.background().color() == VERDICT_COLOURS["warn"]
    assert "wrong document?" in second.text()
    tip = second.toolTip()
    assert finding_text(wrong, zh=False) in tip and "Resident ID card" in tip
    assert "3300067890" in tip and "3300012345" in tip
    assert finding_text(wrong, zh=True) == "Possibly misfiled: looks like “居民身份证”"  # untranslated here


def test_review_queue_lists_content_findings_first(archive, make_station, feed):
    """Through the background job's store (services/page_text.store_text): an application form's text
    on the queue's last page (filed elsewhere) gives wrong_document, and that page leads the queue."""
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from archivist_desktop.services.page_text import store_text
    from archivist_desktop.services.review import QueueFilter, review_queue
    from sample_data import capture_required

    station = make_station(feed=feed)
    clerk, collector = station.add("clerk2", "collector")
    items = capture_required(archive, clerk, "WO202611000124")
    send_for_review(archive, clerk, work_order_by_number(archive, "WO202611000124"))
    queue = review_queue(archive, collector)
    assert len(queue.entries) == len(items) >= 3 and not any(e.findings for e in queue.entries)
    last = queue.entries[-1]  # the sharpest page comes last
    assert last.document_type != "application_form"
    box = [[0, 0], [10, 0], [10, 10], [0, 10]]
    raw = {
        "text": "\n".join(FORM_LINES),
        "lines": [{"text": t, "box": box, "confidence": 0.99} for t in FORM_LINES],
        "elapsed_ms": 1.0,
        "engine": "test",
    }
    store_text(archive, last.page_id, raw)
    for sort in ("sharpness", "captured_at"):
        queue = review_queue(archive, collector, QueueFilter(sort=sort))
        first = queue.entries[0]
        assert first.page_id == last.page_id
        assert [(f.reason, f.looks_like) for f in first.findings] == [("wrong_document", "application_form")]
        assert not any(e.findings for e in queue.entries[1:])


def test_ocr_leaves_a_red_seals_ring_text_out_of_the_page_text():
    """A generated refund voucher with its red seal (国网…供电公司业务专用章): the seal is found, its ring
    text is not read into the page's text (it was 2 % of the characters, inserted mid-form), and the
    rest of the page reads as before; ``keep_seals`` reads the ring too."""
    from archivist_desktop.imaging import ocr
    from archivist_desktop.imaging.seals import red_seal_boxes, without_red_seals

    if not ocr.available():
        pytest.skip("OCR engine not installed")
    sys.path.insert(0, str(REPO / "bench"))
    from textpages import make_page, random_fields

    image, truth = make_page("account_closure", "refund_voucher", fields=random_fields(509), seed=509)
    assert "专用章" not in truth
    assert red_seal_boxes(image)  # the ring (and the star inside it)
    kept = ocr.recognise(image, keep_seals=True)
    left_out = ocr.recognise(image)
    assert "专用章" in ocr.normalise(kept.text)
    assert "专用章" not in ocr.normalise(left_out.text)
    assert ocr.cer(truth, left_out.text) < ocr.cer(truth, kept.text)
    assert ocr.cer(truth, left_out.text) <= 0.01
    boxes, clean = red_seal_boxes(image), without_red_seals(image)
    y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
    assert (clean[:y0] == image[:y0]).all() and (clean[y1:] == image[y1:]).all()  # only the seal changed
