"""The Dashboard workspace: totals, four charts (per period, coverage, on-time rate, teams) with
drill-down into the items behind a bar or a slice, and CSV export of every chart and list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path

from archivist_desktop.services.dashboard import Dashboard, DrillDown, Summary
from archivist_desktop.services.reports import (
    Table,
    dashboard_table,
    drill_table,
    write_csv,
)
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QComboBox,
    QFileDialog,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QHorizontalBarSeries,
    QLabel,
    QPainter,
    QPieSeries,
    QPushButton,
    QSplitter,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QToolButton,
    QTreeView,
    QValueAxis,
    QVBoxLayout,
    QWidget,
    Signal,
)

GREEN, AMBER, RED, BLUE, GREY = "#3a8f3a", "#d08c00", "#c0392b", "#2f6db5", "#8a8a8a"


@dataclass(frozen=True)
class DashboardSource:
    """What the Dashboard calls on the runner's reader threads (bound to the archive by the window)."""

    load: Callable[[], Dashboard]
    refresh_summary: Callable[[], Summary]
    drill: Callable[[str, str, str], DrillDown]  # (chart, key, period)


class ChartBox(QFrame):
    """A titled chart with an "Export CSV…" button."""

    export_requested = Signal()

    def __init__(self, name: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"chart_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(150)
        heading = QLabel(title)
        heading.setObjectName("chartTitle")
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_requested)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def clear(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
            axis.deleteLater()


class DashboardPanel(QWidget):
    """The Dashboard workspace.

    Signals:
        work_order_activated(str, str): (work order id, number) of an activated drill-down item.
        loaded(object): the :class:`Dashboard` now shown.
        drilled(object): the :class:`DrillDown` now listed.
    """

    work_order_activated = Signal(str, str)
    loaded = Signal(object)
    drilled = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        source: DashboardSource,
        tz: tzinfo,
        chinese_names: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._loading = False  # a load of the live figures is under way
        self._reload = False  # … and another is due when it ends (the archive changed meanwhile)
        runner.archive_changed.connect(self._on_runner_archive_changed)
        self._source = source
        self._tz = tz
        self._zh = chinese_names
        self._request = 0
        self._refreshing_summary = False
        self.board: Dashboard | None = None
        self.drill: DrillDown | None = None
        self.bars: dict[str, list[QBarSet]] = {}
        self.pie: QPieSeries | None = None

        self.totals_label = QLabel(self.tr("Loading…"))
        self.totals_label.setObjectName("dashboardTotals")
        font = QFont(self.totals_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.totals_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("dashboardSummaryAt")
        self.summary_label.setStyleSheet("color: palette(placeholder-text);")
        for label in (self.totals_label, self.summary_label):  # new text must not resize the window
            label.setWordWrap(True)
            label.setMinimumWidth(1)
        self.summary_label.setMinimumWidth(self.summary_label.fontMetrics().horizontalAdvance("M" * 22))
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("dashboardPeriod")
        self.period_combo.addItem(self.tr("Per month"), "month")
        self.period_combo.addItem(self.tr("Per week"), "week")
        self.period_combo.currentIndexChanged.connect(lambda _i: self._draw())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("dashboardRefresh")
        self.refresh_button.clicked.connect(lambda: self.refresh(summary=True))
        top = QHBoxLayout()
        top.addWidget(self.totals_label, 1)
        top.addWidget(self.summary_label)
        top.addWidget(self.period_combo)
        top.addWidget(self.refresh_button)

        self.period_box = ChartBox("period", self.tr("Documents and pages captured"))
        self.coverage_box = ChartBox("coverage", self.tr("Coverage: required documents with approved pages"))
        self.on_time_box = ChartBox("on_time", self.tr("Digitised within 48 hours"))
        self.teams_box = ChartBox("teams", self.tr("Per team: flagged pages, rescans, overdue items"))
        self.boxes = {
            "periods": self.period_box,
            "coverage": self.coverage_box,
            "on_time": self.on_time_box,
            "teams": self.teams_box,
        }
        for name, box in self.boxes.items():
            box.export_requested.connect(lambda n=name: self.export_chart(n))
        grid = QGridLayout()
        grid.setSpacing(6)
        grid.addWidget(self.period_box, 0, 0)
        grid.addWidget(self.coverage_box, 0, 1)
        grid.addWidget(self.on_time_box, 1, 0)
        grid.addWidget(self.teams_box, 1, 1)
        charts = QWidget()
        charts.setLayout(grid)

        self.drill_title = QLabel(self.tr("Click a bar or a slice to list the items behind it."))
        self.drill_title.setObjectName("drillTitle")
        self.drill_title.setWordWrap(True)
        self.drill_export = QPushButton(self.tr("Export CSV…"))
        self.drill_export.setObjectName("drillExport")
        self.drill_export.setEnabled(False)
        self.drill_export.clicked.connect(lambda _checked=False: self.export_drill())  # clicked(bool) is no path
        self.drill_model = QStandardItemModel(0, 6, self)
        self.drill_model.setHorizontalHeaderLabels(
            [
                self.tr("Work order"),
                self.tr("Customer"),
                self.tr("Document"),
                self.tr("State"),
                self.tr("Clerk"),
                self.tr("Due"),
            ]
        )
        self.drill_view = QTreeView()
        self.drill_view.setObjectName("drillItems")
        self.drill_view.setModel(self.drill_model)
        self.drill_view.setRootIsDecorated(False)
        self.drill_view.setUniformRowHeights(True)
        self.drill_view.setAlternatingRowColors(True)
        self.drill_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.drill_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.drill_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.drill_view.setToolTip(self.tr("Double-click or press Enter to open the work order"))
        self.drill_view.activated.connect(self._on_drill_view_activated)
        # at least four rows stay visible however small the screen (1366x768 counters)
        rows = self.drill_view.fontMetrics().height() + 8
        self.drill_view.setMinimumHeight(self.drill_view.header().sizeHint().height() + 4 * rows)
        drill_head = QHBoxLayout()
        drill_head.addWidget(self.drill_title, 1)
        drill_head.addWidget(self.drill_export)
        drill = QWidget()
        drill_layout = QVBoxLayout(drill)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        drill_layout.addLayout(drill_head)
        drill_layout.addWidget(self.drill_view, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(charts)
        split.addWidget(drill)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # --- loading ------------------------------------------------------------------------------------

    @property
    def period(self) -> str:
        return self.period_combo.currentData() or "month"

    def refresh(self, summary: bool = False) -> None:
        """Reload the live figures; with ``summary`` (or when none is kept) recompute the summary too."""
        self._request += 1
        request = self._request
        self._loading = True
        self._runner.read(
            self._source.load,
            context=self,
            on_done=lambda b: self._on_loaded(request, b, summary),
            on_error=self._on_failed,
        )

    def _on_runner_archive_changed(self, changes, _initiator: object) -> None:
        # once shown, the live figures follow every change (at most one load in flight, one more queued)
        if self.board is None or not (
            changes.work_orders
            or changes.checklist
            or changes.pages
            or changes.reviews
            or changes.rescans
            or changes.reminders
        ):
            return
        if self._loading:
            self._reload = True
        else:
            self.refresh()

    def _on_loaded(self, request: int, board: Dashboard, summary: bool) -> None:
        if request != self._request:
            return
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh(summary)
            return
        if self.board is not None and board.summary is None and self.board.summary is not None:
            board = replace(board, summary=self.board.summary)
        self.board = board
        self._draw()
        self.loaded.emit(board)
        if summary or board.summary is None:
            self.refresh_summary()

    def refresh_summary(self) -> None:
        """Recompute the per-period, coverage and on-time figures (seconds at scale) on a reader thread.

        Its one small write (keeping the summary) waits on SQLite's busy timeout, not on the writer's queue.
        """
        if self._refreshing_summary or not self._runner.is_running:
            return
        self._refreshing_summary = True
        self.summary_label.setText(self.tr("Updating…"))
        self._runner.read(
            self._source.refresh_summary, context=self, on_done=self._on_summary, on_error=self._on_failed
        )

    def _on_summary(self, summary: Summary) -> None:
        self._refreshing_summary = False
        if self.board is not None:
            self.board = replace(self.board, summary=summary)
            self._draw()
            self.loaded.emit(self.board)

    def _on_failed(self, exc: BaseException) -> None:
        self._refreshing_summary = False
        self._loading = self._reload = False
        self.summary_label.setText(self.tr("Could not load the dashboard: {error}").format(error=error_text(exc)))

    # --- drawing ------------------------------------------------------------------------------------

    def _draw(self) -> None:
        board = self.board
        if board is None:
            return
        t = board.totals
        self.totals_label.setText(
            self.tr("Volumes {volumes} · Documents {documents} · Pages {pages} · Work orders {orders}").format(
                volumes=f"{t.volumes:,}",
                documents=f"{t.documents:,}",
                pages=f"{t.pages:,}",
                orders=f"{t.work_orders:,}",
            )
        )
        if board.summary is not None and not self._refreshing_summary:
            at = board.summary.computed_at.astimezone(self._tz)
            self.summary_label.setText(self.tr("Charts as of {time}").format(time=f"{at:%Y-%m-%d %H:%M}"))
        elif board.summary is None and not self._refreshing_summary:
            self.summary_label.setText(self.tr("Charts not computed yet"))
        self.bars = {}
        self._draw_periods(board.summary)
        self._draw_coverage(board.summary)
        self._draw_on_time(board.summary)
        self._draw_teams(board)

    def _bar_chart(
        self,
        box: ChartBox,
        chart_key: str,
        categories: list[str],
        sets: Sequence[tuple[str, str, Sequence[float]]],
        keys: list[str],
        horizontal: bool = False,
        percent: bool = False,
    ) -> None:
        box.clear()
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        made = []
        for label, colour, values in sets:
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(colour))
            bar_set.append([float(v) for v in values])
            bar_set.clicked.connect(lambda index, k=chart_key, s=label, ks=keys: self._on_bar_clicked(k, s, ks, index))
            series.append(bar_set)
            made.append(bar_set)
        series.setLabelsVisible(horizontal)
        if percent:
            series.setLabelsFormat("@value %")
        box.chart.addSeries(series)
        cat_axis = QBarCategoryAxis()
        cat_axis.append(categories)
        cat_axis.setTruncateLabels(False)  # business-type names and periods in full
        if not horizontal and len(categories) > 6:
            cat_axis.setLabelsAngle(-45)
        if horizontal and len(categories) > 4:  # every business type keeps its label on a low chart
            small = QFont(cat_axis.labelsFont())
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
            cat_axis.setLabelsFont(small)
        val_axis = QValueAxis()
        top = max([max(v, default=0) for _l, _c, v in sets], default=0)
        val_axis.setRange(0, 100 if percent else max(1.0, top * 1.15))
        val_axis.setLabelFormat("%d")
        if horizontal:
            box.chart.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft)
            box.chart.addAxis(val_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            box.chart.addAxis(cat_axis, Qt.AlignmentFlag.AlignBottom)
            box.chart.addAxis(val_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(cat_axis)
        series.attachAxis(val_axis)
        box.chart.legend().setVisible(len(sets) > 1)
        self.bars[chart_key] = made

    def _draw_periods(self, summary: Summary | None) -> None:
        rows = summary.periods.get(self.period, ()) if summary else ()
        labels = [r.period[2:] if self.period == "month" else r.period.split("-")[1] for r in rows]
        self._bar_chart(
            self.period_box,
            "period",
            labels,
            [
                (self.tr("Documents"), BLUE, [r.documents for r in rows]),
                (self.tr("Pages"), GREY, [r.pages for r in rows]),
            ]
            + ([(self.tr("Volumes"), GREEN, [r.volumes for r in rows])] if any(r.volumes for r in rows) else []),
            [r.period for r in rows],
        )

    def _draw_coverage(self, summary: Summary | None) -> None:
        rows = summary.coverage if summary else ()
        self._bar_chart(
            self.coverage_box,
            "coverage",
            [c.name_zh if self._zh else c.name_en for c in rows],
            [(self.tr("Coverage"), GREEN, [round(c.share * 100) for c in rows])],
            [c.business_type for c in rows],
            horizontal=True,
            percent=True,
        )

    def _draw_on_time(self, summary: Summary | None) -> None:
        box = self.on_time_box
        box.clear()
        pie = QPieSeries()
        pie.setPieSize(0.62)
        if summary is not None:
            o = summary.on_time
            for key, label, value, colour in (
                ("on_time", self.tr("On time"), o.on_time, GREEN),
                ("late", self.tr("Captured late"), o.late, AMBER),
                ("overdue", self.tr("Still overdue"), o.overdue, RED),
            ):
                piece = pie.append(f"{label} {value:,}", value)
                piece.setColor(QColor(colour))
                piece.setProperty("key", key)
                piece.setLabelVisible(value > 0)
            box.chart.setTitle(self.tr("On-time rate {rate}").format(rate=f"{o.rate:.0%}"))
        pie.clicked.connect(lambda piece: self.open_drill("on_time", piece.property("key")))
        box.chart.addSeries(pie)
        box.chart.legend().setVisible(True)
        self.pie = pie

    def _draw_teams(self, board: Dashboard) -> None:
        rows = board.teams
        self._bar_chart(
            self.teams_box,
            "teams",
            [r.team for r in rows],
            [
                (self.tr("Flagged pages"), AMBER, [r.flagged_pages for r in rows]),
                (self.tr("Open rescans"), BLUE, [r.rescans_open for r in rows]),
                (self.tr("Overdue items"), RED, [r.overdue for r in rows]),
            ],
            [r.team for r in rows],
            horizontal=True,
        )

    # --- drill-down ---------------------------------------------------------------------------------

    def _on_bar_clicked(self, chart_key: str, set_label: str, keys: list[str], index: int) -> None:
        if not 0 <= index < len(keys):
            return
        if chart_key == "teams":
            chart = {self.tr("Flagged pages"): "flagged", self.tr("Open rescans"): "rescans"}.get(set_label, "overdue")
        else:
            chart = chart_key
        self.open_drill(chart, keys[index])

    def open_drill(self, chart: str, key: str) -> None:
        """List the items behind one bar or slice (queried on a reader thread)."""
        self.drill_title.setText(self.tr("Loading…"))
        self._runner.read(
            self._source.drill,
            chart,
            key,
            self.period,
            context=self,
            on_done=self._on_drilled,
            on_error=lambda exc: self.drill_title.setText(
                self.tr("Could not list the items: {error}").format(error=error_text(exc))
            ),
        )

    def _on_drilled(self, drill: DrillDown) -> None:
        self.drill = drill
        names = {
            "period": self.tr("Documents first captured in {key}"),
            "coverage": self.tr("Required documents of {key}, not yet approved first"),
            "on_time": {
                "on_time": self.tr("Digitised on time"),
                "late": self.tr("Digitised late"),
                "overdue": self.tr("Still not captured, past 48 hours"),
            }.get(drill.key, drill.key),
            "flagged": self.tr("Documents with flagged pages: {key}"),
            "rescans": self.tr("Rescan tasks: {key}"),
            "overdue": self.tr("Overdue documents: {key}"),
        }
        key = drill.key
        if drill.chart == "coverage" and self.board and self.board.summary:
            key = next(
                (
                    c.name_zh if self._zh else c.name_en
                    for c in self.board.summary.coverage
                    if c.business_type == drill.key
                ),
                key,
            )
        title = names.get(drill.chart, drill.chart).format(key=key)
        more = self.tr(" (the first {n})").format(n=len(drill.items)) if drill.truncated else ""
        self.drill_title.setText(
            self.tr("{title}: {count}{more}").format(title=title, count=len(drill.items), more=more)
        )
        self.drill_model.removeRows(0, self.drill_model.rowCount())
        for item in drill.items:
            due = item.due_at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M") if item.due_at else ""
            doc = item.document_name_zh if self._zh else item.document_name_en
            cells = [
                item.work_order_no,
                f"{item.customer_no} {item.customer_name}",
                doc + (f" — {item.note}" if item.note else ""),
                item.state,
                item.assignee or "",
                due,
            ]
            row = [QStandardItem(c) for c in cells]
            row[0].setData((item.work_order_id, item.work_order_no), Qt.ItemDataRole.UserRole)
            self.drill_model.appendRow(row)
        self.drill_export.setEnabled(bool(drill.items))
        self.drilled.emit(drill)

    def _on_drill_view_activated(self, index) -> None:
        data = self.drill_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if data:
            self.work_order_activated.emit(*data)

    # --- export -------------------------------------------------------------------------------------

    def chart_table(self, name: str) -> Table | None:
        if self.board is None or (name not in ("totals", "teams") and self.board.summary is None):
            return None
        return dashboard_table(self.board, name, self.period, self._zh)

    def export_chart(self, name: str, path: Path | None = None) -> Path | None:
        table = self.chart_table(name)
        return self._export(table, f"{name}.csv", path) if table is not None else None

    def export_drill(self, path: Path | None = None) -> Path | None:
        if self.drill is None:
            return None
        return self._export(drill_table(self.drill, self._zh), f"{self.drill.chart}-{self.drill.key}.csv", path)

    def _export(self, table: Table, default_name: str, path: Path | None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export CSV"), default_name, self.tr("CSV files (*.csv)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            return write_csv(path, table)
        except Exception as exc:  # noqa: BLE001 - a full disk or a locked file is told, not raised
            self.summary_label.setText(self.tr("The CSV was not written: {error}").format(error=error_text(exc)))
            return None
