"""The Review workspace: the queue of sent pages (worst first), the page viewer, and the decisions.

Keyboard: ``A`` approve, ``F`` flag…, ``Shift+A`` approve the whole document, ``N``/``Page Down``
next, ``P``/``Page Up`` previous; in the viewer ``+``/``-``/``0``/``1`` zoom, arrows pan, ``R`` rotate.
"""

from __future__ import annotations

import html
import time
from datetime import date
from functools import partial
from typing import Any

from archivist_desktop.domain.review import FlagReason
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.materials import material_badges
from archivist_desktop.services.review import (
    WITHDRAW,
    DecisionResult,
    QueueEntry,
    QueueFilter,
    ReviewQueue,
    approve_document,
    decide,
    decode_page,
    document_pages,
    page_reviews,
    page_thumbnail,
    review_queue,
    withdraw_approvals,
)
from archivist_desktop.services.users import UserInfo, list_users
from archivist_desktop.ui.errors import coded_text, error_text
from archivist_desktop.ui.filmstrip import finding_text, reason_label
from archivist_desktop.ui.i18n import flag_reason_label
from archivist_desktop.ui.media_player import Playback
from archivist_desktop.ui.open_external import ExternalOpener, update_open_action
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.page_viewer import OFFLINE_RETRY_MS, PageLoader, PageViewer, follow_material_pages
from archivist_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QCheckBox,
    QColor,
    QComboBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QIcon,
    QImage,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QModelIndex,
    QPixmap,
    QPushButton,
    QRadioButton,
    QShortcut,
    QSize,
    QSplitter,
    Qt,
    QTableView,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

VERDICTS = {
    "accept": QT_TRANSLATE_NOOP("ReviewWorkspace", "good"),
    "warn": QT_TRANSLATE_NOOP("ReviewWorkspace", "check"),
    "reject": QT_TRANSLATE_NOOP("ReviewWorkspace", "unusable"),
    # a born-digital file or a recording (#19): no camera page, so no image check to give a verdict
    "none": QT_TRANSLATE_NOOP("ReviewWorkspace", "files without an image check"),
}
_VERDICT_COLOURS = {"accept": "#2e7d32", "warn": "#b26a00", "reject": "#c62828"}


def verdict_label(code: str | None) -> str:
    text = VERDICTS.get(code or "")
    return QCoreApplication.translate("ReviewWorkspace", text) if text else (code or "")


class ReviewQueueModel(QAbstractTableModel):
    """The queue's entries as rows."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Sharpness"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Quality"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Document"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Page"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Customer"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Captured by"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Captured"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Gate"),
    )

    def __init__(self, tz, zh: bool, parent=None):
        super().__init__(parent)
        self.entries: list[QueueEntry] = []
        self._tz = tz
        self._zh = zh
        #: people's names by login name (the clerk column shows 王芳, not clerk2; issue 17)
        self.names: dict[str, str] = {}

    def set_names(self, names: dict[str, str]) -> None:
        self.names = dict(names)
        if self.entries:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.entries) - 1, 5))

    def set_entries(self, entries) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def remove_where(self, predicate) -> None:
        for row in range(len(self.entries) - 1, -1, -1):
            if predicate(self.entries[row]):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.entries[row]
                self.endRemoveRows()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ReviewQueueModel", self.COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "—" if e.sharpness is None else f"{e.sharpness:.2f}"
            if col == 1:
                if e.findings:  # content findings come first in the queue and say so
                    return f"⚠ {reason_label(e.findings[0].reason)}"
                return verdict_label(e.verdict)
            if col == 2:
                return e.document_name_zh if self._zh else e.document_name_en
            if col == 3:
                return f"{e.position}/{e.pages_in_document}"
            if col == 4:
                return f"{e.customer_name} · {e.work_order_no}"
            if col == 5:
                return self.names.get(e.captured_by) or e.captured_by
            if col == 6:
                return e.captured_at.astimezone(self._tz).strftime("%m-%d %H:%M")
            if col == 7:
                return f"{e.gate}/{e.gates} {e.gate_name_zh if self._zh else e.gate_name_en}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and e.findings:
            return QColor(_VERDICT_COLOURS["warn"])
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and e.verdict in _VERDICT_COLOURS:
            return QColor(_VERDICT_COLOURS[e.verdict])
        if role == Qt.ItemDataRole.ToolTipRole and e.findings:
            tips = [finding_text(f, self._zh) for f in e.findings]
            return "\n".join(tips + ([coded_text(e.refusal, e.refusal_code, e.refusal_params)] if e.refusal else []))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and not e.can_decide:
            return coded_text(e.refusal, e.refusal_code, e.refusal_params)
        return None


class FlagDialog(QDialog):
    """Choose why a page goes back for rescan; 'other' needs a comment.

    ``part``: the page of a PDF/OFD (of ``page_count``) the flag is about (#19), said above the reasons."""

    def __init__(self, parent: QWidget | None = None, part: int | None = None, page_count: int | None = None):
        super().__init__(parent)
        self.part = part
        self.setWindowTitle(self.tr("Flag page for rescan"))
        layout = QVBoxLayout(self)
        self.part_label: QLabel | None = None
        if part is not None:
            self.part_label = QLabel(
                self.tr("The flag is about page {n} of {total} of this file.").format(n=part, total=page_count)
            )
            self.part_label.setObjectName("flagPart")
            layout.addWidget(self.part_label)
        layout.addWidget(QLabel(self.tr("Why must the clerk capture this page again?")))
        self.buttons_by_reason: dict[FlagReason, QRadioButton] = {}
        for n, reason in enumerate(FlagReason):
            button = QRadioButton(f"&{n + 1}  " + flag_reason_label(reason.value))
            button.toggled.connect(self._update_ok)
            self.buttons_by_reason[reason] = button
            layout.addWidget(button)
        self.buttons_by_reason[FlagReason.BLURRY].setChecked(True)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comment for the clerk (required for 'other')"))
        self.comment.textChanged.connect(self._update_ok)
        layout.addWidget(self.comment)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Flag"))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self._update_ok()

    def reason(self) -> FlagReason:
        return next(r for r, b in self.buttons_by_reason.items() if b.isChecked())

    def set_reason(self, reason: FlagReason, comment: str = "") -> None:
        self.buttons_by_reason[reason].setChecked(True)
        self.comment.setText(comment)

    def _update_ok(self) -> None:
        if not hasattr(self, "box"):
            return  # still building
        ok = self.reason() != FlagReason.OTHER or bool(self.comment.text().strip())
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class ReviewWorkspace(QWidget):
    """Queue, viewer and decisions for a reviewer.

    Signals:
        decided(object): a decision (or several) was recorded: the lists elsewhere may change.
        page_shown(str, float): a page's image is on screen; milliseconds since it was asked for.
    """

    decided = Signal(object)
    page_shown = Signal(str, float)

    def __init__(
        self, archive: Archive, runner: OperationRunner, user: UserInfo, tz, zh: bool, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("reviewWorkspace")
        self.archive = archive
        self.runner = runner
        self.user = user
        self.tz = tz
        self.zh = zh
        self.queue: ReviewQueue | None = None
        self.loader = PageLoader(partial(decode_page, archive, user), capacity=10, parent=self)
        self._asked_at: dict[str, float] = {}
        self._loading = False
        self._reload_again = False
        #: people's names by login name, for the queue, the details, the history and the messages
        self.people: dict[str, str] = {}
        #: the approvals just made (one page, or a whole document): Ctrl+Z takes them back
        self.last_approvals: tuple[DecisionResult, ...] = ()
        #: the page to select when the queue next arrives (an approval just taken back)
        self._select_page: str | None = None
        runner.archive_changed.connect(self._on_runner_archive_changed)

        # filters -----------------------------------------------------------------------------------
        self.team_combo = QComboBox()
        self.clerk_combo = QComboBox()
        self.type_combo = QComboBox()
        self.verdict_combo = QComboBox()
        for combo in (self.team_combo, self.clerk_combo, self.type_combo):
            combo.addItem(self.tr("All"), None)
        self.verdict_combo.addItem(self.tr("All"), None)
        for code in ("reject", "warn", "accept"):
            self.verdict_combo.addItem(verdict_label(code), code)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setSpecialValueText(self.tr("any"))
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setDate(edit.minimumDate())
        self.mine_check = QCheckBox(self.tr("Only pages I can decide"))
        self.mine_check.setChecked(True)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem(self.tr("Worst sharpness first"), "sharpness")
        self.sort_combo.addItem(self.tr("Oldest first"), "captured_at")
        filters = QFormLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addRow(self.tr("Team"), self.team_combo)
        filters.addRow(self.tr("Clerk"), self.clerk_combo)
        filters.addRow(self.tr("Business type"), self.type_combo)
        filters.addRow(self.tr("Quality"), self.verdict_combo)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        filters.addRow(self.tr("Captured"), dates)
        filters.addRow(self.tr("Sort"), self.sort_combo)
        filters.addRow("", self.mine_check)
        for combo in (self.team_combo, self.clerk_combo, self.type_combo, self.verdict_combo, self.sort_combo):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload)
        self.mine_check.toggled.connect(self.reload)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("reviewCounts")
        self.counts_label.setWordWrap(True)
        self.model = ReviewQueueModel(tz, zh, self)
        self.table = QTableView()
        self.table.setObjectName("reviewQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.counts_label)
        left_layout.addWidget(self.table, 1)

        # viewer --------------------------------------------------------------------------------------
        self.viewer = PageViewer()
        self.viewer.set_message(self.tr("No page selected"))
        self.viewer.painted.connect(self._on_viewer_painted)
        self.viewer.full_needed.connect(self._on_viewer_full_needed)
        self.viewer.zoom_changed.connect(self._on_viewer_zoom_changed)
        follow_material_pages(self.viewer, self.loader, "view", self._on_loader_page_loaded)
        self.loader.failed.connect(self._on_loader_failed)
        self.loader.unavailable.connect(self._on_loader_unavailable)
        tools = QHBoxLayout()
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(60)
        for text, tip, slot in (
            (self.tr("Fit"), self.tr("Fit to window (0)"), self.viewer.fit),
            ("1:1", self.tr("Actual pixels (1)"), self.viewer.actual_size),
            ("+", self.tr("Zoom in (+)"), self.viewer.zoom_in),
            ("−", self.tr("Zoom out (-)"), self.viewer.zoom_out),
            ("⟲", self.tr("Rotate left (Shift+R)"), lambda: self.viewer.rotate(-90)),
            ("⟳", self.tr("Rotate right (R)"), lambda: self.viewer.rotate(90)),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addWidget(self.zoom_label)
        tools.addStretch(1)
        # #19: a PDF/OFD in the system viewer, a recording in the system player (a copy of the stored bytes)
        self._material_kinds: dict[str, str] = {}
        self.external = ExternalOpener(archive, user, runner, self)  # shared with the Capture filmstrip
        self.external.status.connect(lambda text: self.status.setText(text))  # the status line comes below
        # a recording plays here (Qt Multimedia) in place of its poster frame, else in the system player
        self.playback = Playback(archive, user, runner, self.viewer, self.open_externally, self)
        self.playback.status.connect(lambda text: self.status.setText(text))
        self.open_external_action = QAction(self.tr("Open in the system viewer"), self)
        self.open_external_action.setObjectName("openExternally")
        self.open_external_action.setEnabled(False)
        self.open_external_action.triggered.connect(lambda _checked=False: self.open_externally())
        self.open_external_button = QToolButton()
        self.open_external_button.setObjectName("openExternallyButton")
        self._update_open_external()
        self.open_external_button.setDefaultAction(self.open_external_action)
        # an icon only (its text is the tooltip and the context menu's entry): the tool row stays as narrow
        # as before, the window fits 1366x768 at 125 % (issue 17)
        self.open_external_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tools.addWidget(self.open_external_button)
        tools.addWidget(self.playback.button)
        self.viewer.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.viewer.addAction(self.open_external_action)
        self.strip = QListWidget()
        self.strip.setObjectName("documentStrip")
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setIconSize(QSize(72, 96))
        self.strip.setGridSize(QSize(96, 124))  # fixed cells: icons arriving later do not re-lay out the strip
        self.strip.setFixedHeight(140)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.itemActivated.connect(self._on_strip_item_activated)
        self.strip.itemClicked.connect(self._on_strip_item_activated)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addLayout(tools)
        centre_layout.addWidget(self.playback.stack, 1)  # the viewer, and the player over it
        centre_layout.addWidget(self.strip)

        # details and decisions -----------------------------------------------------------------------
        self.details = QLabel()
        self.details.setObjectName("reviewDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history = QLabel()
        self.history.setObjectName("reviewHistory")
        self.history.setWordWrap(True)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.approve_button = QPushButton(self.tr("Approve (A)"))
        self.approve_button.setObjectName("approveButton")
        self.flag_button = QPushButton(self.tr("Flag for rescan… (F)"))
        self.flag_button.setObjectName("flagButton")
        self.approve_doc_button = QPushButton(self.tr("Approve whole document (Shift+A)"))
        self.undo_button = QPushButton(self.tr("Undo approval (Ctrl+Z)"))
        self.undo_button.setObjectName("undoApprovalButton")
        self.undo_button.setToolTip(
            self.tr("Take back the approval just made, while the document has not been handed over")
        )
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_approval)
        self.prev_button = QPushButton(self.tr("◀ Previous (P)"))
        self.next_button = QPushButton(self.tr("Next (N) ▶"))
        self.approve_button.clicked.connect(self.approve)
        self.flag_button.clicked.connect(self.flag)
        self.approve_doc_button.clicked.connect(self.approve_whole_document)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.status: QLabel = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.approve_button)
        right_layout.addWidget(self.flag_button)
        right_layout.addWidget(self.approve_doc_button)
        right_layout.addWidget(self.undo_button)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        right_layout.addLayout(nav)
        right_layout.addWidget(self.status)
        right_layout.addWidget(QLabel("<b>" + self.tr("Decisions on this page") + "</b>"))
        right_layout.addWidget(self.history, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("reviewSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([560, 560, 240])  # the queue shows its columns at 1366x768
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(splitter)

        for keys, slot in (
            ("A", self.approve),
            ("F", self.flag),
            ("Shift+A", self.approve_whole_document),
            ("Ctrl+Z", self.undo_approval),
            ("N", self.next),
            ("PgDown", self.page_down),
            ("P", self.previous),
            ("PgUp", self.page_up),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()
        self._load_people()

    # --- queue -------------------------------------------------------------------------------------

    def filters(self) -> QueueFilter:
        def day(edit: QDateEdit) -> date | None:
            d = edit.date()
            return None if d == edit.minimumDate() else date(d.year(), d.month(), d.day())

        return QueueFilter(
            team=self.team_combo.currentData(),
            clerk=self.clerk_combo.currentData(),
            business_type=self.type_combo.currentData(),
            verdict=self.verdict_combo.currentData(),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            only_mine=self.mine_check.isChecked(),
            sort=self.sort_combo.currentData() or "sharpness",
        )

    def reload(self) -> None:
        """Fetch the queue again with the current filters (on a reader thread)."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self.runner.read(
            review_queue,
            self.archive,
            self.user,
            self.filters(),
            on_done=self._on_queue,
            on_error=self._on_queue_error,
            context=self,
        )

    def _on_runner_archive_changed(self, changes: Changes, initiator: object) -> None:
        # pages captured or decided elsewhere; our own decisions already took their rows out.  A hidden
        # workspace reloads when it is shown again.
        if changes.users:
            self._load_people()
        if initiator is not self and self.isVisible() and (changes.pages or changes.reviews or changes.rescans):
            self.reload()

    def _load_people(self) -> None:
        """Read who is who (login name → display name) on a reader thread."""
        self.runner.read(list_users, self.archive, on_done=self._on_people, on_error=lambda _e: None, context=self)

    def _on_people(self, users) -> None:
        self.people = {u.username: u.display_name or u.username for u in users}
        self.model.set_names(self.people)

    def person(self, username: str) -> str:
        """A person's name as people know it (the login name until the names are read)."""
        return self.people.get(username) or username

    def _on_queue_error(self, exc: BaseException) -> None:
        self._loading = False
        self.status.setText(error_text(exc))

    def _on_queue(self, queue: ReviewQueue) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
            return
        current = self.current_entry()
        self.queue = queue
        self._fill_choices(self.team_combo, queue.teams)
        self._fill_choices(self.clerk_combo, queue.clerks)
        self._fill_choices(self.type_combo, queue.business_types, self._type_name)
        self.model.set_entries(queue.entries)
        self._update_counts()
        row = 0
        wanted = self._select_page or (current.page_id if current is not None else None)
        self._select_page = None
        if wanted is not None:
            rows = [n for n, e in enumerate(self.model.entries) if e.page_id == wanted]
            row = rows[0] if rows else 0
        self.select_row(row)

    def _type_name(self, type_id: str) -> str:
        template = self.archive.templates.get(type_id)
        if template is None:
            return type_id
        return template.name_zh if self.zh else template.name_en

    @staticmethod
    def _fill_choices(combo: QComboBox, values, label=None) -> None:
        chosen = combo.currentData()
        known = [combo.itemData(i) for i in range(1, combo.count())]
        if known == list(values):
            return
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(label(value) if label else (value or "—"), value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _update_counts(self) -> None:
        q = self.queue
        if q is None:
            return
        counts = ", ".join(f"{verdict_label(v)} {n}" for v, n in sorted(q.by_verdict.items()))
        self.counts_label.setText(
            self.tr("{shown} of {waiting} waiting pages shown{counts}").format(
                shown=len(self.model.entries), waiting=q.waiting, counts=f" ({counts})" if counts else ""
            )
        )

    # --- selection and display ---------------------------------------------------------------------

    def current_entry(self) -> QueueEntry | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.entries):
            return None
        return self.model.entries[index.row()]

    def select_row(self, row: int) -> None:
        if not self.model.entries:
            self.table.setCurrentIndex(QModelIndex())
            self._show(None)
            return
        row = max(0, min(row, len(self.model.entries) - 1))
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show(self.model.entries[row])

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.entries):
            entry = self.model.entries[current.row()]
            if entry.page_id != self.viewer.page_id:
                self._show(entry)

    def next(self) -> None:
        index = self.table.currentIndex()
        self.select_row(index.row() + 1 if index.isValid() else 0)

    def previous(self) -> None:
        index = self.table.currentIndex()
        self.select_row(index.row() - 1 if index.isValid() else 0)

    def page_down(self) -> None:
        """PgDn: the next page of the PDF/OFD on screen (#19), after its last page the next queue entry."""
        if not self.viewer.next_material_page():
            self.next()

    def page_up(self) -> None:
        """PgUp: the previous page of the PDF/OFD on screen, before its first page the previous entry."""
        if not self.viewer.previous_material_page():
            self.previous()

    def _show(self, entry: QueueEntry | None) -> None:
        self._update_buttons()
        if entry is None:
            self.viewer.set_message(self.tr("No pages are waiting for your review."))
            self.details.setText("")
            self.history.setText("")
            self.strip.clear()
            return
        self._asked_at[entry.page_id] = time.perf_counter()
        image = self.loader.request(entry.page_id, "view")
        if image is not None:
            self.viewer.set_page(entry.page_id, image, (entry.width or image.width(), entry.height or image.height()))
        else:
            self.viewer.set_message(self.tr("Loading page…"))
            self.viewer.page_id = entry.page_id
        self._update_buttons()
        self._cache_ahead()
        self.details.setText(self._details_html(entry))
        self.history.setText(self.tr("Loading…"))
        self.runner.read(
            page_reviews, self.archive, entry.page_id, on_done=partial(self._on_history, entry.page_id), context=self
        )
        self.runner.read(
            document_pages, self.archive, entry.item_id, on_done=partial(self._on_strip, entry), context=self
        )
        self._read_page_count(entry.page_id)

    def _read_page_count(self, page_id: str) -> None:
        """A PDF/OFD has pages to go through (#19): read how many (off the GUI thread) for the page bar."""
        self._update_open_external()  # off until this page's kind is known
        self.runner.read(
            material_badges,
            self.archive,
            [page_id],
            on_done=partial(self._on_material_badges, page_id),
            on_error=lambda _e: None,
            context=self,
        )

    def _on_material_badges(self, page_id: str, badges) -> None:
        badge = badges.get(page_id)
        self._material_kinds[page_id] = badge.kind if badge is not None else "image"
        self._update_open_external()
        if badge is not None and badge.kind == "document" and (badge.page_count or 1) > 1:
            self.viewer.set_page_count(page_id, badge.page_count)
            self.loader.prefetch([page_id], "view", page_no=2)  # PgDn shows page 2 at once

    def _cache_ahead(self) -> None:
        """Decode the next pages (and the previous one) before the reviewer asks for them."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        rows = [index.row() + 1, index.row() + 2, index.row() - 1]
        ids = [self.model.entries[r].page_id for r in rows if 0 <= r < len(self.model.entries)]
        self.loader.prefetch(ids, "view")

    def _details_html(self, e: QueueEntry) -> str:
        def row(label: str, value: str) -> str:
            # the label never wraps ("审核关/口" in a narrow pane at 125 %): the value does
            return f"<tr><td style='white-space:nowrap;color:gray;padding-right:8px'>{label}</td><td>{value}</td></tr>"

        reasons = (
            "、".join(reason_label(r) for r in e.reasons) if self.zh else ", ".join(reason_label(r) for r in e.reasons)
        )
        colour = _VERDICT_COLOURS.get(e.verdict or "", "black")
        rows = [
            row(self.tr("Work order"), e.work_order_no),
            row(self.tr("Customer"), f"{e.customer_name} ({e.customer_no})"),
            row(self.tr("Document"), f"{e.step}. {e.document_name_zh if self.zh else e.document_name_en}"),
            row(self.tr("Page"), self.tr("{n} of {total}").format(n=e.position, total=e.pages_in_document)),
            row(
                self.tr("Quality"),
                f"<b style='color:{colour}'>{verdict_label(e.verdict)}</b>" + (f" — {reasons}" if reasons else ""),
            ),
            row(self.tr("Sharpness"), "—" if e.sharpness is None else f"{e.sharpness:.2f}"),
            row(self.tr("Resolution"), "—" if not e.dpi else self.tr("{dpi} dpi").format(dpi=round(e.dpi))),
            row(self.tr("Size"), f"{e.width} × {e.height} px" if e.width else "—"),
            row(self.tr("Captured by"), html.escape(self.person(e.captured_by))),
            row(self.tr("Captured"), e.captured_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")),
            row(self.tr("Gate"), f"{e.gate}/{e.gates} {e.gate_name_zh if self.zh else e.gate_name_en}"),
        ]
        if e.findings:
            found = "<br>".join(html.escape(finding_text(f, self.zh)) for f in e.findings)
            rows.insert(4, row(self.tr("Content"), f"<b style='color:{_VERDICT_COLOURS['warn']}'>{found}</b>"))
        text = "<table>" + "".join(rows) + "</table>"
        if e.refusal:
            text += (
                "<p style='color:#c62828'>"
                + self.tr("You cannot decide on this page: {why}").format(
                    why=coded_text(e.refusal, e.refusal_code, e.refusal_params)
                )
                + "</p>"
            )
        return text

    def _on_history(self, page_id: str, records) -> None:
        if page_id != self.viewer.page_id:
            return
        if not records:
            self.history.setText(self.tr("None yet."))
            return
        lines = []
        for r in records:
            when = r.decided_at.astimezone(self.tz).strftime("%m-%d %H:%M")
            if r.decision == "approve":
                what = self.tr("approved")
            elif r.decision == WITHDRAW:
                what = self.tr("approval taken back")
            elif r.part is not None:  # one page of a PDF/OFD (#19)
                what = self.tr("flagged page {n}: {reason}").format(n=r.part, reason=flag_reason_label(r.reason))
            else:
                what = self.tr("flagged: {reason}").format(reason=flag_reason_label(r.reason))
            who = self.person(r.reviewer)
            lines.append(f"{when} {who} ({r.gate}) {what}" + (f" — {r.comment}" if r.comment else ""))
        self.history.setText("\n".join(lines))

    def _on_strip(self, entry: QueueEntry, pages) -> None:
        current = self.current_entry()
        if current is None or current.item_id != entry.item_id:
            return
        self.strip.clear()
        for p in pages:
            label = str(p.position) if p.current else self.tr("earlier")
            if p.flagged:
                label += " ⚑"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, p.page_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, p)
            item.setToolTip(self.tr("Replaced page (kept in the history)") if not p.current else "")
            if p.page_id == entry.page_id:
                item.setBackground(QColor("#bbdefb"))
            self.strip.addItem(item)
            self.runner.read(
                page_thumbnail,
                self.archive,
                self.user,
                p.page_id,
                on_done=partial(self._on_thumbnail, p.page_id),
                on_error=lambda _e: None,
                context=self,
            )

    def _on_thumbnail(self, page_id: str, jpeg: bytes) -> None:
        for n in range(self.strip.count()):
            item = self.strip.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == page_id:
                image = QImage.fromData(jpeg)
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _on_strip_item_activated(self, item: QListWidgetItem) -> None:
        page_id = item.data(Qt.ItemDataRole.UserRole)
        rows = [n for n, e in enumerate(self.model.entries) if e.page_id == page_id]
        if rows:
            self.select_row(rows[0])
        else:  # a page not waiting for this reviewer (approved, replaced): show it and its decisions
            self.viewer.set_message(self.tr("Loading page…"))
            self.viewer.page_id = page_id
            image = self.loader.request(page_id, "view")
            if image is not None:
                self.viewer.set_page(page_id, image)
            self._read_page_count(page_id)
            self.status.setText(self.tr("Showing an earlier page of this document (not in your queue)."))
            for button in (self.approve_button, self.flag_button, self.approve_doc_button):
                button.setEnabled(False)
            page = item.data(Qt.ItemDataRole.UserRole + 1)
            if page is not None:
                colour = _VERDICT_COLOURS.get(page.verdict or "", "black")
                sharp = "—" if page.sharpness is None else f"{page.sharpness:.2f}"
                self.details.setText(
                    "<p><b>"
                    + (
                        self.tr("Earlier page, replaced by a rescan")
                        if not page.current
                        else self.tr("Page {n} of this document").format(n=page.position)
                    )
                    + "</b></p>"
                    + "<table><tr><td style='color:gray;padding-right:8px'>"
                    + self.tr("Quality")
                    + "</td>"
                    + f"<td><b style='color:{colour}'>{verdict_label(page.verdict)}</b></td></tr>"
                    + "<tr><td style='color:gray;padding-right:8px'>"
                    + self.tr("Sharpness")
                    + f"</td><td>{sharp}</td></tr>"
                    + "</table>"
                )
            self.history.setText(self.tr("Loading…"))
            self.runner.read(
                page_reviews, self.archive, page_id, on_done=partial(self._on_history, page_id), context=self
            )

    def _on_loader_page_loaded(self, page_id: str, page_no: int, level: str, image: QImage) -> None:
        if page_id != self.viewer.page_id or page_no != self.viewer.page_no:
            return
        entry = self.current_entry()
        size = (
            (entry.width, entry.height)
            if page_no == 1 and entry and entry.page_id == page_id and entry.width and entry.height is not None
            else None
        )
        self.viewer.offer(page_id, page_no, level, image, size)

    def _on_loader_failed(self, page_id: str, error: str) -> None:
        if page_id == self.viewer.page_id:
            self.viewer.set_message(self.tr("The page could not be shown: {error}").format(error=error))

    def _on_loader_unavailable(self, page_id: str) -> None:
        """Not on this station and the centre unreachable: say so, and ask again while it is shown."""
        if page_id != self.viewer.page_id or self.viewer.image_width:
            return
        self.viewer.show_not_on_station(page_id)
        QTimer.singleShot(OFFLINE_RETRY_MS, self, partial(self._retry_unavailable, page_id))

    def _retry_unavailable(self, page_id: str) -> None:
        if page_id == self.viewer.page_id and not self.viewer.image_width:
            self.loader.request(page_id, "view", self.viewer.page_no)

    def _on_viewer_full_needed(self) -> None:
        if self.viewer.page_id:
            page_no = self.viewer.page_no
            image = self.loader.request(self.viewer.page_id, "full", page_no)
            if image is not None:
                self._on_loader_page_loaded(self.viewer.page_id, page_no, "full", image)

    def _on_viewer_zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale * 100:.0f} %")

    def _on_viewer_painted(self, page_id: str) -> None:
        asked = self._asked_at.pop(page_id, None)
        if asked is not None:
            self.page_shown.emit(page_id, (time.perf_counter() - asked) * 1e3)

    # --- decisions ---------------------------------------------------------------------------------

    def _decidable(self) -> QueueEntry | None:
        """The selected entry, when it is the page on screen and this user may decide on it."""
        entry = self.current_entry()
        if entry is None or not entry.can_decide or self.viewer.page_id != entry.page_id:
            return None
        return entry

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        can = entry is not None and entry.can_decide and self.viewer.page_id in (None, entry.page_id)
        for button in (self.approve_button, self.flag_button, self.approve_doc_button):
            button.setEnabled(can)

    def approve(self) -> None:
        entry = self._decidable()
        if entry is None:
            return
        self._submit_decision(entry, decide, self.archive, self.user, entry.page_id, "approve")

    def flag(self) -> None:
        entry = self._decidable()
        if entry is None:
            return
        part = self._flagged_part(entry)
        dialog = FlagDialog(self, part, self.viewer.page_count if part is not None else None)
        self.flag_dialog: FlagDialog | None = dialog  # tests answer it
        dialog.setModal(True)
        dialog.finished.connect(partial(self._on_flag_dialog_finished, dialog, entry))
        dialog.open()

    def _flagged_part(self, entry: QueueEntry) -> int | None:
        """The page of a PDF/OFD on screen that a flag is about (#19): the viewer's page of a
        document of several pages; None (the whole file) for anything else."""
        if (
            self.viewer.page_id == entry.page_id
            and self._material_kinds.get(entry.page_id) == "document"
            and self.viewer.page_count > 1
        ):
            return self.viewer.page_no
        return None

    def _on_flag_dialog_finished(self, dialog: FlagDialog, entry: QueueEntry, result: int) -> None:
        self.flag_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        self._submit_decision(
            entry,
            decide,
            self.archive,
            self.user,
            entry.page_id,
            "flag",
            dialog.reason().value,
            dialog.comment.text(),
            dialog.part,
        )

    def approve_whole_document(self) -> None:
        entry = self._decidable()
        if entry is None:
            return
        self._submit_decision(entry, approve_document, self.archive, self.user, entry.item_id)

    def _submit_decision(self, entry: QueueEntry, fn, *args) -> None:
        for button in (self.approve_button, self.flag_button, self.approve_doc_button):
            button.setEnabled(False)
        self.runner.write(
            fn,
            *args,
            changes=Changes.REVIEW,
            initiator=self,
            on_done=partial(self._on_decided, entry),
            on_error=self._on_decision_error,
            context=self,
        )

    def _on_decided(self, entry: QueueEntry, result) -> None:
        results = result if isinstance(result, tuple) else (result,)
        row = self.table.currentIndex().row()
        decided_pages = {r.page_id for r in results}
        flagged = any(r.decision == "flag" for r in results)
        self.last_approvals = () if flagged else tuple(results)
        self.undo_button.setEnabled(bool(self.last_approvals))
        # a flag sends the whole document back; an approval moves the page on to its next gate
        self.model.remove_where(lambda e: e.page_id in decided_pages or (flagged and e.item_id == entry.item_id))
        part = next((r.part for r in results if r.decision == "flag" and r.part is not None), None)
        if flagged and part is not None:  # one page of a PDF/OFD (#19)
            self.status.setText(
                self.tr("Flagged page {n}: a rescan task went to {clerk}.").format(
                    n=part, clerk=self.person(entry.captured_by)
                )
            )
        elif flagged:
            self.status.setText(
                self.tr("Flagged: a rescan task went to {clerk}.").format(clerk=self.person(entry.captured_by))
            )
        elif results[-1].item_state == "reviewed":
            self.status.setText(self.tr("Approved: the document is reviewed."))
        else:
            self.status.setText(self.tr("Approved at gate {gate}.").format(gate=results[-1].gate))
        if self.queue is not None:
            self._update_counts()
        self.select_row(max(0, row))
        self.decided.emit(results)

    def undo_approval(self) -> None:
        """Ctrl+Z: take back the approvals just made (a withdrawal is appended; nothing is deleted)."""
        if not self.last_approvals:
            self.status.setText(self.tr("No approval to take back."))
            return
        approvals = self.last_approvals
        self.undo_button.setEnabled(False)
        self.runner.write(
            withdraw_approvals,
            self.archive,
            self.user,
            [r.review_id for r in approvals],
            changes=Changes.REVIEW,
            initiator=self,
            on_done=self._on_withdrawn,
            on_error=self._on_withdraw_error,
            context=self,
        )

    def _on_withdrawn(self, results: tuple[DecisionResult, ...]) -> None:
        self.last_approvals = ()
        self.status.setText(self.tr("Approval taken back: %n page(s) waiting for review again.", "", len(results)))
        self._select_page = results[0].page_id if results else None
        self.reload()

    def _on_withdraw_error(self, exc: BaseException) -> None:
        # the document moved on, or a later gate decided: there is nothing more to take back
        self.last_approvals = ()
        self.undo_button.setEnabled(False)
        self.status.setText(self.tr("The approval was not taken back: {why}").format(why=error_text(exc)))

    def _on_decision_error(self, exc: BaseException) -> None:
        self._update_buttons()
        self.status.setText(error_text(exc))
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Not recorded"), error_text(exc), QMessageBox.StandardButton.Ok, self
        )
        self.error_box = box
        box.open()

    # --- #19: open in the system viewer / player --------------------------------------------------

    def _update_open_external(self) -> None:
        kind = self._material_kinds.get(self.viewer.page_id or "", "")
        update_open_action(self.open_external_action, kind, self.style())
        self.playback.show_page(self.viewer.page_id, kind)

    def open_externally(self, page_id: str | None = None) -> None:
        """Write a copy of the shown file's stored bytes (off the GUI thread, audited as a view) and hand it
        to the system's viewer or player."""
        self.external.open(page_id or self.viewer.page_id)

    def shutdown(self) -> None:
        self.playback.shutdown()
        self.external.remove_copies()  # the copies handed to the system's programs go when the window closes
        self.loader.shutdown()
