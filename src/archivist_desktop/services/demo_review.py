"""Demo data for the review desk: sent work orders, decisions at the gates, a flag and a rescan."""

from __future__ import annotations

import random

import cv2
import numpy as np

from archivist_desktop.domain.permissions import PermissionDenied
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.imaging import measure_sharpness
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.capture import missing_required, send_for_review, slot_pages
from archivist_desktop.services.orders import get_checklist, list_work_orders
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.review import approve_document, decide
from archivist_desktop.services.users import UserInfo, get_user


def page_quality(jpeg: bytes) -> tuple[float, str, list[str]]:
    """Sharpness, verdict and reasons of a demo page (the real focus measure, a simple rule)."""
    gray = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert gray is not None  # the demo pages are JPEGs made by the demo itself
    h, w = gray.shape
    sharp = measure_sharpness(gray[h // 4 : h // 4 + 500, w // 8 : w // 8 + 700])  # a block of text is enough
    if sharp < 0.18:
        return sharp, "reject", ["blurry"]
    if sharp < 0.3:
        return sharp, "warn", ["blurry"]
    return sharp, "accept", []


def blurred(jpeg: bytes, sigma: float) -> bytes:
    page = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert page is not None  # the demo pages are JPEGs made by the demo itself
    _ok, buf = cv2.imencode(".jpg", cv2.GaussianBlur(page, (0, 0), sigma), [cv2.IMWRITE_JPEG_QUALITY, 85])
    return buf.tobytes()


def _approve_everywhere(archive: Archive, item_id: str, reviewers: list[UserInfo]) -> bool:
    """Approve a document at each of its gates, each by the first reviewer allowed there."""
    for _gate in range(3):
        for reviewer in reviewers:
            try:
                results = approve_document(archive, reviewer, item_id)
            except PermissionDenied:
                continue
            except KnownError:
                return False
            if results[-1].item_state == ItemState.REVIEWED.value:
                return True
            break
        else:
            return False
    return False


def seed_review_demo(archive: Archive, rng: random.Random) -> dict[str, int]:
    """Send the complete work orders; approve some at every gate, flag a blurred page, rescan one."""
    from archivist_desktop.services.demo import demo_page_jpeg

    users = {name: get_user(archive, name) for name in ("clerk", "clerk2", "collector", "supervisor", "archivist")}
    reviewers = [users["collector"], users["archivist"], users["supervisor"], users["clerk2"], users["clerk"]]
    sent_orders, reviewed, flagged = [], 0, 0
    for row in list_work_orders(archive, limit=1000).rows:
        if missing_required(archive, row.id):
            continue
        checklist = get_checklist(archive, row.id)
        captured = [e for st in checklist.steps for e in st.entries if e.state == ItemState.CAPTURED]
        if not captured or rng.random() < 0.2:
            continue
        send_for_review(archive, users[row.assignee or "clerk"], row.id)
        sent_orders.append((row, captured))
    for n, (row, captured) in enumerate(sent_orders):
        if n % 3 == 0:  # stays in the review queue
            continue
        if n % 3 == 1 and flagged < 2:  # the worst page goes back for rescan
            pages = [(p, e) for e in captured for p in slot_pages(archive, e.item_id)]
            page, entry = min(pages, key=lambda pe: _sharpness(archive, pe[0].page_id))
            decide(archive, users["supervisor"], page.page_id, "flag", "blurry", "请重新拍摄，对准焦点")
            flagged += 1
            if flagged == 1:  # this one has been rescanned and sent again: the flagged page is in its history
                clerk = users[row.assignee or "clerk"]
                data = demo_page_jpeg(entry.name_en, f"{row.work_order_no}  {row.customer_no}", rng.randint(0, 10**9))
                sharp, verdict, reasons = page_quality(data)
                add_page(
                    archive,
                    clerk,
                    entry.item_id,
                    data,
                    width=1240,
                    height=1754,
                    verdict=verdict,
                    reasons=reasons,
                    process_meta={"metrics": {"sharpness": sharp}, "demo": True},
                )
                send_for_review(archive, clerk, row.id)
            continue
        for entry in captured:
            reviewed += _approve_everywhere(archive, entry.item_id, reviewers)
    return {"sent_orders": len(sent_orders), "reviewed_documents": reviewed, "flagged_pages": flagged}


def _sharpness(archive: Archive, page_id: str) -> float:
    from archivist_desktop.store.models import Page

    with archive.read_session() as s:
        page = s.get(Page, page_id)
        assert page is not None  # a page of the demo just added
        value = page.sharpness
    return 1.0 if value is None else value
