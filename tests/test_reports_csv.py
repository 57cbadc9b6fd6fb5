"""CSV reports: UTF-8 with BOM, Chinese text round-trips, readable by the csv module; the report CLI."""

from __future__ import annotations

import csv
import json

import pytest

from archivist_desktop.cli import main
from archivist_desktop.services.dashboard import dashboard, drill_down, refresh_summary
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.reports import (
    DATASETS,
    dashboard_table,
    drill_table,
    table_of,
    write_csv,
)
from cli_helpers import signed_main


def test_bom_and_chinese_round_trip(tmp_path):
    path = write_csv(
        tmp_path / "out" / "list.csv",
        table_of(
            ("客户", "户号", "note"), [("杭州宏达机械厂", "3300012345", 'a "quoted", comma'), ("王芳", "0012", None)]
        ),
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["客户", "户号", "note"],
        ["杭州宏达机械厂", "3300012345", 'a "quoted", comma'],
        ["王芳", "0012", ""],
    ]


def test_dashboard_datasets_and_drill_down(archive, feed, tmp_path, clock):
    import_orders(archive, feed)
    clock.advance(hours=2)
    refresh_summary(archive)
    board = dashboard(archive)
    for name in DATASETS:
        table = dashboard_table(board, name)
        path = write_csv(tmp_path / f"{name}.csv", table)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == list(table.headers) and len(rows) == len(table.rows) + 1
    coverage = dashboard_table(board, "coverage")
    assert "高压新装" in {r[1] for r in coverage.rows}
    drill = drill_table(drill_down(archive, "overdue", "营业一班"))
    assert drill.rows and drill.rows[0][2] == "杭州宏达机械厂"


def test_report_cli(archive, feed, tmp_path, capsys, make_station):
    make_station(users=("lead",))
    import_orders(archive, feed)
    lead = ["--user", "lead"]
    out = tmp_path / "coverage.csv"
    assert signed_main(["report", "coverage", "--data-dir", str(archive.data_dir), "--csv", str(out), *lead]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["business_type", "name", "required", "approved", "share"] and len(rows) > 1
    assert signed_main(["report", "teams", "--data-dir", str(archive.data_dir), "--json", *lead]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["headers"][0] == "team" and data["rows"][0][0] == "营业一班"
    with pytest.raises(SystemExit) as exc:
        main(["report", "nonsense", "--data-dir", str(archive.data_dir), "--csv", str(out), *lead])
    assert exc.value.code == 2
    assert (
        signed_main(
            ["report", "coverage", "--drill", "hv_new_connection", "--data-dir", str(archive.data_dir), "--json", *lead]
        )
        == 0
    )
    drill = json.loads(capsys.readouterr().out)
    assert drill["headers"][0] == "work_order_no" and drill["rows"]
