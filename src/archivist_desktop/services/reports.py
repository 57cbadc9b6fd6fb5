"""Reports: any list or chart's data as CSV, UTF-8 with a byte-order mark so that Excel opens
Chinese text correctly.  Every CSV export (the CLI's and the GUI's) goes through :func:`csv_text`,
which neutralises text cells a spreadsheet would run as a formula (:func:`neutralise`).  The
Dashboard's reports have Chinese column headings by default, English ones or their machine keys on
request (:data:`COLUMNS`)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.dashboard import (
    Dashboard,
    DrillDown,
    compute_summary,
    dashboard,
)

ENCODING = "utf-8-sig"
#: dataset names of :func:`dashboard_table` (and of ``archivist-desktop report NAME``)
DATASETS = ("totals", "periods", "coverage", "on_time", "teams")


#: what a report's header row holds: Chinese headings (the default), English ones, or the machine keys
HeaderStyle = Literal["zh", "en", "keys"]
HEADER_STYLES: tuple[HeaderStyle, ...] = ("zh", "en", "keys")


@dataclass(frozen=True)
class Column:
    """One report column: its machine key and its Chinese and English headings."""

    key: str
    zh: str
    en: str

    def heading(self, style: HeaderStyle) -> str:
        return {"zh": self.zh, "en": self.en, "keys": self.key}[style]


@dataclass(frozen=True)
class Table:
    """A list or a chart's data: column headings and rows of plain values.

    ``keys`` are the stable machine names of the columns (JSON output, ``--header keys``); a table
    made from free headings (:func:`table_of` without keys) has none.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    keys: tuple[str, ...] = ()


def _columns(*spec: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*c) for c in spec)


#: the columns of each report (:data:`DATASETS`, and ``drill`` for the items behind a chart)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "totals": _columns(
        ("volumes", "卷宗数", "Volumes"),
        ("documents", "文件数", "Documents"),
        ("pages", "页数", "Pages"),
        ("work_orders", "工单数", "Work orders"),
    ),
    "teams": _columns(
        ("team", "班组", "Team"),
        ("flagged_pages", "退回页面", "Flagged pages"),
        ("rescans_open", "待重拍", "Open rescans"),
        ("rescans_done", "已重拍", "Rescans done"),
        ("overdue", "超期事项", "Overdue items"),
    ),
    "periods": _columns(
        ("period", "期间", "Period"),
        ("documents", "文件数", "Documents"),
        ("pages", "页数", "Pages"),
        ("volumes", "卷宗数", "Volumes"),
    ),
    "coverage": _columns(
        ("business_type", "业务类型代码", "Business type code"),
        ("name", "业务类型", "Business type"),
        ("required", "必备文件", "Required documents"),
        ("approved", "已审核通过", "Approved"),
        ("share", "覆盖率", "Coverage"),
    ),
    "on_time": _columns(
        ("on_time", "按时", "On time"),
        ("late", "逾期采集", "Captured late"),
        ("overdue", "仍超期", "Still overdue"),
        ("rate", "按时率", "On-time rate"),
    ),
    "drill": _columns(
        ("work_order_no", "工单号", "Work order no."),
        ("customer_no", "户号", "Customer no."),
        ("customer_name", "客户名称", "Customer name"),
        ("business_type", "业务类型代码", "Business type code"),
        ("step", "环节", "Step"),
        ("document", "文件", "Document"),
        ("state", "状态", "State"),
        ("team", "班组", "Team"),
        ("assignee", "营业员", "Clerk"),
        ("due_at", "期限", "Due"),
        ("note", "备注", "Note"),
    ),
}


def _header_style(header: HeaderStyle | None, chinese: bool) -> HeaderStyle:
    if header is None:
        return "zh" if chinese else "en"
    if header not in HEADER_STYLES:
        raise KnownError(f"unknown header style {header!r} (one of {', '.join(HEADER_STYLES)})")
    return header


def keyed_table(report_name: str, rows: Iterable[Sequence[Any]], header: HeaderStyle) -> Table:
    """A report's rows under the headings of :data:`COLUMNS` ``[report_name]`` in ``header`` style."""
    columns = COLUMNS[report_name]
    return Table(
        tuple(c.heading(header) for c in columns), tuple(tuple(r) for r in rows), tuple(c.key for c in columns)
    )


#: a text cell starting with one of these is a formula to Excel and LibreOffice (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``= + - @``, tab or CR gets a ``'`` before it.

    >>> print(neutralise('=HYPERLINK("http://x","点我")'))
    '=HYPERLINK("http://x","点我")
    >>> neutralise("-3"), neutralise("张三")
    ("'-3", '张三')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return "" if value is None else value


def csv_text(table: Table) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in table.headers])
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return buf.getvalue()


def write_csv(path: Path, table: Table) -> Path:
    """Write ``table`` to ``path`` (UTF-8 with BOM, CRLF lines), atomically."""
    path = Path(path)
    body = csv_text(table).encode(ENCODING)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".csv", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)
    except OSError as exc:
        raise KnownError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def table_of(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    return Table(tuple(headers), tuple(tuple(r) for r in rows))


def dashboard_table(
    board: Dashboard, name: str, period: str = "month", chinese: bool = True, header: HeaderStyle | None = None
) -> Table:
    """One of the Dashboard's datasets (``DATASETS``) as a table.

    ``header``: the header row (:data:`COLUMNS`): Chinese headings, English ones or the machine keys;
    by default Chinese, or English when ``chinese`` is false (it also picks the names in the rows).
    """
    style = _header_style(header, chinese)
    s = board.summary
    if name == "totals":
        t = board.totals
        return keyed_table(name, [(t.volumes, t.documents, t.pages, t.work_orders)], style)
    if name == "teams":
        return keyed_table(
            name,
            [(r.team, r.flagged_pages, r.rescans_open, r.rescans_done, r.overdue) for r in board.teams],
            style,
        )
    if name not in DATASETS:
        raise KnownError(f"unknown report {name!r} (one of {', '.join(DATASETS)})")
    if s is None:
        raise KnownError("the dashboard summary has not been computed yet")
    if name == "periods":
        return keyed_table(
            name, [(r.period, r.documents, r.pages, r.volumes) for r in s.periods.get(period, ())], style
        )
    if name == "coverage":
        return keyed_table(
            name,
            [
                (c.business_type, c.name_zh if chinese else c.name_en, c.required, c.approved, round(c.share, 4))
                for c in s.coverage
            ],
            style,
        )
    o = s.on_time
    return keyed_table(name, [(o.on_time, o.late, o.overdue, round(o.rate, 4))], style)


def drill_table(drill: DrillDown, chinese: bool = True, header: HeaderStyle | None = None) -> Table:
    """The items behind a chart's bar or slice (``header`` as for :func:`dashboard_table`)."""
    return keyed_table(
        "drill",
        [
            (
                i.work_order_no,
                i.customer_no,
                i.customer_name,
                i.business_type,
                i.step,
                i.document_name_zh if chinese else i.document_name_en,
                i.state,
                i.team,
                i.assignee,
                i.due_at,
                i.note,
            )
            for i in drill.items
        ],
        _header_style(header, chinese),
    )


def report(
    archive: Archive, name: str, period: str = "month", chinese: bool = True, header: HeaderStyle | None = None
) -> Table:
    """A dashboard dataset computed now (the summary is recomputed, not read from the cache)."""
    board = dashboard(archive)
    if name not in ("totals", "teams"):
        board = replace(board, summary=compute_summary(archive, board.now))
    return dashboard_table(board, name, period, chinese, header)
