"""The global search field: 户号, customer name, work-order number, archival code, box number.

Typing searches on a reader thread of the runner (after a short pause); the hits drop down under the
field; Enter or a click opens the customer, work-order or volume view.
"""

from __future__ import annotations

from collections.abc import Callable

from archivist_desktop.services.search import SearchHit
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.page_viewer import PageLoader, PageViewer, follow_material_pages
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

Searcher = Callable[[str], tuple[SearchHit, ...]]


class SearchField(QLineEdit):
    """A search box with a drop-down of hits.

    Signals:
        hit_activated(object): the :class:`SearchHit` chosen.
        results_shown(object): the hits now listed (a tuple).
    """

    hit_activated = Signal(object)
    results_shown = Signal(object)

    def __init__(self, runner: OperationRunner, searcher: Searcher, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search 户号, customer, work order, 档号, box, page text…"))
        self.setToolTip(
            self.tr(
                "Search by account number (户号), customer name, work-order number, archival code (档号), box number "
                "or the text on the pages"
            )
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 26)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 44)
        self._runner = runner
        self._searcher = searcher
        self._request = 0
        self.hits: tuple[SearchHit, ...] = ()
        self.popup = QListWidget(self)
        self.popup.setObjectName("searchResults")
        self.popup.setWindowFlags(Qt.WindowType.ToolTip)  # floats under the field, never takes the focus
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.itemClicked.connect(self._on_popup_item_clicked)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.search_now)
        self.textEdited.connect(lambda _t: self._debounce.start())
        self.returnPressed.connect(self._on_return_pressed)

    def search_now(self) -> None:
        self._debounce.stop()
        text = self.text().strip()
        self._request += 1
        request = self._request
        if not text:
            self._show(request, ())
            return
        self._runner.read(self._searcher, text, context=self, on_done=lambda hits: self._show(request, hits))

    def _show(self, request: int, hits: tuple[SearchHit, ...]) -> None:
        if request != self._request:
            return
        self.hits = tuple(hits)
        self.popup.clear()
        kinds = {
            "customer": self.tr("Customer"),
            "work_order": self.tr("Work order"),
            "volume": self.tr("Volume"),
            "box": self.tr("Box"),
            "page": self.tr("Page text"),
        }
        for hit in self.hits:
            item = QListWidgetItem(f"{kinds.get(hit.kind, hit.kind)}  {hit.title}   {hit.subtitle}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.popup.addItem(item)
        if not self.hits and self.text().strip():
            self.popup.addItem(QListWidgetItem(self.tr("Nothing found")))
        if self.popup.count() and self.isVisible():
            self.popup.setCurrentRow(0)
            width = max(self.width(), 420)
            rows = min(self.popup.count(), 12)
            self.popup.setFixedSize(width, self.popup.sizeHintForRow(0) * rows + 6)
            self.popup.move(self.mapToGlobal(self.rect().bottomLeft()))
            self.popup.show()
        else:
            self.popup.hide()
        self.results_shown.emit(self.hits)

    def keyPressEvent(self, event) -> None:
        if self.popup.isVisible() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.popup.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.popup.setCurrentRow(max(0, min(self.popup.count() - 1, row)))
            return
        if event.key() == Qt.Key.Key_Escape:
            self.popup.hide()
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        QTimer.singleShot(150, self.popup.hide)

    def _on_return_pressed(self) -> None:
        if self._debounce.isActive() or not self.hits:
            self.search_now()
            return
        row = max(0, self.popup.currentRow())
        self.activate(row)

    def activate(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.popup.hide()
            self.hit_activated.emit(self.hits[row])

    def _on_popup_item_clicked(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.popup.hide()
            self.hit_activated.emit(hit)


class PageDialog(QDialog):
    """One page, large, in its own window: the viewer (zoom, pan, rotate) with a caption; a PDF/OFD is
    paged through as in the review workspace (PgUp/PgDn and the "page n of N" bar, #19).

    Its strings are translated in the context ``PageDialog`` whatever the subclass (``self.tr`` would
    look them up under the subclass's name).

    ``decode(page_id, max_side)`` returns the page as an RGB array (any thread; see :class:`PageLoader`);
    for page n > 1 of a PDF/OFD it is called with ``page_no=n``, like the review workspace's loader.
    The pages are decoded at full size on the loader's thread; ``boxes`` (page pixels) are outlined on
    the first page. ``page_count``: the pages of the material (also later, :meth:`set_page_count`).
    """

    def __init__(
        self,
        page_id: str,
        title: str,
        caption: str,
        decode,
        boxes=(),
        parent: QWidget | None = None,
        page_count: int = 1,
    ):
        super().__init__(parent)
        self.setObjectName("pageDialog")
        self.setWindowTitle(title)
        self.page_id = page_id
        self.boxes = tuple(boxes)
        self.viewer = PageViewer()
        self.viewer.set_message(QCoreApplication.translate("PageDialog", "Loading the page…"))
        self.caption = QLabel(caption)
        self.caption.setObjectName("pageHitSnippet")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.viewer, 1)
        self.loader = PageLoader(decode, capacity=3, parent=self)
        follow_material_pages(self.viewer, self.loader, "full", self._on_loader_page_loaded)
        self.loader.failed.connect(self._on_loader_failed)
        self.loader.unavailable.connect(self.viewer.show_not_on_station)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(900, 760)
        self.finished.connect(lambda _r: self.loader.shutdown())
        self.set_page_count(page_count)
        self.loader.request(page_id, "full")
        self.viewer.setFocus()

    def set_page_count(self, count: int) -> None:
        """The material has ``count`` pages (a PDF/OFD): the page bar shows, PgDn renders page 2 ahead."""
        self.viewer.set_page_count(self.page_id, count)
        if self.viewer.page_count > 1:
            self.loader.prefetch([self.page_id], "full", page_no=2)

    def set_material(self, badges) -> None:
        """The answer of ``services.materials.material_badges`` for this page (a camera page has none)."""
        badge = badges.get(self.page_id)
        if badge is not None and badge.kind == "document":
            self.set_page_count(badge.page_count or 1)

    def _on_loader_page_loaded(self, page_id: str, page_no: int, level: str, image) -> None:
        if page_id != self.page_id:
            return
        if self.viewer.page_id is None and page_no == 1:  # the first picture
            self.viewer.set_page(page_id, image)
        elif not self.viewer.offer(page_id, page_no, level, image):
            return
        self.viewer.set_highlights(self.boxes if page_no == 1 else ())  # the matches are on the first page

    def _on_loader_failed(self, page_id: str, error: str) -> None:
        if page_id == self.page_id:
            self.viewer.set_message(
                QCoreApplication.translate("PageDialog", "The page could not be shown: {error}").format(error=error)
            )


class PageHitDialog(PageDialog):
    """A page found by its text, with the matches outlined on it."""

    def __init__(self, hit: SearchHit, decode, parent: QWidget | None = None):
        self.hit = hit
        super().__init__(hit.id, hit.title, hit.subtitle, decode, hit.boxes, parent)
        self.setObjectName("pageHitDialog")
