"""The Archive workspace (档案室): hand-over inbox, volumes with archival codes, boxes, shelves, labels.

A scan field on top takes what a handheld scanner types (or the camera's barcode reader): a box
label opens the box; a work-order barcode receives that order's reviewed documents.  Every
service call runs on the operation runner (reads on its reader threads, writes on its writer);
the GUI thread only lays out the plain results.  Changes made elsewhere refresh it while shown.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from pathlib import Path

from archivist_desktop.domain.permissions import PermissionDenied
from archivist_desktop.domain.records import SECURITY_NAMES_ZH
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.boxes import (
    BoxInfo,
    BoxMixError,
    BoxPlacement,
    RoomSnapshot,
    ScanResult,
    box_label,
    get_box,
    paint_box_labels,
    place_in_box,
    prepare_label_device,
    remove_from_box,
    render_box_labels,
    resolve_scan,
    room_snapshot,
    set_shelf,
)
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.records import (
    HandOverInfo,
    borrow,
    build_volumes,
    export_volume,
    hand_over,
    hand_over_receipt_pdf,
    return_volume,
    void_volume,
    volume_documents,
)
from archivist_desktop.services.users import UserInfo
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPrinter,
    QPrintPreviewDialog,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)

LABEL_SIZES = ("100x50", "spine", "a4")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], keys: list[str]) -> None:
    table.setRowCount(len(rows))
    for r, (row, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def _selected_keys(table: QTableWidget) -> list[str]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    return [item.data(Qt.ItemDataRole.UserRole) for r in rows if (item := table.item(r, 0)) is not None]


class ArchiveWorkspace(QWidget):
    """The archivist's desk.

    Signals:
        records_changed(): documents or volumes changed state here (reminder counts may change).
        box_opened(str): the box with this number is shown.
    """

    records_changed = Signal()
    box_opened = Signal(str)

    def __init__(
        self,
        archive: Archive,
        runner: OperationRunner,
        user: UserInfo,
        tz: tzinfo,
        zh: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("archiveWorkspace")
        self.archive, self.runner, self.user, self.tz, self.zh = archive, runner, user, tz, zh
        runner.archive_changed.connect(self._on_runner_archive_changed)
        self.snapshot: RoomSnapshot | None = None
        self.current_box: BoxInfo | None = None
        #: the open "shelve this box?" question (None: none is open)
        self.shelve_question: QMessageBox | None = None
        self.last_receipt: HandOverInfo | None = None

        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("archiveScan")
        self.scan_edit.setClearButtonEnabled(True)
        self.scan_edit.setPlaceholderText(
            self.tr("Scan a box label or a work-order barcode, or type a box number (F3)")
        )
        self.scan_edit.returnPressed.connect(self._on_scan_edit_return_pressed)
        self.message = QLabel()
        self.message.setObjectName("archiveMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scan:")))
        top.addWidget(self.scan_edit, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_inbox(), self.tr("Hand-over inbox"))
        self.tabs.addTab(self._build_volumes(), self.tr("Volumes"))
        self.tabs.addTab(self._build_boxes(), self.tr("Boxes"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        for key, slot in (
            ("F3", self.scan_edit.setFocus),
            ("Ctrl+R", self.receive_selected),
            ("Ctrl+Shift+V", self.file_selected_customer),
            ("Ctrl+B", self.put_selected_in_box),
            ("Ctrl+Shift+L", self.set_shelf_of_current_box),  # Ctrl+L is Switch user
            ("Ctrl+P", self.print_labels),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- layout ----------------------------------------------------------------------------------------

    def _build_inbox(self) -> QWidget:
        page = QWidget()
        self.inbox_table = _table(
            [
                self.tr("Work order"),
                self.tr("Customer no."),
                self.tr("Customer"),
                self.tr("Document"),
                self.tr("Pages"),
                self.tr("Team"),
            ]
        )
        self.inbox_table.setObjectName("inboxTable")
        self.receive_button = QPushButton(self.tr("Receive selected (Ctrl+R)"))
        self.receive_button.clicked.connect(self.receive_selected)
        self.receipt_button = QPushButton(self.tr("Save hand-over list as PDF…"))
        self.receipt_button.setEnabled(False)
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        self.receipt_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.receipt_label, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Reviewed documents waiting for the archive room, by work order. "
                    "Scan a work-order barcode to receive all its documents."
                )
            )
        )
        layout.addWidget(self.inbox_table, 1)
        layout.addLayout(buttons)
        return page

    def _build_volumes(self) -> QWidget:
        page = QWidget()
        self.pending_list = QListWidget()
        self.pending_list.setObjectName("pendingCustomers")
        self.file_button = QPushButton(self.tr("File into volumes (Ctrl+Shift+V)"))
        self.file_button.clicked.connect(self.file_selected_customer)
        left = QGroupBox(self.tr("Received, waiting for a volume"))
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.pending_list, 1)
        left_layout.addWidget(self.file_button)

        self.volumes_table = _table(
            [
                self.tr("Archival code"),
                self.tr("Customer"),
                self.tr("Year"),
                self.tr("Retention"),
                self.tr("Security"),
                self.tr("State"),
                self.tr("Box"),
                self.tr("Documents"),
                self.tr("Pages"),
                self.tr("On loan to"),
            ]
        )
        self.volumes_table.setObjectName("volumesTable")
        self.volumes_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.volumes_table.itemSelectionChanged.connect(self._on_volumes_table_selection_changed)
        self.documents_table = _table(
            [
                self.tr("#"),
                self.tr("Work order"),
                self.tr("Step"),
                self.tr("Document"),
                self.tr("Pages"),
                self.tr("State"),
            ]
        )
        self.box_target = QLineEdit()
        self.box_target.setObjectName("boxTarget")
        self.box_target.setPlaceholderText(self.tr("Box number (empty: its open box, or a new one)"))
        self.box_target.setToolTip(
            self.tr(
                "Empty: the volume goes into the open box (not yet on the shelf) of its year, retention period "
                "and organisation; when there is none, into a new box."
            )
        )
        self.box_button = QPushButton(self.tr("Put in box (Ctrl+B)"))
        self.box_button.clicked.connect(self.put_selected_in_box)
        self.unbox_button = QPushButton(self.tr("Take out of box"))
        self.unbox_button.clicked.connect(self._on_unbox_button_clicked)
        self.borrow_button = QPushButton(self.tr("Lend…"))
        self.borrow_button.clicked.connect(self._on_borrow_button_clicked)
        self.return_button = QPushButton(self.tr("Take back"))
        self.return_button.clicked.connect(self._on_return_button_clicked)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.clicked.connect(self._on_export_button_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.box_target, 1)
        for b in (
            self.box_button,
            self.unbox_button,
            self.borrow_button,
            self.return_button,
            self.void_button,
            self.export_button,
        ):
            actions.addWidget(b)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        splitter_v = QSplitter(Qt.Orientation.Vertical)
        splitter_v.addWidget(self.volumes_table)
        splitter_v.addWidget(self.documents_table)
        right_layout.addWidget(splitter_v, 1)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def _build_boxes(self) -> QWidget:
        page = QWidget()
        self.boxes_table = _table(
            [self.tr("Box number"), self.tr("Year"), self.tr("Retention"), self.tr("Volumes"), self.tr("Shelf")]
        )
        self.boxes_table.setObjectName("boxesTable")
        self.boxes_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.boxes_table.itemSelectionChanged.connect(self._on_boxes_table_selection_changed)

        self.box_title = QLabel(self.tr("No box open: pick one, or scan its label."))
        self.box_title.setObjectName("boxTitle")
        font = self.box_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.box_title.setFont(font)
        self.box_facts = QLabel()
        self.box_facts.setWordWrap(True)
        self.box_volumes = _table([self.tr("Archival code"), self.tr("Vol. no."), self.tr("Title"), self.tr("State")])
        self.box_volumes.setObjectName("boxVolumes")
        self.shelf_edit = QLineEdit()
        self.shelf_edit.setObjectName("shelfEdit")
        self.shelf_edit.setPlaceholderText(self.tr("room-rack-column-layer, e.g. A01-03-05-2"))
        self.shelf_edit.returnPressed.connect(self.set_shelf_of_current_box)
        self.shelf_button = QPushButton(self.tr("Shelve (archive) (Ctrl+Shift+L)"))
        self.shelf_button.clicked.connect(self.set_shelf_of_current_box)
        self.size_combo = QComboBox()
        for size, text in zip(
            LABEL_SIZES,
            (self.tr("Front label 100×50 mm"), self.tr("Spine strip 30×100 mm"), self.tr("A4 sheet of labels")),
            strict=True,
        ):
            self.size_combo.addItem(text, size)
        self.print_button = QPushButton(self.tr("Print labels… (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_labels)
        self.save_label_button = QPushButton(self.tr("Save label as PDF…"))
        self.save_label_button.clicked.connect(self._on_save_label_button_clicked)
        form = QFormLayout()
        shelf_row = QHBoxLayout()
        shelf_row.addWidget(self.shelf_edit, 1)
        shelf_row.addWidget(self.shelf_button)
        form.addRow(self.tr("Shelf location:"), shelf_row)
        label_row = QHBoxLayout()
        label_row.addWidget(self.size_combo, 1)
        label_row.addWidget(self.print_button)
        label_row.addWidget(self.save_label_button)
        form.addRow(self.tr("Label:"), label_row)
        box_panel = QGroupBox(self.tr("Open box"))
        box_layout = QVBoxLayout(box_panel)
        box_layout.addWidget(self.box_title)
        box_layout.addWidget(self.box_facts)
        box_layout.addWidget(self.box_volumes, 1)
        box_layout.addLayout(form)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.boxes_table)
        splitter.addWidget(box_panel)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 760])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    # --- loading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.runner.read(
            room_snapshot, self.archive, on_done=self._on_snapshot_loaded, on_error=self._show_error, context=self
        )

    def _on_snapshot_loaded(self, snap: RoomSnapshot) -> None:
        self.snapshot = snap
        _fill(
            self.inbox_table,
            [
                [
                    e.work_order_no,
                    e.customer_no,
                    e.customer_name,
                    e.name_zh if self.zh else e.name_en,
                    str(e.pages),
                    e.team or "",
                ]
                for e in snap.inbox
            ],
            [e.item_id for e in snap.inbox],
        )
        self.pending_list.clear()
        for p in snap.pending:
            item = QListWidgetItem(
                self.tr("{name} ({no}): {n} document(s)").format(name=p.customer_name, no=p.customer_no, n=p.documents)
            )
            item.setData(Qt.ItemDataRole.UserRole, p.customer_id)
            self.pending_list.addItem(item)
        if self.pending_list.count():
            self.pending_list.setCurrentRow(0)
        selected = _selected_keys(self.volumes_table)
        _fill(
            self.volumes_table,
            [
                [
                    v.archival_code,
                    f"{v.customer_name} ({v.customer_no})",
                    str(v.year),
                    v.retention_zh if self.zh else v.retention,
                    self._security(v.security_level),
                    self._state(v.state),
                    v.box_no or "",
                    str(v.documents),
                    str(v.pages),
                    v.on_loan_to or "",
                ]
                for v in snap.volumes
            ],
            [v.archival_code for v in snap.volumes],
        )
        if selected:
            self.select_volume(selected[0])
        _fill(
            self.boxes_table,
            [
                [
                    b.box_no,
                    str(b.year),
                    b.retention_zh if self.zh else b.retention,
                    str(len(b.live_volumes)),
                    b.shelf or self.tr("not shelved"),
                ]
                for b in snap.boxes
            ],
            [b.box_no for b in snap.boxes],
        )
        if self.current_box is not None:
            fresh = next((b for b in snap.boxes if b.id == self.current_box.id), None)
            if fresh is not None:
                self._show_box(fresh)

    def _security(self, level: str) -> str:
        return SECURITY_NAMES_ZH.get(level, level) if self.zh else level

    def _state(self, state: str) -> str:
        names = {
            "open": self.tr("open"),
            "boxed": self.tr("boxed"),
            "archived": self.tr("archived"),
            "voided": self.tr("voided"),
        }
        return names.get(state, state)

    # --- messages --------------------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def _show_error(self, exc: Exception) -> None:
        if isinstance(exc, BoxMixError):
            names = {
                "year": self.tr("years"),
                "retention": self.tr("retention periods"),
                "organisation": self.tr("organisations"),
            }
            details = "; ".join(
                self.tr("{field}: box {box}, volume {volume}").format(
                    field=names.get(c.field, c.field), box=c.box_value, volume=c.volume_value
                )
                for c in exc.conflicts
            )
            self._say(
                self.tr(
                    "DA/T 22: volume {code} cannot go in box {box}: a box never mixes {fields} ({details})."
                ).format(
                    code=exc.archival_code,
                    box=exc.box_no,
                    fields=self.tr(", ").join(names.get(c.field, c.field) for c in exc.conflicts),
                    details=details,
                ),
                error=True,
            )
        elif isinstance(exc, (KnownError, PermissionDenied)):
            self._say(error_text(exc), error=True)
        else:
            self._say(self.tr("Unexpected problem: {error}").format(error=f"{type(exc).__name__}: {exc}"), error=True)

    def _on_runner_archive_changed(self, changes: Changes, initiator: object) -> None:
        # our own writes refresh in their on_done (with the message); others' while the room is shown
        if (
            initiator is not self
            and self.isVisible()
            and (
                changes.hand_overs
                or changes.volumes
                or changes.boxes
                or changes.loans
                or changes.checklist
                or changes.reviews
            )
        ):
            self.refresh()

    def _done(self, text: str):
        def on_done(_result=None):
            self._say(text)
            self.records_changed.emit()
            self.refresh()

        return on_done

    # --- scan ------------------------------------------------------------------------------------------

    def _on_scan_edit_return_pressed(self) -> None:
        text = self.scan_edit.text()
        self.scan_edit.clear()
        if text.strip():
            self.runner.read(
                resolve_scan,
                self.archive,
                text,
                on_done=partial(self._on_scan_resolved, text),
                on_error=self._show_error,
                context=self,
            )

    def _on_scan_resolved(self, text: str, result: ScanResult) -> None:
        if result.kind == "box":
            assert result.box is not None  # a "box" result carries its box
            self._show_box(result.box)
            self.tabs.setCurrentIndex(2)
            self._say(self.tr("Box {box} opened.").format(box=result.box.box_no))
        elif result.kind == "work_order":
            self.tabs.setCurrentIndex(0)
            self._receive(work_order_nos=[result.work_order_no])
        else:
            self._say(
                self.tr(
                    "Nothing found for “{text}”: no box with this label and no work order waiting for hand-over."
                ).format(text=text.strip()),
                error=True,
            )

    # --- hand-over -------------------------------------------------------------------------------------

    def receive_selected(self) -> None:
        ids = _selected_keys(self.inbox_table)
        if not ids:
            self._say(self.tr("Pick the documents to receive, or scan a work-order barcode."), error=True)
            return
        self._receive(item_ids=ids)

    def _receive(self, work_order_nos=(), item_ids=()) -> None:
        self.runner.write(
            partial(hand_over, self.archive, self.user, work_order_nos=list(work_order_nos), item_ids=list(item_ids)),
            on_done=self._on_received,
            on_error=self._show_error,
            context=self,
            changes=Changes.ARCHIVE_ROOM,
            initiator=self,
        )

    def _on_received(self, info: HandOverInfo) -> None:
        self.last_receipt = info
        self.receipt_button.setEnabled(True)
        self.receipt_label.setText(
            self.tr("Hand-over {no}: {n} document(s) of {orders} received.").format(
                no=info.hand_over_no, n=len(info.lines), orders=", ".join(info.work_order_nos)
            )
        )
        self._done(self.receipt_label.text())()

    def _on_receipt_button_clicked(self) -> None:
        if self.last_receipt is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save hand-over list"), f"{self.last_receipt.hand_over_no}.pdf", self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_receipt(Path(path))

    def save_receipt(self, path: Path) -> None:
        assert self.last_receipt is not None  # callers save only after a hand-over
        self.runner.read(
            hand_over_receipt_pdf,
            self.archive,
            self.last_receipt.id,
            path,
            on_done=lambda p: self._say(self.tr("Hand-over list saved: {path}").format(path=str(p))),
            on_error=self._show_error,
            context=self,
        )

    # --- volumes ---------------------------------------------------------------------------------------

    def file_selected_customer(self) -> None:
        item = self.pending_list.currentItem()
        if item is None:
            self._say(self.tr("No received documents are waiting for a volume."), error=True)
            return
        self.runner.write(
            build_volumes,
            self.archive,
            self.user,
            item.data(Qt.ItemDataRole.UserRole),
            on_done=self._on_filed,
            on_error=self._show_error,
            context=self,
            changes=Changes.ARCHIVE_ROOM,
            initiator=self,
        )

    def _on_filed(self, volumes) -> None:
        codes = ", ".join(v.archival_code for v in volumes)
        self._done(self.tr("Filed into {codes}.").format(codes=codes))()
        if volumes:
            self.tabs.setCurrentIndex(1)
            self._pending_select = volumes[0].archival_code
            self.select_volume(volumes[0].archival_code)

    def select_volume(self, code: str) -> None:
        for r in range(self.volumes_table.rowCount()):
            item = self.volumes_table.item(r, 0)
            if item is not None and item.text() == code:
                self.volumes_table.selectRow(r)
                return

    def selected_volume(self) -> str | None:
        keys = _selected_keys(self.volumes_table)
        return keys[0] if keys else None

    def _on_volumes_table_selection_changed(self) -> None:
        code = self.selected_volume()
        if code is None:
            self.documents_table.setRowCount(0)
            return
        self.runner.read(
            volume_documents,
            self.archive,
            code,
            on_done=self._on_documents_loaded,
            on_error=self._show_error,
            context=self,
        )

    def _on_documents_loaded(self, docs) -> None:
        _fill(
            self.documents_table,
            [
                [
                    str(d.position),
                    d.work_order_no,
                    str(d.step),
                    d.name_zh if self.zh else d.name_en,
                    str(len(d.page_ids)),
                    d.state,
                ]
                for d in docs
            ],
            [d.item_id for d in docs],
        )

    def _need_volume(self) -> str | None:
        code = self.selected_volume()
        if code is None:
            self._say(self.tr("Pick a volume first."), error=True)
        return code

    def put_selected_in_box(self) -> None:
        code = self._need_volume()
        if code is None:
            return
        target = self.box_target.text().strip() or None
        self.runner.write(
            partial(place_in_box, reuse_open=True),
            self.archive,
            self.user,
            code,
            target,
            on_done=lambda placed: self._on_boxed(code, placed, target is None),
            on_error=self._show_error,
            context=self,
            changes=Changes.ARCHIVE_ROOM,
            initiator=self,
        )

    def _on_boxed(self, code: str, placed: BoxPlacement, chosen_by_us: bool) -> None:
        box = placed.box
        self.box_target.setText(box.box_no)
        self._show_box(box)
        if placed.new_box:
            text = self.tr("Volume {code} is in a new box {box}.")
        elif chosen_by_us:
            text = self.tr("Volume {code} is in the open box {box} of its year and retention period.")
        else:
            text = self.tr("Volume {code} is in box {box}.")
        self._done(text.format(code=code, box=box.box_no))()

    def _on_unbox_button_clicked(self) -> None:
        code = self._need_volume()
        if code:
            self.runner.write(
                remove_from_box,
                self.archive,
                self.user,
                code,
                on_error=self._show_error,
                context=self,
                on_done=self._done(self.tr("Volume {code} taken out of its box.").format(code=code)),
                changes=Changes.ARCHIVE_ROOM,
                initiator=self,
            )

    def _on_borrow_button_clicked(self) -> None:
        code = self._need_volume()
        if not code:
            return
        borrower, ok = QInputDialog.getText(self, self.tr("Lend volume"), self.tr("Borrower:"))
        if not ok or not borrower.strip():
            return
        purpose, ok = QInputDialog.getText(self, self.tr("Lend volume"), self.tr("Purpose:"))
        if ok:
            self.runner.write(
                borrow,
                self.archive,
                self.user,
                code,
                borrower,
                purpose,
                on_error=self._show_error,
                context=self,
                on_done=self._done(self.tr("Volume {code} lent to {who}.").format(code=code, who=borrower.strip())),
                changes=Changes.ARCHIVE_ROOM,
                initiator=self,
            )

    def _on_return_button_clicked(self) -> None:
        code = self._need_volume()
        if code:
            self.runner.write(
                return_volume,
                self.archive,
                self.user,
                code,
                on_error=self._show_error,
                context=self,
                on_done=self._done(self.tr("Volume {code} is back.").format(code=code)),
                changes=Changes.ARCHIVE_ROOM,
                initiator=self,
            )

    def _on_void_button_clicked(self) -> None:
        code = self._need_volume()
        if not code:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Void volume"),
            self.tr("Reason for voiding {code} (kept in the audit log):").format(code=code),
        )
        if ok and reason.strip():
            self.runner.write(
                void_volume,
                self.archive,
                self.user,
                code,
                reason,
                on_error=self._show_error,
                context=self,
                on_done=self._done(self.tr("Volume {code} voided.").format(code=code)),
                changes=Changes.ARCHIVE_ROOM,
                initiator=self,
            )

    def _on_export_button_clicked(self) -> None:
        code = self._need_volume()
        if not code:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export volume"), f"{code}.pdf", self.tr("PDF files (*.pdf)")
        )
        if path:
            self.runner.write(
                partial(export_volume, self.archive, self.user, code, Path(path), pdfa=True),
                on_error=self._show_error,
                context=self,
                on_done=lambda r: self._say(
                    self.tr("Exported {pages} page(s) to {path}.").format(pages=r["pages"], path=r["pdf"])
                ),
                changes=Changes.NONE,
                initiator=self,
            )

    # --- boxes -----------------------------------------------------------------------------------------

    def open_box(self, box_no: str) -> None:
        self.runner.read(get_box, self.archive, box_no, on_done=self._show_box, on_error=self._show_error, context=self)

    def _on_boxes_table_selection_changed(self) -> None:
        keys = _selected_keys(self.boxes_table)
        if keys and (self.current_box is None or self.current_box.box_no != keys[0]):
            self.open_box(keys[0])

    def _show_box(self, box: BoxInfo) -> None:
        self.current_box = box
        self.box_title.setText(self.tr("Box {box}").format(box=box.box_no))
        shelf = box.shelf or self.tr("not shelved yet (boxed, waiting for the shelf)")
        self.box_facts.setText(
            self.tr(
                "Organisation: {org} · fonds {fonds} · year {year} · retention {retention} · volumes {range} · "
                "shelf: {shelf}\nDA/T 22: everything in this box is of year {year}, retention {retention} and "
                "organisation {org}; other volumes are refused."
            ).format(
                org=box.organisation,
                fonds=box.fonds,
                year=box.year,
                retention=box.retention_zh if self.zh else box.retention,
                range=box.item_range or "—",
                shelf=shelf,
            )
        )
        _fill(
            self.box_volumes,
            [[v.archival_code, f"{v.volume_no:04d}", v.title, self._state(v.state)] for v in box.volumes],
            [v.archival_code for v in box.volumes],
        )
        self.shelf_edit.setText(box.shelf or "")
        self.box_opened.emit(box.box_no)

    def set_shelf_of_current_box(self) -> None:
        """Ask first (shelving archives the volumes for good: Enter shelves, Esc does not), then shelve."""
        if self.current_box is None:
            self._say(self.tr("Open a box first."), error=True)
            return
        box = self.current_box
        shelf = self.shelf_edit.text().strip()
        if not shelf:
            self._say(self.tr("Type or scan the shelf location first."), error=True)
            self.shelf_edit.setFocus()
            return
        question = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Shelve box"),
            self.tr(
                "Put box {box} on shelf {shelf}?\nIts {n} volume(s) become archived: their contents can no "
                "longer be changed."
            ).format(box=box.box_no, shelf=shelf, n=len(box.volumes)),
            QMessageBox.StandardButton.NoButton,
            self.window(),
        )
        question.setObjectName("shelveConfirm")
        ok = question.addButton(self.tr("&Shelve and archive"), QMessageBox.ButtonRole.AcceptRole)
        question.addButton(QMessageBox.StandardButton.Cancel)
        question.setDefaultButton(ok)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if self.shelve_question is question:
                self.shelve_question = None
            if question.clickedButton() is ok:
                self._shelve_now(box.box_no)

        question.finished.connect(answered)
        self.shelve_question = question
        question.open()

    def _shelve_now(self, box_no: str) -> None:
        self.runner.write(
            set_shelf,
            self.archive,
            self.user,
            box_no,
            self.shelf_edit.text(),
            on_error=self._show_error,
            context=self,
            on_done=self._on_shelf_set,
            changes=Changes.ARCHIVE_ROOM,
            initiator=self,
        )

    def _on_shelf_set(self, box: BoxInfo) -> None:
        self._show_box(box)
        self._done(
            self.tr("Box {box} is on shelf {shelf}: its volumes are archived.").format(box=box.box_no, shelf=box.shelf)
        )()

    def label_size(self) -> str:
        return self.size_combo.currentData()

    def print_labels(self) -> None:
        if self.current_box is None:
            self._say(self.tr("Open a box first."), error=True)
            return
        size = self.label_size()
        self.runner.read(
            box_label,
            self.archive,
            self.current_box.box_no,
            on_error=self._show_error,
            context=self,
            on_done=lambda label: self._preview([label], size),
        )

    def _preview(self, labels, size: str) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_label_device(printer, size)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print box labels"))
        dialog.paintRequested.connect(lambda device: paint_box_labels(device, labels, size))
        dialog.exec()

    def _on_save_label_button_clicked(self) -> None:
        if self.current_box is None:
            self._say(self.tr("Open a box first."), error=True)
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save label"),
            f"{self.current_box.box_no}-{self.label_size()}.pdf",
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.save_label(Path(path))

    def save_label(self, path: Path) -> None:
        assert self.current_box is not None  # callers save only with a box open
        self.runner.read(
            render_box_labels,
            self.archive,
            [self.current_box.box_no],
            self.label_size(),
            path,
            on_error=self._show_error,
            context=self,
            on_done=lambda p: self._say(self.tr("Label saved: {path}").format(path=str(p))),
        )
