"""The capture job lifecycle, without Qt: what happens between the shutter and the stored page.

One press of the shutter becomes a :class:`CaptureJob`.  A :class:`CaptureFlow` owns the jobs in
flight and decides every next step; it never draws, never starts a thread and never waits.  The
capture panel asks it what to do, runs the step it is given (CPU work on the operation runner's
compute pool, database writes on its writer) and hands the result back::

    flow.shutter(target, frame)   ─► Process(job, …)        run process_capture(...) off the GUI thread
    flow.processed(job, page)     ─► [Attach(job)]          write attach_processed(**step.kwargs())
                                     [FrontCaptured(job)]   ID-card mode: waits for the back
    flow.attached(job, info)      ─► Attached(job, thumb, latency)   the filmstrip shows it
    flow.attach_failed(job, exc)  ─► AskReason(job, "override" | "late")  the clerk says why …
    flow.give_reason(job, kind, text) ─► Attach(job)        … and the write is tried again
                                  ─► Failed(job, …)         anything else: told, dropped
    flow.close()                  ─► Closing(...)           what still attaches when the panel closes

Rules it keeps:

* **Reasons.**  A page the quality check rejected attaches only with an override reason; a slot
  past its 48-hour deadline only with a late-entry reason (:class:`NeedsOverride`,
  :class:`NeedsLateReason` from :func:`attach_processed`).  Each is asked once and the attach is
  retried with it; declining drops the page.
* **ID-card mode.**  Shots alternate front, back; the back is merged with its front onto one A4
  page (:func:`merge_id_card_pages`) and only that page is attached.  A back shot while its front
  is still being processed waits for it; a front that failed fails its back.
* **Rescan.**  The next page attached to a slot with an open rescan task takes the flagged page's
  place (:func:`~archivist_desktop.services.pages.add_page` does that in the database; the flow
  puts the thumbnail in the flagged page's place and forgets the task).
* **Closing.**  When the panel closes, pages already processed still attach (without waiting
  for an answer); a reason still being asked for, a front without its back and a page that failed
  are dropped; a page still being processed is waited for and then attached.

Data crossing threads is frozen (:class:`ProcessedPage`, :class:`Process`, :class:`SlotView`);
:class:`CaptureJob` itself is touched only on the thread that drives the flow.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Literal

import numpy as np

from archivist_desktop.imaging.derive import thumbnail_from_jpeg
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.capture import (
    NeedsLateReason,
    NeedsOverride,
    PageThumb,
    ProcessedPage,
    merge_id_card_pages,
    page_bytes,
    process_frame_for_capture,
    slot_pages,
)
from archivist_desktop.services.pages import PageInfo
from archivist_desktop.services.review import RescanInfo, open_rescan
from archivist_desktop.services.users import UserInfo

__all__ = [
    "FRONT_MISSING",
    "AskReason",
    "Attach",
    "Attached",
    "CaptureFlow",
    "CaptureJob",
    "CaptureTarget",
    "Closing",
    "Failed",
    "FrontCaptured",
    "Process",
    "Refused",
    "SlotView",
    "Step",
    "is_id_document",
    "load_slot",
    "place_page",
    "process_capture",
]

_job_numbers = count(1)

#: the error a back gets when its front could not be processed
FRONT_MISSING = "the front of the ID card was not captured; capture both sides again"

ReasonKind = Literal["override", "late"]

#: document types of the templates that are identity cards (ID-card mode fits them)
ID_DOCUMENT_TYPES = frozenset(
    {"identity_proof", "old_holder_id", "new_holder_id", "legal_representative_id", "authorisation_letter"}
)


def is_id_document(document_type: str, name_zh: str = "") -> bool:
    """Whether a checklist document is (or carries) an identity card, so ID-card mode may stay on for it.

    The templates' identity documents by type, any ``*_id`` type, and any document whose Chinese name
    names an identity card (身份证); everything else is an ordinary page.
    """
    return document_type in ID_DOCUMENT_TYPES or document_type.endswith("_id") or "身份证" in name_zh


@dataclass(frozen=True)
class CaptureTarget:
    """Where the next page goes: a checklist slot (item) of a work order; ``document`` is its label."""

    item_id: str
    work_order_id: str
    document: str = ""


@dataclass(eq=False)
class CaptureJob:
    """One press of the shutter, from the frame to the attached page (driven on one thread)."""

    item_id: str
    work_order_id: str
    document: str
    shutter_at: float
    frame_number: int
    replaces: str | None = None  # a retake: the page this one replaces (chosen by the clerk)
    side: str | None = None  # "front" / "back" in ID-card mode
    front: CaptureJob | None = None
    auto: bool = False
    number: int = field(default_factory=lambda: next(_job_numbers))
    processed: ProcessedPage | None = None
    override_reason: str | None = None
    late_reason: str | None = None
    attaching: bool = False
    rescan_of: str | None = None  # the flagged page an open rescan task makes this page replace
    pending_frame: np.ndarray | None = field(default=None, repr=False)  # a back's frame, until its front is done
    state: str = "processing"  # processing / waiting (a back for its front) / processed / attaching /
    #                            asking (a reason) / attached / failed / cancelled / front (done, waits for the back)


# --- steps: what the flow asks its driver to do or show -----------------------------------------------


@dataclass(frozen=True)
class Refused:
    """The shutter did nothing: ``why`` is ``"stopped"``, ``"no_target"`` or ``"no_frame"``."""

    why: str


@dataclass(frozen=True)
class Process:
    """Run :func:`process_capture` with :meth:`args` off the GUI thread, then call ``processed``/``process_failed``."""

    job: CaptureJob
    frame: np.ndarray
    profile: str
    front: ProcessedPage | None = None

    def args(self) -> tuple[np.ndarray, str, ProcessedPage | None]:
        return self.frame, self.profile, self.front


@dataclass(frozen=True)
class FrontCaptured:
    """The front of an ID card is processed; the back is captured next."""

    job: CaptureJob


@dataclass(frozen=True)
class Attach:
    """Write ``attach_processed(archive, user, **step.kwargs())``, then call ``attached``/``attach_failed``."""

    job: CaptureJob

    def kwargs(self) -> dict[str, Any]:
        job = self.job
        return {
            "item_id": job.item_id,
            "page": job.processed,
            "override_reason": job.override_reason,
            "late_reason": job.late_reason,
            "replaces": job.replaces,
        }


@dataclass(frozen=True)
class Attached:
    """The page is stored: ``thumb`` for the filmstrip, ``replaced`` the page whose place it took."""

    job: CaptureJob
    info: PageInfo
    thumb: PageThumb
    replaced: str | None
    latency_ms: float


@dataclass(frozen=True)
class AskReason:
    """Ask the clerk why (``kind`` ``"override"``: a rejected page; ``"late"``: past the deadline)."""

    job: CaptureJob
    kind: ReasonKind
    reasons: tuple[str, ...] = ()  # the quality check's reason codes, for an override


@dataclass(frozen=True)
class Failed:
    """The job is over without a page: ``stage`` ``"process"``, ``"attach"`` or ``"cancelled"``."""

    job: CaptureJob
    stage: str
    error: BaseException | None = None

    @property
    def known(self) -> bool:
        """An expected failure (message for the clerk), not a bug."""
        return self.error is None or isinstance(self.error, KnownError)


@dataclass(frozen=True)
class Closing:
    """What closing the panel leaves to do: ``attach`` these now, wait for ``processing`` ones."""

    attach: tuple[Attach, ...]
    processing: tuple[CaptureJob, ...]
    dropped: tuple[CaptureJob, ...]


Step = Process | FrontCaptured | Attach | Attached | AskReason | Failed


# --- work done off the GUI thread ------------------------------------------------------------------


def process_capture(frame: np.ndarray, profile: str = "default", front: ProcessedPage | None = None) -> ProcessedPage:
    """Crop, deskew and judge one frame; with ``front``, merge the two sides of an ID card (any thread).

    The frame is read, never modified or copied.
    """
    page = process_frame_for_capture(frame, profile)
    return merge_id_card_pages(front, page) if front is not None else page


@dataclass(frozen=True)
class SlotView:
    """A slot's pages for the filmstrip, thumbnails of the ones not known yet, its open rescan task."""

    item_id: str
    pages: tuple[PageThumb, ...]
    thumbnails: dict[str, bytes]
    rescan: RescanInfo | None = None
    rescan_thumbnail: bytes = b""


def load_slot(archive: Archive, user: UserInfo, item_id: str, known: frozenset[str] = frozenset()) -> SlotView:
    """Read what the capture panel shows of a slot (a database read; thumbnails of pages not in ``known``)."""
    pages = slot_pages(archive, item_id)
    thumbs = {}
    for p in pages:
        if p.page_id not in known:
            try:
                thumbs[p.page_id] = thumbnail_from_jpeg(page_bytes(archive, user, p.page_id))
            except (KnownError, OSError, ValueError):
                thumbs[p.page_id] = b""
    found = open_rescan(archive, user, item_id)
    if found is None:
        return SlotView(item_id, pages, thumbs)
    task, thumbnail = found
    return SlotView(item_id, pages, thumbs, task, thumbnail)


def place_page(
    pages: tuple[PageThumb, ...], thumb: PageThumb, replaced: str | None
) -> tuple[tuple[PageThumb, ...], int]:
    """The filmstrip's pages with ``thumb`` put in ``replaced``'s place (or appended), and its index."""
    out = list(pages)
    ids = [p.page_id for p in out]
    if replaced is not None and replaced in ids:
        index = ids.index(replaced)
        out[index] = thumb
    else:
        out.append(thumb)
        index = len(out) - 1
    return tuple(out), index


# --- the flow -------------------------------------------------------------------------------------------


class CaptureFlow:
    """The capture jobs of one panel and the rules between the shutter and the stored page.

    Parameters
    ----------
    profile : str
        Imaging profile for :func:`process_frame_for_capture`.
    clock : callable
        Monotonic seconds (shutter-to-page latency); ``time.monotonic`` by default.
    """

    def __init__(self, profile: str = "default", clock: Callable[[], float] = time.monotonic):
        self.profile = profile
        self.clock = clock
        self.jobs: list[CaptureJob] = []  # in flight: processing, attaching, asking for a reason
        self.id_card = False
        self.id_front: CaptureJob | None = None  # the front whose back is captured next
        self.stopped = False
        self.latencies: list[float] = []
        self._rescans: dict[str, str] = {}  # item id -> flagged page id of its open rescan task
        self._asking: set[int] = set()  # job numbers waiting for a reason

    # -- state --------------------------------------------------------------------------------

    @property
    def processing(self) -> int:
        """Jobs whose frame is being processed now (the live view pauses meanwhile)."""
        return sum(1 for j in self.jobs if j.state == "processing")

    @property
    def asking(self) -> bool:
        """A reason is being asked for."""
        return bool(self._asking)

    @property
    def busy(self) -> bool:
        """A page is on its way or a reason is being asked for (auto-capture waits)."""
        return bool(self.jobs) or self.asking

    @property
    def last_latency_ms(self) -> float | None:
        return self.latencies[-1] if self.latencies else None

    def page_on_its_way(self, item_id: str) -> bool:
        """A page of this slot is being written: a filmstrip reload would be stale, its own update follows."""
        return any(j.item_id == item_id and j.attaching for j in self.jobs)

    # -- modes and slots ----------------------------------------------------------------------------

    def set_id_card(self, on: bool) -> None:
        """ID-card mode on or off; either way the next shot is a front (or a plain page)."""
        self.id_card = on
        self.id_front = None

    def reset_pairing(self) -> None:
        """Another work order: a front already taken is not paired with the next shot."""
        self.id_front = None

    def set_rescan(self, item_id: str, page_id: str | None) -> None:
        """The slot's open rescan task flags ``page_id`` (``None``: no open task)."""
        if page_id is None:
            self._rescans.pop(item_id, None)
        else:
            self._rescans[item_id] = page_id

    def rescan_page(self, item_id: str) -> str | None:
        """The page the next page of this slot replaces because of an open rescan task."""
        return self._rescans.get(item_id)

    def slot_loaded(self, view: SlotView) -> None:
        """Take a freshly read slot's rescan task."""
        self.set_rescan(view.item_id, view.rescan.page_id if view.rescan is not None else None)

    # -- shutter and processing ---------------------------------------------------------------------

    def shutter(
        self,
        target: CaptureTarget | None,
        frame: np.ndarray | None,
        frame_number: int = 0,
        *,
        replaces: str | None = None,
        auto: bool = False,
    ) -> Process | CaptureJob | Failed | Refused:
        """A press of the shutter on ``frame`` (the newest camera frame, or ``None`` when there is none).

        Returns the :class:`Process` step to run, the new job when it must wait (the back of an
        ID card whose front is still being processed: its step comes from :meth:`processed`),
        :class:`Failed` (the back of an ID card whose front could not be processed) or :class:`Refused`.
        """
        if self.stopped:
            return Refused("stopped")
        if target is None:
            return Refused("no_target")
        if frame is None:
            return Refused("no_frame")
        job = CaptureJob(
            target.item_id,
            target.work_order_id,
            target.document,
            self.clock(),
            frame_number,
            replaces=replaces,
            auto=auto,
        )
        if self.id_card and replaces is None:
            if self.id_front is None:
                job.side = "front"
                self.id_front = job
            else:
                job.side, job.front = "back", self.id_front
                self.id_front = None
        if job.side != "front" and replaces is None:
            job.rescan_of = self._rescans.pop(job.item_id, None)  # this page answers the rescan task
        self.jobs.append(job)
        if job.side == "back" and job.front is not None and job.front.state == "processing":
            job.state = "waiting"
            job.pending_frame = frame
            return job
        return self._process_step(job, frame)

    def _process_step(self, job: CaptureJob, frame: np.ndarray) -> Process | Failed:
        front = None
        if job.side == "back":
            front = job.front.processed if job.front is not None else None
            if front is None:
                return self._fail(job, "process", KnownError(FRONT_MISSING))
            job.front.processed = None  # type: ignore[union-attr]  # hand the front's memory back
        job.state = "processing"
        return Process(job, frame, self.profile, front)

    def processed(self, job: CaptureJob, page: ProcessedPage) -> list[Step]:
        """The job's page is processed: the next steps (attach it; a front waits; a waiting back starts).

        A result for a job that is no longer being processed (already handled) is ignored.
        """
        if job.state != "processing":
            return []
        job.processed = page
        steps: list[Step] = []
        if job.side == "front":
            self._forget(job)  # its page waits on the job until the back is merged
            job.state = "front"
            steps.append(FrontCaptured(job))
        else:
            job.state = "processed"
            steps.append(self.attach(job))
        steps.extend(self._release_waiting_back(job))
        return steps

    def process_failed(self, job: CaptureJob, error: BaseException) -> list[Step]:
        """Processing raised: the job fails (and so does a back waiting for this front)."""
        if job.state != "processing":
            return []
        steps: list[Step] = [self._fail(job, "process", error)]
        steps.extend(self._release_waiting_back(job))
        return steps

    def _release_waiting_back(self, front: CaptureJob) -> list[Step]:
        if front.side != "front":
            return []
        steps: list[Step] = []
        for back in [j for j in self.jobs if j.front is front and j.state == "waiting"]:
            frame, back.pending_frame = back.pending_frame, None
            assert frame is not None
            steps.append(self._process_step(back, frame))
        return steps

    # -- attaching ---------------------------------------------------------------------------------

    def attach(self, job: CaptureJob) -> Attach:
        """The write to run for a processed job (first try, or again with a reason)."""
        job.attaching = True
        job.state = "attaching"
        return Attach(job)

    def attached(self, job: CaptureJob, info: PageInfo) -> Attached:
        """The page is stored."""
        self._forget(job)
        job.attaching = False
        job.state = "attached"
        p = job.processed
        assert p is not None
        replaced = job.replaces or job.rescan_of
        if job.rescan_of is not None and self._rescans.get(job.item_id) == job.rescan_of:
            del self._rescans[job.item_id]  # the task is done
        thumb = PageThumb(
            info.id,
            info.seq,
            p.verdict,
            p.reasons,
            info.sha256,
            info.captured_by,
            info.captured_at,
            job.override_reason,
            job.late_reason,
        )
        latency = (self.clock() - job.shutter_at) * 1e3
        self.latencies.append(latency)
        return Attached(job, info, thumb, replaced, latency)

    def attach_failed(self, job: CaptureJob, error: BaseException) -> AskReason | Failed:
        """The write raised: ask for a missing reason, or fail."""
        job.attaching = False
        if isinstance(error, (NeedsOverride, NeedsLateReason)):
            if self.stopped:  # closing: nobody is asked any more
                return self._fail(job, "cancelled", error)
            kind: ReasonKind = "override" if isinstance(error, NeedsOverride) else "late"
            job.state = "asking"
            self._asking.add(job.number)
            return AskReason(job, kind, job.processed.reasons if job.processed is not None else ())
        return self._fail(job, "attach", error)

    def give_reason(self, job: CaptureJob, kind: ReasonKind, reason: str | None) -> Attach | Failed:
        """The clerk's answer: a reason retries the attach; ``None``/empty (or a closed panel) drops the page."""
        self._asking.discard(job.number)
        reason = (reason or "").strip()
        if not reason or self.stopped:
            return self._fail(job, "cancelled")
        if kind == "override":
            job.override_reason = reason
        else:
            job.late_reason = reason
        return self.attach(job)

    def _fail(self, job: CaptureJob, stage: str, error: BaseException | None = None) -> Failed:
        self._forget(job)
        job.attaching = False
        job.state = "cancelled" if stage == "cancelled" else "failed"
        if job.rescan_of is not None:
            self._rescans.setdefault(job.item_id, job.rescan_of)  # the task is still open
        return Failed(job, stage, error)

    def _forget(self, job: CaptureJob) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    # -- closing -----------------------------------------------------------------------------------

    def close(self) -> Closing:
        """The panel closes: no more shots, no more questions.

        Returns the attaches to run now (pages processed whose result the driver has not acted on:
        none when it acts at once), the jobs still being processed (wait for them, then hand each to
        :meth:`processed`, which in a closed flow returns its attach without asking for anything)
        and the jobs dropped (a reason being asked for; a back waiting for its front is kept).
        """
        self.stopped = True
        self.id_front = None
        attach: list[Attach] = []
        dropped: list[CaptureJob] = []
        for job in list(self.jobs):
            if job.state == "asking":
                self._asking.discard(job.number)
                self._fail(job, "cancelled")
                dropped.append(job)
            elif job.state == "processed":
                attach.append(self.attach(job))
        processing = tuple(j for j in self.jobs if j.state in ("processing", "waiting"))
        return Closing(tuple(attach), processing, tuple(dropped))
