"""Qt item models over service results (plain frozen dataclasses).  No widgets here.

* :class:`WorkOrderListModel` — the work-order list, loaded a screen at a time on a reader thread;
* :class:`ChecklistModel` — the steps → documents tree of one order;
* :class:`ReminderItemsModel` — the items behind one reminder category.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from archivist_desktop.domain.workflow import DeadlineState, ItemState
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.orders import Checklist, WorkOrderPage, WorkOrderRow
from archivist_desktop.services.reminders import ReminderItem
from archivist_desktop.ui.i18n import deadline_label, flag_reason_label, item_state_label, local_time, short_time
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardItem,
    QStandardItemModel,
    Qt,
    Signal,
)

#: text / background colours; states always carry text too, never colour alone
AMBER_TEXT, AMBER_BACK = QColor("#8a5a00"), QColor("#fff1cc")
RED_TEXT, RED_BACK = QColor("#b3261e"), QColor("#fde3e1")
GREEN_TEXT = QColor("#1e6b34")
GREY_TEXT = QColor("#6b6f76")
CURRENT_BACK = QColor("#e3eefc")

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the dataclass behind a row
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the work order id behind a row

PageLoader = Callable[[str, int, int], WorkOrderPage]


def deadline_colours(state: DeadlineState) -> tuple[QColor, QColor | None]:
    if state == DeadlineState.OVERDUE:
        return RED_TEXT, RED_BACK
    if state == DeadlineState.WARNING:
        return AMBER_TEXT, AMBER_BACK
    return GREEN_TEXT, None


class WorkOrderListModel(QAbstractTableModel):
    """The work orders matching a search, newest first, fetched ``page_size`` rows at a time.

    ``load_page(search, offset, limit)`` runs on a reader thread of the runner (e.g. a partial of
    :func:`~archivist_desktop.services.orders.list_work_orders`).

    Signals:
        loading_changed(bool): a page request started (True) or finished (False).
        total_changed(int): the number of orders matching the search is known.
        reloaded(): the rows were replaced (new search or refresh).
        load_failed(object): a page request raised this exception.
    """

    NO, CUSTOMER_NO, CUSTOMER, BUSINESS, STEP, DEADLINE, MISSING = range(7)
    COLUMNS = 7

    loading_changed = Signal(bool)
    total_changed = Signal(int)
    reloaded = Signal()
    load_failed = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        load_page: PageLoader,
        tz: tzinfo,
        chinese_names: bool,
        page_size: int = 100,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._load_page = load_page
        self._tz = tz
        self._zh = chinese_names
        self.page_size = page_size
        self._rows: list[WorkOrderRow] = []
        self._total: int | None = None  # unknown until the first page arrives
        self._search = ""
        self._generation = 0
        self._loading = False
        runner.archive_changed.connect(self._on_runner_archive_changed)

    # --- state --------------------------------------------------------------------------------------

    @property
    def chinese_names(self) -> bool:
        """Business types and steps are shown by their Chinese names."""
        return self._zh

    @property
    def search(self) -> str:
        return self._search

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> WorkOrderRow:
        return self._rows[row]

    def row_of(self, work_order_id: str) -> int:
        """The row number of a loaded order, or -1."""
        for n, r in enumerate(self._rows):
            if r.id == work_order_id:
                return n
        return -1

    # --- loading ------------------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the orders matching ``text`` (户号 or work-order number prefix, customer name part)."""
        self._search = text.strip()
        self.reload()

    def reload(self) -> None:
        """Fetch the first screen again (as many rows as are loaded now, at least one screen)."""
        self._generation += 1
        limit = max(self.page_size, len(self._rows))
        self._request(self._generation, 0, limit, replace=True)

    def _request(self, generation: int, offset: int, limit: int, replace: bool) -> None:
        self._set_loading(True)
        self._runner.read(
            self._load_page,
            self._search,
            offset,
            limit,
            on_done=lambda page: self._on_page_loaded(generation, offset, replace, page),
            on_error=lambda exc: self._on_page_failed(generation, exc),
            context=self,
        )

    def _on_runner_archive_changed(self, changes: Changes, _initiator: object) -> None:
        # the list shows each order's step, deadline and missing documents
        if self._total is not None and (changes.work_orders or changes.checklist or changes.pages):
            self.reload()

    def _on_page_loaded(self, generation: int, offset: int, replace: bool, page: WorkOrderPage) -> None:
        if generation != self._generation:
            return  # a newer search or refresh superseded this request
        self._set_loading(False)
        if replace:
            self.beginResetModel()
            self._rows = list(page.rows)
            self._total = page.total
            self.endResetModel()
            self.reloaded.emit()
        elif offset == len(self._rows) and page.rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self._total = page.total
            self.endInsertRows()
        else:
            self._total = page.total
        self.total_changed.emit(page.total)

    def _on_page_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_loading(False)
            self.load_failed.emit(exc)

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        if parent.isValid() or self._loading or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._request(self._generation, len(self._rows), self.page_size, replace=False)

    # --- the table ----------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Work order"),
                self.tr("Account no."),
                self.tr("Customer"),
                self.tr("Business type"),
                self.tr("Current step"),
                self.tr("Deadline"),
                self.tr("Missing"),
            )[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == self.MISSING:
            return self.tr("Required documents of completed steps that have no pages yet")
        if role == Qt.ItemDataRole.TextAlignmentRole and section == self.MISSING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NO:
                return r.work_order_no
            if col == self.CUSTOMER_NO:
                return r.customer_no
            if col == self.CUSTOMER:
                return r.customer_name
            if col == self.BUSINESS:
                return r.business_name_zh if self._zh else r.business_name_en
            if col == self.STEP:
                if r.current_step is None:
                    return self.tr("All steps done")
                return f"{r.current_step}. {r.current_step_name_zh if self._zh else r.current_step_name_en}"
            if col == self.DEADLINE:
                return deadline_label(r.deadline)
            if col == self.MISSING:
                return str(r.missing_required)
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == self.DEADLINE:
                return QBrush(deadline_colours(r.deadline)[0])
            if col == self.MISSING and r.missing_required:
                return QBrush(RED_TEXT)
        elif role == Qt.ItemDataRole.BackgroundRole:
            if col == self.DEADLINE:
                back = deadline_colours(r.deadline)[1]
                return QBrush(back) if back else None
        elif role == Qt.ItemDataRole.FontRole:
            if (col == self.DEADLINE and r.deadline != DeadlineState.NORMAL) or (
                col == self.MISSING and r.missing_required
            ):
                font = QFont()
                font.setBold(True)
                return font
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.MISSING:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.DEADLINE, self.STEP) and r.due_at is not None:
                due = self.tr("Current step due {time}").format(time=local_time(r.due_at, self._tz))
                return f"{self.data(index)}\n{due}" if col == self.STEP else due
            if col in (self.CUSTOMER, self.BUSINESS, self.STEP):
                return self.data(index)
            if col == self.MISSING:
                return self.tr("%n required document(s) missing", "", r.missing_required)
        elif role == ROW_ROLE:
            return r
        elif role == ID_ROLE:
            return r.id
        return None


#: the data of a checklist cell copied when the tree is updated in place
_CELL_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    ROW_ROLE,
)


def _copy_roles(shown: QStandardItem, new: QStandardItem) -> None:
    """Give the shown cell what ``new`` holds, role by role, touching only what differs."""
    for role in _CELL_ROLES:
        value = new.data(role)
        if shown.data(role) != value:
            shown.setData(value, role)


class ChecklistModel(QStandardItemModel):
    """Steps (top level) → documents of one order's checklist."""

    DOCUMENT, REQUIRED, STATE, PAGES, DUE = range(5)

    def __init__(self, tz: tzinfo, chinese_names: bool, parent: QObject | None = None):
        super().__init__(0, 5, parent)
        self._tz = tz
        self._zh = chinese_names
        self.checklist: Checklist | None = None
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels(
            [self.tr("Step / document"), self.tr("Required"), self.tr("State"), self.tr("Pages"), self.tr("Due")]
        )

    def current_step_row(self) -> int:
        """The row of the current step, or -1."""
        if self.checklist is not None:
            for n, step in enumerate(self.checklist.steps):
                if step.is_current:
                    return n
        return -1

    def attention_row(self) -> int:
        """The first step with a required document to capture, else the current step; -1 if neither."""
        if self.checklist is not None:
            for n, step in enumerate(self.checklist.steps):
                if any(e.required and e.state == ItemState.TO_CAPTURE for e in step.entries):
                    return n
        return self.current_step_row()

    def set_checklist(self, checklist: Checklist | None) -> bool:
        """Show ``checklist``; ``True`` when its steps and documents are the ones shown and only their cells
        changed, which are then updated in place (the tree keeps its rows, selection and scroll position,
        and only what changed is drawn again: issue 17, the pause after each page)."""
        self.checklist = checklist
        if checklist is None:
            self.removeRows(0, self.rowCount())
            return False
        rows = self._rows(checklist)
        if self._same_rows(rows):
            for r, (cells, children) in enumerate(rows):
                head = self.item(r, 0)
                for c, cell in enumerate(cells):
                    _copy_roles(self.item(r, c), cell)
                for cr, child in enumerate(children):
                    for c, cell in enumerate(child):
                        _copy_roles(head.child(cr, c), cell)
            return True
        self.removeRows(0, self.rowCount())
        for cells, children in rows:
            for child in children:
                cells[0].appendRow(child)
            self.appendRow(cells)
        return False

    def _same_rows(self, rows: list) -> bool:
        if self.rowCount() != len(rows):
            return False
        for r, (cells, children) in enumerate(rows):
            head = self.item(r, 0)
            if head is None or head.data(ROW_ROLE) != cells[0].data(ROW_ROLE) or head.rowCount() != len(children):
                return False
            for cr, child in enumerate(children):
                shown = head.child(cr, 0)
                entry, new = (shown.data(ROW_ROLE) if shown is not None else None), child[0].data(ROW_ROLE)
                if getattr(entry, "item_id", None) != getattr(new, "item_id", None):
                    return False
        return True

    def _rows(self, checklist: Checklist) -> list:
        """(step cells, [document cells, …]) per step, as they are shown."""
        rows: list = []
        bold = QFont()
        bold.setBold(True)
        for step in checklist.steps:
            name = step.name_zh if self._zh else step.name_en
            head = QStandardItem(f"{step.number}. {name}")
            if step.completed_at is not None:
                status = self.tr("Done {time}").format(time=short_time(step.completed_at, self._tz))
                colour = GREY_TEXT
            elif step.is_current:
                status = self.tr("Current step")
                colour = None
            else:
                status = self.tr("Not reached")
                colour = GREY_TEXT
            missing = sum(1 for e in step.entries if e.required and e.state == ItemState.TO_CAPTURE)
            cells = [
                head,
                QStandardItem(self.tr("%n missing", "", missing) if missing else ""),
                QStandardItem(status),
                QStandardItem(str(sum(e.pages for e in step.entries)) if step.entries else ""),
                QStandardItem(short_time(checklist.order.due_at, self._tz) if step.is_current else ""),
            ]
            if step.completed_at is not None:
                cells[self.STATE].setToolTip(local_time(step.completed_at, self._tz))
            if step.is_current and checklist.order.due_at is not None:
                cells[self.DUE].setToolTip(local_time(checklist.order.due_at, self._tz))
            if missing:
                cells[self.REQUIRED].setForeground(QBrush(RED_TEXT))
            for cell in cells:
                cell.setEditable(False)
                if step.is_current:
                    cell.setBackground(QBrush(CURRENT_BACK))
                    cell.setFont(bold)
                elif colour is not None and cell is not cells[self.REQUIRED]:
                    cell.setForeground(QBrush(colour))
            head.setData(step.number, ROW_ROLE)
            head.setToolTip(
                self.tr("Time limit: %n working day(s)", "", step.time_limit_days)
                if step.time_limit_days
                else self.tr("No time limit")
            )
            children: list = []
            for entry in step.entries:
                doc = QStandardItem(entry.name_zh if self._zh else entry.name_en)
                required = QStandardItem(self.tr("Required") if entry.required else self.tr("Optional"))
                state = QStandardItem(item_state_label(entry.state))
                pages = QStandardItem(str(entry.pages))
                due = QStandardItem("")
                if entry.state == ItemState.TO_CAPTURE and entry.due_at is not None:
                    when = short_time(entry.due_at, self._tz)
                    due.setText(self.tr("{time} (late)").format(time=when) if entry.late else when)
                    due.setToolTip(
                        self.tr("Pages are due within 48 hours of the step: {time}").format(
                            time=local_time(entry.due_at, self._tz)
                        )
                    )
                if entry.late:
                    for cell in (state, due):
                        cell.setForeground(QBrush(RED_TEXT))
                        cell.setFont(bold)
                elif entry.state == ItemState.TO_CAPTURE and entry.required:
                    state.setForeground(QBrush(AMBER_TEXT))
                elif entry.state == ItemState.WAITING:
                    for cell in (doc, state, pages):
                        cell.setForeground(QBrush(GREY_TEXT))
                elif entry.state != ItemState.TO_CAPTURE:
                    state.setForeground(QBrush(GREEN_TEXT))
                if entry.required:
                    required.setForeground(QBrush(RED_TEXT if entry.state == ItemState.TO_CAPTURE else GREY_TEXT))
                else:
                    required.setForeground(QBrush(GREY_TEXT))
                pages.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                doc.setData(entry, ROW_ROLE)
                doc.setToolTip(f"{entry.name_zh} · {entry.name_en}")
                row = [doc, required, state, pages, due]
                for cell in row:
                    cell.setEditable(False)
                children.append(row)
            cells[self.PAGES].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            rows.append((cells, children))
        return rows


class ReminderItemsModel(QAbstractTableModel):
    """The items behind one reminder category (as listed by the reminders service)."""

    CUSTOMER, WHAT, DUE, ORDER = range(4)

    def __init__(self, tz: tzinfo, chinese_names: bool, parent: QObject | None = None):
        super().__init__(parent)
        self._tz = tz
        self._zh = chinese_names
        self._items: tuple[ReminderItem, ...] = ()
        #: people's names by login name (the reviewer of a rescan in the tooltip)
        self._names: dict[str, str] = {}

    def set_items(self, items: tuple[ReminderItem, ...]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def set_names(self, names: dict[str, str]) -> None:
        self._names = dict(names)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, self.columnCount() - 1))

    def _document_text(self, it: ReminderItem) -> str:
        name = it.document_name_zh if self._zh else it.document_name_en
        if name and it.step is not None:
            return self.tr("{document} (step {step})").format(document=name, step=it.step)
        return name

    def tooltip(self, it: ReminderItem) -> str:
        """Everything a row holds in full (its cells are elided in a narrow panel), as rich text."""
        lines = []
        document = self._document_text(it)
        if document:
            lines.append("<b>" + html.escape(document) + "</b>")
        lines.append(
            html.escape(
                self.tr("{order} · account {account} · {customer}").format(
                    order=it.work_order_no, account=it.customer_no, customer=it.customer_name
                )
            )
        )
        if it.due_at is not None:
            lines.append(html.escape(self.tr("Due {time}").format(time=local_time(it.due_at, self._tz))))
        if it.escalated:
            lines.append(html.escape(self.tr("Escalated: required pages more than 48 hours late")))
        if it.rescan_reason:
            lines.append(
                html.escape(self.tr("Flagged for rescan: {reason}").format(reason=flag_reason_label(it.rescan_reason)))
            )
            if it.rescan_part is not None:  # one page of a PDF/OFD (#19)
                lines.append(html.escape(self.tr("Page {n} of the file").format(n=it.rescan_part)))
            if it.rescan_comment:
                lines.append(html.escape(self.tr("Comment: {comment}").format(comment=it.rescan_comment)))
            if it.rescan_reviewer:
                reviewer = self._names.get(it.rescan_reviewer) or it.rescan_reviewer
                lines.append(html.escape(self.tr("Flagged by {reviewer}").format(reviewer=reviewer)))
        return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"

    def item_at(self, row: int) -> ReminderItem:
        return self._items[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Customer"), self.tr("Document / step"), self.tr("Due"), self.tr("Work order"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self._items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.ORDER:
                return it.work_order_no
            if col == self.CUSTOMER:
                return it.customer_name
            if col == self.WHAT:
                name = it.document_name_zh if self._zh else it.document_name_en
                if it.rescan_reason:
                    name = self.tr("{document} — rescan: {reason}").format(
                        document=name, reason=flag_reason_label(it.rescan_reason)
                    )
                return name
            if col == self.DUE:
                when = short_time(it.due_at, self._tz)
                return self.tr("{time} escalated").format(time=when) if it.escalated else when
        elif role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(it)
        elif role == Qt.ItemDataRole.ForegroundRole and it.rescan_reason and col == self.WHAT:
            return QBrush(QColor("#e65100"))
        elif role == Qt.ItemDataRole.ForegroundRole and it.escalated and col == self.DUE:
            return QBrush(RED_TEXT)
        elif role == ROW_ROLE:
            return it
        elif role == ID_ROLE:
            return it.work_order_id
        return None
