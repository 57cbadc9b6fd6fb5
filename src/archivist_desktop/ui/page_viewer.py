"""A page viewer: fit, zoom to 1:1 and beyond, pan, rotate, page through a PDF/OFD (PgUp/PgDn, with a
"page n of N" bar) — and a loader that decodes pages off the GUI thread and keeps the next ones ready.

Two images per page: a *view* image decoded at a reduced size (JPEG DCT scaling: a 13 MP page at
1/2 scale decodes several times faster) for fit-to-window, and the full-resolution image, loaded
when the user zooms past what the view image can show.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from archivist_desktop.services.page_bytes import NotOnThisStation
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.qt import (
    QColor,
    QFrame,
    QHBoxLayout,
    QImage,
    QLabel,
    QObject,
    QPainter,
    QPen,
    QPixmap,
    QPointF,
    QPolygonF,
    QRectF,
    Qt,
    QToolButton,
    QWidget,
    Signal,
)

#: long side of the reduced "view" image (enough for a full-screen fit on a 1080p/1440p monitor)
VIEW_SIDE = 2000
ZOOM_STEP = 1.25
MAX_ZOOM = 8.0
#: how often a page that is not on this station yet is asked for again while it is on screen
OFFLINE_RETRY_MS = 10_000


def to_qimage(rgb: np.ndarray) -> QImage:
    """An RGB array as a QImage that owns its pixels (safe to hand to another thread)."""
    h, w = rgb.shape[:2]
    rgb = np.ascontiguousarray(rgb)
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


class PageLoader(QObject):
    """Decodes pages on a background thread into a small LRU cache of QImages.

    One of the dedicated threads listed in :mod:`archivist_desktop.ui.operations`: decoding for the
    screen must neither queue behind database work nor behind a capture's image processing.

    ``decode(page_id, max_side)`` is the service call that returns an RGB array (any thread); for
    page ``n`` > 1 of a PDF/OFD it is called as ``decode(page_id, max_side, page_no=n)``.

    Signals:
        loaded(str, str, object): page id, level ("view" or "full"), the QImage — on the GUI thread
            (the first page of a material only; every page comes with ``page_loaded``).
        page_loaded(str, int, str, object): page id, page number (1 for an image), level, the QImage.
        failed(str, str): page id, error text.
        unavailable(str): page id — its bytes are not on this station and the central database
            cannot be reached now (not an error: show :meth:`PageViewer.show_not_on_station`).
    """

    loaded = Signal(str, str, object)
    page_loaded = Signal(str, int, str, object)
    failed = Signal(str, str)
    unavailable = Signal(str)
    _done = Signal(str, str, int, object, str)
    _absent = Signal(str, str, int)

    def __init__(self, decode: Callable[..., np.ndarray], capacity: int = 8, parent: QObject | None = None):
        super().__init__(parent)
        self._decode = decode
        self._capacity = capacity
        self._cache: OrderedDict[tuple[str, str, int], QImage] = OrderedDict()
        self._inflight: set[tuple[str, str, int]] = set()
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archivist-viewer")
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._absent.connect(self._on_absent, Qt.ConnectionType.QueuedConnection)

    def cached(self, page_id: str, level: str = "view", page_no: int = 1) -> QImage | None:
        key = (page_id, level, page_no)
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        return image

    def request(self, page_id: str, level: str = "view", page_no: int = 1) -> QImage | None:
        """The cached image now, or ``None`` and a ``loaded`` / ``page_loaded`` signal later
        (``page_no``: the page of a PDF/OFD, rendered on the loader's thread)."""
        image = self.cached(page_id, level, page_no)
        if image is None:
            self._start(page_id, level, page_no)
        return image

    def prefetch(self, page_ids: list[str], level: str = "view", page_no: int = 1) -> None:
        for page_id in page_ids:
            if self.cached(page_id, level, page_no) is None:
                self._start(page_id, level, page_no)

    def _start(self, page_id: str, level: str, page_no: int = 1) -> None:
        key = (page_id, level, page_no)
        if key in self._inflight or self._pool is None:
            return
        self._inflight.add(key)
        self._pool.submit(self._work, page_id, level, page_no)

    def _work(self, page_id: str, level: str, page_no: int) -> None:
        side = VIEW_SIDE if level == "view" else None
        try:
            # the decode fetches the page from the central database when only its row is here:
            # that download runs here too, never on the GUI thread; so does rendering a PDF/OFD page
            if page_no == 1:
                array = self._decode(page_id, side)
            else:
                array = self._decode(page_id, side, page_no=page_no)
            image = to_qimage(array)
        except NotOnThisStation:
            self._absent.emit(page_id, level, page_no)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as text
            self._done.emit(page_id, level, page_no, None, error_text(exc))
        else:
            self._done.emit(page_id, level, page_no, image, "")

    def _on_done(self, page_id: str, level: str, page_no: int, image: QImage | None, error: str) -> None:
        self._inflight.discard((page_id, level, page_no))
        if image is None:
            self.failed.emit(page_id, error)
            return
        self._cache[(page_id, level, page_no)] = image
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        if page_no == 1:
            self.loaded.emit(page_id, level, image)
        self.page_loaded.emit(page_id, page_no, level, image)

    def _on_absent(self, page_id: str, level: str, page_no: int) -> None:
        self._inflight.discard((page_id, level, page_no))  # not cached: the next request tries again
        self.unavailable.emit(page_id)

    def shutdown(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class PageViewer(QWidget):
    """Shows one page: fit to the window, or a zoom factor relative to the page's full resolution.

    Keyboard (when focused): ``+``/``-`` zoom, ``0`` fit, ``1`` 1:1, arrows pan, ``R``/``Shift+R`` rotate,
    ``PgUp``/``PgDn`` the previous/next page of a PDF/OFD (#19; the bar at the bottom shows "page n of
    N" and has the same two buttons).  The viewer does not load pages: it asks for one with
    ``material_page_requested`` and its owner hands the image to :meth:`set_page` with ``page_no``.

    Signals:
        painted(str): the page with this id has been painted (used to measure time to show).
        zoom_changed(float): the scale now (1.0 is 1:1 with the page's pixels).
        full_needed(): the zoom shows more detail than the view image has.
        material_page_requested(str, int): show page n of this material (its image is wanted).
    """

    painted = Signal(str)
    zoom_changed = Signal(float)
    full_needed = Signal()
    material_page_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageViewer")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.setAutoFillBackground(True)
        self.page_id: str | None = None
        self._pixmap: QPixmap | None = None
        self._full_size: tuple[int, int] = (0, 0)  # the page's real pixel size
        self._fit = True
        self._zoom = 1.0  # page pixels → screen pixels, when not fitting
        self._rotation = 0
        self._pan = QPointF(0.0, 0.0)  # screen pixels from the centre
        self._drag_from: QPointF | None = None
        self.message = ""
        #: outlines drawn over the page (search hits), four (x, y) corners each in the page's pixels
        self.highlights: tuple[tuple[tuple[float, float], ...], ...] = ()
        #: the page of a material asked for (1-based) and the one whose picture is on screen
        self.page_no = 1
        self.shown_page_no = 1
        self._page_counts: dict[str, int] = {}  # page id -> pages of the material (PDF/OFD)
        self.pager = QFrame(self)
        self.pager.setObjectName("viewerPager")
        self.pager.setStyleSheet(
            "QFrame#viewerPager { background: rgba(255, 255, 255, 225); border: 1px solid #90a4ae;"
            " border-radius: 4px; }"
        )
        self.prev_page_button = QToolButton()
        self.prev_page_button.setObjectName("previousMaterialPage")
        self.prev_page_button.setText("◀")
        self.prev_page_button.setToolTip(self.tr("Previous page (PgUp)"))
        self.prev_page_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prev_page_button.clicked.connect(self.previous_material_page)
        self.next_page_button = QToolButton()
        self.next_page_button.setObjectName("nextMaterialPage")
        self.next_page_button.setText("▶")
        self.next_page_button.setToolTip(self.tr("Next page (PgDn)"))
        self.next_page_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_page_button.clicked.connect(self.next_material_page)
        self.page_label = QLabel()
        self.page_label.setObjectName("materialPageLabel")
        pager_layout = QHBoxLayout(self.pager)
        pager_layout.setContentsMargins(4, 2, 4, 2)
        pager_layout.addWidget(self.prev_page_button)
        pager_layout.addWidget(self.page_label)
        pager_layout.addWidget(self.next_page_button)
        self.pager.hide()

    # --- content -----------------------------------------------------------------------------------

    def set_page(
        self,
        page_id: str | None,
        image: QImage | None,
        full_size: tuple[int, int] | None = None,
        keep_view: bool = False,
        page_no: int | None = None,
    ) -> None:
        """Show ``image`` (a view or full image) of a page whose real size is ``full_size``;
        ``page_no``: which page of a PDF/OFD the image is (a new page id starts at page 1)."""
        same_page = page_id == self.page_id
        if not same_page:
            self.highlights = ()
            self.page_no = 1
        if page_no is not None:
            self.page_no = page_no
        self.shown_page_no = self.page_no
        self.page_id = page_id
        self._pixmap = QPixmap.fromImage(image) if image is not None else None
        if image is not None:
            self._full_size = full_size or (image.width(), image.height())
        if not (keep_view and same_page):
            self._fit, self._zoom, self._rotation, self._pan = True, 1.0, 0, QPointF(0.0, 0.0)
        self.message = ""
        self._update_pager()
        self.update()
        self.zoom_changed.emit(self.scale())

    # --- the pages of a material (#19) ---------------------------------------------------------------

    def set_page_count(self, page_id: str, count: int) -> None:
        """The material ``page_id`` has ``count`` pages (a PDF/OFD); 1 hides the page bar."""
        self._page_counts[page_id] = max(1, int(count or 1))
        if len(self._page_counts) > 200:  # only the pages seen lately matter
            self._page_counts.pop(next(iter(self._page_counts)))
        self._update_pager()

    @property
    def page_count(self) -> int:
        """Pages of the material on screen (1 for a camera page)."""
        return self._page_counts.get(self.page_id or "", 1)

    def show_material_page(self, page_no: int) -> bool:
        """Go to page ``page_no`` of the material on screen (asks for its picture with
        ``material_page_requested``); ``False`` when there is no such other page."""
        if self.page_id is None or not 1 <= page_no <= self.page_count or page_no == self.page_no:
            return False
        self.page_no = page_no
        self._update_pager()
        self.material_page_requested.emit(self.page_id, page_no)
        return True

    def next_material_page(self) -> bool:
        return self.show_material_page(self.page_no + 1)

    def previous_material_page(self) -> bool:
        return self.show_material_page(self.page_no - 1)

    def page_indicator(self) -> str:
        """``第 n / N 页`` (English: ``Page n of N``); empty for a single page."""
        if self.page_count <= 1:
            return ""
        return self.tr("Page {n} of {total}").format(n=self.page_no, total=self.page_count)

    def _update_pager(self) -> None:
        multi = self.page_id is not None and self.page_count > 1
        if multi:
            self.page_label.setText(self.page_indicator())
            self.prev_page_button.setEnabled(self.page_no > 1)
            self.next_page_button.setEnabled(self.page_no < self.page_count)
            self.pager.adjustSize()
            self._place_pager()
        self.pager.setVisible(multi)

    def _place_pager(self) -> None:
        size = self.pager.sizeHint()
        self.pager.setGeometry(
            (self.width() - size.width()) // 2, self.height() - size.height() - 8, size.width(), size.height()
        )

    def offer(
        self, page_id: str, page_no: int, level: str, image: QImage, full_size: tuple[int, int] | None = None
    ) -> bool:
        """A picture a :class:`PageLoader` decoded (its ``page_loaded``): shown when it is of the page and
        page number on screen and better than what is there (the full image, the first picture, a picture
        of another page of the material, a larger one); ``False`` when it is not wanted now."""
        if page_id != self.page_id or page_no != self.page_no:
            return False
        if not (
            level == "full"
            or self.image_width == 0
            or self.shown_page_no != page_no
            or self.image_width < image.width()
        ):
            return False
        self.set_page(page_id, image, full_size or (image.width(), image.height()), keep_view=True, page_no=page_no)
        return True

    def set_highlights(self, boxes) -> None:
        """Outline these places on the page (search hits): four (x, y) corners each, in page pixels."""
        self.highlights = tuple(tuple((float(x), float(y)) for x, y in box) for box in boxes)
        self.update()

    def set_message(self, text: str) -> None:
        self._pixmap = None
        self.page_id = None
        self.page_no = self.shown_page_no = 1
        self.message = text
        self._update_pager()
        self.update()

    def show_not_on_station(self, page_id: str) -> None:
        """Say that this page's bytes are not here yet (the centre is unreachable); not an error."""
        self._pixmap = None
        self.page_id = page_id
        self.message = self.tr("not on this station yet; it loads when the central database is reachable")
        self.update()

    def has_detail_for(self, scale: float) -> bool:
        """Whether the current image has enough pixels for ``scale`` (page pixels → screen)."""
        if self._pixmap is None or not self._full_size[0]:
            return True
        return self._pixmap.width() >= self._full_size[0] * min(scale, 1.0) - 1

    @property
    def image_width(self) -> int:
        return self._pixmap.width() if self._pixmap is not None else 0

    # --- geometry ----------------------------------------------------------------------------------

    def _rotated_size(self) -> tuple[float, float]:
        w, h = self._full_size
        return (h, w) if self._rotation % 180 else (w, h)

    def fit_scale(self) -> float:
        w, h = self._rotated_size()
        if not w or not h:
            return 1.0
        return min((self.width() - 16) / w, (self.height() - 16) / h)

    def scale(self) -> float:
        return self.fit_scale() if self._fit else self._zoom

    @property
    def rotation(self) -> int:
        return self._rotation

    @property
    def pan(self) -> QPointF:
        return QPointF(self._pan)

    @property
    def fitting(self) -> bool:
        return self._fit

    # --- view actions ------------------------------------------------------------------------------

    def fit(self) -> None:
        self._fit, self._pan = True, QPointF(0.0, 0.0)
        self._changed()

    def actual_size(self) -> None:
        self._set_zoom(1.0)

    def zoom_in(self) -> None:
        self._set_zoom(self.scale() * ZOOM_STEP)

    def zoom_out(self) -> None:
        new = self.scale() / ZOOM_STEP
        if new <= self.fit_scale():
            self.fit()
        else:
            self._set_zoom(new)

    def _set_zoom(self, zoom: float) -> None:
        old = self.scale()
        self._fit = False
        self._zoom = max(0.02, min(MAX_ZOOM, zoom))
        self._pan = QPointF(self._pan.x() * self._zoom / old, self._pan.y() * self._zoom / old) if old else QPointF()
        self._clamp_pan()
        self._changed()

    def rotate(self, degrees: int) -> None:
        self._rotation = (self._rotation + degrees) % 360
        self._pan = QPointF(0.0, 0.0)
        self._changed()

    def pan_by(self, dx: float, dy: float) -> None:
        self._pan = QPointF(self._pan.x() + dx, self._pan.y() + dy)
        self._clamp_pan()
        self.update()

    def _clamp_pan(self) -> None:
        w, h = self._rotated_size()
        s = self.scale()
        max_x = max(0.0, (w * s - self.width()) / 2)
        max_y = max(0.0, (h * s - self.height()) / 2)
        self._pan = QPointF(max(-max_x, min(max_x, self._pan.x())), max(-max_y, min(max_y, self._pan.y())))

    def _changed(self) -> None:
        self.update()
        self.zoom_changed.emit(self.scale())
        if not self.has_detail_for(self.scale()):
            self.full_needed.emit()

    # --- Qt events ---------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().dark())
        if self._pixmap is None:
            painter.setPen(self.palette().light().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            painter.end()
            return
        s = self.scale()
        w, h = self._full_size
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, s < 1.0)
        painter.translate(self.width() / 2 + self._pan.x(), self.height() / 2 + self._pan.y())
        painter.rotate(self._rotation)
        target = QRectF(-w * s / 2, -h * s / 2, w * s, h * s)
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        if self.highlights:
            painter.setPen(QPen(QColor(230, 120, 0), 2))
            painter.setBrush(QColor(255, 210, 0, 90))
            for box in self.highlights:
                painter.drawPolygon(QPolygonF([QPointF(-w * s / 2 + x * s, -h * s / 2 + y * s) for x, y in box]))
        painter.end()
        if self.page_id:
            self.painted.emit(self.page_id)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._clamp_pan()
        self._place_pager()

    def wheelEvent(self, event) -> None:
        if event.angleDelta().y() > 0:
            self.zoom_in()
        elif event.angleDelta().y() < 0:
            self.zoom_out()

    def mousePressEvent(self, event) -> None:
        self.setFocus()
        self._drag_from = event.position()

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is not None:
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            self.pan_by(delta.x(), delta.y())

    def mouseReleaseEvent(self, _event) -> None:
        self._drag_from = None

    def mouseDoubleClickEvent(self, _event) -> None:
        if self._fit:
            self.actual_size()
        else:
            self.fit()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        step = max(40.0, self.height() / 8)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        actions = {
            Qt.Key.Key_Plus: self.zoom_in,
            Qt.Key.Key_Equal: self.zoom_in,
            Qt.Key.Key_Minus: self.zoom_out,
            Qt.Key.Key_0: self.fit,
            Qt.Key.Key_1: self.actual_size,
            Qt.Key.Key_Left: lambda: self.pan_by(step, 0),
            Qt.Key.Key_Right: lambda: self.pan_by(-step, 0),
            Qt.Key.Key_Up: lambda: self.pan_by(0, step),
            Qt.Key.Key_Down: lambda: self.pan_by(0, -step),
            Qt.Key.Key_R: lambda: self.rotate(-90 if shift else 90),
        }
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            turned = self.next_material_page() if key == Qt.Key.Key_PageDown else self.previous_material_page()
            if not turned:  # the first or last page (or a camera page): the owner may go on
                event.ignore()
            return
        action = actions.get(key)
        if action is None:
            super().keyPressEvent(event)
            return
        action()


def follow_material_pages(
    viewer: PageViewer,
    loader: PageLoader,
    level: str = "view",
    show: Callable[[str, int, str, QImage], object] | None = None,
) -> None:
    """Page a viewer through a PDF/OFD with a loader (#19), as the review workspace and the page window do:
    the pictures the loader decodes go to ``show`` (default :meth:`PageViewer.offer`); PgUp/PgDn or the
    page bar ask the loader for that page at ``level`` (shown at once when cached) and the next one."""
    show = show or viewer.offer
    loader.page_loaded.connect(show)

    def requested(page_id: str, page_no: int) -> None:
        image = loader.request(page_id, level, page_no)
        if image is not None:
            show(page_id, page_no, level, image)
        if page_no < viewer.page_count:
            loader.prefetch([page_id], level, page_no=page_no + 1)

    viewer.material_page_requested.connect(requested)
