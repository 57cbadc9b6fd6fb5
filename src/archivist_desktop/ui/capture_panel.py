"""The camera side of the Capture workspace: live view, shutter, auto-capture, ID-card mode,
filmstrip of the selected document, send for review.

The path of one page (DESIGN.md §2: the GUI thread never waits)::

    shutter (Space / pedal / button / auto) ── newest full frame from the grabber
      └─► capture pool thread: process_frame_for_capture (crop, deskew, quality)
            └─► database worker: attach_processed ─► NeedsOverride / NeedsLateReason: ask, retry
                  └─► GUI: thumbnail into the filmstrip, checklist reloads, selection moves on
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import count

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.boxes import find_box
from archivist_desktop.services.capture import (
    MissingDocuments,
    NeedsLateReason,
    NeedsOverride,
    PageThumb,
    ProcessedPage,
    attach_processed,
    page_bytes,
    process_frame_for_capture,
    remove_page,
    reorder_pages,
    send_for_review,
    slot_pages,
    work_order_by_number,
)
from archivist_desktop.services.live import GrabberState, GrabberStatus, merge_id_card_pages, page_thumbnail
from archivist_desktop.services.orders import ChecklistEntry
from archivist_desktop.services.review import open_rescan
from archivist_desktop.services.users import UserInfo
from archivist_desktop.ui.autocapture import AutoCaptureRule
from archivist_desktop.ui.camera_feed import CameraConfig, CameraFeed, PreviewResult
from archivist_desktop.ui.capture_dialogs import ReasonDialog
from archivist_desktop.ui.filmstrip import Filmstrip, reason_label
from archivist_desktop.ui.i18n import flag_reason_label
from archivist_desktop.ui.live_view import LiveView
from archivist_desktop.ui.qt import (
    QFrame,
    QHBoxLayout,
    QImage,
    QLabel,
    QMessageBox,
    QObject,
    QPixmap,
    QPushButton,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from archivist_desktop.ui.workers import DbWorker

log = logging.getLogger(__name__)

_job_numbers = count(1)


@dataclass(eq=False)
class CaptureJob:
    """One press of the shutter, from the frame to the attached page."""

    item_id: str
    work_order_id: str
    document: str
    shutter_at: float
    frame_number: int
    replaces: str | None = None
    side: str | None = None  # "front" / "back" in ID-card mode
    front: "CaptureJob | None" = None
    auto: bool = False
    number: int = field(default_factory=lambda: next(_job_numbers))
    processed: ProcessedPage | None = None
    override_reason: str | None = None
    late_reason: str | None = None
    attaching: bool = False


def _load_pages(archive: Archive, user: UserInfo, item_id: str, known: frozenset[str]):
    pages = slot_pages(archive, item_id)
    thumbs = {}
    for p in pages:
        if p.page_id not in known:
            try:
                thumbs[p.page_id] = page_thumbnail(page_bytes(archive, user, p.page_id))
            except (KnownError, OSError):
                thumbs[p.page_id] = b""
    return item_id, pages, thumbs


class _Relay(QObject):
    """Carries results from the capture pool thread to the GUI thread (queued)."""

    processed = Signal(object)
    failed = Signal(object, object)


class CapturePanel(QWidget):
    """Camera, shutter and filmstrip for the document selected in the checklist.

    Signals:
        page_attached(object, object): a :class:`CaptureJob` and the stored page's ``PageInfo``.
        capture_failed(object, str): a job and what went wrong (already shown to the user).
        order_requested(str, str): a cover-sheet barcode named this work order (id, number).
        box_requested(str): a box label under the camera named this box (box number).
        reason_requested(object): a :class:`ReasonDialog` is open (override or late entry).
        sent(object): send for review succeeded (a ``SendResult``).
        send_refused(object): the exception that refused sending (``MissingDocuments`` …).
        pages_loaded(str): the filmstrip now shows this checklist item's pages.
    """

    page_attached = Signal(object, object)
    capture_failed = Signal(object, str)
    order_requested = Signal(str, str)
    box_requested = Signal(str)
    reason_requested = Signal(object)
    sent = Signal(object)
    send_refused = Signal(object)
    pages_loaded = Signal(str)

    def __init__(self, archive: Archive, worker: DbWorker, user: UserInfo, camera: CameraConfig,
                 profile: str = "default", chinese_names: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.archive = archive
        self.worker = worker
        self.user = user
        self.camera_config = camera
        self.profile = profile
        self.chinese_names = chinese_names
        self.checklist_entries = lambda: []  # set by the window: the entries of the shown checklist
        self.work_order_id: str | None = None
        self.work_order_no: str = ""
        self.entry: ChecklistEntry | None = None
        self.jobs: list[CaptureJob] = []
        self.id_front: CaptureJob | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_latency_ms: float | None = None
        self.latencies: list[float] = []
        self.status: GrabberStatus | None = None
        self.auto_rule = AutoCaptureRule()
        self._preview_times: deque[float] = deque(maxlen=30)
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archivist-capture")
        self._relay = _Relay(self)
        self._relay.processed.connect(self._on_job_processed, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_job_process_failed, Qt.ConnectionType.QueuedConnection)
        self._last_barcode: tuple[str, float] = ("", 0.0)
        self._pages_request = 0
        self._processing = 0  # jobs submitted to the pool and not finished there
        self._processing_lock = threading.Lock()
        self._stopped = False

        self.feed = CameraFeed(self)
        self.feed.status_changed.connect(self._on_feed_status_changed)
        self.feed.preview_ready.connect(self._on_feed_preview_ready)
        self.feed.barcode_seen.connect(self._on_feed_barcode_seen)

        # widgets -------------------------------------------------------------------------------------
        title = QLabel(self.tr("Camera"))
        title.setObjectName("panelTitle")
        self.target_label = QLabel()
        self.target_label.setObjectName("captureTarget")
        self.target_label.setWordWrap(True)
        self.live_view = LiveView()
        self.live_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.live_view.retry_requested.connect(self.retry_camera)
        self.live_view.resized.connect(lambda w, h: setattr(self.feed, "display_size", (w, h)))
        self.info_label = QLabel(self.tr("Camera: starting…"))
        self.info_label.setObjectName("cameraInfo")
        self.info_label.setStyleSheet("color: palette(placeholder-text);")

        self.capture_button = QPushButton(self.tr("Capture (Space)"))
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setDefault(False)
        self.capture_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.capture_button.clicked.connect(lambda: self.capture())
        self.auto_button = QPushButton(self.tr("Auto-capture"))
        self.auto_button.setObjectName("autoCapture")
        self.auto_button.setCheckable(True)
        self.auto_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.auto_button.toggled.connect(self._on_auto_button_toggled)
        self.id_card_button = QPushButton(self.tr("ID card (front + back)"))
        self.id_card_button.setObjectName("idCardMode")
        self.id_card_button.setCheckable(True)
        self.id_card_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.id_card_button.toggled.connect(self._on_id_card_button_toggled)
        self.send_button = QPushButton(self.tr("Send for review"))
        self.send_button.setObjectName("sendForReview")
        self.send_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send_button.clicked.connect(self.send_for_review)
        buttons = QHBoxLayout()
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.auto_button)
        buttons.addWidget(self.id_card_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)

        self.filmstrip = Filmstrip()
        self.filmstrip.order_changed.connect(self._on_filmstrip_order_changed)
        self.filmstrip.delete_requested.connect(self.delete_page)
        self.filmstrip.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.retake_button = QPushButton(self.tr("Retake page"))
        self.retake_button.setObjectName("retakePage")
        self.retake_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retake_button.clicked.connect(self.retake_current)
        self.delete_button = QPushButton(self.tr("Delete page"))
        self.delete_button.setObjectName("deletePage")
        self.delete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete_button.clicked.connect(lambda: self.delete_page(self.filmstrip.current_page_id()))
        self.pages_label = QLabel(self.tr("Pages of the selected document"))
        strip_buttons = QHBoxLayout()
        strip_buttons.addWidget(self.pages_label, 1)
        strip_buttons.addWidget(self.retake_button)
        strip_buttons.addWidget(self.delete_button)
        self.message_label = QLabel()
        self.message_label.setObjectName("captureMessage")
        self.message_label.setWordWrap(True)
        self.rescan_banner = QFrame()
        self.rescan_banner.setObjectName("rescanBanner")
        self.rescan_banner.setStyleSheet("QFrame#rescanBanner { background: #fff3e0; border: 1px solid #e65100; "
                                         "border-radius: 4px; }")
        self.rescan_image = QLabel()
        self.rescan_image.setFixedSize(72, 96)
        self.rescan_image.setScaledContents(True)
        self.rescan_label = QLabel()
        self.rescan_label.setObjectName("rescanText")
        self.rescan_label.setWordWrap(True)
        banner_layout = QHBoxLayout(self.rescan_banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        banner_layout.addWidget(self.rescan_image)
        banner_layout.addWidget(self.rescan_label, 1)
        self.rescan_banner.hide()
        self.rescan_task = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.target_label)
        layout.addWidget(self.rescan_banner)
        layout.addWidget(self.live_view, 1)
        layout.addWidget(self.info_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addLayout(strip_buttons)
        layout.addWidget(self.filmstrip)
        self._fps_timer = QTimer(self)
        self._fps_timer.setInterval(1000)
        self._fps_timer.timeout.connect(self._update_info)
        self._update_target()
        self._update_buttons()

    # --- camera ------------------------------------------------------------------------------------

    def start_camera(self, config: CameraConfig | None = None) -> None:
        if self._stopped:
            return
        if config is not None:
            self.camera_config = config
        self.info_label.setText(self.tr("Camera: opening {spec}…").format(spec=self.camera_config.spec))
        self.feed.start(self.camera_config)
        self._fps_timer.start()

    def retry_camera(self) -> None:
        self.start_camera()

    def stop(self) -> None:
        """Stop the camera and the capture pool.  Pages already processed still attach."""
        if self._stopped:
            return
        self._stopped = True
        self._fps_timer.stop()
        self.feed.stop()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        if self.reason_dialog is not None:
            self.reason_dialog.reject()
        for job in list(self.jobs):
            if job.processed is not None and not job.attaching and job.side != "front" and self.worker.is_running:
                # processed, but its queued result has not reached the GUI yet: attach it now
                job.attaching = True
                self.worker.submit(attach_processed, self.archive, self.user, job.item_id, job.processed,
                                   override_reason=job.override_reason, late_reason=job.late_reason,
                                   replaces=job.replaces, on_error=lambda exc: log.warning(
                                       "a page captured while closing was not attached: %s", exc))

    def _on_feed_status_changed(self, status: GrabberStatus) -> None:
        self.status = status
        self.live_view.show_status(status, self._status_text(status))
        self._update_info()
        self._update_buttons()

    def _status_text(self, s: GrabberStatus) -> str:
        error = s.error or s.message
        if s.state == GrabberState.OPENING:
            return self.tr("Opening the camera ({source})…").format(source=s.source)
        if s.state == GrabberState.RECONNECTING:
            if s.attempt:
                return self.tr("The camera is not answering ({error}). Reconnecting: attempt {attempt} of {max} "
                               "failed, next in {seconds:g} s…").format(error=error, attempt=s.attempt,
                                                                       max=s.max_attempts, seconds=s.retry_in)
            return self.tr("The camera stopped delivering frames ({error}). Is it unplugged? Reconnecting…").format(
                error=error)
        if s.state == GrabberState.FAILED:
            return self.tr("The camera could not be opened: {error}\nCheck the cable and the camera settings, "
                           "then press Retry.").format(error=error)
        if s.state == GrabberState.ENDED:
            return self.tr("The replay has ended. Press Retry to start it again.")
        if s.state == GrabberState.STOPPED:
            return self.tr("The camera is stopped.")
        return ""

    def _update_info(self) -> None:
        info = self.feed.info
        times = self._preview_times
        fps = (len(times) - 1) / (times[-1] - times[0]) if len(times) >= 2 and times[-1] > times[0] else 0.0
        if info is not None and self.feed.state == GrabberState.RUNNING:
            self.info_label.setText(self.tr("Camera: {summary} · live view {fps:.0f} fps").format(
                summary=info.summary(), fps=fps))
        elif self.status is not None:
            self.info_label.setText(self.tr("Camera: {state}").format(state=self.status.state.value))

    def _on_feed_preview_ready(self, result: PreviewResult) -> None:
        self._preview_times.append(time.monotonic())
        self.live_view.show_result(result)
        self.feed.preview_shown()
        if self.auto_button.isChecked():
            a = result.analysis
            fire = self.auto_rule.feed(a.motion, a.quad, a.cut_off, a.sharpness, result.timestamp)
            if fire and self.entry is not None and not self._busy():
                self.capture(auto=True)

    def _busy(self) -> bool:
        return bool(self.jobs) or self.reason_dialog is not None

    def _on_feed_barcode_seen(self, text: str) -> None:
        last, at = self._last_barcode
        now = time.monotonic()
        if text == last and now - at < 3.0:
            return
        self._last_barcode = (text, now)
        if text == self.work_order_no or not self.worker.is_running:
            return
        self.worker.submit(work_order_by_number, self.archive, text, context=self,
                           on_done=partial(self._on_barcode_order_found, text), on_error=lambda exc: None)

    def _on_barcode_order_found(self, text: str, work_order_id: str | None) -> None:
        if work_order_id and work_order_id != self.work_order_id:
            self.flash(self.tr("Cover sheet {number}: work order opened.").format(number=text))
            self.order_requested.emit(work_order_id, text)
        elif work_order_id is None and self.worker.is_running:  # perhaps a box label (Code 128 or QR)
            self.worker.submit(find_box, self.archive, text, context=self, on_done=self._on_barcode_box_found,
                               on_error=lambda exc: None)

    def _on_barcode_box_found(self, box) -> None:
        if box is not None:
            self.box_requested.emit(box.box_no)

    # --- target -------------------------------------------------------------------------------------

    def set_order(self, work_order_id: str | None, work_order_no: str = "") -> None:
        if work_order_id != self.work_order_id:
            self.id_front = None
        self.work_order_id = work_order_id
        self.work_order_no = work_order_no
        self._update_buttons()

    def set_entry(self, entry: ChecklistEntry | None) -> None:
        changed = (entry.item_id if entry else None) != (self.entry.item_id if self.entry else None)
        self.entry = entry
        self._update_target()
        self._update_buttons()
        if changed:
            self.filmstrip.set_pages((), {})
        if entry is not None:
            self.reload_pages()

    def _update_target(self) -> None:
        if self.entry is None:
            self.target_label.setText(self.tr("Select a document in the checklist; pages go into it."))
        else:
            name = self.entry.name_zh if self.chinese_names else self.entry.name_en
            self.target_label.setText(self.tr("Pages go to: <b>{step}. {document}</b>").format(
                step=self.entry.step, document=name))

    def _update_buttons(self) -> None:
        running = self.feed.state == GrabberState.RUNNING
        self.capture_button.setEnabled(running and self.entry is not None)
        self.send_button.setEnabled(self.work_order_id is not None)
        has_page = self.filmstrip.current_page_id() is not None
        self.retake_button.setEnabled(has_page and running)
        self.delete_button.setEnabled(has_page)

    def flash(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b3261e; font-weight: bold;" if error else "")
        self.live_view.set_flash(text if not error else "")

    # --- capture ------------------------------------------------------------------------------------

    def capture(self, replaces: str | None = None, auto: bool = False) -> CaptureJob | None:
        """Take the newest frame and start processing it; ``None`` (with a message) when not possible."""
        if self._stopped or self._pool is None:
            return None
        if self.entry is None or self.work_order_id is None:
            self.flash(self.tr("Select a document in the checklist first."), error=True)
            return None
        grabbed = self.feed.latest()
        if grabbed is None:
            self.flash(self.tr("No picture: the camera is not running."), error=True)
            return None
        job = CaptureJob(self.entry.item_id, self.work_order_id, self.target_label.text(), time.monotonic(),
                         grabbed.number, replaces=replaces, auto=auto)
        if self.id_card_button.isChecked() and replaces is None:
            if self.id_front is None:
                job.side = "front"
                self.id_front = job
            else:
                job.side, job.front = "back", self.id_front
                self.id_front = None
        self.jobs.append(job)
        with self._processing_lock:
            self._processing += 1
            self.feed.capture_busy.set()
        self.flash(self.tr("Capturing…") if job.side is None else
                   self.tr("Capturing the front of the ID card…") if job.side == "front" else
                   self.tr("Capturing the back of the ID card…"))
        self._pool.submit(self._process, job, grabbed.image)
        return job

    def _process(self, job: CaptureJob, image) -> None:
        """In the capture pool: the CPU work of one page (the frame is read-only, never copied)."""
        try:
            self._process_page(job, image)
        finally:
            with self._processing_lock:
                self._processing -= 1
                if self._processing == 0:  # nothing else waiting: the preview resumes
                    self.feed.capture_busy.clear()

    def _process_page(self, job: CaptureJob, image) -> None:
        try:
            processed = process_frame_for_capture(image, self.profile)
            if job.side == "back":
                front = job.front.processed if job.front is not None else None
                if front is None:
                    raise KnownError("the front of the ID card was not captured; capture both sides again")
                job.front.processed = None  # hand the front's memory back
                processed = merge_id_card_pages(front, processed)
            job.processed = processed
        except Exception as exc:  # noqa: BLE001 - reported to the clerk on the GUI thread
            self._relay.failed.emit(job, exc)
        else:
            self._relay.processed.emit(job)

    def _on_job_process_failed(self, job: CaptureJob, exc: BaseException) -> None:
        self._forget(job)
        if not isinstance(exc, KnownError):
            log.error("processing a captured frame failed", exc_info=exc)
        text = self.tr("The page could not be processed: {error}").format(error=str(exc))
        self.flash(text, error=True)
        self.capture_failed.emit(job, text)

    def _on_job_processed(self, job: CaptureJob) -> None:
        if job.side == "front":
            self.flash(self.tr("Front captured. Turn the card over and capture the back."))
            self._forget(job)  # its processed page waits on the job until the back is merged
            return
        self._attach(job)

    def _attach(self, job: CaptureJob) -> None:
        if not self.worker.is_running:
            return
        job.attaching = True
        self.worker.submit(attach_processed, self.archive, self.user, job.item_id, job.processed,
                           override_reason=job.override_reason, late_reason=job.late_reason, replaces=job.replaces,
                           context=self, on_done=partial(self._on_job_attached, job),
                           on_error=partial(self._on_job_attach_failed, job))

    def _forget(self, job: CaptureJob) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    def _on_job_attached(self, job: CaptureJob, info) -> None:
        self._forget(job)
        p = job.processed
        if self.entry is not None and self.entry.item_id == job.item_id:
            self.filmstrip.remember_thumbnail(info.id, p.thumbnail_jpeg)
            pages = list(self.filmstrip.pages)
            thumb = PageThumb(info.id, info.seq, p.verdict, p.reasons, info.sha256, info.captured_by, info.captured_at,
                              job.override_reason, job.late_reason)
            ids = [q.page_id for q in pages]
            if job.replaces in ids:
                pages[ids.index(job.replaces)] = thumb
            else:
                pages.append(thumb)
            self.filmstrip.set_pages(tuple(pages), {})
            self.filmstrip.setCurrentRow([q.page_id for q in pages].index(info.id))
            self.filmstrip.scrollToItem(self.filmstrip.currentItem())
        self.last_latency_ms = (time.monotonic() - job.shutter_at) * 1e3
        self.latencies.append(self.last_latency_ms)
        verdict = {"accept": self.tr("OK"), "warn": self.tr("warning"), "reject": self.tr("rejected, overridden")}
        text = self.tr("Page stored ({verdict}).").format(verdict=verdict.get(p.verdict, p.verdict))
        if p.reasons:
            text += " " + ", ".join(reason_label(r) for r in p.reasons)
        self.flash(text)
        self.page_attached.emit(job, info)

    def _on_job_attach_failed(self, job: CaptureJob, exc: BaseException) -> None:
        job.attaching = False
        if isinstance(exc, NeedsOverride):
            reasons = ", ".join(reason_label(r) for r in job.processed.reasons) or self.tr("quality check")
            self._ask_reason(job, "override_reason", self.tr("Page rejected"),
                             self.tr("The quality check rejected this page ({reasons}). Capture it again, or attach "
                                     "it anyway and say why.").format(reasons=reasons),
                             [self.tr("Original document is in this condition"),
                              self.tr("Customer cannot provide a better copy")])
        elif isinstance(exc, NeedsLateReason):
            self._ask_reason(job, "late_reason", self.tr("Late entry (补录)"),
                             self.tr("This document is past its 48-hour deadline. A late entry needs a reason."),
                             [self.tr("Customer brought the document late"),
                              self.tr("Camera or system was out of order"),
                              self.tr("Document was missed and found later")])
        else:
            self._forget(job)
            if isinstance(exc, KnownError):
                text = self.tr("The page was not stored: {error}").format(error=str(exc))
            else:
                log.error("attaching a page failed", exc_info=exc)
                text = self.tr("The page was not stored because of an unexpected error: {error}").format(
                    error=f"{type(exc).__name__}: {exc}")
            self.flash(text, error=True)
            self.capture_failed.emit(job, text)

    def _ask_reason(self, job: CaptureJob, attribute: str, title: str, text: str, suggestions: list[str]) -> None:
        dialog = ReasonDialog(title, text, suggestions, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(partial(self._on_reason_dialog_finished, job, attribute, dialog))
        self.reason_dialog = dialog
        dialog.open()
        self.reason_requested.emit(dialog)

    def _on_reason_dialog_finished(self, job: CaptureJob, attribute: str, dialog: ReasonDialog, result: int) -> None:
        if self.reason_dialog is dialog:
            self.reason_dialog = None
        if result == ReasonDialog.DialogCode.Accepted and dialog.reason() and not self._stopped:
            setattr(job, attribute, dialog.reason())
            self._attach(job)
        else:
            self._forget(job)
            text = self.tr("The page was not attached.")
            self.flash(text, error=True)
            self.capture_failed.emit(job, text)

    # --- filmstrip ----------------------------------------------------------------------------------

    def reload_pages(self) -> None:
        if self.entry is None or not self.worker.is_running:
            return
        self._pages_request += 1
        request = self._pages_request
        self.worker.submit(_load_pages, self.archive, self.user, self.entry.item_id,
                           frozenset(self.filmstrip.thumbnails), context=self,
                           on_done=partial(self._on_pages_loaded, request), on_error=self._on_pages_failed)
        self.worker.submit(open_rescan, self.archive, self.user, self.entry.item_id, context=self,
                           on_done=partial(self._on_rescan_loaded, self.entry.item_id), on_error=self._on_pages_failed)

    def _on_rescan_loaded(self, item_id: str, found) -> None:
        if self.entry is None or self.entry.item_id != item_id:
            return
        if found is None:
            self.rescan_task = None
            self.rescan_banner.hide()
            return
        task, thumbnail = found
        self.rescan_task = task
        self.rescan_image.setPixmap(QPixmap.fromImage(QImage.fromData(thumbnail)))
        text = self.tr("<b>Rescan requested</b> by {reviewer}: {reason}").format(
            reviewer=task.flagged_by, reason=flag_reason_label(task.reason))
        if task.comment:
            text += " — " + task.comment
        text += "<br>" + self.tr("The next page you capture here replaces the flagged page (shown left).")
        self.rescan_label.setText(text)
        self.rescan_banner.show()

    def _on_pages_loaded(self, request: int, result) -> None:
        item_id, pages, thumbs = result
        if request != self._pages_request or self.entry is None or self.entry.item_id != item_id:
            return
        if any(j.item_id == item_id and j.attaching for j in self.jobs):
            return  # a page is on its way in: its own refresh follows
        self.filmstrip.set_pages(pages, thumbs)
        self.pages_label.setText(self.tr("Pages of the selected document: %n", "", len(pages)))
        self._update_buttons()
        self.pages_loaded.emit(item_id)

    def _on_pages_failed(self, exc: BaseException) -> None:
        self.flash(self.tr("The pages could not be loaded: {error}").format(error=str(exc)), error=True)

    def _on_filmstrip_order_changed(self, page_ids: list) -> None:
        if self.entry is None or not self.worker.is_running:
            return
        self.worker.submit(reorder_pages, self.archive, self.user, self.entry.item_id, list(page_ids), context=self,
                           on_done=lambda _slot: self.reload_pages(),
                           on_error=lambda exc: (self.flash(str(exc), error=True), self.reload_pages()))

    def delete_page(self, page_id: str | None) -> None:
        if page_id is None or self.entry is None or not self.worker.is_running:
            return
        self.worker.submit(remove_page, self.archive, self.user, self.entry.item_id, page_id, context=self,
                           on_done=self._on_page_removed,
                           on_error=lambda exc: self.flash(self.tr("The page was not removed: {error}").format(
                               error=str(exc)), error=True))

    def _on_page_removed(self, _slot) -> None:
        self.flash(self.tr("Page removed."))
        self.reload_pages()
        self.page_attached.emit(None, None)  # the checklist counts changed

    def retake_current(self) -> CaptureJob | None:
        page_id = self.filmstrip.current_page_id()
        if page_id is None:
            return None
        return self.capture(replaces=page_id)

    # --- modes --------------------------------------------------------------------------------------

    def _on_auto_button_toggled(self, on: bool) -> None:
        self.auto_rule.reset(armed=False)
        self.flash(self.tr("Auto-capture on: put a new page under the camera and hold still.") if on
                   else self.tr("Auto-capture off."))

    def _on_id_card_button_toggled(self, on: bool) -> None:
        self.id_front = None
        self.flash(self.tr("ID card mode: capture the front, then the back; they are merged onto one page.") if on
                   else self.tr("ID card mode off."))

    # --- send ---------------------------------------------------------------------------------------

    def send_for_review(self) -> None:
        if self.work_order_id is None or not self.worker.is_running:
            return
        self.send_button.setEnabled(False)
        self.worker.submit(send_for_review, self.archive, self.user, self.work_order_id, context=self,
                           on_done=self._on_sent, on_error=self._on_send_failed)

    def _on_sent(self, result) -> None:
        self._update_buttons()
        text = self.tr("%n document(s) sent for review.", "", result.sent_items)
        self.flash(text)
        self._show_message(QMessageBox.Icon.Information, self.tr("Sent for review"), text, "")
        self.sent.emit(result)

    def _on_send_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        if isinstance(exc, MissingDocuments):
            lines = []
            names = {e.document_type: (e.name_zh if self.chinese_names else e.name_en)
                     for e in self.checklist_entries()}
            for step, doc, name_zh in exc.missing:
                lines.append(f"{step}. {names.get(doc, name_zh)}")
            text = self.tr("Not sent: %n required document(s) still missing.", "", len(exc.missing))
            self._show_message(QMessageBox.Icon.Warning, self.tr("Documents missing"), text, "\n".join(lines))
        elif isinstance(exc, KnownError):
            self._show_message(QMessageBox.Icon.Warning, self.tr("Not sent"), str(exc), "")
        else:
            log.error("send for review failed", exc_info=exc)
            self._show_message(QMessageBox.Icon.Critical, self.tr("Not sent"), f"{type(exc).__name__}: {exc}", "")
        self.send_refused.emit(exc)

    def _show_message(self, icon, title: str, text: str, details: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window())
        box.setObjectName("sendResult")
        if details:
            box.setInformativeText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        self.last_message = text + ("\n" + details if details else "")
