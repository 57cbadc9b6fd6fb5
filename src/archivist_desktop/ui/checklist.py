"""The checklist of the selected work order: customer header and the steps → documents tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.orders import Checklist, ChecklistEntry
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import deadline_label, item_state_label, local_time
from archivist_desktop.ui.models import GREEN_TEXT, RED_TEXT, ROW_ROLE, ChecklistModel, deadline_colours
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QBrush,
    QEvent,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QModelIndex,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)

ChecklistLoader = Callable[[str], Checklist]

#: the columns beside the document's name, sized by ChecklistPanel._fit_columns
_FITTED = (ChecklistModel.REQUIRED, ChecklistModel.STATE, ChecklistModel.PAGES, ChecklistModel.DUE)

#: the key that moves the capture on to the next missing document (Tab stays focus navigation)
NEXT_DOCUMENT_KEY = "N"

#: below this window height (logical pixels: 1366x768, at 100 % or 125 %) the header's details start folded
#: away, so that the tree keeps its rows; a click on the details button overrides it (issue 17)
COMPACT_WINDOW_HEIGHT = 760


class ChecklistPanel(QWidget):
    """Shows one order's checklist, loaded on a reader thread of the operation runner.

    Signals:
        checklist_loaded(object): the :class:`Checklist` now shown.
        load_failed(object): loading raised this exception.
        entry_selected(object): the :class:`ChecklistEntry` now selected (the slot pages go to), or None.
    """

    checklist_loaded = Signal(object)
    load_failed = Signal(object)
    entry_selected = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        load_checklist: ChecklistLoader,
        tz: tzinfo,
        chinese_names: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        runner.archive_changed.connect(self._on_runner_archive_changed)
        self._load = load_checklist
        self._tz = tz
        self._zh = chinese_names
        self._request = 0
        self.work_order_id: str | None = None
        self.model = ChecklistModel(tz, chinese_names, self)

        # header ------------------------------------------------------------------------------------
        self.customer_label = QLabel()
        self.customer_label.setObjectName("customerName")
        font = QFont(self.customer_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.customer_label.setFont(font)
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_label.setWordWrap(True)  # a long company name wraps in a narrow column (125 %)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("missingRequired")
        self.missing_label.setWordWrap(True)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadline")
        self.deadline_label.setMargin(3)
        self._fields: dict[str, QLabel] = {}
        #: (caption, value) of each header field, laid out two to a row, or one when the column is narrow
        self._pairs: list[tuple[QLabel, QLabel]] = []
        self._pairs_per_row = 0
        grid = self._grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        fields = (
            ("customer_no", self.tr("Account no.")),
            ("work_order_no", self.tr("Work order")),
            ("business", self.tr("Business type")),
            ("phone", self.tr("Phone")),
            ("address", self.tr("Address")),
            ("step", self.tr("Current step")),
        )
        for key, caption in fields:
            name = QLabel(caption + self.tr(":"))
            name.setStyleSheet("color: palette(placeholder-text);")
            value = QLabel()
            value.setObjectName(key)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(key in ("address", "step"))
            # the layout, not the longest value, sets how narrow the header may get (see _arrange_fields)
            value.setMinimumWidth(1)
            self._fields[key] = value
            self._pairs.append((name, value))

        # the details (account no., phone, address …) fold away on a small screen; the account and the
        # work order stay on one line under the name
        self.details_button = QToolButton()
        self.details_button.setObjectName("checklistDetails")
        self.details_button.setCheckable(True)
        self.details_button.setChecked(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setText(self.tr("Details"))
        self.details_button.setToolTip(self.tr("Show or hide the work order's details (phone, address, step)"))
        self.details_button.clicked.connect(self._on_details_clicked)
        self._details_chosen: bool | None = None  # the person's choice, once they click
        self.summary_label = QLabel()
        self.summary_label.setObjectName("checklistSummary")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setWordWrap(True)
        self.summary_label.hide()
        title_row = QHBoxLayout()
        title_row.addWidget(self.customer_label, 1)
        title_row.addWidget(self.deadline_label)
        title_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        header = QFrame()
        header.setObjectName("checklistHeader")
        header.setFrameShape(QFrame.Shape.StyledPanel)
        header_layout = self._header_layout = QVBoxLayout(header)
        header_layout.addLayout(title_row)
        header_layout.addWidget(self.summary_label)
        header_layout.addLayout(grid)
        header_layout.addWidget(self.missing_label)
        self._arrange_fields(2)

        # tree --------------------------------------------------------------------------------------
        self.tree = QTreeView()
        self.tree.setObjectName("checklistTree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(ChecklistModel.DOCUMENT, QHeaderView.ResizeMode.Stretch)
        self._selected_item_id: str | None = None
        self.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_row_changed)
        # the other columns are sized by _fit_columns: to their contents while they fit, else the state
        # elided (its tooltip has it whole) and the due time left to the tooltip, so that the column
        # never scrolls sideways (1366x768 at 125 %, issue 17)
        for column in _FITTED:
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.tree.viewport().installEventFilter(self)

        self.placeholder = QLabel(self.tr("Select a work order to see its checklist."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.error_label = QLabel()
        self.error_label.setObjectName("checklistError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED_TEXT.name()};")
        self.error_label.hide()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(header)
        content_layout.addWidget(self.tree, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)

        title = QLabel(self.tr("Checklist"))
        title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.error_label)
        layout.addWidget(self.stack, 1)

        # N: on to the next missing document (capture stays on the selected one until then; issue 17)
        self.next_shortcut = QShortcut(QKeySequence(NEXT_DOCUMENT_KEY), self)
        self.next_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.next_shortcut.activated.connect(self.select_next_missing)
        self._focused_once = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._focused_once:  # at start the keys work on the checklist, not in the order filter
            self._focused_once = True
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_next_missing(self) -> ChecklistEntry | None:
        """Select the next required document still to capture after the selected one (N)."""
        current = self.selected_entry()
        following = self.next_missing(current.item_id if current is not None else None)
        if following is not None:
            self.select_item(following.item_id)
        return following

    @property
    def checklist(self) -> Checklist | None:
        return self.model.checklist

    def selected_entry(self) -> ChecklistEntry | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        entry = index.sibling(index.row(), 0).data(ROW_ROLE)
        return entry if isinstance(entry, ChecklistEntry) else None

    def entries(self) -> list[ChecklistEntry]:
        c = self.model.checklist
        return [e for step in c.steps for e in step.entries] if c is not None else []

    def select_item(self, item_id: str | None) -> bool:
        """Select the document row of this checklist item; ``False`` when it is not shown."""
        for row in range(self.model.rowCount()):
            head = self.model.index(row, 0)
            for child in range(self.model.rowCount(head)):
                index = self.model.index(child, 0, head)
                entry = index.data(ROW_ROLE)
                if isinstance(entry, ChecklistEntry) and entry.item_id == item_id:
                    self.tree.setCurrentIndex(index)
                    self.tree.scrollTo(index)
                    return True
        return False

    def next_missing(self, after_item_id: str | None = None) -> ChecklistEntry | None:
        """The next required document still to capture after this one (wrapping round), else None."""
        entries = self.entries()
        start = next((n + 1 for n, e in enumerate(entries) if e.item_id == after_item_id), 0)
        for e in entries[start:] + entries[:start]:
            if e.required and e.state == ItemState.TO_CAPTURE and e.item_id != after_item_id:
                return e
        return None

    def _on_tree_current_row_changed(self, current, previous) -> None:
        entry = self.selected_entry()
        new_id = entry.item_id if entry is not None else None
        self._selected_item_id = new_id
        self.entry_selected.emit(entry)

    def show_order(self, work_order_id: str) -> None:
        """Load and show the checklist of this order."""
        if work_order_id != self.work_order_id:
            self._selected_item_id = None
        self.work_order_id = work_order_id
        self._request += 1
        request = self._request
        self._runner.read(
            self._load,
            work_order_id,
            context=self,
            on_done=lambda checklist: self._on_loaded(request, checklist),
            on_error=lambda exc: self._on_failed(request, exc),
        )

    def refresh(self) -> None:
        if self.work_order_id is not None:
            self.show_order(self.work_order_id)

    def _on_runner_archive_changed(self, changes, _initiator: object) -> None:
        if changes.checklist or changes.pages or changes.reviews or changes.rescans or changes.work_orders:
            self.refresh()

    def _on_loaded(self, request: int, checklist: Checklist) -> None:
        if request != self._request:
            return
        self.error_label.hide()
        self._fill_header(checklist)
        expanded = self.model.checklist is not None and self.model.checklist.order.id == checklist.order.id
        keep = self._selected_item_id if expanded else None
        blocker = self.tree.selectionModel().blockSignals(True)
        self.tree.setUpdatesEnabled(False)
        try:
            in_place = self.model.set_checklist(checklist) and expanded
            if not in_place:
                self.tree.expandAll()
        finally:
            self.tree.setUpdatesEnabled(True)
        self.tree.selectionModel().blockSignals(blocker)
        self._mark_kept_rejects()
        self._complete_tooltips()
        self._fit_columns()  # once after the rebuild, not after every row
        if in_place and keep is not None and self._selected_item_id == keep and self.selected_entry() is not None:
            # the same row stays selected (no selection change to signal): its document's new state goes out
            self.entry_selected.emit(self.selected_entry())
        elif keep is None or not self.select_item(keep):
            first = self.next_missing()
            if first is None or not self.select_item(first.item_id):
                self._selected_item_id = None
                self.entry_selected.emit(None)
        if not expanded:
            row = self.model.attention_row()
            if row >= 0:
                QTimer.singleShot(0, self, lambda: self._scroll_to_step(checklist, row))
        self.stack.setCurrentIndex(1)
        self.checklist_loaded.emit(checklist)

    def _mark_kept_rejects(self) -> None:
        """A document holding a rejected page kept with a reason does not read like a good one."""
        for row in range(self.model.rowCount()):
            head = self.model.index(row, 0)
            for child in range(self.model.rowCount(head)):
                entry = self.model.index(child, 0, head).data(ROW_ROLE)
                if not isinstance(entry, ChecklistEntry) or not entry.rejected_kept:
                    continue
                cell = self.model.itemFromIndex(self.model.index(child, ChecklistModel.STATE, head))
                if cell is None:
                    continue
                cell.setText(
                    item_state_label(entry.state) + " · " + self.tr("%n rejected, kept", "", entry.rejected_kept)
                )
                cell.setForeground(QBrush(RED_TEXT))
                cell.setToolTip(self.tr("The quality check rejected these pages; they were kept with a reason."))

    def _complete_tooltips(self) -> None:
        """The state cell's tooltip has the state whole and the due time: both may be cut off or hidden."""
        rows = [(row, QModelIndex()) for row in range(self.model.rowCount())]
        rows += [
            (child, self.model.index(row, 0))
            for row, _ in list(rows)
            for child in range(self.model.rowCount(self.model.index(row, 0)))
        ]
        for row, parent in rows:
            state = self.model.itemFromIndex(self.model.index(row, ChecklistModel.STATE, parent))
            due = self.model.itemFromIndex(self.model.index(row, ChecklistModel.DUE, parent))
            if state is None:
                continue
            tips = [state.toolTip() or state.text()]
            if due is not None and due.text():
                tips.append(self.tr("Due: {time}").format(time=due.toolTip() or due.text()))
            state.setToolTip("\n".join(t for t in tips if t))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rearrange_fields()
        self._apply_details()

    def details_shown(self) -> bool:
        """Whether the header shows its details (else the one summary line)."""
        return self.details_button.isChecked()

    def _on_details_clicked(self, checked: bool) -> None:
        self._details_chosen = checked
        self._apply_details()

    def _apply_details(self) -> None:
        shown = self._details_chosen
        if shown is None:
            shown = self.window().height() >= COMPACT_WINDOW_HEIGHT
        self.details_button.setChecked(shown)
        self.details_button.setArrowType(Qt.ArrowType.UpArrow if shown else Qt.ArrowType.DownArrow)
        for caption, value in self._pairs:
            caption.setVisible(shown)
            value.setVisible(shown)
        self.summary_label.setVisible(not shown and bool(self.summary_label.text()))

    def _rearrange_fields(self) -> None:
        self._arrange_fields(2 if self.width() >= self._two_per_row_width() else 1)

    def header_fields(self) -> list[QLabel]:
        """The values of the header's fields (account no., work order, …), in order."""
        return [value for _, value in self._pairs]

    def header_fields_per_row(self) -> int:
        return self._pairs_per_row

    def _arrange_fields(self, per_row: int) -> None:
        """Lay the header's fields out ``per_row`` (caption, value) pairs to a row."""
        if per_row == self._pairs_per_row:
            return
        self._pairs_per_row = per_row
        grid = self._grid
        for caption, value in self._pairs:
            grid.removeWidget(caption)
            grid.removeWidget(value)
        for column in range(4):
            grid.setColumnStretch(column, 0)
        for n, (caption, value) in enumerate(self._pairs):
            row, col = divmod(n, per_row)
            grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        # one to a row is the narrow column of a small screen: tighter, so that the tree keeps its rows
        grid.setVerticalSpacing(4 if per_row > 1 else 1)
        margin = 9 if per_row > 1 else 6
        self._header_layout.setContentsMargins(margin, margin, margin, margin)
        self._header_layout.setSpacing(6 if per_row > 1 else 3)

    def _two_per_row_width(self) -> int:
        """The width the header needs for two fields to a row without cutting a value."""
        rows = [self._pairs[n : n + 2] for n in range(0, len(self._pairs), 2)]
        spacing = self._grid.horizontalSpacing()
        widest = max(
            sum(caption.sizeHint().width() + value.sizeHint().width() for caption, value in row) + 3 * spacing
            for row in rows
        )
        return widest + 40  # the header frame's and the panel's margins

    def _fit_columns(self) -> None:
        """Size the columns to their contents while they fit beside a readable document name; else hide
        the due time (in the state's tooltip, and the step's in the header) and elide the state."""
        tree, head = self.tree, self.tree.header()
        available = tree.viewport().width()
        if available <= 0:
            return
        natural = {c: max(head.sectionSizeHint(c), tree.sizeHintForColumn(c)) for c in _FITTED}
        metrics = tree.fontMetrics()
        document_min = tree.indentation() * 2 + metrics.horizontalAdvance("资料名称资料名称")
        fixed = natural[ChecklistModel.REQUIRED] + natural[ChecklistModel.PAGES]
        show_due = document_min + fixed + natural[ChecklistModel.STATE] + natural[ChecklistModel.DUE] <= available
        tree.setColumnHidden(ChecklistModel.DUE, not show_due)
        room = available - document_min - fixed - (natural[ChecklistModel.DUE] if show_due else 0)
        state_min = metrics.horizontalAdvance("已采集…") + 12
        for column in _FITTED:
            width = natural[column]
            if column == ChecklistModel.STATE:
                width = max(min(width, room), state_min)
            head.resizeSection(column, width)

    def _scroll_to_step(self, checklist: Checklist, row: int) -> None:
        if self.model.checklist is checklist:
            self.tree.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _on_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self.error_label.setText(self.tr("Could not load the checklist: {error}").format(error=error_text(exc)))
        self.error_label.show()
        self.load_failed.emit(exc)

    def _fill_header(self, c: Checklist) -> None:
        o = c.order
        self.customer_label.setText(o.customer_name)
        self._fields["customer_no"].setText(o.customer_no)
        self._fields["work_order_no"].setText(o.work_order_no)
        self._fields["business"].setText(o.business_name_zh if self._zh else o.business_name_en)
        self._fields["phone"].setText(c.phone or "—")
        self._fields["address"].setText(c.address or "—")
        if o.current_step is None:
            step = self.tr("All steps done")
        else:
            step = f"{o.current_step}. {o.current_step_name_zh if self._zh else o.current_step_name_en}"
            if o.due_at is not None:
                step += "  " + self.tr("(due {time})").format(time=local_time(o.due_at, self._tz))
        self._fields["step"].setText(step)
        self.summary_label.setText(
            self.tr("Account no. {customer_no} · {work_order_no}").format(
                customer_no=o.customer_no, work_order_no=o.work_order_no
            )
        )
        self.summary_label.setToolTip("\n".join(f"{c.text()} {v.text()}" for c, v in self._pairs))
        for _, value in self._pairs:
            value.setToolTip(value.text())  # a value cut off in a narrow column reads whole here
        self._rearrange_fields()
        self._apply_details()
        fg, bg = deadline_colours(o.deadline)
        self.deadline_label.setText(deadline_label(o.deadline))
        self.deadline_label.setStyleSheet(
            f"color: {fg.name()}; font-weight: bold; border: 1px solid {fg.name()}; border-radius: 3px;"
            + (f" background: {bg.name()};" if bg else "")
        )
        if c.required_missing:
            self.missing_label.setText(
                self.tr("%n required document(s) missing", "", c.required_missing)
                + self.tr(" (of {total} required)").format(total=c.required_total)
            )
            self.missing_label.setStyleSheet(f"color: {RED_TEXT.name()}; font-weight: bold;")
        else:
            self.missing_label.setText(
                self.tr("No required document missing ({total} required in all)").format(total=c.required_total)
            )
            self.missing_label.setStyleSheet(f"color: {GREEN_TEXT.name()}; font-weight: bold;")
