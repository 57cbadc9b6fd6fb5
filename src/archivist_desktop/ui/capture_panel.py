"""The camera side of the Capture workspace: live view, shutter, auto-capture, ID-card mode,
filmstrip of the selected document, send for review.

The panel draws and forwards; :class:`~archivist_desktop.services.capture_flow.CaptureFlow`
decides (job lifecycle, reasons, ID-card pairing, rescan replacement, what attaches on close).
The path of one page (DESIGN.md §2: the GUI thread never waits)::

    shutter (Space / pedal / button / auto) ── newest full frame from the grabber ── flow.shutter
      └─► runner.compute: process_capture (crop, deskew, quality; merge an ID card) ── flow.processed
            └─► runner.write: attach_processed ── flow.attached / flow.attach_failed
                  ├─► AskReason (rejected page, late entry): the clerk says why ── flow.give_reason ─► write again
                  └─► GUI: thumbnail into the filmstrip, checklist reloads, selection moves on
"""

from __future__ import annotations

import concurrent.futures
import html
import logging
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from pathlib import Path

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.boxes import find_box
from archivist_desktop.services.capture import (
    PAGES_EDITABLE,
    TAKES_PAGES,
    MissingDocuments,
    attach_files,
    attach_processed,
    process_book_for_capture,
    remove_page,
    reorder_pages,
    send_for_review,
    work_order_by_number,
)
from archivist_desktop.services.capture_flow import (
    AskReason,
    Attach,
    Attached,
    CaptureFlow,
    CaptureJob,
    CaptureTarget,
    Failed,
    FrontCaptured,
    Process,
    Refused,
    SlotView,
    Step,
    is_id_document,
    place_page,
    process_capture,
)
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.content_check import ContentFinding, findings_of_pages
from archivist_desktop.services.live import GrabberState, GrabberStatus
from archivist_desktop.services.materials import load_slot_view
from archivist_desktop.services.orders import ChecklistEntry
from archivist_desktop.services.review import RescanInfo, decode_page
from archivist_desktop.services.users import UserInfo, list_users
from archivist_desktop.ui.autocapture import AutoCaptureRule
from archivist_desktop.ui.camera_feed import CameraConfig, CameraFeed, PreviewResult
from archivist_desktop.ui.capture_dialogs import ReasonDialog
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.filmstrip import Filmstrip, finding_text, reason_label
from archivist_desktop.ui.i18n import flag_reason_label, item_state_label
from archivist_desktop.ui.live_view import LiveView
from archivist_desktop.ui.open_external import ExternalOpener
from archivist_desktop.ui.operations import Operation, OperationRunner
from archivist_desktop.ui.qt import (
    QAction,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QLineEdit,
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
from archivist_desktop.ui.search import PageDialog

__all__ = ["CaptureJob", "CapturePanel"]

log = logging.getLogger(__name__)

#: the file dialog's filter of File → Attach files…
ATTACH_PATTERNS = "*.pdf *.ofd *.mp4 *.mov *.m4a *.mp3 *.wav *.jpg *.jpeg *.png *.tif *.tiff"
#: how long closing waits for a page still being processed (it then attaches)
CLOSE_WAIT_S = 60.0


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

    def __init__(
        self,
        archive: Archive,
        runner: OperationRunner,
        user: UserInfo,
        camera: CameraConfig,
        profile: str = "default",
        chinese_names: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.archive = archive
        self.runner = runner
        self.user = user
        self.camera_config = camera
        self.chinese_names = chinese_names
        #: set by the window: the entries of the shown checklist
        self.checklist_entries: Callable[[], list[ChecklistEntry]] = lambda: []
        self.work_order_id: str | None = None
        self.work_order_no: str = ""
        self.entry: ChecklistEntry | None = None
        self.flow = CaptureFlow(profile)
        self.reason_dialog: ReasonDialog | None = None
        self.message_box: QMessageBox | None = None
        #: the keys that are the shutter, also in a text field of the capture desk (:class:`_CaptureKeyGuard`)
        self.capture_keys: tuple[str, ...] = ("Space", str(archive.settings["pedal_key"] or "F12"))
        self.status: GrabberStatus | None = None
        self.auto_rule = AutoCaptureRule()
        self._preview_times: deque[float] = deque(maxlen=30)
        self._processing_ops: dict[int, Operation] = {}  # job number -> its computation, waited for on close
        self._last_barcode: tuple[str, float] = ("", 0.0)
        self._pages_request = 0
        self._findings_item: str | None = None  # the slot whose content findings the clerk was told of
        self._findings_told: set[str] = set()
        self._stopped = False
        #: people's names by login name: the rescan banner names the reviewer as people know them (issue 17)
        self.people: dict[str, str] = {}
        runner.archive_changed.connect(self._on_runner_archive_changed)

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
        # where the next page goes, large: page 2 of a document must not land in another (issue 17)
        font = self.target_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.target_label.setFont(font)
        self.target_label.setStyleSheet(
            "QLabel#captureTarget { background: #e3f2fd; color: #0d47a1; border: 2px solid #1565c0;"
            " border-radius: 4px; padding: 6px 10px; }"
            'QLabel#captureTarget[locked="true"] { background: #eeeeee; color: #555555; border-color: #9e9e9e; }'
        )
        self.confirm_box: QMessageBox | None = None
        self._key_guard = _CaptureKeyGuard(self)
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
        self.book_button = QPushButton(self.tr("Book mode"))
        self.book_button.setObjectName("bookMode")
        self.book_button.setCheckable(True)
        self.book_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.book_button.setToolTip(self.tr("A captured spread becomes two pages, left first, flattened (Ctrl+K)"))
        #: the checkable action (Ctrl+K) that switches book mode; the button shows its state
        self.book_action = QAction(self.tr("Book mode"), self)
        self.book_action.setCheckable(True)
        self.book_action.setShortcut(QKeySequence("Ctrl+K"))
        self.book_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.book_action.toggled.connect(self.book_button.setChecked)
        self.book_button.toggled.connect(self.book_action.setChecked)
        self.addAction(self.book_action)
        #: File → Attach files… (Ctrl+O): PDF, OFD, audio, video or image files into the selected slot
        self.attach_action = QAction(self.tr("&Attach files…"), self)
        self.attach_action.setShortcut(QKeySequence("Ctrl+O"))
        self.attach_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.attach_action.triggered.connect(self.choose_files_to_attach)
        self.addAction(self.attach_action)
        self.setAcceptDrops(True)  # files dropped on the panel go into the selected slot
        self.send_button = QPushButton(self.tr("Send for review"))
        self.send_button.setObjectName("sendForReview")
        self.send_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send_button.clicked.connect(self.send_for_review)
        buttons = QHBoxLayout()
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.auto_button)
        buttons.addWidget(self.id_card_button)
        buttons.addWidget(self.book_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)

        self.filmstrip = Filmstrip()
        self.filmstrip.order_changed.connect(self._on_filmstrip_order_changed)
        self.filmstrip.delete_requested.connect(self.delete_page)
        self.filmstrip.enlarge_requested.connect(self.enlarge_page)
        self.page_dialog: PageDialog | None = None
        # #19: a PDF/OFD or recording in the system's own program, as from the review viewer
        self.external = ExternalOpener(archive, user, runner, self)
        self.external.status.connect(lambda text: self.flash(text))
        self.filmstrip.open_external_requested.connect(self.external.open)
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
        self.rescan_banner.setStyleSheet(
            "QFrame#rescanBanner { background: #fff3e0; border: 1px solid #e65100; border-radius: 4px; }"
        )
        self.rescan_image = QLabel()
        self.rescan_image.setFixedSize(48, 64)  # small: the filmstrip shows the flagged page large (1366x728 fit)
        self.rescan_image.setScaledContents(True)
        self.rescan_label = QLabel()
        self.rescan_label.setObjectName("rescanText")
        self.rescan_label.setWordWrap(True)
        banner_layout = QHBoxLayout(self.rescan_banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        banner_layout.addWidget(self.rescan_image)
        banner_layout.addWidget(self.rescan_label, 1)
        self.rescan_banner.hide()
        self.rescan_task: RescanInfo | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()  # the title beside the banner, not above it: the desk fits 1366x728 (issue 17)
        head.addWidget(title, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.target_label, 1)
        layout.addLayout(head)
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

    # --- state the window and tests read ------------------------------------------------------------

    @property
    def jobs(self) -> list[CaptureJob]:
        """Captures in flight (processing, attaching, waiting for a reason)."""
        return self.flow.jobs

    @property
    def id_front(self) -> CaptureJob | None:
        """In ID-card mode: the front whose back is captured next."""
        return self.flow.id_front

    @property
    def profile(self) -> str:
        """The imaging profile pages are processed with."""
        return self.flow.profile

    @profile.setter
    def profile(self, name: str) -> None:
        self.flow.profile = name

    @property
    def latencies(self) -> list[float]:
        """Shutter-to-filmstrip times of the pages attached so far (ms)."""
        return self.flow.latencies

    @property
    def last_latency_ms(self) -> float | None:
        return self.flow.last_latency_ms

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

    def take_camera(self, other: CapturePanel) -> None:
        """Switch user: take over ``other``'s running camera (the same :class:`CameraFeed`, grabber and
        threads, never reopened); ``other`` gets this panel's feed, which never ran, so its ``stop()`` on
        closing stops nothing of the camera while still attaching the pages it has in flight."""
        mine, theirs = self.feed, other.feed
        for panel, feed in ((self, mine), (other, theirs)):
            feed.status_changed.disconnect(panel._on_feed_status_changed)
            feed.preview_ready.disconnect(panel._on_feed_preview_ready)
            feed.barcode_seen.disconnect(panel._on_feed_barcode_seen)
        theirs.setParent(self)
        mine.setParent(other)
        self.feed, other.feed = theirs, mine
        theirs.status_changed.connect(self._on_feed_status_changed)
        theirs.preview_ready.connect(self._on_feed_preview_ready)
        theirs.barcode_seen.connect(self._on_feed_barcode_seen)
        self.camera_config = other.camera_config
        if other.status is not None:
            self._on_feed_status_changed(other.status)
        theirs.capture_busy.clear()  # this panel has no capture in flight
        theirs.preview_shown()  # a preview queued to the other panel must not hold the next one back
        self._fps_timer.start()

    def stop(self) -> None:
        """Stop the camera; pages already processed, or still being processed, still attach.

        A reason being asked for is dropped (as if declined), a front without its back too
        (:meth:`CaptureFlow.close`).  Waits for the computations still running, as closing always did.
        """
        if self._stopped:
            return
        self._stopped = True
        self.external.remove_copies()  # the copies handed to the system's programs go with the window
        self._fps_timer.stop()
        self.feed.stop()
        if self.reason_dialog is not None:
            self.reason_dialog.reject()
        closing = self.flow.close()
        todo: list = list(closing.attach)
        for job in closing.processing:
            op = self._processing_ops.pop(job.number, None)
            if op is not None:
                todo.append((job, op))
        while todo:
            item = todo.pop(0)
            if isinstance(item, Attach):
                self._attach_on_close(item)
            elif isinstance(item, Process):  # a back whose front finished meanwhile: done here, as the pool did
                try:
                    todo.extend(self.flow.processed(item.job, process_capture(*item.args())))
                except Exception as exc:  # noqa: BLE001 - closing: logged, the page is lost
                    todo.extend(self.flow.process_failed(item.job, exc))
            elif isinstance(item, tuple):
                job, op = item
                try:
                    page = op.future.result(timeout=CLOSE_WAIT_S)
                except (Exception, concurrent.futures.CancelledError) as exc:  # noqa: BLE001 - logged
                    todo.extend(self.flow.process_failed(job, exc))
                else:
                    todo.extend(self.flow.processed(job, page))
            elif isinstance(item, Failed) and not item.known:
                log.warning("a page captured while closing was not processed: %s", item.error)
        self.feed.capture_busy.clear()

    def _attach_on_close(self, step: Attach) -> None:
        if not self.runner.is_running:
            return
        self.runner.write(
            attach_processed,
            self.archive,
            self.user,
            **step.kwargs(),
            changes=Changes.CAPTURE,
            initiator=self,
            on_error=lambda exc: log.warning("a page captured while closing was not attached: %s", exc),
        )

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
                return self.tr(
                    "The camera is not answering ({error}). Reconnecting: attempt {attempt} of {max} "
                    "failed, next in {seconds:g} s…"
                ).format(error=error, attempt=s.attempt, max=s.max_attempts, seconds=s.retry_in)
            return self.tr("The camera stopped delivering frames ({error}). Is it unplugged? Reconnecting…").format(
                error=error
            )
        if s.state == GrabberState.FAILED:
            return self.tr(
                "The camera could not be opened: {error}\nCheck the cable and the camera settings, then press Retry."
            ).format(error=error)
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
            self.info_label.setText(
                self.tr("Camera: {summary} · live view {fps:.0f} fps").format(summary=info.summary(), fps=fps)
            )
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
        return self.flow.busy or self.reason_dialog is not None

    def _on_feed_barcode_seen(self, text: str) -> None:
        last, at = self._last_barcode
        now = time.monotonic()
        if text == last and now - at < 3.0:
            return
        self._last_barcode = (text, now)
        if text == self.work_order_no or not self.runner.is_running:
            return
        self.runner.read(
            work_order_by_number,
            self.archive,
            text,
            context=self,
            on_done=partial(self._on_barcode_order_found, text),
            on_error=lambda exc: None,
        )

    def _on_barcode_order_found(self, text: str, work_order_id: str | None) -> None:
        if work_order_id and work_order_id != self.work_order_id:
            self.flash(self.tr("Cover sheet {number}: work order opened.").format(number=text))
            self.order_requested.emit(work_order_id, text)
        elif work_order_id is None and self.runner.is_running:  # perhaps a box label (Code 128 or QR)
            self.runner.read(
                find_box,
                self.archive,
                text,
                context=self,
                on_done=self._on_barcode_box_found,
                on_error=lambda exc: None,
            )

    def _on_barcode_box_found(self, box) -> None:
        if box is not None:
            self.box_requested.emit(box.box_no)

    # --- target -------------------------------------------------------------------------------------

    def set_order(self, work_order_id: str | None, work_order_no: str = "") -> None:
        if work_order_id != self.work_order_id:
            self.flow.reset_pairing()
        self.work_order_id = work_order_id
        self.work_order_no = work_order_no
        self._update_buttons()

    def set_entry(self, entry: ChecklistEntry | None) -> None:
        changed = (entry.item_id if entry else None) != (self.entry.item_id if self.entry else None)
        self.entry = entry
        if changed and self.id_card_button.isChecked():
            if entry is None or not is_id_document(entry.document_type, entry.name_zh):
                self.id_card_button.setChecked(False)  # the next ordinary form is not an ID front (issue 17)
        self._update_target()
        self._update_buttons()
        if changed:
            self.filmstrip.set_pages((), {})
        if entry is not None:
            self.reload_pages()

    def takes_pages(self) -> bool:
        """The selected document still takes pages (not sent on to review, the archive …)."""
        return self.entry is not None and self.entry.state in TAKES_PAGES

    def _update_target(self) -> None:
        locked = self.entry is not None and not self.takes_pages()
        self.target_label.setProperty("locked", locked)
        self.target_label.style().unpolish(self.target_label)
        self.target_label.style().polish(self.target_label)
        if self.entry is None:
            self.target_label.setText(self.tr("Select a document in the checklist; pages go into it."))
        elif locked:
            name = self.entry.name_zh if self.chinese_names else self.entry.name_en
            self.target_label.setText(
                self.tr("{document} is {state}: it takes no more pages. Select another document.").format(
                    document=name, state=item_state_label(self.entry.state)
                )
            )
        else:
            name = self.entry.name_zh if self.chinese_names else self.entry.name_en
            self.target_label.setText(
                self.tr("Next page goes to: {step}. {document} (page {n})").format(
                    step=self.entry.step, document=name, n=self.filmstrip.count() + 1
                )
            )

    def _update_buttons(self) -> None:
        running = self.feed.state == GrabberState.RUNNING
        takes = self.takes_pages()
        self.capture_button.setEnabled(running and takes)
        self.send_button.setEnabled(self.work_order_id is not None)
        has_page = self.filmstrip.current_page_id() is not None
        editable = takes and self.entry is not None and self.entry.state in PAGES_EDITABLE
        self.retake_button.setEnabled(has_page and running and editable)
        self.delete_button.setEnabled(has_page and editable)
        # a sent document's pages are shown, not changed: say so where the buttons are greyed out
        locked = (
            ""
            if editable or self.entry is None
            else self.tr("This document has been sent on: its pages can no longer change")
        )
        for button in (self.retake_button, self.delete_button):
            button.setToolTip(locked)

    def flash(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b3261e; font-weight: bold;" if error else "")
        self.live_view.set_flash(text if not error else "")

    # --- capture ------------------------------------------------------------------------------------

    def capture(self, replaces: str | None = None, auto: bool = False) -> CaptureJob | None:
        """Take the newest frame and start processing it; ``None`` (with a message) when not possible."""
        if self.entry is not None and not self.takes_pages():  # sent on: refused here, not after the work
            if not auto:
                self.flash(self.target_label.text(), error=True)
            return None
        target = None
        if self.entry is not None and self.work_order_id is not None:
            target = CaptureTarget(self.entry.item_id, self.work_order_id, self.target_label.text())
        grabbed = self.feed.latest() if target is not None and not self._stopped else None
        step = self.flow.shutter(
            target,
            grabbed.image if grabbed is not None else None,
            grabbed.number if grabbed is not None else 0,
            replaces=replaces,
            auto=auto,
        )
        if isinstance(step, Failed):  # the back of an ID card whose front was lost
            self._do(step)
            return step.job
        if isinstance(step, Refused):
            if step.why == "no_target":
                self.flash(self.tr("Select a document in the checklist first."), error=True)
            elif step.why == "no_frame":
                self.flash(self.tr("No picture: the camera is not running."), error=True)
            return None
        job = step.job if isinstance(step, Process) else step
        if self.book_action.isChecked() and replaces is None and job.side is None and isinstance(step, Process):
            self.flash(self.tr("Capturing the open book…"))
            self._process_book(step, target)
            return job
        if replaces is not None:
            self.flash(self.tr("Retaking page {n}: the new picture replaces it…").format(n=self._page_number(replaces)))
            if isinstance(step, Process):
                self._do(step)
            return job
        self.flash(
            self.tr("Capturing…")
            if job.side is None
            else self.tr("Capturing the front of the ID card…")
            if job.side == "front"
            else self.tr("Capturing the back of the ID card…")
        )
        if isinstance(step, Process):
            self._do(step)
        return job

    def _do(self, step: Step) -> None:
        """Carry out one step the flow decided on."""
        if isinstance(step, Process):
            self._process(step)
        elif isinstance(step, Attach):
            self._attach(step)
        elif isinstance(step, FrontCaptured):
            self.flash(self.tr("Front captured. Turn the card over and capture the back."))
        elif isinstance(step, AskReason):
            self._ask_reason(step)
        elif isinstance(step, Attached):
            self._show_attached(step)
        elif isinstance(step, Failed):
            self._show_failed(step)

    def _update_capture_busy(self) -> None:
        """The preview pauses while a page is processed, so the page gets the CPU."""
        if self.flow.processing:
            self.feed.capture_busy.set()
        else:
            self.feed.capture_busy.clear()

    def _process(self, step: Process) -> None:
        job = step.job
        if not self.runner.is_running:
            return
        self._processing_ops[job.number] = self.runner.compute(
            process_capture,
            *step.args(),
            context=self,
            on_done=partial(self._on_job_processed, job),
            on_error=partial(self._on_job_process_failed, job),
        )
        self._update_capture_busy()

    def _process_book(self, step: Process, target: CaptureTarget | None) -> None:
        """Book mode: the frame is split and flattened off the GUI thread; every page becomes a job."""
        job = step.job
        if not self.runner.is_running:
            return
        self._processing_ops[job.number] = self.runner.compute(
            process_book_for_capture,
            step.frame,
            step.profile,
            context=self,
            on_done=partial(self._on_book_processed, job, target, step.frame),
            on_error=partial(self._on_job_process_failed, job),
        )
        self._update_capture_busy()

    def _on_book_processed(self, job: CaptureJob, target: CaptureTarget | None, frame, pages) -> None:
        self._processing_ops.pop(job.number, None)
        steps = list(self.flow.processed(job, pages[0]))
        for page in pages[1:]:  # the right-hand page: a job of its own, attached after the left one
            more = self.flow.shutter(target, frame, job.frame_number)
            if isinstance(more, Process):
                steps.extend(self.flow.processed(more.job, page))
        for s in steps:
            self._do(s)
        self._update_capture_busy()

    def _on_job_processed(self, job: CaptureJob, page) -> None:
        self._processing_ops.pop(job.number, None)
        for step in self.flow.processed(job, page):
            self._do(step)
        self._update_capture_busy()

    def _on_job_process_failed(self, job: CaptureJob, exc: BaseException) -> None:
        self._processing_ops.pop(job.number, None)
        for step in self.flow.process_failed(job, exc):
            self._do(step)
        self._update_capture_busy()

    def _attach(self, step: Attach) -> None:
        if not self.runner.is_running:
            return
        job = step.job
        self.runner.write(
            attach_processed,
            self.archive,
            self.user,
            **step.kwargs(),
            changes=Changes.CAPTURE,
            initiator=self,
            context=self,
            on_done=partial(self._on_job_attached, job),
            on_error=partial(self._on_job_attach_failed, job),
        )

    def _on_job_attached(self, job: CaptureJob, info) -> None:
        self._do(self.flow.attached(job, info))

    def _on_job_attach_failed(self, job: CaptureJob, exc: BaseException) -> None:
        self._do(self.flow.attach_failed(job, exc))

    def _show_attached(self, step: Attached) -> None:
        job, info, p = step.job, step.info, step.job.processed
        assert p is not None
        if self.entry is not None and self.entry.item_id == job.item_id:
            self.filmstrip.remember_thumbnail(info.id, p.thumbnail_jpeg)
            pages, row = place_page(self.filmstrip.pages, step.thumb, step.replaced)
            self.filmstrip.set_pages(pages, {})
            self.filmstrip.setCurrentRow(row)
            self.filmstrip.scrollToItem(self.filmstrip.currentItem())
            self._update_target()
            if job.rescan_of is not None and self.flow.rescan_page(job.item_id) is None:
                self.rescan_task = None  # the rescan task is done
                self.rescan_banner.hide()
        verdict = {"accept": self.tr("OK"), "warn": self.tr("warning"), "reject": self.tr("rejected, overridden")}
        text = self.tr("Page stored ({verdict}).").format(verdict=verdict.get(p.verdict, p.verdict))
        if p.reasons:
            text += " " + ", ".join(reason_label(r) for r in p.reasons)
        self.flash(text)
        self.page_attached.emit(job, info)

    def _show_failed(self, step: Failed) -> None:
        job, exc = step.job, step.error
        if self._stopped and step.stage != "cancelled":
            log.warning("a page captured while closing was not stored: %s", exc)
            return
        if step.stage == "cancelled":
            if self._stopped and exc is not None:
                return  # closing: nobody is asked any more
            text = self.tr("The page was not attached.")
        elif step.stage == "process":
            if not step.known:
                log.error("processing a captured frame failed", exc_info=exc)
            text = self.tr("The page could not be processed: {error}").format(error=error_text(exc))
        elif step.known:
            text = self.tr("The page was not stored: {error}").format(error=error_text(exc))
        else:
            log.error("attaching a page failed", exc_info=exc)
            text = self.tr("The page was not stored because of an unexpected error: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
        self.flash(text, error=True)
        self.capture_failed.emit(job, text)

    def _ask_reason(self, step: AskReason) -> None:
        if step.kind == "override":
            reasons = ", ".join(reason_label(r) for r in step.reasons) or self.tr("quality check")
            title = self.tr("Page rejected")
            text = self.tr(
                "The quality check rejected this page: <b>{reasons}</b>.<br>Capture it again (Enter), or keep it"
                " anyway and say why; it is then marked as rejected, kept."
            ).format(reasons=reasons)
            suggestions = [
                self.tr("Original document is in this condition"),
                self.tr("Customer cannot provide a better copy"),
            ]
        else:
            title = self.tr("Late entry (补录)")
            text = self.tr("This document is past its 48-hour deadline. A late entry needs a reason.")
            suggestions = [
                self.tr("Customer brought the document late"),
                self.tr("Camera or system was out of order"),
                self.tr("Document was missed and found later"),
            ]
        picture = b""
        if step.kind == "override" and step.job.processed is not None:
            picture = step.job.processed.thumbnail_jpeg
        dialog = ReasonDialog(
            title,
            text,
            suggestions,
            self.window(),
            picture=picture,
            keep_text=self.tr("&Keep this page") if step.kind == "override" else "",
            discard_text=self.tr("Capture &again") if step.kind == "override" else "",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(partial(self._on_reason_dialog_finished, step, dialog))
        self.reason_dialog = dialog
        dialog.open()
        self.reason_requested.emit(dialog)

    def _on_reason_dialog_finished(self, step: AskReason, dialog: ReasonDialog, result: int) -> None:
        if self.reason_dialog is dialog:
            self.reason_dialog = None
        accepted = result == ReasonDialog.DialogCode.Accepted and not self._stopped
        self._do(self.flow.give_reason(step.job, step.kind, dialog.reason() if accepted else None))

    # --- filmstrip ----------------------------------------------------------------------------------

    def reload_pages(self) -> None:
        """Read the selected slot's pages and open rescan task again (off the GUI thread)."""
        if self.entry is None or not self.runner.is_running:
            return
        self._pages_request += 1
        self.runner.read(
            load_slot_with_findings,  # thumbnails, badges of PDFs, OFDs, recordings (#19), content findings (#18)
            self.archive,
            self.user,
            self.entry.item_id,
            frozenset(self.filmstrip.thumbnails),
            context=self,
            on_done=partial(self._on_slot_loaded, self._pages_request),
            on_error=self._on_pages_failed,
        )

    def _on_runner_archive_changed(self, changes: Changes, initiator: object) -> None:
        """Someone else (a sync pass, a review, the background OCR storing a page's text and content
        findings) changed pages or rescans: the filmstrip follows."""
        if initiator is self or self.entry is None or not (changes.pages or changes.rescans):
            return
        self.reload_pages()

    def _on_slot_loaded(self, request: int, loaded: tuple[SlotView, dict[str, tuple[ContentFinding, ...]]]) -> None:
        view, findings = loaded
        if self.entry is None or self.entry.item_id != view.item_id:
            return
        # content findings (#18) are kept even when the pages are not redrawn now: the next drawing shows them
        self.filmstrip.findings = dict(findings)
        self.flow.slot_loaded(view)
        self._show_rescan(view)
        if request != self._pages_request or self.flow.page_on_its_way(view.item_id):
            return  # a newer read follows, or a page is on its way in: its own refresh follows
        self.filmstrip.set_pages(view.pages, view.thumbnails, getattr(view, "materials", None))
        self._update_target()
        self.pages_label.setText(self.tr("Pages of the selected document: %n", "", len(view.pages)))
        self._update_buttons()
        if self._findings_item != view.item_id:  # another slot: what it had is no news
            self._findings_item = view.item_id
            self._findings_told = set(findings)
        fresh = [p for p in view.pages if p.page_id in findings and p.page_id not in self._findings_told]
        self._findings_told.update(findings)
        if fresh:  # the background content check just found something on a page shown here: say so
            page = fresh[0]
            self.flash(
                self.tr("Page {n}: {finding}").format(
                    n=view.pages.index(page) + 1, finding=finding_text(findings[page.page_id][0])
                ),
                error=True,
            )
        self.pages_loaded.emit(view.item_id)

    def _show_rescan(self, view: SlotView) -> None:
        task = view.rescan
        if task is None:
            self.rescan_task = None
            self.rescan_banner.hide()
            return
        self.rescan_task = task
        self.rescan_image.setPixmap(QPixmap.fromImage(QImage.fromData(view.rescan_thumbnail)))
        self._show_rescan_text()
        self.rescan_banner.show()
        if task.flagged_by not in self.people and self.runner.is_running:
            self.runner.read(list_users, self.archive, on_done=self._on_people, on_error=lambda _e: None, context=self)

    def _show_rescan_text(self) -> None:
        task = self.rescan_task
        if task is None:
            return
        reviewer = html.escape(self.people.get(task.flagged_by) or task.flagged_by)
        if task.part is not None:  # one page of a PDF/OFD (#19): "PDF 第 3 页"
            text = self.tr("<b>Rescan requested</b> by {reviewer} for {format} page {n}: {reason}").format(
                reviewer=reviewer, format=task.part_format or "PDF", n=task.part, reason=flag_reason_label(task.reason)
            )
        else:
            text = self.tr("<b>Rescan requested</b> by {reviewer}: {reason}").format(
                reviewer=reviewer, reason=flag_reason_label(task.reason)
            )
        if task.comment:
            text += " — " + html.escape(task.comment)
        text += "<br>" + self.tr("The next page you capture here replaces the flagged page (shown left).")
        self.rescan_label.setText(text)

    def _on_people(self, users) -> None:
        self.people = {u.username: u.display_name or u.username for u in users}
        self._show_rescan_text()

    def _on_pages_failed(self, exc: BaseException) -> None:
        self.flash(self.tr("The pages could not be loaded: {error}").format(error=error_text(exc)), error=True)

    # --- attach files (#19): File → Attach files…, drag and drop --------------------------------------

    def choose_files_to_attach(self) -> None:
        """File → Attach files… (Ctrl+O): pick files for the selected document."""
        if self.entry is None:
            self.flash(self.tr("Select a document in the checklist first."), error=True)
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Attach files"),
            "",
            self.tr("Documents, recordings and images ({patterns});;All files (*)").format(patterns=ATTACH_PATTERNS),
        )
        if paths:
            self.attach_paths([Path(p) for p in paths])

    def attach_paths(self, paths: list[Path], late_reason: str | None = None) -> Operation | None:
        """Attach files to the selected document on the writer thread (``attach_files``); refusals are
        shown with their reasons, a late slot asks for its reason first and tries again."""
        if self.entry is None or not self.work_order_no or not self.runner.is_running:
            self.flash(self.tr("Select a document in the checklist first."), error=True)
            return None
        self.flash(self.tr("Attaching %n file(s)…", "", len(paths)))
        return self.runner.write(
            attach_files,
            self.archive,
            self.user,
            self.work_order_no,
            self.entry.document_type,
            list(paths),
            late_reason=late_reason,
            changes=Changes.CAPTURE,
            initiator=self,
            context=self,
            on_done=partial(self._on_files_attached, list(paths), late_reason),
            on_error=lambda exc: self.flash(
                self.tr("The files were not attached: {error}").format(error=error_text(exc)), error=True
            ),
        )

    def _on_files_attached(self, paths: list[Path], late_reason: str | None, results: list) -> None:
        self.attach_results = results
        added = [r for r in results if r.ok and not r.skipped]
        refused = [r for r in results if not r.ok]
        late = [Path(r.path) for r in refused if "48-hour deadline" in (r.error or "")]
        if late and late_reason is None:
            self._ask_late_reason_for_files(late)
            refused = [r for r in refused if Path(r.path) not in late]
        lines = [self.tr("%n file(s) attached.", "", len(added))]
        lines += [
            self.tr("{name}: {reason}").format(name=Path(r.path).name, reason=r.skipped) for r in results if r.skipped
        ]
        lines += [self.tr("Refused {name}: {reason}").format(name=Path(r.path).name, reason=r.error) for r in refused]
        self.flash(" ".join(lines), error=bool(refused))
        if refused:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Files refused"), "\n".join(lines), parent=self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.refusal_box = box
        if added:
            self.reload_pages()
            self.page_attached.emit(None, None)  # the checklist counts changed

    def _ask_late_reason_for_files(self, paths: list[Path]) -> None:
        dialog = ReasonDialog(
            self.tr("Late entry (补录)"),
            self.tr("This document is past its 48-hour deadline. A late entry needs a reason."),
            [self.tr("Customer brought the document late"), self.tr("Document was missed and found later")],
            self.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            if result == ReasonDialog.DialogCode.Accepted and dialog.reason().strip():
                self.attach_paths(paths, late_reason=dialog.reason())

        dialog.finished.connect(finished)
        self.reason_dialog = dialog
        dialog.open()
        self.reason_requested.emit(dialog)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p.is_file()]
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.attach_paths(paths)

    def _on_filmstrip_order_changed(self, page_ids: list) -> None:
        if self.entry is None or not self.runner.is_running:
            return
        self.runner.write(
            reorder_pages,
            self.archive,
            self.user,
            self.entry.item_id,
            list(page_ids),
            changes=Changes.CAPTURE,
            initiator=self,
            context=self,
            on_done=lambda _slot: self.reload_pages(),
            on_error=self._on_reorder_failed,
        )

    def _on_reorder_failed(self, exc: BaseException) -> None:
        self.flash(error_text(exc), error=True)
        self.reload_pages()

    def _page_number(self, page_id: str) -> int:
        ids = self.filmstrip.page_ids()
        return ids.index(page_id) + 1 if page_id in ids else 0

    def _confirm(self, title: str, text: str, yes: str, then: Callable[[], object]) -> QMessageBox:
        """A keyboard-friendly question: Enter does it, Esc does not (non-blocking, ``confirm_box``)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.window())
        box.setObjectName("captureConfirm")
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            if self.confirm_box is box:
                self.confirm_box = None
            if box.clickedButton() is ok and not self._stopped:
                then()

        box.finished.connect(done)
        self.confirm_box = box
        box.open()
        return box

    def enlarge_page(self, page_id: str) -> PageDialog:
        """The page, large, in its own window (double-click or Enter on a thumbnail): decoded at full
        size on the dialog's loader thread; zoom, pan and rotate as in review."""
        ids = self.filmstrip.page_ids()
        n = ids.index(page_id) + 1 if page_id in ids else 0
        name = "" if self.entry is None else (self.entry.name_zh if self.chinese_names else self.entry.name_en)
        title = self.tr("{document}, page {n}").format(document=name, n=n)
        caption = self.tr("+/− zoom · 0 fit · 1 actual pixels · R rotate · Esc close")
        material = self.filmstrip.materials.get(page_id)  # a PDF/OFD is paged through (#19)
        pages = (material.page_count or 1) if material is not None and material.kind == "document" else 1
        if pages > 1:
            caption = self.tr("PgUp/PgDn page · +/− zoom · 0 fit · 1 actual pixels · R rotate · Esc close")
        if self.page_dialog is not None:
            self.page_dialog.close()
        dialog = PageDialog(
            page_id, title, caption, partial(decode_page, self.archive, self.user), parent=self, page_count=pages
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "page_dialog", None))
        self.page_dialog = dialog
        dialog.show()
        return dialog

    def delete_page(self, page_id: str | None) -> None:
        """Ask first (Enter deletes, Esc keeps), then remove the page."""
        if page_id is None or self.entry is None or not self.runner.is_running:
            return
        n = self._page_number(page_id)
        self._confirm(
            self.tr("Delete page"),
            self.tr("Delete page {n} of this document? This cannot be undone.").format(n=n),
            self.tr("&Delete page {n}").format(n=n),
            partial(self._delete_page_now, page_id),
        )

    def _delete_page_now(self, page_id: str) -> None:
        if self.entry is None or not self.runner.is_running:
            return
        self.runner.write(
            remove_page,
            self.archive,
            self.user,
            self.entry.item_id,
            page_id,
            changes=Changes.CAPTURE,
            initiator=self,
            context=self,
            on_done=self._on_page_removed,
            on_error=lambda exc: self.flash(
                self.tr("The page was not removed: {error}").format(error=error_text(exc)), error=True
            ),
        )

    def _on_page_removed(self, _slot) -> None:
        self.flash(self.tr("Page removed."))
        self.reload_pages()
        self.page_attached.emit(None, None)  # the checklist counts changed

    def retake_current(self) -> None:
        """Ask first (Enter retakes, Esc does not), then capture a page that replaces the current one."""
        page_id = self.filmstrip.current_page_id()
        if page_id is None:
            return
        n = self._page_number(page_id)
        self._confirm(
            self.tr("Retake page"),
            self.tr("Replace page {n} with a new picture from the camera? Put the page under the camera first.").format(
                n=n
            ),
            self.tr("&Retake page {n}").format(n=n),
            partial(self.capture, replaces=page_id),
        )

    # --- capture keys in text fields -----------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._key_guard.watch(self.window())

    # --- modes --------------------------------------------------------------------------------------

    def _on_auto_button_toggled(self, on: bool) -> None:
        self.auto_rule.reset(armed=False)
        self.flash(
            self.tr("Auto-capture on: put a new page under the camera and hold still.")
            if on
            else self.tr("Auto-capture off.")
        )

    def _on_id_card_button_toggled(self, on: bool) -> None:
        self.flow.set_id_card(on)
        self.flash(
            self.tr("ID card mode: capture the front, then the back; they are merged onto one page.")
            if on
            else self.tr("ID card mode off.")
        )

    # --- send ---------------------------------------------------------------------------------------

    def send_for_review(self) -> None:
        if self.work_order_id is None or not self.runner.is_running:
            return
        self.send_button.setEnabled(False)
        self.runner.write(
            send_for_review,
            self.archive,
            self.user,
            self.work_order_id,
            changes=Changes.CAPTURE,
            initiator=self,
            context=self,
            on_done=self._on_sent,
            on_error=self._on_send_failed,
        )

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
            names = {
                e.document_type: (e.name_zh if self.chinese_names else e.name_en) for e in self.checklist_entries()
            }
            for step, doc, name_zh in exc.missing:
                lines.append(f"{step}. {names.get(doc, name_zh)}")
            text = self.tr("Not sent: %n required document(s) still missing.", "", len(exc.missing))
            self._show_message(QMessageBox.Icon.Warning, self.tr("Documents missing"), text, "\n".join(lines))
        elif isinstance(exc, KnownError):
            self._show_message(QMessageBox.Icon.Warning, self.tr("Not sent"), error_text(exc), "")
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


def load_slot_with_findings(
    archive: Archive, user: UserInfo, item_id: str, known: frozenset[str] = frozenset()
) -> tuple[SlotView, dict[str, tuple[ContentFinding, ...]]]:
    """What the filmstrip shows of a slot (:func:`load_slot_view`) and the content findings the
    background OCR stored for its pages (``wrong_document``, ``field_mismatch``; #18).  A database
    read: runs on the operation runner's reader, never on the GUI thread."""
    view = load_slot_view(archive, user, item_id, known)
    return view, findings_of_pages(archive, [p.page_id for p in view.pages])


class _CaptureKeyGuard(QObject):
    """Space (and the pedal key) capture from the Capture workspace even when a text field has focus.

    The rule (issue 17 item 7): in the window holding the capture panel, while the panel is shown, a
    plain Space or the pedal key pressed in a one-line text field (the order filter, the search field)
    is the shutter, not a character; work-order numbers and Chinese names have no spaces.  Shift+Space
    still types a space (an English name).  Dialogs (their own windows) are left alone.
    """

    def __init__(self, panel: CapturePanel):
        super().__init__(panel)
        self._panel = panel

    def watch(self, window: QWidget) -> None:
        for edit in window.findChildren(QLineEdit):
            if edit.window() is window:
                edit.installEventFilter(self)  # installing again moves it to the front, never twice

    def _is_capture_key(self, event) -> bool:
        if event.key() == Qt.Key.Key_Space and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return True
        combo = QKeySequence(event.keyCombination())
        return any(
            combo.matches(QKeySequence(k)) == QKeySequence.SequenceMatch.ExactMatch for k in self._panel.capture_keys
        )

    def eventFilter(self, watched, event) -> bool:
        panel = self._panel
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(watched, QWidget) or not panel.isVisible() or watched.window() is not panel.window():
            return False
        if not self._is_capture_key(event):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return False  # the field takes the key (no window shortcut fires twice); its press comes here
        if not event.isAutoRepeat():
            panel.capture()
        return True
