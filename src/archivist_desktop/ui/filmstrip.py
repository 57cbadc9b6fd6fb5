"""The filmstrip: the selected document's pages as thumbnails with their verdict and reasons."""

from __future__ import annotations

from archivist_desktop.services.capture import PageThumb
from archivist_desktop.services.content_check import ContentFinding
from archivist_desktop.services.materials import MaterialBadge, format_duration
from archivist_desktop.ui.open_external import OPENABLE, update_open_action
from archivist_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QAction,
    QBrush,
    QColor,
    QCoreApplication,
    QIcon,
    QImage,
    QKeySequence,
    QListView,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QMenu,
    QPixmap,
    QPoint,
    QSize,
    Qt,
    QWidget,
    Signal,
)

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 10
VERDICT_COLOURS = {"accept": QColor("#d9f2df"), "warn": QColor("#fff1c7"), "reject": QColor("#f8d3cf")}


MIN_HEIGHT = 128  # a 64 px high thumbnail and three caption lines
CAPTION_LINES = 3  # "Page n · verdict", the file name or the reasons, a finding


class Filmstrip(QListWidget):
    """Thumbnails left to right; drag to reorder, Delete to remove.

    Signals:
        order_changed(list): the page ids in their new order, after a drag.
        delete_requested(str): the user asked to remove this page.
    """

    order_changed = Signal(list)
    delete_requested = Signal(str)
    #: a page to show large (double-click or Enter on its thumbnail)
    enlarge_requested = Signal(str)
    #: a PDF/OFD or recording to open in the system's viewer or player (context menu, Ctrl+Shift+O; #19)
    open_external_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filmstrip")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(QSize(96, 128))
        self.setSpacing(4)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the thumbnails shrink with the strip (see resizeEvent): the desk fits 1366x768 at 125 % (issue 17)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setMaximumHeight(230)
        self.thumbnails: dict[str, bytes] = {}
        self._icons: dict[str, QIcon] = {}
        self.pages: tuple[PageThumb, ...] = ()
        #: what each row shows (see _drawn_as), to draw again only the rows that changed
        self._drawn: list[tuple] = []
        #: content findings by page id (wrong_document, field_mismatch; from page_findings, #18)
        self.findings: dict[str, tuple[ContentFinding, ...]] = {}
        #: the PDFs, OFDs and recordings among the pages, by page id (#19: a badge "n 页" / "▶ m:ss")
        self.materials: dict[str, MaterialBadge] = {}
        self._filling = False
        self.model().rowsMoved.connect(self._on_model_rows_moved)
        # #19: the thumbnail's file in the system's own program (a copy of the stored bytes); the key works
        # wherever the focus is in the Capture workspace (the strip is shown only there)
        self.open_external_action = QAction(self)
        self.open_external_action.setObjectName("filmstripOpenExternally")
        self.open_external_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_external_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_external_action.triggered.connect(lambda _checked=False: self.open_external())
        self.addAction(self.open_external_action)
        self.currentItemChanged.connect(lambda *_: self._update_open_external())
        self._update_open_external()
        #: the context menu last shown (kept: it is open while the person chooses)
        self.context_menu: QMenu | None = None

    def kind_of(self, page_id: str | None) -> str:
        """``document``, ``audio``, ``video`` for a material, ``image`` for a camera page."""
        material = self.materials.get(page_id or "")
        return material.kind if material is not None else "image"

    def _update_open_external(self) -> None:
        update_open_action(self.open_external_action, self.kind_of(self.current_page_id()), self.style())

    def open_external(self, page_id: str | None = None) -> bool:
        """Ask for the page's file (default: the selected one) in the system's viewer or player;
        ``False`` for a camera page."""
        page_id = page_id or self.current_page_id()
        if page_id is None or self.kind_of(page_id) not in OPENABLE:
            return False
        self.open_external_requested.emit(page_id)
        return True

    def show_context_menu(self, pos: QPoint) -> QMenu | None:
        """The menu of the thumbnail at ``pos`` (viewport coordinates; it becomes the selected one):
        "Open in the system viewer / player" for a PDF, OFD or recording; ``None`` elsewhere."""
        item = self.itemAt(pos)
        if item is None or self.kind_of(item.data(PAGE_ID_ROLE)) not in OPENABLE:
            return None
        self.setCurrentItem(item)
        self._update_open_external()
        menu = QMenu(self)
        menu.setObjectName("filmstripMenu")
        menu.addAction(self.open_external_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.destroyed.connect(lambda *_: setattr(self, "context_menu", None))
        self.context_menu = menu
        menu.popup(self.viewport().mapToGlobal(pos))
        return menu

    def contextMenuEvent(self, event) -> None:
        # delivered through the viewport (QAbstractScrollArea): the position is the viewport's
        if self.show_context_menu(event.pos()) is None:
            super().contextMenuEvent(event)

    def page_ids(self) -> list[str]:
        return [self.item(n).data(PAGE_ID_ROLE) for n in range(self.count())]

    def current_page_id(self) -> str | None:
        item = self.currentItem()
        return item.data(PAGE_ID_ROLE) if item is not None else None

    def remember_thumbnail(self, page_id: str, jpeg: bytes) -> None:
        self.thumbnails[page_id] = jpeg

    def set_pages(
        self,
        pages: tuple[PageThumb, ...],
        thumbnails: dict[str, bytes],
        materials: dict[str, MaterialBadge] | None = None,
    ) -> None:
        self.thumbnails.update(thumbnails)
        if materials is not None:
            self.materials.update(materials)
            self._update_open_external()
        current = self.current_page_id()
        wanted = [self._drawn_as(page) for page in pages]
        # the thumbnails already drawn as they are wanted stay (a page attached adds one; issue 17: the pause
        # after a shutter was the strip drawn anew, twice, at every page)
        keep = 0
        while keep < min(len(wanted), len(self._drawn), self.count()) and wanted[keep] == self._drawn[keep]:
            keep += 1
        self._filling = True
        try:
            while self.count() > keep:
                self.takeItem(self.count() - 1)
            self.pages = pages
            for n in range(keep, len(pages)):
                self.addItem(self._make_item(n + 1, pages[n]))
            self._drawn = [self._drawn_as(page) for page in pages]  # thumbnails decoded meanwhile count
            if current is not None and current in self.page_ids():
                row = self.page_ids().index(current)
                if row != self.currentRow():
                    self.setCurrentRow(row)
        finally:
            self._filling = False

    def _drawn_as(self, page: PageThumb) -> tuple:
        """What a thumbnail shows of ``page``: when it changes, the thumbnail is drawn again."""
        has_picture = page.page_id in self._icons or bool(self.thumbnails.get(page.page_id))
        return (page, self.findings.get(page.page_id), self.materials.get(page.page_id), has_picture)

    def set_findings(self, findings: dict[str, tuple[ContentFinding, ...]]) -> None:
        """Mark the pages with content findings (a warning with its tooltip) and redraw the strip."""
        self.findings = dict(findings)
        if self.pages:
            self.set_pages(self.pages, {})

    def _make_item(self, n: int, page: PageThumb) -> QListWidgetItem:
        findings = self.findings.get(page.page_id) or tuple(getattr(page, "findings", ()) or ())
        verdict = page.verdict or "warn"
        if findings and verdict == "accept":
            verdict = "warn"  # a page that may be in the wrong slot or of another customer wants a look
        labels = {"accept": self.tr("OK"), "warn": self.tr("Warning"), "reject": self.tr("Rejected")}
        label = labels.get(verdict, verdict)
        kept = verdict == "reject"  # a rejected page in the slot was kept with an override reason
        if kept:
            label = self.tr("Rejected · kept")
        material = self.materials.get(page.page_id)
        if material is not None and page.verdict is None and not findings:
            label = self.badge_text(material)  # a born-digital file or a recording has no camera verdict
            verdict = "accept"
        elif material is not None:
            label = self.badge_text(material) + " · " + label
        text = self.tr("Page {n} · {verdict}").format(n=n, verdict=label)
        if material is not None and material.original_name:
            text += "\n" + material.original_name
        if page.reasons:
            text += "\n" + ", ".join(reason_label(r) for r in page.reasons)
        if findings:  # marked, not only coloured: a page that may be another document (#18)
            text += "\n⚠ " + reason_label(findings[0].reason)
        item = QListWidgetItem(text)
        item.setData(PAGE_ID_ROLE, page.page_id)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
        item.setBackground(QBrush(VERDICT_COLOURS.get(verdict, QColor("#eeeeee"))))
        if kept or findings:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if kept:
            item.setForeground(QBrush(QColor("#b3261e")))
        elif findings:
            item.setForeground(QBrush(QColor("#8a4b00")))
        tip = [text.replace("\n", " — ")]
        if page.override_reason:
            tip.append(self.tr("Override: {reason}").format(reason=page.override_reason))
        if page.late_reason:
            tip.append(self.tr("Late entry: {reason}").format(reason=page.late_reason))
        tip.extend(finding_text(f) for f in findings)
        item.setToolTip("\n".join(tip))
        icon = self._icons.get(page.page_id)
        if icon is None:
            jpeg = self.thumbnails.get(page.page_id)
            image = QImage.fromData(jpeg) if jpeg else QImage()
            if not image.isNull():
                icon = self._icons[page.page_id] = QIcon(QPixmap.fromImage(image))
        if icon is not None:
            item.setIcon(icon)
        return item

    def badge_text(self, material: MaterialBadge) -> str:
        """``PDF 12 页`` / ``▶ 0:42`` / ``♪ 1:05``: what a material is, beside its picture."""
        if material.kind == "document":
            return self.tr("{n} pages").format(n=material.page_count or 1)
        mark = "▶" if material.kind == "video" else "♪"
        return f"{mark} {format_duration(material.duration_s)}"

    def move_page(self, source_row: int, dest_row: int) -> None:
        """Move a page as a drag would (keyboard and tests use this)."""
        item = self.takeItem(source_row)
        self.insertItem(dest_row, item)
        self._drawn = []  # the rows are in another order now: the next set_pages draws them all
        self.setCurrentItem(item)
        self.order_changed.emit(self.page_ids())

    def _on_model_rows_moved(self, *args) -> None:
        self._drawn = []  # dragged: the next set_pages draws every row
        if not self._filling:
            self.order_changed.emit(self.page_ids())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_icons()

    def _fit_icons(self) -> None:
        """Thumbnails as large as the strip's height allows with their caption (64..128 px high, 3:4)."""
        room = self.viewport().height() - CAPTION_LINES * self.fontMetrics().height() - 2 * self.spacing() - 8
        height = max(64, min(128, room))
        size = QSize(height * 3 // 4, height)
        if size != self.iconSize():
            self.setIconSize(size)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is not None and item.data(PAGE_ID_ROLE):
            self.enlarge_requested.emit(item.data(PAGE_ID_ROLE))
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            page_id = self.current_page_id()
            if page_id is not None:
                self.enlarge_requested.emit(page_id)
                return
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            page_id = self.current_page_id()
            if page_id is not None:
                self.delete_requested.emit(page_id)
                return
        super().keyPressEvent(event)


_REASONS = {
    "blurry": QT_TRANSLATE_NOOP("Filmstrip", "blurred"),
    "glare": QT_TRANSLATE_NOOP("Filmstrip", "glare"),
    "too_dark": QT_TRANSLATE_NOOP("Filmstrip", "too dark"),
    "too_bright": QT_TRANSLATE_NOOP("Filmstrip", "too bright"),
    "blank": QT_TRANSLATE_NOOP("Filmstrip", "blank"),
    "cut_off": QT_TRANSLATE_NOOP("Filmstrip", "cut off"),
    "low_dpi": QT_TRANSLATE_NOOP("Filmstrip", "low resolution"),
    "no_page": QT_TRANSLATE_NOOP("Filmstrip", "no page found"),
    "page_uncertain": QT_TRANSLATE_NOOP("Filmstrip", "page edges uncertain"),
    "wrong_document": QT_TRANSLATE_NOOP("Filmstrip", "wrong document?"),
    "field_mismatch": QT_TRANSLATE_NOOP("Filmstrip", "details differ"),
}


def reason_label(code: str) -> str:
    """A short translated label for a quality reason code (unknown codes as they are)."""
    text = _REASONS.get(code)
    return QCoreApplication.translate("Filmstrip", text) if text else code


_FIELDS = {
    "customer_name": QT_TRANSLATE_NOOP("Filmstrip", "Customer name differs: work order {expected} / page {found}"),
    "account_no": QT_TRANSLATE_NOOP("Filmstrip", "户号 differs: work order {expected} / page {found}"),
    "id_name": QT_TRANSLATE_NOOP("Filmstrip", "Name on the ID card differs: work order {expected} / page {found}"),
}


def finding_text(f: ContentFinding, zh: bool | None = None) -> str:
    """One content finding in the interface's language (the filmstrip's tooltip, the review details);
    ``zh``: name the document type in Chinese (default: when the default locale is Chinese)."""
    if f.reason == "wrong_document":
        if zh is None:
            zh = QLocale().language() == QLocale.Language.Chinese
        name = (f.looks_like_name_zh if zh else f.looks_like_name_en) or f.looks_like_name_zh or f.looks_like or ""
        return QCoreApplication.translate("Filmstrip", "Possibly misfiled: looks like “{name}”").format(name=name)
    if f.field == "id_number":
        return QCoreApplication.translate("Filmstrip", "ID number fails its check digit: {found}").format(
            found=f.found or ""
        )
    text = _FIELDS.get(f.field or "")
    if text:
        return QCoreApplication.translate("Filmstrip", text).format(expected=f.expected or "", found=f.found or "")
    return f.message_zh or f.reason
