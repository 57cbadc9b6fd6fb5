"""Reports: any list or chart's data as CSV, UTF-8 with a byte-order mark so that Excel opens
Chinese text correctly.  Every CSV export (the CLI's and the GUI's) goes through :func:`csv_text`,
which neutralises text cells a spreadsheet would run as a formula (:func:`neutralise`)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Table:
    """A list or a chart's data: column headings and rows of plain values."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


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


def dashboard_table(board: Dashboard, name: str, period: str = "month", chinese: bool = True) -> Table:
    """One of the Dashboard's datasets (``DATASETS``) as a table."""
    s = board.summary
    if name == "totals":
        t = board.totals
        return table_of(
            ("volumes", "documents", "pages", "work_orders"), [(t.volumes, t.documents, t.pages, t.work_orders)]
        )
    if name == "teams":
        return table_of(
            ("team", "flagged_pages", "rescans_open", "rescans_done", "overdue"),
            [(r.team, r.flagged_pages, r.rescans_open, r.rescans_done, r.overdue) for r in board.teams],
        )
    if s is None:
        raise KnownError("the dashboard summary has not been computed yet")
    if name == "periods":
        return table_of(
            ("period", "documents", "pages", "volumes"),
            [(r.period, r.documents, r.pages, r.volumes) for r in s.periods.get(period, ())],
        )
    if name == "coverage":
        return table_of(
            ("business_type", "name", "required", "approved", "share"),
            [
                (c.business_type, c.name_zh if chinese else c.name_en, c.required, c.approved, round(c.share, 4))
                for c in s.coverage
            ],
        )
    if name == "on_time":
        o = s.on_time
        return table_of(("on_time", "late", "overdue", "rate"), [(o.on_time, o.late, o.overdue, round(o.rate, 4))])
    raise KnownError(f"unknown report {name!r} (one of {', '.join(DATASETS)})")


def drill_table(drill: DrillDown, chinese: bool = True) -> Table:
    return table_of(
        (
            "work_order_no",
            "customer_no",
            "customer_name",
            "business_type",
            "step",
            "document",
            "state",
            "team",
            "assignee",
            "due_at",
            "note",
        ),
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
    )


def report(archive: Archive, name: str, period: str = "month", chinese: bool = True) -> Table:
    """A dashboard dataset computed now (the summary is recomputed, not read from the cache)."""
    board = dashboard(archive)
    if name not in ("totals", "teams"):
        board = replace(board, summary=compute_summary(archive, board.now))
    return dashboard_table(board, name, period, chinese)
