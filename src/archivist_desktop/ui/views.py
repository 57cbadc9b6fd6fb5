"""Customer, work-order and volume views: read-only windows over :mod:`services.views`."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from archivist_desktop.services.reports import Table, table_of, write_csv
from archivist_desktop.services.views import CustomerView, VolumeView, WorkOrderView
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)


def _when(value, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


class RecordView(QDialog):
    """A heading, a tree of rows and "Export CSV…"; double-clicking a work-order row opens it.

    Signals:
        work_order_activated(str, str): (work order id, number).
    """

    work_order_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordView")
        self.resize(900, 560)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = QStandardItemModel(self)
        self.headers: list[str] = []
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(self._on_tree_activated)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _setup(self, title: str, heading: str, headers: list[str]) -> None:
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self.headers = headers
        self.model.setColumnCount(len(headers))
        self.model.setHorizontalHeaderLabels(headers)

    def add_row(
        self, cells: list[str], parent: QStandardItem | None = None, work_order: tuple[str, str] | None = None
    ) -> QStandardItem:
        row = [QStandardItem(str(c)) for c in cells]
        if work_order:
            row[0].setData(work_order, Qt.ItemDataRole.UserRole)
        (parent or self.model.invisibleRootItem()).appendRow(row)
        return row[0]

    def table(self) -> Table:
        rows = []

        def walk(parent: QStandardItem, depth: int) -> None:
            for r in range(parent.rowCount()):
                cells = [parent.child(r, c).text() if parent.child(r, c) else "" for c in range(len(self.headers))]
                rows.append([str(depth), *cells])
                walk(parent.child(r, 0), depth + 1)

        walk(self.model.invisibleRootItem(), 0)
        return table_of(["level", *self.headers], rows)

    def export(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export CSV"), "view.csv", self.tr("CSV files (*.csv)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        return write_csv(path, self.table())

    def _on_tree_activated(self, index) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        data = item.data(Qt.ItemDataRole.UserRole) if item else None
        if data:
            self.work_order_activated.emit(*data)

    def show_customer(self, view: CustomerView, tz: tzinfo, zh: bool) -> RecordView:
        self._setup(
            self.tr("Customer {no}").format(no=view.customer_no),
            f"<b>{view.customer_no} {view.name}</b><br>{view.address} {view.phone}",
            [
                self.tr("Work order / document"),
                self.tr("Business type / state"),
                self.tr("Step"),
                self.tr("Pages"),
                self.tr("Created / due"),
            ],
        )
        docs: dict[str, list] = {}
        for d in view.documents:
            docs.setdefault(d.work_order_id, []).append(d)
        for o in view.work_orders:
            top = self.add_row(
                [
                    o.work_order_no,
                    o.business_name_zh if zh else o.business_name_en,
                    (o.current_step_name_zh if zh else o.current_step_name_en) or "",
                    "",
                    _when(o.created_at, tz),
                ],
                work_order=(o.id, o.work_order_no),
            )
            for d in docs.get(o.id, ()):
                self.add_row([d.name_zh if zh else d.name_en, d.state, str(d.step), str(d.pages), ""], top)
        self.tree.expandAll()
        return self

    def show_work_order(self, view: WorkOrderView, tz: tzinfo, zh: bool) -> RecordView:
        c = view.checklist
        o = c.order
        self._setup(
            self.tr("Work order {no}").format(no=o.work_order_no),
            f"<b>{o.work_order_no}</b> · {o.customer_no} {o.customer_name} · "
            f"{o.business_name_zh if zh else o.business_name_en}<br>{c.address} {c.phone}",
            [
                self.tr("Step / document / page"),
                self.tr("State"),
                self.tr("Pages"),
                self.tr("Completed / due / captured"),
            ],
        )
        for step in c.steps:
            top = self.add_row(
                [
                    f"{step.number}. {step.name_zh if zh else step.name_en}",
                    self.tr("current") if step.is_current else "",
                    "",
                    _when(step.completed_at, tz),
                ],
                work_order=(o.id, o.work_order_no),
            )
            for e in step.entries:
                doc = self.add_row(
                    [
                        (e.name_zh if zh else e.name_en) + (" *" if e.required else ""),
                        e.state.value,
                        str(e.pages),
                        _when(e.due_at, tz),
                    ],
                    top,
                )
                for p in view.pages.get(e.item_id, ()):
                    self.add_row(
                        [
                            self.tr("page {n}").format(n=p.seq),
                            p.verdict or "",
                            "",
                            f"{_when(p.captured_at, tz)} {p.captured_by}",
                        ],
                        doc,
                    )
        self.tree.expandToDepth(0)
        return self

    def show_volume(self, view: VolumeView, tz: tzinfo, zh: bool) -> RecordView:
        box = view.box or {}
        self._setup(
            self.tr("Volume {code}").format(code=view.archival_code),
            f"<b>{view.archival_code}</b> · "
            + self.tr("box {box} {shelf}").format(box=box.get("box_no", "—"), shelf=box.get("shelf", "")),
            [self.tr("Volume / document"), self.tr("State"), self.tr("Step"), self.tr("Pages")],
        )
        volumes = self.add_row([self.tr("Volumes of this customer"), "", "", ""])
        for v in view.volumes:
            self.add_row([v["archival_code"], v.get("state", ""), "", ""], volumes)
        documents = self.add_row([self.tr("Documents"), "", "", str(view.pages)])
        for d in view.documents:
            self.add_row(
                [d.name_zh if zh else d.name_en, d.state, str(d.step), str(d.pages)],
                documents,
                work_order=(d.work_order_id, d.work_order_no),
            )
        self.tree.expandAll()
        return self
