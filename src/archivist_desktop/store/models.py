"""SQLAlchemy 2.0 models of the local store.

Every row has a client-generated UUID (text) so that rows can sync to the central database
without server-assigned ids.  Date-times are stored in UTC and come back timezone-aware.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A UUID version 7: random, but ordered by creation time, so that new rows land at the end
    of every index keyed by id (fast inserts and pulls) and ids sort by age."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 62 & 0xFFF) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware date-time stored as naive UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware values")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: organisation unit code (units on the central database); a user belongs to one unit
    unit: Mapped[str | None] = mapped_column(String(32), index=True)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_no: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str | None] = mapped_column(String(32), index=True)


class WorkOrder(Base):
    __tablename__ = "work_orders"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    work_order_no: Mapped[str] = mapped_column(String(40), unique=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    business_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    contract_end: Mapped[date | None] = mapped_column(Date, index=True)
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    #: first step not yet completed (``None`` when every step is done)
    current_step: Mapped[int | None] = mapped_column(Integer)
    #: when the current step's clock started (previous step's completion or creation)
    current_step_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: deadline of the current step, precomputed at import so that lists can filter on it
    current_step_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    current_step_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: the organisation unit the work order belongs to (the feed's "unit")
    unit: Mapped[str | None] = mapped_column(String(32), index=True)


class StepCompletion(Base):
    __tablename__ = "step_completions"
    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"), primary_key=True)
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChecklistItem(Base):
    __tablename__ = "checklist_items"
    __table_args__ = (
        UniqueConstraint("work_order_id", "step", "document_type", name="uq_checklist_items_slot"),
        # reminder counts and lists are answered from these indexes alone
        Index("ix_checklist_items_state", "state", "required", "due_at"),
        Index("ix_checklist_items_assignee_state", "assignee", "state", "required", "due_at"),
        Index("ix_checklist_items_team_state", "team", "state", "required", "due_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    step: Mapped[int] = mapped_column(Integer)
    document_type: Mapped[str] = mapped_column(String(64))
    required: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(16))
    step_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: copied from the work order so that per-user reminder counts need no join
    assignee: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    #: JSON list of the document's current page ids in reading order; pages dropped from it
    #: (deleted before sending, retaken, replaced after a flag) stay in ``pages`` as history
    page_order: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Page(Base):
    """A captured page.  Immutable once written; replacement adds a new row."""

    __tablename__ = "pages"
    __table_args__ = (
        Index("ix_pages_item_seq", "item_id", "seq"),
        # when each document was first captured (on-time rate, per-period counts) from the index alone
        Index("ix_pages_item_captured", "item_id", "captured_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("checklist_items.id"))
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sm3: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(32), default="image/jpeg")
    captured_by: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verdict: Mapped[str | None] = mapped_column(String(8))
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    process_meta: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | replaced | deleted
    #: focus measure of the page (from ``process_meta``), so that review queues sort worst-first in SQL
    sharpness: Mapped[float | None] = mapped_column(Float)
    #: what the page is (migration 0009): a camera/image page, or a born-digital document or a recording
    #: stored byte-identical; documents count their pages, media record duration and codec; the poster
    #: (first page / video frame, JPEG) is a derived file on each station (services/materials.py)
    kind: Mapped[str] = mapped_column(String(10), default="image", server_default="image")
    original_name: Mapped[str | None] = mapped_column(String(255))
    page_count: Mapped[int | None] = mapped_column(Integer)
    duration_s: Mapped[float | None] = mapped_column(Float)
    codec: Mapped[str | None] = mapped_column(String(32))
    poster_sha256: Mapped[str | None] = mapped_column(String(64))


class Review(Base):
    """One reviewer's decision on one page at one review gate.  Append-only: a later decision on
    the same page (after a rescan the new page has a new id) is a new row."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_page_gate", "page_id", "gate"), Index("ix_reviews_item", "item_id"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    page_id: Mapped[str] = mapped_column(ForeignKey("pages.id"))
    item_id: Mapped[str] = mapped_column(ForeignKey("checklist_items.id"))
    #: 1-based position of the gate in the item's review path, and the gate's id
    gate: Mapped[int] = mapped_column(Integer)
    gate_id: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(8))  # approve | flag
    reason: Mapped[str | None] = mapped_column(String(24))  # flag reason (domain.review.FLAG_REASONS)
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the 1-based page of a born-digital PDF/OFD a flag is about (None: the whole file; #19)
    part: Mapped[int | None] = mapped_column(Integer)


class PageText(Base):
    """A page's OCR text (#18): lines with their boxes and confidences, and the content findings.

    One row per page, written by the background OCR job (services/page_text.py); a page's text is
    found by the full-text index ``page_texts_fts`` (SQLite FTS5 trigram, migration 0008) locally
    and by a ``pg_trgm`` index centrally (c012).  ``item_id`` (the page's checklist item) scopes it
    like its page for sync and row-level security.
    """

    __tablename__ = "page_texts"
    page_id: Mapped[str] = mapped_column(ForeignKey("pages.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("checklist_items.id"), index=True)
    engine: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    #: JSON list of {"text", "box": [[x, y] * 4] (page pixels), "confidence"}
    lines: Mapped[str] = mapped_column(Text, default="[]")
    #: JSON list of content findings (services/content_check.py)
    findings: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    elapsed_ms: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class RescanTask(Base):
    """A flagged page to capture again, for the clerk who captured it."""

    __tablename__ = "rescan_tasks"
    __table_args__ = (
        Index("ix_rescan_tasks_assignee_state", "assignee", "state"),
        Index("ix_rescan_tasks_item_state", "item_id", "state"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id"))
    page_id: Mapped[str] = mapped_column(ForeignKey("pages.id"))
    item_id: Mapped[str] = mapped_column(ForeignKey("checklist_items.id"))
    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    assignee: Mapped[str] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    flagged_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(8), default="open")  # open | done
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replacement_page_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: the flagged page of a born-digital PDF/OFD (1-based; None: the whole file; #19)
    part: Mapped[int | None] = mapped_column(Integer)


class AuditEvent(Base):
    """Append-only, hash-chained record of every change."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_station_seq", "station_id", "seq"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    #: the station whose chain this event belongs to (``None``: this workstation's own chain)
    station_id: Mapped[str | None] = mapped_column(String(36))


class CentralEvent(Base):
    """A copy of a central audit event this station pulled: the ``central`` chain's user events of
    the station's users (added, disabled, password changed by ``central users``), for ``verify``.
    Kept as the centre keys and chains them (``central_seq`` is the centre's ``seq``); never part of
    the station's own chain, never pushed."""

    __tablename__ = "central_events"
    central_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Outbox(Base):
    """Rows changed locally and not yet pushed to the central database.

    Written in the same transaction as the change (see ``services.archive``); removed once the
    central database has committed the row.
    """

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(32))  # table name
    entity_id: Mapped[str] = mapped_column(String(64))  # primary key (composite keys joined by "|")


class LocalMeta(Base):
    """Small facts about this workstation: its station id, sync cursors."""

    __tablename__ = "local_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- archive room (issue #7): hand-overs, boxes, volumes, loans -------------------------------------


class HandOver(Base):
    """A hand-over receipt (移交清单): documents received by the archive room.  Immutable."""

    __tablename__ = "hand_overs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    hand_over_no: Mapped[str] = mapped_column(String(40), index=True)
    received_by: Mapped[str] = mapped_column(String(64))
    from_team: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: JSON lists: the checklist items received and the work orders they belong to
    item_ids: Mapped[str] = mapped_column(Text)
    work_order_nos: Mapped[str] = mapped_column(Text)


class Box(Base):
    """A kraft archive box (档案盒): one year, one retention period, one organisation (DA/T 22)."""

    __tablename__ = "boxes"
    __table_args__ = (UniqueConstraint("fonds", "year", "retention", "box_seq", name="uq_boxes_number"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    box_no: Mapped[str] = mapped_column(String(40), unique=True)
    fonds: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    retention: Mapped[str] = mapped_column(String(8))
    organisation: Mapped[str] = mapped_column(String(200))
    box_seq: Mapped[int] = mapped_column(Integer)
    #: room-rack-column-layer (domain.records.ShelfLocation); set when the box is shelved (archived)
    shelf: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Volume(Base):
    """A customer's file (卷宗) with its archival code (档号); state open | boxed | archived | voided."""

    __tablename__ = "volumes"
    __table_args__ = (
        UniqueConstraint("fonds", "category", "year", "retention", "volume_no", name="uq_volumes_number"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    archival_code: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    fonds: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    retention: Mapped[str] = mapped_column(String(8))
    volume_no: Mapped[int] = mapped_column(Integer)
    security_level: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(400))
    organisation: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12))
    box_id: Mapped[str | None] = mapped_column(ForeignKey("boxes.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class VolumeItem(Base):
    """A document (checklist item) filed in a volume, at a position.  Immutable."""

    __tablename__ = "volume_items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    volume_id: Mapped[str] = mapped_column(ForeignKey("volumes.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("checklist_items.id"), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Loan(Base):
    """A volume lent out (借阅) and, once back, returned (归还)."""

    __tablename__ = "loans"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    volume_id: Mapped[str] = mapped_column(ForeignKey("volumes.id"), index=True)
    borrower: Mapped[str] = mapped_column(String(128))
    purpose: Mapped[str] = mapped_column(Text)
    lent_by: Mapped[str] = mapped_column(String(64))
    borrowed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_to: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
