"""Is this the right document, for this customer?  Content findings of one page from its OCR text (#18).

:func:`findings_for` is called by the background OCR job after each page's OCR; the list it returns
is stored in ``page_texts.findings`` (JSON) and shown in the filmstrip and the review queue.  Each
finding is a plain dict::

    {"reason": "wrong_document" | "field_mismatch", "severity": "warn",
     "looks_like": doc_id | None, "looks_like_name_zh": str | None, "looks_like_name_en": str | None,
     "score": float | None,
     "field": str | None, "expected": str | None, "found": str | None, "message_zh": str}

The page's checklist item gives the template document type (its ``[steps.documents.identify]``)
and the work order's customer (name, 户号).  A red seal is looked for only when some document type
of the template declares ``has_seal`` and an image (or the archive, to read the page's bytes at a
quarter of their size) is given.

:func:`guess_document` guesses among all document types of all templates (``process --json``).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archivist_desktop.domain import doc_identity
from archivist_desktop.domain.templates import Identify, Template, load_templates
from archivist_desktop.paths import resources_dir
from archivist_desktop.store.models import ChecklistItem, Customer, Page, WorkOrder

if TYPE_CHECKING:
    import numpy as np

    from archivist_desktop.services.archive import Archive

log = logging.getLogger(__name__)

FIELD_LABELS_ZH = {
    "customer_name": "客户名称",
    "account_no": "户号",
    "id_name": "身份证姓名",
    "id_number": "身份证号码",
}


@functools.cache
def _default_templates() -> Mapping[str, Template]:
    return load_templates(resources_dir() / "templates")


def template_identifies(template: Template) -> dict[str, tuple[Identify, str]]:
    """Every document type of a template: id → (its declaration, its Chinese name)."""
    out: dict[str, tuple[Identify, str]] = {}
    for step in template.steps:
        for doc in step.documents:
            out.setdefault(doc.id, (doc.identify, doc.name_zh))
    return out


def text_lines(ocr: Any) -> list[str]:
    """The text lines of an OCR result (``imaging.ocr.OcrResult``), a list of strings, or a text."""
    if ocr is None:
        return []
    if isinstance(ocr, str):
        return ocr.splitlines()
    lines = getattr(ocr, "lines", None)
    if lines is not None:
        return [line.text if hasattr(line, "text") else str(line) for line in lines]
    return [str(t) for t in ocr]


# --- red seal ----------------------------------------------------------------------------------


def has_red_seal(image: np.ndarray) -> bool:
    """Whether a BGR page image holds a red seal (:func:`archivist_desktop.imaging.seals.red_seal_boxes`:
    a roundish blob of saturated red ink at least 4 % of the page's short side across)."""
    from archivist_desktop.imaging.seals import red_seal_boxes

    return bool(red_seal_boxes(image))


def _page_image(archive: Archive, page: Page) -> np.ndarray | None:
    import cv2
    import numpy as np

    from archivist_desktop.services.page_bytes import bytes_of_page

    try:
        data = bytes_of_page(archive, page)
    except Exception as exc:  # noqa: BLE001 - no bytes, no seal check; the text findings still stand
        log.info("content check: no image for page %s: %s", page.id, exc)
        return None
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_REDUCED_COLOR_4)


# --- findings ----------------------------------------------------------------------------------


def _as_dict(f: doc_identity.Finding, names: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    looks_name, looks_name_en = names.get(f.looks_like, (None, None)) if f.looks_like else (None, None)
    if f.reason == "wrong_document":
        message = f"疑似放错位置：像是「{looks_name or f.looks_like}」"
    elif f.field == "id_number":
        message = f"身份证号码校验不通过：{f.found}"
    else:
        message = f"{FIELD_LABELS_ZH.get(f.field or '', f.field)}不一致：工单 {f.expected} / 页面 {f.found}"
    return {
        "reason": f.reason,
        "severity": "warn",
        "looks_like": f.looks_like,
        "looks_like_name_zh": looks_name,
        "looks_like_name_en": looks_name_en,
        "score": f.score,
        "field": f.field,
        "expected": f.expected,
        "found": f.found,
        "message_zh": message,
    }


def check_lines(
    template: Template,
    slot_id: str,
    lines: Sequence[str],
    order: Mapping[str, str | None],
    *,
    seal: bool | None = None,
) -> list[dict[str, Any]]:
    """The findings of a page's text lines filed under ``slot_id`` of ``template`` (no database)."""
    docs = template_identifies(template)
    if slot_id not in docs:
        return []
    own, _ = docs[slot_id]
    names = {doc.id: (doc.name_zh, doc.name_en) for step in template.steps for doc in step.documents}
    found: list[doc_identity.Finding] = []
    wrong = doc_identity.check_slot(own, {d: i for d, (i, _) in docs.items()}, lines, slot_id=slot_id, seal=seal)
    if wrong is not None:
        found.append(wrong)
    else:  # the fields of another document type are not this slot's to check
        fields = doc_identity.extract_fields(lines)
        found.extend(doc_identity.cross_check(fields, order, check=own.fields))
    return [_as_dict(f, names) for f in found]


def findings_for(
    session: Session,
    page: Page,
    ocr: Any,
    *,
    templates: Mapping[str, Template] | None = None,
    archive: Archive | None = None,
    image: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """The content findings of one page (see the module docstring); ``[]`` when nothing is wrong or
    the page's template or document type is unknown.

    ``ocr``: the page's ``OcrResult`` (or its text lines).  ``templates``: the archive's (default:
    the resources' templates).  ``image`` (BGR) or ``archive`` (to read the page's bytes): only
    for the red-seal test, and only when a document type of the template declares ``has_seal``.
    """
    if templates is None:
        templates = archive.templates if archive is not None else _default_templates()
    item = session.get(ChecklistItem, page.item_id)
    if item is None:
        return []
    order = session.get(WorkOrder, item.work_order_id)
    if order is None:
        return []
    template = templates.get(order.business_type)
    if template is None:
        return []
    customer = session.get(Customer, order.customer_id)
    order_fields = {
        "customer_name": customer.name if customer else None,
        "account_no": customer.customer_no if customer else None,
    }
    lines = text_lines(ocr)
    seal: bool | None = None
    if any(i.has_seal for i, _ in template_identifies(template).values()):
        if image is None and archive is not None:
            image = _page_image(archive, page)
        if image is not None:
            seal = has_red_seal(image)
    return check_lines(template, item.document_type, lines, order_fields, seal=seal)


def guess_document(
    lines: Sequence[str], templates: Mapping[str, Template] | None = None, *, seal: bool | None = None
) -> dict[str, Any] | None:
    """The best-matching document type among all templates: ``{"doc_id", "template", "name_zh",
    "score"}``, or ``None`` when none scores :data:`~archivist_desktop.domain.doc_identity.GUESS_MIN`."""
    templates = templates if templates is not None else _default_templates()
    candidates: dict[str, Identify] = {}
    where: dict[str, tuple[str, str, str]] = {}
    # a type declared alike in several templates goes to the template whose name is on the page
    # (业务类型：高压新装), else to the first by id: those templates are tried first
    text = doc_identity.normalise("".join(lines))
    named = [t for t in sorted(templates) if doc_identity.normalise(templates[t].name_zh) in text]
    named.sort(key=lambda t: -len(templates[t].name_zh))
    for tid in named + [t for t in sorted(templates) if t not in named]:
        for doc_id, (identify, name_zh) in template_identifies(templates[tid]).items():
            key = f"{tid}/{doc_id}"
            candidates[key] = identify
            where[key] = (doc_id, tid, name_zh)
    best_key, best = doc_identity.guess(candidates, lines, seal=seal)
    if best_key is None:
        return None
    doc_id, tid, name_zh = where[best_key]
    return {"doc_id": doc_id, "template": tid, "name_zh": name_zh, "score": round(best, 3)}


def guess_document_of_file(path: str | Path, templates: Mapping[str, Template] | None = None) -> dict[str, Any] | None:
    """:func:`guess_document` from the OCR of an image file; ``None`` when OCR is not installed, the file
    cannot be read or nothing matches (``process --json``'s ``document_guess``)."""
    from archivist_desktop.errors import KnownError
    from archivist_desktop.imaging import ocr

    if not ocr.available():
        return None
    try:
        result = ocr.recognise_file(Path(path))
    except KnownError as exc:
        log.info("document guess: %s", exc)
        return None
    return guess_document(text_lines(result), templates)


# --- stored findings, for the filmstrip and the review queue -----------------------------------


@dataclass(frozen=True)
class ContentFinding:
    """One stored content finding of a page (a row of ``page_texts.findings``), for display."""

    reason: str  # wrong_document | field_mismatch
    looks_like: str | None = None
    looks_like_name_zh: str | None = None
    looks_like_name_en: str | None = None
    field: str | None = None
    expected: str | None = None
    found: str | None = None
    message_zh: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ContentFinding:
        def text(key: str) -> str | None:
            v = d.get(key)
            return None if v is None else str(v)

        return cls(
            str(d.get("reason") or ""),
            text("looks_like"),
            text("looks_like_name_zh"),
            text("looks_like_name_en"),
            text("field"),
            text("expected"),
            text("found"),
            str(d.get("message_zh") or ""),
        )


def _decode(raw: object) -> list[Mapping[str, Any]]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if not isinstance(raw, list):
        return []
    return [f for f in raw if isinstance(f, Mapping) and f.get("reason") in CONTENT_REASONS]


CONTENT_REASONS = ("wrong_document", "field_mismatch")


def page_findings(session: Session, page_ids: Sequence[str]) -> dict[str, tuple[ContentFinding, ...]]:
    """The stored content findings of the pages that have any (``page_texts.findings``, written by the
    background OCR job); ``{}`` on a database without page texts yet."""
    from archivist_desktop.store import models

    page_text = getattr(models, "PageText", None)
    if page_text is None or not page_ids:
        return {}
    out: dict[str, tuple[ContentFinding, ...]] = {}
    ids = list(page_ids)
    for chunk in range(0, len(ids), 900):
        rows = session.execute(
            select(page_text.page_id, page_text.findings).where(page_text.page_id.in_(ids[chunk : chunk + 900]))
        ).all()
        for pid, raw in rows:
            found = tuple(ContentFinding.from_dict(f) for f in _decode(raw))
            if found:
                out[pid] = found
    return out


def findings_of_pages(archive: Archive, page_ids: Sequence[str]) -> dict[str, tuple[ContentFinding, ...]]:
    """:func:`page_findings` in a read session of its own (the capture filmstrip's read, off the GUI thread)."""
    if not page_ids:
        return {}
    with archive.read_session() as s:
        return page_findings(s, page_ids)
