"""Recording local changes for the central database, in the same transaction as the change."""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from archivist_desktop.store.models import (
    AuditEvent,
    Box,
    ChecklistItem,
    Customer,
    HandOver,
    Loan,
    LocalMeta,
    Outbox,
    Page,
    PageText,
    RescanTask,
    Review,
    StepCompletion,
    User,
    Volume,
    VolumeItem,
    WorkOrder,
    new_id,
)

#: synced tables in the order their rows must reach the central database (parents first)
SYNC_ORDER = (
    User,
    Customer,
    WorkOrder,
    StepCompletion,
    ChecklistItem,
    Page,
    Review,
    PageText,
    RescanTask,
    HandOver,
    Box,
    Volume,
    VolumeItem,
    Loan,
    AuditEvent,
)
SYNCED_TABLES = {m.__tablename__: m for m in SYNC_ORDER}
#: rows never change once written: the central database inserts them or ignores a repeat
IMMUTABLE = {"pages", "audit_events", "step_completions", "reviews", "hand_overs", "volume_items"}

#: set ``session.info[NO_OUTBOX] = True`` for changes that came *from* the central database
NO_OUTBOX = "no_outbox"


def key_columns(table) -> list:
    """The columns an outbox row's ``entity_id`` names: the client-made UUID, or (order, step)."""
    if table.name == "step_completions":
        return [table.c.work_order_id, table.c.step]
    if table.name == "page_texts":
        return [table.c.page_id]
    return [table.c.id]


def key_of(obj) -> str:
    if isinstance(obj, StepCompletion):
        return f"{obj.work_order_id}|{obj.step}"
    if isinstance(obj, PageText):
        return str(obj.page_id)
    if obj.id is None:  # the column default would only apply at INSERT, after the outbox row is made
        obj.id = new_id()
    return str(obj.id)


def _record(session: Session, _flush_context, _instances) -> None:
    if session.info.get(NO_OUTBOX):
        return
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        table = getattr(obj, "__tablename__", None)
        if table in SYNCED_TABLES:
            session.add(Outbox(entity=table, entity_id=key_of(obj)))


def install(factory: sessionmaker) -> None:
    """Make every session of ``factory`` write outbox rows for the synced tables it changes."""
    event.listen(factory, "before_flush", _record)


def get_meta(session: Session, key: str) -> str | None:
    return session.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar_one_or_none()


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(LocalMeta, key)
    if row is None:
        session.add(LocalMeta(key=key, value=value))
    else:
        row.value = value
