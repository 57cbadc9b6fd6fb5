"""CSV reports: UTF-8 with BOM, Chinese text round-trips, readable by the csv module; the report CLI."""

from __future__ import annotations

import csv
import json

import pytest

from archivist_desktop.cli import main
from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.dashboard import dashboard, drill_down, refresh_summary
from archivist_desktop.services.orders import import_orders
from archivist_desktop.services.reports import (
    COLUMNS,
    DATASETS,
    csv_text,
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
    # Chinese headings by default …
    assert rows[0] == ["业务类型代码", "业务类型", "必备文件", "已审核通过", "覆盖率"] and len(rows) > 1
    assert "高压新装" in {r[1] for r in rows[1:]}
    # … the machine keys on request, English with --english
    data_dir = ["--data-dir", str(archive.data_dir)]
    assert signed_main(["report", "coverage", *data_dir, "--csv", str(out), "--header", "keys", *lead]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        keyed = list(csv.reader(fh))
    assert keyed[0] == ["business_type", "name", "required", "approved", "share"] and keyed[1:] == rows[1:]
    assert signed_main(["report", "on_time", *data_dir, "--english", *lead]) == 0
    english = list(csv.reader(capsys.readouterr().out.lstrip("\ufeff").splitlines()))
    assert english[0] == ["On time", "Captured late", "Still overdue", "On-time rate"]
    assert signed_main(["report", "teams", *data_dir, *lead]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "班组,退回页面,待重拍,已重拍,超期事项"
    # JSON is for programs: the keys, unless a heading style is asked for
    assert signed_main(["report", "teams", "--data-dir", str(archive.data_dir), "--json", *lead]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["headers"][0] == "team" and data["keys"][0] == "team" and data["rows"][0][0] == "营业一班"
    assert signed_main(["report", "teams", *data_dir, "--json", "--header", "zh", *lead]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["headers"][:3] == ["班组", "退回页面", "待重拍"] and data["keys"][0] == "team"
    with pytest.raises(SystemExit) as exc:
        main(["report", "teams", *data_dir, "--header", "nonsense", *lead])
    assert exc.value.code == 2
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
    assert signed_main(["report", "coverage", "--drill", "hv_new_connection", *data_dir, *lead]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "工单号,户号,客户名称,业务类型代码,环节,文件,状态,班组,营业员,期限,备注"


def test_every_report_has_chinese_english_and_key_headings(archive, feed, clock):
    import_orders(archive, feed)
    clock.advance(hours=2)
    refresh_summary(archive)
    board = dashboard(archive)
    drill = drill_down(archive, "overdue", "营业一班")
    for name in (*DATASETS, "drill"):
        tables = {
            style: drill_table(drill, header=style) if name == "drill" else dashboard_table(board, name, header=style)
            for style in ("zh", "en", "keys")
        }
        keys = tuple(c.key for c in COLUMNS[name])
        assert tables["keys"].headers == keys and all(t.keys == keys for t in tables.values())
        assert all(len(t.headers) == len(keys) for t in tables.values())
        # Chinese headings are Chinese, none is left as its key, none looks like a formula
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in tables["zh"].headers), name
        assert not set(tables["zh"].headers) & set(keys) and not set(tables["en"].headers) & set(keys)
        assert not any(h.startswith(("=", "+", "-", "@")) for t in tables.values() for h in t.headers)
        assert tables["zh"].rows == tables["keys"].rows == tables["en"].rows  # only the header row differs
    # the defaults: Chinese, English headings with English names
    assert dashboard_table(board, "teams").headers == ("班组", "退回页面", "待重拍", "已重拍", "超期事项")
    assert dashboard_table(board, "coverage", chinese=False).headers[1] == "Business type"
    with pytest.raises(KnownError, match="header style"):
        dashboard_table(board, "teams", header="fr")  # type: ignore[arg-type]


def test_chinese_headings_keep_formula_cells_neutralised(archive, feed):
    feed["work_orders"][0]["customer_name"] = "=1+2"
    feed["work_orders"][0]["customer_no"] = "-3300012345"
    import_orders(archive, feed)
    drill = drill_down(archive, "coverage", feed["work_orders"][0]["business_type"])
    for style in ("zh", "keys"):
        rows = list(csv.reader(csv_text(drill_table(drill, header=style)).splitlines()))
        assert rows[0][2] == ("客户名称" if style == "zh" else "customer_name")
        assert {(r[1], r[2]) for r in rows[1:]} == {("'-3300012345", "'=1+2")}
