"""Review use cases: the queue of sent pages, decisions at the review gates, rescan tasks.

A sent document passes the gates of its business type (``resources/review.toml``, one to three
levels) page by page.  Every decision is an append-only :class:`~archivist_desktop.store.models.Review`
row and an audit event.  A flag sends the document back to ``to_capture`` with a rescan task for
the clerk who captured the page; the rescanned page takes the flagged page's place in the
document (``services.pages.add_page``) and the flagged page stays in the history.  When every
gate has approved every page, the document is ``reviewed``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from archivist_desktop.domain.permissions import Permission, PermissionDenied, Role
from archivist_desktop.domain.review import Decision, FlagReason, Gate, next_gate, refusal_error
from archivist_desktop.domain.workflow import ItemState, capture_due
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.capture import make_thumbnail, readable_page
from archivist_desktop.services.content_check import ContentFinding, page_findings
from archivist_desktop.services.materials import material_display
from archivist_desktop.services.page_bytes import bytes_of_page
from archivist_desktop.services.scope import require_unit
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.audit import AuditLog
from archivist_desktop.store.models import ChecklistItem, Customer, Page, RescanTask, Review, WorkOrder, new_id


@dataclass(frozen=True)
class QueueFilter:
    team: str | None = None
    clerk: str | None = None  # captured_by
    business_type: str | None = None
    date_from: date | None = None  # capture date, in the business time zone
    date_to: date | None = None
    verdict: str | None = None  # accept | warn | reject
    #: only pages this user may decide on now (False: every page waiting at any gate)
    only_mine: bool = True
    sort: str = "sharpness"  # sharpness (worst first) | captured_at (oldest first)


@dataclass(frozen=True)
class QueueEntry:
    page_id: str
    item_id: str
    work_order_id: str
    work_order_no: str
    customer_no: str
    customer_name: str
    business_type: str
    step: int
    document_type: str
    document_name_zh: str
    document_name_en: str
    position: int  # 1-based place of the page in its document
    pages_in_document: int
    captured_by: str
    captured_at: datetime
    team: str | None
    verdict: str | None
    reasons: tuple[str, ...]
    sharpness: float | None
    dpi: float | None
    width: int | None
    height: int | None
    sha256: str
    gate: int  # 1-based
    gates: int
    gate_id: str
    gate_name_zh: str
    gate_name_en: str
    #: why this user may not decide on the page (None: they may)
    refusal: str | None
    #: content findings of the page's OCR text (wrong_document, field_mismatch; #18): listed first
    findings: tuple[ContentFinding, ...] = ()
    #: the refusal's code and parameters, for the desk's language (``ui/errors.py``; #17)
    refusal_code: str | None = None
    refusal_params: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def can_decide(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class ReviewQueue:
    entries: tuple[QueueEntry, ...]
    #: pages waiting at some gate, before the filters
    waiting: int
    #: among the listed entries: by quality verdict
    by_verdict: dict[str, int]
    teams: tuple[str, ...]
    clerks: tuple[str, ...]
    business_types: tuple[str, ...]


@dataclass(frozen=True)
class DecisionResult:
    review_id: str
    page_id: str
    item_id: str
    decision: str
    gate: int
    gate_id: str
    item_state: str
    rescan_task_id: str | None
    #: the page of a PDF/OFD the flag is about (1-based; None: the whole file; #19)
    part: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    gate: int
    gate_id: str
    decision: str
    reason: str | None
    comment: str
    reviewer: str
    decided_at: datetime
    page_id: str
    #: the page of a PDF/OFD a flag is about (None: the whole file; #19)
    part: int | None = None


@dataclass(frozen=True)
class RescanInfo:
    task_id: str
    page_id: str
    item_id: str
    work_order_id: str
    work_order_no: str
    document_type: str
    document_name_zh: str
    document_name_en: str
    reason: str
    comment: str
    flagged_by: str
    assignee: str
    created_at: datetime
    state: str
    replacement_page_id: str | None
    #: the flagged page of a born-digital PDF/OFD (1-based; None: the whole file; #19) and that
    #: file's format ("PDF" or "OFD"; None without a part), for "PDF 第 3 页" in the clerk's banner
    part: int | None = None
    part_format: str | None = None


#: a born-digital document's format as the clerk reads it, by its media type (#19)
DOCUMENT_FORMATS = {"application/pdf": "PDF", "application/ofd": "OFD"}


def gate_path(archive: Archive, business_type: str) -> tuple[Gate, ...]:
    template = archive.templates.get(business_type)
    return archive.review.path(template.review_levels if template else 1)


#: the decision that takes an approval back (Ctrl+Z in the review workspace): appended, never a deletion
WITHDRAW = "withdraw"


@dataclass(frozen=True)
class _Approval:
    id: str
    gate: int
    reviewer: str
    decided_at: datetime


def _approval_rows(s: Session, page_ids: list[str]) -> dict[str, dict[str, _Approval]]:
    """page id → {gate id: the approval row standing at that gate} (approvals not withdrawn).

    A gate's approval stands while the page has more approvals than withdrawals there: both are
    appended in turn (a withdrawal only of a standing approval), so counting needs no clock order."""
    rows: dict[tuple[str, str], list[_Approval]] = {}
    withdrawn: dict[tuple[str, str], int] = {}
    for chunk in range(0, len(page_ids), 900):
        for rid, page_id, gate_id, gate, decision, reviewer, decided_at in s.execute(
            select(
                Review.id,
                Review.page_id,
                Review.gate_id,
                Review.gate,
                Review.decision,
                Review.reviewer,
                Review.decided_at,
            ).where(
                Review.page_id.in_(page_ids[chunk : chunk + 900]),
                Review.decision.in_((Decision.APPROVE.value, WITHDRAW)),
            )
        ):
            key = (page_id, gate_id)
            if decision == WITHDRAW:
                withdrawn[key] = withdrawn.get(key, 0) + 1
            else:
                rows.setdefault(key, []).append(_Approval(rid, gate, reviewer, decided_at))
    out: dict[str, dict[str, _Approval]] = {pid: {} for pid in page_ids}
    for (page_id, gate_id), approvals in rows.items():
        if len(approvals) > withdrawn.get((page_id, gate_id), 0):
            approvals.sort(key=lambda r: (r.decided_at, r.id))
            out[page_id][gate_id] = approvals[-1]
    return out


def _approvals(s: Session, page_ids: list[str]) -> dict[str, dict[str, str]]:
    """page id → {gate id: reviewer} of its standing approvals."""
    return {
        pid: {gate_id: r.reviewer for gate_id, r in gates.items()} for pid, gates in _approval_rows(s, page_ids).items()
    }


def _flagged(s: Session, page_ids: list[str]) -> set[str]:
    """The pages among ``page_ids`` that a reviewer flagged (at any gate, on any station)."""
    out: set[str] = set()
    for chunk in range(0, len(page_ids), 900):
        out.update(
            s.execute(
                select(Review.page_id).where(
                    Review.page_id.in_(page_ids[chunk : chunk + 900]), Review.decision == Decision.FLAG.value
                )
            ).scalars()
        )
    return out


def _user_refusal(
    archive: Archive, user: UserInfo, gate: Gate, document_type: str, captured_by: str, approved_by: set[str]
) -> PermissionDenied | None:
    why = refusal_error(user.role, user.username, gate, captured_by, approved_by)
    if why is None:
        try:
            archive.permissions.check(user.role, document_type, Permission.REVIEW)
        except PermissionDenied as exc:
            why = exc
    return why


def review_queue(
    archive: Archive, user: UserInfo, filters: QueueFilter = QueueFilter(), limit: int = 5000
) -> ReviewQueue:
    """Pages of sent documents waiting at a review gate, filtered and sorted (pages with content findings
    first, then worst sharpness first)."""
    tz = archive.policy.tz
    with archive.read_session() as s:
        rows = s.execute(
            select(ChecklistItem, WorkOrder.work_order_no, WorkOrder.business_type, Customer.customer_no, Customer.name)
            .join(WorkOrder, WorkOrder.id == ChecklistItem.work_order_id)
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .where(ChecklistItem.state == ItemState.SENT.value)
        ).all()
        orders = {it.id: json.loads(it.page_order or "[]") for it, *_ in rows}
        page_ids = [pid for ids in orders.values() for pid in ids]
        pages: dict[str, Page] = {}
        for chunk in range(0, len(page_ids), 900):
            pages.update(
                (p.id, p) for p in s.execute(select(Page).where(Page.id.in_(page_ids[chunk : chunk + 900]))).scalars()
            )
        approvals = _approvals(s, page_ids)
        content = page_findings(s, page_ids)
    entries: list[QueueEntry] = []
    waiting = 0
    teams, clerks, types = set(), set(), set()
    for item, wo_no, business_type, cno, cname in rows:
        path = gate_path(archive, business_type)
        ids = orders[item.id]
        name_zh, name_en = archive.document_names(business_type, item.step, item.document_type)
        for position, pid in enumerate(ids, 1):
            page = pages.get(pid)
            if page is None:
                continue
            approved = approvals.get(pid, {})
            n = next_gate(path, set(approved))
            if n is None:
                continue
            waiting += 1
            gate = path[n]
            captured_local = page.captured_at.astimezone(tz)
            teams.add(item.team or "")
            clerks.add(page.captured_by)
            types.add(business_type)
            f = filters
            if (
                (f.team and item.team != f.team)
                or (f.clerk and page.captured_by != f.clerk)
                or (f.business_type and business_type != f.business_type)
                or (f.verdict and page.verdict != f.verdict)
                or (f.date_from and captured_local.date() < f.date_from)
                or (f.date_to and captured_local.date() > f.date_to)
            ):
                continue
            why = _user_refusal(archive, user, gate, item.document_type, page.captured_by, set(approved.values()))
            if f.only_mine and why is not None:
                continue
            meta = json.loads(page.process_meta or "{}")
            entries.append(
                QueueEntry(
                    pid,
                    item.id,
                    item.work_order_id,
                    wo_no,
                    cno,
                    cname,
                    business_type,
                    item.step,
                    item.document_type,
                    name_zh,
                    name_en,
                    position,
                    len(ids),
                    page.captured_by,
                    page.captured_at,
                    item.team,
                    page.verdict,
                    tuple(json.loads(page.reasons or "[]")),
                    page.sharpness,
                    (meta.get("metrics") or {}).get("dpi"),
                    page.width,
                    page.height,
                    page.sha256,
                    n + 1,
                    len(path),
                    gate.id,
                    gate.name_zh,
                    gate.name_en,
                    None if why is None else str(why),
                    content.get(pid, ()),
                    refusal_code=None if why is None else why.code,
                    refusal_params={} if why is None else dict(why.params),
                )
            )
    # pages with content findings (wrong document, field mismatch) first, in either order
    if filters.sort == "captured_at":
        entries.sort(key=lambda e: (not e.findings, e.captured_at, e.item_id, e.position))
    else:  # the worst pages first; pages without a measure after the measured ones
        entries.sort(
            key=lambda e: (
                not e.findings,
                e.sharpness is None,
                e.sharpness if e.sharpness is not None else 0.0,
                e.captured_at,
                e.position,
            )
        )
    by_verdict: dict[str, int] = {}
    for e in entries:
        by_verdict[e.verdict or "none"] = by_verdict.get(e.verdict or "none", 0) + 1
    return ReviewQueue(
        tuple(entries[:limit]), waiting, by_verdict, tuple(sorted(teams)), tuple(sorted(clerks)), tuple(sorted(types))
    )


def _check_flag(decision: Decision, reason: str | None, comment: str) -> FlagReason | None:
    if decision != Decision.FLAG:
        return None
    try:
        flag = FlagReason(reason)
    except ValueError:
        reasons = ", ".join(r.value for r in FlagReason)
        raise KnownError("a flag needs a reason: " + reasons, code="flag_needs_reason", reasons=reasons) from None
    if flag == FlagReason.OTHER and not comment.strip():
        raise KnownError("a flag with the reason 'other' needs a comment", code="flag_needs_comment")
    return flag


def _check_part(decision: Decision, part: int | None) -> None:
    """A decision about one page of a PDF/OFD (#19) is a flag: an approval is for the whole file."""
    if part is not None and decision != Decision.FLAG:
        raise KnownError(
            "an approval is for the whole file: only a flag can name one of its pages", code="part_only_for_flag"
        )


def _check_part_of(page: Page, part: int | None) -> None:
    """``part`` is a page of ``page``, a born-digital PDF/OFD (1 to its page count)."""
    if part is None:
        return
    page_count = (page.page_count or 1) if page.kind == "document" else 0
    if isinstance(part, bool) or not isinstance(part, int) or not 1 <= part <= page_count:
        raise KnownError(
            f"no page {part} to flag: this file has {page_count} page(s) that a flag can name",
            code="part_out_of_range",
            part=part,
            page_count=page_count,
        )


def _decide(
    archive: Archive,
    s: Session,
    user: UserInfo,
    page_id: str,
    decision: Decision,
    flag: FlagReason | None,
    comment: str,
    now: datetime,
    part: int | None = None,
) -> DecisionResult:
    page = s.get(Page, page_id)
    item = s.get(ChecklistItem, page.item_id) if page else None
    if page is None or item is None:
        raise KnownError(f"no page {page_id}", code="no_page", page_id=page_id)
    _check_part_of(page, part)
    if item.state != ItemState.SENT.value:
        raise KnownError(
            "this document is not waiting for review (it is " + item.state + ")", code="not_in_review", state=item.state
        )
    order = json.loads(item.page_order or "[]")
    if page_id not in order:
        raise KnownError("this page is no longer part of its document (it was replaced)", code="page_replaced")
    order_row = s.get(WorkOrder, item.work_order_id)
    assert order_row is not None  # foreign key
    require_unit(archive, user, order_row.unit, f"work order {order_row.work_order_no}")
    path = gate_path(archive, order_row.business_type)
    approved = _approvals(s, [page_id])[page_id]
    if decision == Decision.APPROVE and _flagged(s, [page_id]):
        raise KnownError("this page was flagged for rescan: the recaptured page takes its place", code="page_flagged")
    n = next_gate(path, set(approved))
    if n is None:
        raise KnownError("this page has been approved at every gate already", code="page_fully_approved")
    gate = path[n]
    why = _user_refusal(archive, user, gate, item.document_type, page.captured_by, set(approved.values()))
    if why is not None:
        raise why
    review = Review(
        id=new_id(),
        page_id=page_id,
        item_id=item.id,
        gate=n + 1,
        gate_id=gate.id,
        decision=decision.value,
        reason=flag.value if flag else None,
        comment=comment.strip(),
        reviewer=user.username,
        decided_at=now,
        part=part,
    )
    s.add(review)
    s.flush()  # the review row first: the rescan task refers to it
    audit = AuditLog(s)
    task_id = None
    payload = {
        "item_id": item.id,
        "gate": n + 1,
        "gate_id": gate.id,
        "decision": decision.value,
        "review_id": review.id,
        **({"part": part} if part is not None else {}),
    }
    if flag is not None:
        task = RescanTask(
            id=new_id(),
            review_id=review.id,
            page_id=page_id,
            item_id=item.id,
            work_order_id=item.work_order_id,
            assignee=page.captured_by,
            team=item.team,
            reason=flag.value,
            comment=comment.strip(),
            flagged_by=user.username,
            created_at=now,
            state="open",
            updated_at=now,
            version=1,
            part=part,
        )
        s.add(task)
        task_id = task.id
        # back to the clerk who captured it, with a fresh 48-working-hour window for the rescan
        item.state = ItemState.TO_CAPTURE.value
        item.assignee = page.captured_by
        item.due_at = capture_due(now.astimezone(archive.policy.tz), archive.policy.calendar)
        item.version += 1
        item.updated_at = now
        audit.append(
            now,
            user.username,
            "flag",
            "page",
            page_id,
            {
                **payload,
                "reason": flag.value,
                "comment": comment.strip(),
                "rescan_task": task_id,
                "assignee": page.captured_by,
            },
        )
    else:
        audit.append(now, user.username, "approve", "page", page_id, payload)
        s.flush()
        if all(next_gate(path, set(a)) is None for a in _approvals(s, order).values()):
            item.state = ItemState.REVIEWED.value
            item.version += 1
            item.updated_at = now
            audit.append(
                now,
                user.username,
                "reviewed",
                "checklist_item",
                item.id,
                {"pages": order, "gates": [g.id for g in path]},
            )
    return DecisionResult(review.id, page_id, item.id, decision.value, n + 1, gate.id, item.state, task_id, part)


def decide(
    archive: Archive,
    user: UserInfo,
    page_id: str,
    decision: str,
    reason: str | None = None,
    comment: str = "",
    part: int | None = None,
) -> DecisionResult:
    """Approve a page at its next gate, or flag it (with a reason) back to the clerk who captured it.

    ``part``: the page of a born-digital PDF/OFD a flag is about (1 to its page count; None: the
    whole file).  The review row, the rescan task and the audit event record it; an approval is
    always for the whole file (``part_only_for_flag``)."""
    try:
        kind = Decision(decision)
    except ValueError:
        raise KnownError(f"unknown decision {decision!r}: approve or flag") from None
    flag = _check_flag(kind, reason, comment or "")
    _check_part(kind, part)
    now = archive.now()
    with archive.session() as s:
        return _decide(archive, s, user, page_id, kind, flag, comment or "", now, part)


def approve_document(archive: Archive, user: UserInfo, item_id: str) -> tuple[DecisionResult, ...]:
    """Approve every page of a document waiting at a gate this user decides (all or nothing)."""
    now = archive.now()
    with archive.session() as s:
        item = s.get(ChecklistItem, item_id)
        if item is None:
            raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
        if item.state != ItemState.SENT.value:
            raise KnownError(
                "this document is not waiting for review (it is " + item.state + ")",
                code="not_in_review",
                state=item.state,
            )
        order = json.loads(item.page_order or "[]")
        order_row = s.get(WorkOrder, item.work_order_id)
        assert order_row is not None  # foreign key
        path = gate_path(archive, order_row.business_type)
        approvals = _approvals(s, order)
        flagged = _flagged(s, order)  # waits for its rescan: never approved with the rest
        pending = [pid for pid in order if next_gate(path, set(approvals[pid])) is not None and pid not in flagged]
        if not pending:
            if flagged:
                raise KnownError(
                    "the pages of this document left to decide are flagged for rescan", code="pending_pages_flagged"
                )
            raise KnownError("every page of this document has been approved already", code="document_fully_approved")
        return tuple(_decide(archive, s, user, pid, Decision.APPROVE, None, "", now) for pid in pending)


#: the document states in which an approval may still be taken back (not yet handed to the archive)
WITHDRAWABLE_STATES = (ItemState.SENT.value, ItemState.REVIEWED.value)


def withdraw_approvals(archive: Archive, user: UserInfo, review_ids: list[str]) -> tuple[DecisionResult, ...]:
    """Take back one's own approvals (all or nothing): each gets a ``withdraw`` decision appended at
    its gate, and the page waits at that gate again.

    Only while the document has not moved on: it is still sent for review, or reviewed but not yet
    handed over; a document the approval completed goes back to ``sent``.  Refused when a later gate
    approved the page since, or when the approval was withdrawn already."""
    if not review_ids:
        raise KnownError("no approval to take back", code="nothing_to_take_back")
    now = archive.now()
    with archive.session() as s:
        results = []
        for review_id in review_ids:
            review = s.get(Review, review_id)
            if review is None or review.decision != Decision.APPROVE.value:
                raise KnownError(f"no approval {review_id}")
            if review.reviewer != user.username:
                raise PermissionDenied(
                    "only the reviewer who approved a page can take the approval back", code="take_back_not_yours"
                )
            item = s.get(ChecklistItem, review.item_id)
            assert item is not None  # foreign key
            if item.state not in WITHDRAWABLE_STATES:
                raise KnownError(
                    f"the document has moved on (it is {item.state}): its approvals can no longer be taken back",
                    code="take_back_moved_on",
                    state=item.state,
                )
            if review.page_id not in json.loads(item.page_order or "[]"):
                raise KnownError("this page is no longer part of its document (it was replaced)", code="page_replaced")
            order_row = s.get(WorkOrder, item.work_order_id)
            assert order_row is not None  # foreign key
            require_unit(archive, user, order_row.unit, f"work order {order_row.work_order_no}")
            standing = _approval_rows(s, [review.page_id])[review.page_id]
            if standing.get(review.gate_id) is None or standing[review.gate_id].id != review.id:
                raise KnownError("this approval has been taken back already", code="taken_back_already")
            later = [g for g, r in standing.items() if r.gate > review.gate]
            if later:
                raise KnownError(
                    "a later review gate has approved this page since: that approval comes first",
                    code="take_back_later_gate",
                )
            row = Review(
                id=new_id(),
                page_id=review.page_id,
                item_id=item.id,
                gate=review.gate,
                gate_id=review.gate_id,
                decision=WITHDRAW,
                reason=None,
                comment="",
                reviewer=user.username,
                decided_at=now,
            )
            s.add(row)
            s.flush()
            audit = AuditLog(s)
            audit.append(
                now,
                user.username,
                "withdraw_approval",
                "page",
                review.page_id,
                {
                    "item_id": item.id,
                    "gate": review.gate,
                    "gate_id": review.gate_id,
                    "withdrawn_review_id": review.id,
                    "review_id": row.id,
                },
            )
            if item.state == ItemState.REVIEWED.value:
                item.state = ItemState.SENT.value
                item.version += 1
                item.updated_at = now
                audit.append(
                    now, user.username, "review_reopened", "checklist_item", item.id, {"withdrawn_review_id": review.id}
                )
            results.append(
                DecisionResult(row.id, review.page_id, item.id, WITHDRAW, review.gate, review.gate_id, item.state, None)
            )
        return tuple(results)


def page_reviews(archive: Archive, page_id: str) -> tuple[ReviewRecord, ...]:
    """Every decision on a page, oldest first."""
    with archive.read_session() as s:
        rows = s.execute(
            select(Review).where(Review.page_id == page_id).order_by(Review.decided_at, Review.id)
        ).scalars()
        return tuple(
            ReviewRecord(
                r.gate, r.gate_id, r.decision, r.reason, r.comment, r.reviewer, r.decided_at, r.page_id, r.part
            )
            for r in rows
        )


def rescan_tasks(
    archive: Archive, user: UserInfo | None = None, item_id: str | None = None, state: str | None = "open"
) -> tuple[RescanInfo, ...]:
    """Rescan tasks (open by default) for a clerk, an item, or the whole station."""
    cond = []
    if user is not None and user.role == Role.CLERK:
        cond.append(RescanTask.assignee == user.username)
    if item_id is not None:
        cond.append(RescanTask.item_id == item_id)
    if state is not None:
        cond.append(RescanTask.state == state)
    with archive.read_session() as s:
        rows = s.execute(
            select(RescanTask, ChecklistItem, WorkOrder)
            .join(ChecklistItem, ChecklistItem.id == RescanTask.item_id)
            .join(WorkOrder, WorkOrder.id == RescanTask.work_order_id)
            .where(*cond)
            .order_by(RescanTask.created_at)
        ).all()
        part_of = [t.page_id for t, _item, _wo in rows if t.part is not None]  # one page of a PDF/OFD (#19)
        media_types: dict[str, str] = {}
        if part_of:
            media_types.update(
                (pid, mt) for pid, mt in s.execute(select(Page.id, Page.media_type).where(Page.id.in_(part_of)))
            )
    out = []
    for t, item, wo in rows:
        zh, en = archive.document_names(wo.business_type, item.step, item.document_type)
        out.append(
            RescanInfo(
                t.id,
                t.page_id,
                t.item_id,
                t.work_order_id,
                wo.work_order_no,
                item.document_type,
                zh,
                en,
                t.reason,
                t.comment,
                t.flagged_by,
                t.assignee,
                t.created_at,
                t.state,
                t.replacement_page_id,
                t.part,
                DOCUMENT_FORMATS.get(media_types.get(t.page_id) or "", "PDF") if t.part is not None else None,
            )
        )
    return tuple(out)


# --- images for the viewer -------------------------------------------------------------------------


def decode_page(
    archive: Archive, user: UserInfo, page_id: str, max_side: int | None = None, page_no: int = 1
) -> np.ndarray:
    """The page as an RGB array (for display), decoded at a reduced size when ``max_side`` allows it
    (a material: page ``page_no`` of a PDF/OFD, a video's poster frame, a card for audio).

    JPEG decoding at 1/2, 1/4 or 1/8 scale is several times faster than full size, so a fit-to-window
    view never pays for 13 megapixels it cannot show.
    """
    page = readable_page(archive, user, page_id)
    if page.kind not in (None, "image"):  # a PDF/OFD page, a video's poster, an audio card (#19)
        return cv2.cvtColor(material_display(archive, page, page_no, max_side), cv2.COLOR_BGR2RGB)
    data = np.frombuffer(bytes_of_page(archive, page), np.uint8)  # fetched from the centre when not here
    flag = cv2.IMREAD_COLOR
    if max_side and page.width and page.height:
        factor = max(page.width, page.height) / max_side
        for reduce, mode in (
            (8, cv2.IMREAD_REDUCED_COLOR_8),
            (4, cv2.IMREAD_REDUCED_COLOR_4),
            (2, cv2.IMREAD_REDUCED_COLOR_2),
        ):
            if factor >= reduce:
                flag = mode
                break
    image = cv2.imdecode(data, flag)
    if image is None:
        raise KnownError(f"page {page_id} could not be decoded", code="page_undecodable", page_id=page_id)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def page_thumbnail(archive: Archive, user: UserInfo, page_id: str) -> bytes:
    """A small JPEG of the page, made once and kept in the data directory's thumbnail cache."""
    page = readable_page(archive, user, page_id)
    cache = Path(archive.data_dir) / "thumbs" / page.sha256[:2] / f"{page.sha256}.jpg"
    try:
        return cache.read_bytes()
    except FileNotFoundError:
        pass
    image: np.ndarray | None
    if page.kind not in (None, "image"):
        image = material_display(archive, page, 1, 800)
    else:
        image = cv2.imdecode(np.frombuffer(bytes_of_page(archive, page), np.uint8), cv2.IMREAD_REDUCED_COLOR_4)
    if image is None:
        raise KnownError(f"page {page_id} could not be decoded", code="page_undecodable", page_id=page_id)
    thumb = make_thumbnail(image)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_bytes(thumb)
    tmp.replace(cache)
    return thumb


@dataclass(frozen=True)
class DocumentPage:
    page_id: str
    position: int
    verdict: str | None
    sharpness: float | None
    current: bool  # in the document now (False: replaced, kept in the history)
    flagged: bool


def document_pages(archive: Archive, item_id: str) -> tuple[DocumentPage, ...]:
    """The document's current pages in order, then its earlier (replaced or flagged) pages."""
    with archive.read_session() as s:
        item = s.get(ChecklistItem, item_id)
        if item is None:
            raise KnownError(f"no checklist item {item_id}", code="no_item", item_id=item_id)
        order = json.loads(item.page_order or "[]")
        pages = {p.id: p for p in s.execute(select(Page).where(Page.item_id == item_id)).scalars()}
        flagged = set(
            s.execute(
                select(Review.page_id).where(Review.item_id == item_id, Review.decision == Decision.FLAG.value)
            ).scalars()
        )
    out = [
        DocumentPage(pid, n, pages[pid].verdict, pages[pid].sharpness, True, pid in flagged)
        for n, pid in enumerate(order, 1)
        if pid in pages
    ]
    history = sorted((p for pid, p in pages.items() if pid not in order), key=lambda p: p.seq)
    out.extend(DocumentPage(p.id, 0, p.verdict, p.sharpness, False, p.id in flagged) for p in history)
    return tuple(out)


def open_rescan(archive: Archive, user: UserInfo, item_id: str) -> tuple[RescanInfo, bytes] | None:
    """The open rescan task of a document with a thumbnail of the flagged page (for the capture panel)."""
    tasks = rescan_tasks(archive, None, item_id=item_id)
    if not tasks:
        return None
    return tasks[0], page_thumbnail(archive, user, tasks[0].page_id)
