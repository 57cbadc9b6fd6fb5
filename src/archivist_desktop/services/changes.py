"""What a write changed, in terms the screens care about (Qt-free).

Every completed write says which kinds of records it touched; the user interface broadcasts that
once (``OperationRunner.archive_changed``) and each panel reloads itself if it shows one of them.
A sync pass that pulled rows says so through :meth:`Changes.from_tables` on its counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import ClassVar

#: database table (store/models.py, sync counts) -> the Changes field it affects
TABLE_FIELDS: dict[str, str] = {
    "users": "users",
    "customers": "work_orders",
    "work_orders": "work_orders",
    "step_completions": "checklist",
    "checklist_items": "checklist",
    "pages": "pages",
    "reviews": "reviews",
    "page_texts": "pages",
    "rescan_tasks": "rescans",
    "hand_overs": "hand_overs",
    "boxes": "boxes",
    "volumes": "volumes",
    "volume_items": "volumes",
    "loans": "loans",
}
#: tables whose rows never matter to a screen by themselves (the audit chain, sync bookkeeping)
QUIET_TABLES = frozenset({"audit_events", "outbox", "local_meta", "blobs"})


@dataclass(frozen=True)
class Changes:
    """Which kinds of records a write changed.  Combine with ``|``; test with :meth:`any`."""

    work_orders: bool = False
    checklist: bool = False
    pages: bool = False
    reviews: bool = False
    rescans: bool = False
    hand_overs: bool = False
    volumes: bool = False
    boxes: bool = False
    loans: bool = False
    reminders: bool = False
    users: bool = False
    settings: bool = False

    NONE: ClassVar[Changes]
    ALL: ClassVar[Changes]
    CAPTURE: ClassVar[Changes]
    REVIEW: ClassVar[Changes]
    WORK_ORDERS: ClassVar[Changes]
    ARCHIVE_ROOM: ClassVar[Changes]
    SETTINGS: ClassVar[Changes]

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def any(self) -> bool:
        """Whether anything changed at all."""
        return any(getattr(self, f.name) for f in fields(self))

    def names(self) -> tuple[str, ...]:
        """The fields that are set, e.g. for logs and tests."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    @classmethod
    def from_tables(cls, names: Iterable[str]) -> Changes:
        """The changes implied by rows written to ``names`` (table names, e.g. ``SyncCounts.pulled`` keys).

        Any record change also moves reminders (they are computed from work orders, checklists,
        pages, reviews and rescans); unknown non-bookkeeping tables count as "everything".
        """
        flags: dict[str, bool] = {}
        for name in names:
            if name in QUIET_TABLES:
                continue
            field = TABLE_FIELDS.get(name)
            if field is None:
                return cls.ALL
            flags[field] = True
        if flags:
            flags["reminders"] = True
        return cls(**flags)


Changes.NONE = Changes()
Changes.ALL = Changes(**{f.name: True for f in fields(Changes)})
#: a page attached, removed, reordered, a rescan opened, an order sent for review
Changes.CAPTURE = Changes(work_orders=True, checklist=True, pages=True, rescans=True, reminders=True)
#: a review decision (approve, reject, rescan request)
Changes.REVIEW = Changes(work_orders=True, checklist=True, pages=True, reviews=True, rescans=True, reminders=True)
#: work orders imported or edited
Changes.WORK_ORDERS = Changes(work_orders=True, checklist=True, reminders=True)
#: hand-overs, volumes, boxes and loans of the archive room
Changes.ARCHIVE_ROOM = Changes(work_orders=True, hand_overs=True, volumes=True, boxes=True, loans=True, reminders=True)
#: station settings only
Changes.SETTINGS = Changes(settings=True)
