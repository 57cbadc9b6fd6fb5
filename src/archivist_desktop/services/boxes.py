"""Boxes (档案盒): volumes into boxes under the DA/T 22 rule, shelf locations, finding a box by its
label, and the data printed on box labels.

Box numbers are unique company-wide: on a station connected to a centre they come from the centre
(refused offline, nothing written), else local ``max + 1`` (:mod:`archivist_desktop.services.numbers`).

Shelving a box is archiving it: its volumes become ``archived`` and their documents read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archivist_desktop.domain.records import (
    BoxKey,
    BoxLabelData,
    RecordsError,
    ShelfLocation,
    box_conflicts,
    item_range,
)
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.numbers import Numbers, box_series, numbering
from archivist_desktop.services.records import _retrying, records_config, require_archivist
from archivist_desktop.services.search import contains
from archivist_desktop.services.users import UserInfo
from archivist_desktop.store.audit import AuditLog, volume_manifest
from archivist_desktop.store.models import Box, ChecklistItem, Volume, VolumeItem, new_id


class BoxMixError(KnownError):
    """DA/T 22: the volume would mix years, retention periods or organisations in the box."""

    def __init__(self, box_no: str, archival_code: str, conflicts):
        self.box_no = box_no
        self.archival_code = archival_code
        self.conflicts = tuple(conflicts)
        parts = "; ".join(f"{c.field}: box {c.box_value}, volume {c.volume_value}" for c in self.conflicts)
        super().__init__(
            f"DA/T 22: volume {archival_code} cannot go in box {box_no}, a box never mixes "
            f"{', '.join(c.field + 's' for c in self.conflicts)} ({parts})"
        )


@dataclass(frozen=True)
class BoxVolume:
    id: str
    archival_code: str
    volume_no: int
    title: str
    state: str


@dataclass(frozen=True)
class BoxInfo:
    id: str
    box_no: str
    fonds: str
    year: int
    retention: str
    retention_zh: str
    organisation: str
    shelf: str | None
    volumes: tuple[BoxVolume, ...]
    created_at: datetime

    @property
    def archived(self) -> bool:
        return self.shelf is not None

    @property
    def live_volumes(self) -> tuple[BoxVolume, ...]:
        return tuple(v for v in self.volumes if v.state != "voided")

    @property
    def item_range(self) -> str:
        return item_range([v.volume_no for v in self.live_volumes])

    def to_json(self) -> dict:
        return {"box_no": self.box_no, "shelf": self.shelf, "volumes": [v.archival_code for v in self.live_volumes]}


def _box_infos(archive: Archive, s: Session, boxes: list[Box]) -> list[BoxInfo]:
    cfg = records_config(archive)
    if not boxes:
        return []
    by_box: dict[str, list[BoxVolume]] = {b.id: [] for b in boxes}
    for v in s.execute(
        select(Volume).where(Volume.box_id.in_(list(by_box))).order_by(Volume.volume_no, Volume.archival_code)
    ).scalars():
        assert v.box_id is not None  # selected by box
        by_box[v.box_id].append(BoxVolume(v.id, v.archival_code, v.volume_no, v.title, v.state))
    out = []
    for b in boxes:
        try:
            rzh = cfg.retention(b.retention).name_zh
        except RecordsError:
            rzh = b.retention
        out.append(
            BoxInfo(
                b.id,
                b.box_no,
                b.fonds,
                b.year,
                b.retention,
                rzh,
                b.organisation,
                b.shelf,
                tuple(by_box[b.id]),
                b.created_at,
            )
        )
    return out


def _find_box(s: Session, box: str) -> Box:
    row = s.get(Box, box) or s.execute(select(Box).where(Box.box_no == box.strip())).scalar_one_or_none()
    if row is None:
        raise KnownError(f"no box {box}")
    return row


def get_box(archive: Archive, box: str) -> BoxInfo:
    """A box by id or box number."""
    with archive.read_session() as s:
        return _box_infos(archive, s, [_find_box(s, box)])[0]


def list_boxes(archive: Archive, search: str = "") -> list[BoxInfo]:
    with archive.read_session() as s:
        q = select(Box)
        if search.strip():
            q = q.where(contains(Box.box_no, search.strip()))
        rows = s.execute(q.order_by(Box.fonds, Box.year, Box.retention, Box.box_seq)).scalars().all()
        return _box_infos(archive, s, list(rows))


def create_box(archive: Archive, user: UserInfo, year: int, retention: str, organisation: str | None = None) -> BoxInfo:
    """A new, empty box with the next box number for its year and retention period."""
    require_archivist(user, "create boxes")
    cfg = records_config(archive)
    try:
        cfg.retention(retention)
    except RecordsError as exc:
        raise KnownError(str(exc)) from None

    def run() -> str:
        now = archive.now()
        with archive.session() as s:
            return _new_box(archive, s, user, year, retention, organisation or cfg.organisation, now, numbers).id

    with numbering(archive) as numbers:
        box_id = _retrying(numbers.attempt(run))
    return get_box(archive, box_id)


def _new_box(
    archive: Archive,
    s: Session,
    user: UserInfo,
    year: int,
    retention: str,
    organisation: str,
    now: datetime,
    numbers: Numbers | None = None,
) -> Box:
    """A new box numbered local ``max + 1``, or by the centre when connected (:mod:`~.services.numbers`)."""
    cfg = records_config(archive)
    seq = (
        s.execute(
            select(func.max(Box.box_seq)).where(Box.fonds == cfg.fonds, Box.year == year, Box.retention == retention)
        ).scalar_one()
        or 0
    ) + 1
    if numbers is not None:
        seq = numbers.next("box", box_series(cfg.fonds, year, retention), seq)
    box = Box(
        id=new_id(),
        box_no=cfg.box_no(year, retention, seq),
        fonds=cfg.fonds,
        year=year,
        retention=retention,
        organisation=organisation,
        box_seq=seq,
        shelf=None,
        created_by=user.username,
        created_at=now,
        updated_at=now,
        version=1,
    )
    s.add(box)
    s.flush()
    AuditLog(s).append(
        now,
        user.username,
        "add",
        "box",
        box.id,
        {"box_no": box.box_no, "year": year, "retention": retention, "organisation": organisation},
    )
    return box


def _set_items(s: Session, volume_id: str, from_state: str, to_state: str, now: datetime) -> int:
    items = (
        s.execute(
            select(ChecklistItem)
            .join(VolumeItem, VolumeItem.item_id == ChecklistItem.id)
            .where(VolumeItem.volume_id == volume_id, ChecklistItem.state == from_state)
        )
        .scalars()
        .all()
    )
    for item in items:
        item.state = to_state
        item.version += 1
        item.updated_at = now
    return len(items)


@dataclass(frozen=True)
class BoxPlacement:
    """Where :func:`place_in_box` put a volume: the box, and whether it was made for it."""

    box: BoxInfo
    new_box: bool


def put_in_box(
    archive: Archive, user: UserInfo, volume: str, box: str | None = None, *, reuse_open: bool = False
) -> BoxInfo:
    """Put an open volume in a box (given, or else one of the volume's year and retention).

    Without a box: with ``reuse_open`` the open box (not yet on the shelf) of the volume's year,
    retention period and organisation numbered last, when there is one; else a new box.
    Refuses with :class:`BoxMixError`, naming the field, a box of another year, retention period
    or organisation (DA/T 22), and a box already on the shelf."""
    return place_in_box(archive, user, volume, box, reuse_open=reuse_open).box


def _open_box_for(s: Session, fonds: str, year: int, retention: str, organisation: str) -> Box | None:
    """The open box (not on the shelf) of one year, retention period and organisation numbered last."""
    return (
        s.execute(
            select(Box)
            .where(
                Box.fonds == fonds,
                Box.year == year,
                Box.retention == retention,
                Box.organisation == organisation,
                Box.shelf.is_(None),
            )
            .order_by(Box.box_seq.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def place_in_box(
    archive: Archive, user: UserInfo, volume: str, box: str | None = None, *, reuse_open: bool = False
) -> BoxPlacement:
    """:func:`put_in_box`, saying also whether the box was made for the volume."""
    require_archivist(user, "box volumes")
    created: list[bool] = []
    from archivist_desktop.services.records import _find_volume

    def run() -> str:
        now = archive.now()
        with archive.session() as s:
            v = _find_volume(s, volume)
            if v.state != "open":
                current = s.get(Box, v.box_id) if v.box_id else None
                where = f" (in box {current.box_no})" if current is not None else ""
                raise KnownError(f"volume {v.archival_code} is {v.state}{where}: only open volumes go into a box")
            if not s.execute(select(VolumeItem.id).where(VolumeItem.volume_id == v.id)).first():
                raise KnownError(
                    f"volume {v.archival_code} is empty: file documents in it first",
                    code="volume_empty",
                    volume=v.archival_code,
                )
            created.clear()
            reused = (
                _open_box_for(s, records_config(archive).fonds, v.year, v.retention, v.organisation)
                if box is None and reuse_open
                else None
            )
            if reused is not None:
                target = reused
            elif box is None:
                target = _new_box(archive, s, user, v.year, v.retention, v.organisation, now, numbers)
                created.append(True)
            else:
                target = _find_box(s, box)
                conflicts = box_conflicts(
                    BoxKey(target.year, target.retention, target.organisation),
                    BoxKey(v.year, v.retention, v.organisation),
                )
                if conflicts:
                    raise BoxMixError(target.box_no, v.archival_code, conflicts)
                if target.shelf is not None:
                    raise KnownError(
                        f"box {target.box_no} is on the shelf ({target.shelf}) and archived: "
                        "put the volume in an open box"
                    )
            v.box_id = target.id
            v.state = "boxed"
            v.version += 1
            v.updated_at = now
            moved = _set_items(s, v.id, ItemState.RECEIVED.value, ItemState.BOXED.value, now)
            AuditLog(s).append(
                now,
                user.username,
                "box",
                "volume",
                v.id,
                {"archival_code": v.archival_code, "box_no": target.box_no, "documents": moved},
            )
            return target.id

    with numbering(archive) as numbers:
        box_id = _retrying(numbers.attempt(run))
    return BoxPlacement(get_box(archive, box_id), bool(created))


def remove_from_box(archive: Archive, user: UserInfo, volume: str) -> BoxInfo:
    """Take a volume out of its box again, while the box is not yet on the shelf."""
    require_archivist(user, "take volumes out of boxes")
    from archivist_desktop.services.records import _find_volume

    now = archive.now()
    with archive.session() as s:
        v = _find_volume(s, volume)
        if v.state == "archived":
            raise KnownError(f"volume {v.archival_code} is archived: it stays in its box")
        if v.state != "boxed" or v.box_id is None:
            raise KnownError(f"volume {v.archival_code} is not in a box")
        target = s.get(Box, v.box_id)
        assert target is not None  # foreign key
        v.box_id = None
        v.state = "open"
        v.version += 1
        v.updated_at = now
        _set_items(s, v.id, ItemState.BOXED.value, ItemState.RECEIVED.value, now)
        AuditLog(s).append(
            now, user.username, "unbox", "volume", v.id, {"archival_code": v.archival_code, "box_no": target.box_no}
        )
        box_id = target.id
    return get_box(archive, box_id)


def set_shelf(archive: Archive, user: UserInfo, box: str, location: str) -> BoxInfo:
    """Record the box's shelf location (room-rack-column-layer).  The first time, this archives the
    box: its volumes become ``archived`` and their documents read-only.  Later, it is a move."""
    require_archivist(user, "shelve boxes")
    try:
        shelf = str(ShelfLocation.parse(location))
    except RecordsError as exc:
        raise KnownError(str(exc)) from None
    now = archive.now()
    with archive.session() as s:
        b = _find_box(s, box)
        audit = AuditLog(s)
        if b.shelf is not None:
            if b.shelf == shelf:
                raise KnownError(f"box {b.box_no} is at {shelf} already")
            audit.append(now, user.username, "move", "box", b.id, {"box_no": b.box_no, "from": b.shelf, "to": shelf})
        else:
            volumes = s.execute(select(Volume).where(Volume.box_id == b.id, Volume.state == "boxed")).scalars().all()
            if not volumes:
                raise KnownError(f"box {b.box_no} is empty: nothing to shelve", code="box_empty", box=b.box_no)
            documents = 0
            for v in volumes:
                v.state = "archived"
                v.version += 1
                v.updated_at = now
                documents += _set_items(s, v.id, ItemState.BOXED.value, ItemState.ARCHIVED.value, now)
            audit.append(
                now,
                user.username,
                "archive",
                "box",
                b.id,
                {
                    "box_no": b.box_no,
                    "shelf": shelf,
                    "volumes": [v.archival_code for v in volumes],
                    "documents": documents,
                    "manifest_sha256": {v.archival_code: volume_manifest(s, v.id) for v in volumes},
                },
            )
        b.shelf = shelf
        b.version += 1
        b.updated_at = now
        box_id = b.id
    return get_box(archive, box_id)


def find_box(archive: Archive, text: str) -> BoxInfo | None:
    """The box a scanned label names: its box number (Code 128 or typed, any case), or the QR
    payload of archival codes (one per line), or a single archival code of a volume in it."""
    text = (text or "").strip()
    if not text:
        return None
    with archive.read_session() as s:
        row = s.execute(select(Box).where(func.upper(Box.box_no) == text.upper())).scalar_one_or_none()
        if row is None:
            codes = [line.strip() for line in text.replace("\r", "\n").replace(";", "\n").split("\n") if line.strip()]
            box_ids = {
                bid
                for (bid,) in s.execute(
                    select(Volume.box_id).where(Volume.archival_code.in_(codes), Volume.box_id.is_not(None))
                )
            }
            if len(box_ids) == 1:
                row = s.get(Box, box_ids.pop())
        if row is None:
            return None
        return _box_infos(archive, s, [row])[0]


def box_label(archive: Archive, box: str) -> BoxLabelData:
    """What a box label shows: fonds, year, retention, first–last volume numbers, box number, codes."""
    info = get_box(archive, box)
    cfg = records_config(archive)
    return BoxLabelData(
        box_no=info.box_no,
        fonds=info.fonds,
        organisation=info.organisation,
        year=info.year,
        retention_code=info.retention,
        retention_zh=info.retention_zh,
        item_range=info.item_range,
        archival_codes=tuple(v.archival_code for v in info.live_volumes),
        shelf=info.shelf,
        texts=cfg.label,
    )


def render_box_labels(archive: Archive, boxes: list[str], size: str, out: Path) -> Path:
    """Box labels as PDF, through the same painting code as the print dialog."""
    from archivist_desktop.printing.labels import render_labels_pdf

    labels = [box_label(archive, b) for b in boxes]
    render_labels_pdf(labels, size, Path(out))
    return Path(out)


def boxes_json(archive: Archive) -> list[dict]:
    return [b.to_json() for b in list_boxes(archive)]


def volume_item_states(archive: Archive, volume_id: str) -> list[str]:
    with archive.read_session() as s:
        return [
            st
            for (st,) in s.execute(
                select(ChecklistItem.state)
                .join(VolumeItem, VolumeItem.item_id == ChecklistItem.id)
                .where(VolumeItem.volume_id == volume_id)
            )
        ]


# --- printing from the GUI: the same painting as the PDF path ----------------------------------------


def prepare_label_device(device, size: str) -> None:
    """Give a printer (from the print dialog) the page of label ``size``."""
    from archivist_desktop.printing.labels import prepare_device

    prepare_device(device, size)


def paint_box_labels(device, labels: list[BoxLabelData], size: str) -> None:
    """Paint labels (from :func:`box_label`, read on the database worker) on a printer or preview."""
    from archivist_desktop.printing.labels import paint_labels

    paint_labels(device, labels, size)


# --- the Archive workspace's view of the room --------------------------------------------------------


@dataclass(frozen=True)
class RoomSnapshot:
    inbox: tuple
    pending: tuple
    volumes: tuple
    boxes: tuple[BoxInfo, ...]


def room_snapshot(archive: Archive) -> RoomSnapshot:
    """Everything the Archive workspace lists, read in one go on the database worker."""
    from archivist_desktop.services.records import hand_over_inbox, list_volumes, pending_customers

    return RoomSnapshot(
        tuple(hand_over_inbox(archive)),
        tuple(pending_customers(archive)),
        tuple(list_volumes(archive)),
        tuple(list_boxes(archive)),
    )


@dataclass(frozen=True)
class ScanResult:
    """What a scanned or typed text named: a box, or a work order with documents to receive."""

    kind: str  # "box" | "work_order" | "none"
    box: BoxInfo | None = None
    work_order_no: str | None = None


def resolve_scan(archive: Archive, text: str) -> ScanResult:
    """A box label (box number or QR of archival codes) or a work-order barcode waiting for hand-over."""
    from archivist_desktop.services.records import hand_over_inbox

    box = find_box(archive, text)
    if box is not None:
        return ScanResult("box", box=box)
    no = (text or "").strip()
    if no and any(e.work_order_no == no for e in hand_over_inbox(archive, search=no)):
        return ScanResult("work_order", work_order_no=no)
    return ScanResult("none")
