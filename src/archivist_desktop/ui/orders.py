"""The work-order list of the Capture workspace: one search field, the table, the count."""

from __future__ import annotations

from typing import cast

from archivist_desktop.domain.workflow import DeadlineState
from archivist_desktop.services.orders import WorkOrderRow
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import deadline_label
from archivist_desktop.ui.models import WorkOrderListModel
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QObject,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

SEARCH_DELAY_MS = 250


class WorkOrderListPanel(QWidget):
    """Search field (debounced), the work-order table (loaded a screen at a time) and the count.

    Signals:
        order_selected(object): the :class:`WorkOrderRow` the user selected.
    """

    order_selected = Signal(object)

    def __init__(self, model: WorkOrderListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._selected_id: str | None = None
        self._wanted_id: str | None = None  # select this order once a load brings it in

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("orderSearch")
        self.search_edit.setPlaceholderText(self.tr("Search account no., customer name or work order no.  (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._apply_search)
        self.search_edit.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_search)

        self.table = QTableView()
        self.table.setObjectName("orderTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WorkOrderListModel.STEP, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        pad = 22
        widths = {
            WorkOrderListModel.NO: fm.horizontalAdvance("WO202611000123") + pad,
            WorkOrderListModel.CUSTOMER_NO: fm.horizontalAdvance("3300012345") + pad,
            # typical names, not the longest: longer ones elide and show whole in the tooltip
            WorkOrderListModel.BUSINESS: fm.horizontalAdvance("低压居民新装" if model.chinese_names else "Name change")
            + pad,
            WorkOrderListModel.CUSTOMER: fm.horizontalAdvance("杭州宏达机械厂") + pad,
            WorkOrderListModel.DEADLINE: max(
                fm.horizontalAdvance(model.headerData(WorkOrderListModel.DEADLINE, Qt.Orientation.Horizontal)),
                max(fm.horizontalAdvance(deadline_label(state)) for state in DeadlineState),
            )
            + pad,
            WorkOrderListModel.MISSING: max(
                fm.horizontalAdvance(model.headerData(WorkOrderListModel.MISSING, Qt.Orientation.Horizontal)),
                fm.horizontalAdvance("999"),
            )
            + pad
            + 8,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

        self.count_label = QLabel()
        self.count_label.setObjectName("orderCount")
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.loading_label = QLabel(self.tr("Loading…"))
        self.loading_label.hide()

        title = QLabel(self.tr("Work orders"))
        title.setObjectName("panelTitle")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.loading_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        model.total_changed.connect(self._update_count)
        model.loading_changed.connect(self._on_model_loading_changed)
        model.reloaded.connect(self._on_model_reloaded)
        model.rowsInserted.connect(self._on_model_rows_inserted)
        model.load_failed.connect(self._on_model_load_failed)

    # --- searching ----------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_search_edit_text_edited(self, _text: str) -> None:
        self._debounce.start()

    def _on_search_edit_text_changed(self, text: str) -> None:
        if not text and not self._debounce.isActive() and self.model.search:
            self._debounce.start()  # the clear button does not emit textEdited

    def _apply_search(self) -> None:
        self._debounce.stop()
        text = self.search_edit.text().strip()
        if text != self.model.search or self.model.total is None:
            self.model.set_search(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and cast(QKeyEvent, event).key() == Qt.Key.Key_Down
        ):
            self._apply_search()
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.model.rowCount():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # --- selection ----------------------------------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        return self._selected_id

    def select_order(self, work_order_id: str, work_order_no: str) -> None:
        """Select an order; when it is not loaded, search for its number and select it when it arrives."""
        row = self.model.row_of(work_order_id)
        if row >= 0:
            self._select_row(row)
            return
        self._wanted_id = work_order_id
        self.search_edit.setText(work_order_no)
        self._apply_search()

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _on_table_current_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        row: WorkOrderRow = self.model.row_at(current.row())
        if row.id != self._selected_id:
            self._selected_id = row.id
            self.order_selected.emit(row)

    def _on_model_reloaded(self) -> None:
        wanted = self._wanted_id or self._selected_id
        self._wanted_id = None
        if wanted is not None:
            row = self.model.row_of(wanted)
            if row >= 0:
                self._select_row(row)

    def _on_model_rows_inserted(self, *_args) -> None:
        self._update_count(self.model.total or 0)

    # --- status -------------------------------------------------------------------------------------

    def _on_model_loading_changed(self, loading: bool) -> None:
        self.loading_label.setVisible(loading)

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self.count_label.setText(self.tr("Could not load the work orders: {error}").format(error=error_text(exc)))

    def _update_count(self, total: int) -> None:
        shown = self.model.rowCount()
        search = self.model.search
        if total == 0:
            text = (
                self.tr("No work order matches “{search}”").format(search=search)
                if search
                else self.tr("No work orders yet — use File → Import work orders…")
            )
        elif shown < total:
            text = self.tr("Showing {shown} of {total} work orders — scroll down for more").format(
                shown=shown, total=total
            )
        elif search:
            text = self.tr("%n work order(s) match", "", total)
        else:
            text = self.tr("%n work order(s)", "", total)
        self.count_label.setText(text)
