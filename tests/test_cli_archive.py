"""The command-line contracts, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sample_data import sample_feed

#: the administrator every station here starts with (the first admin, created without --user)
ADMIN_PASSWORD = "root-secret-2026"


def run(*args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict | None = None):
    """One run of the program; a command acting as ``--user admin`` gets its password on stdin."""
    if "--user" in args and stdin is None:
        stdin, args = ADMIN_PASSWORD + "\n", (*args, "--password-stdin")
    cmd = [sys.executable, "-m", "archivist_desktop", *args]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, env=full_env, timeout=120)


def first_admin(data_dir: Path | None = None, env: dict | None = None) -> None:
    out = run(
        "users", "add", "--name", "admin", "--role", "admin", "--password-stdin",
        data_dir=data_dir, env=env, stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr


def test_templates_json_contract():
    out = run("templates", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    ids = {t["id"] for t in data["templates"]}
    assert {"hv_new_connection", "petroleum_direct_sales_customer"} <= ids
    hv = next(t for t in data["templates"] if t["id"] == "hv_new_connection")
    assert set(hv) == {"id", "name_zh", "name_en", "steps"}
    step = hv["steps"][1]
    assert set(step) == {"number", "name_zh", "name_en", "time_limit_days", "documents"}
    assert step["time_limit_days"] == 2 and hv["steps"][0]["time_limit_days"] is None
    assert set(step["documents"][0]) == {"id", "name_zh", "name_en", "required"}


def test_templates_check_reports_locations(tmp_path):
    bad = tmp_path / "bad_template.toml"
    bad.write_text(
        'id = "bad_template"\nname_zh = "坏"\nname_en = "Bad"\n[[steps]]\nnumber = 1\nname_zh = "a"\n', encoding="utf-8"
    )
    out = run("templates", "--check", str(bad))
    assert out.returncode == 1
    assert "steps[0].name_en" in out.stdout
    good = Path(__file__).resolve().parents[1] / "resources" / "templates" / "name_change.toml"
    assert run("templates", "--check", str(good)).returncode == 0


def test_import_reminders_verify_round_trip(tmp_path):
    data = tmp_path / "data"
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(sample_feed(), ensure_ascii=False), encoding="utf-8")
    first_admin(data)
    out = run("import-orders", str(feed), "--user", "admin", data_dir=data)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"created": 2, "updated": 0, "unchanged": 0}
    out = run("import-orders", str(feed), "--user", "admin", data_dir=data)
    assert json.loads(out.stdout)["created"] == 0

    out = run("reminders", "--now", "2026-11-04T09:00:00+08:00", "--json", "--user", "admin", data_dir=data)
    result = json.loads(out.stdout)
    assert result["to_capture"] == 9 and result["escalated"] == 0
    assert set(result["items"]) == {
        "to_capture",
        "to_rescan",
        "to_send",
        "to_hand_over",
        "to_shelve",
        "contract_expiring",
        "time_limit_warning",
    }
    later = json.loads(
        run("reminders", "--now", "2026-11-06T09:00:00+08:00", "--json", "--user", "admin", data_dir=data).stdout
    )
    assert later["escalated"] == 9 and later["time_limit_warning"] == 1

    # ARCHIVIST_DATA_DIR stands in for --data-dir
    via_env = run(
        "reminders", "--now", "2026-11-04T09:00:00+08:00", "--json", "--user", "admin",
        env={"ARCHIVIST_DATA_DIR": str(data)},
    )  # fmt: skip
    assert json.loads(via_env.stdout)["to_capture"] == 9

    assert run("verify", data_dir=data).returncode == 0


def test_import_rejects_a_bad_file_whole(tmp_path):
    data = tmp_path / "data"
    feed = sample_feed()
    feed["work_orders"][1]["steps"][0]["completed_at"] = "soon"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    first_admin(data)
    out = run("import-orders", str(path), "--user", "admin", data_dir=data)
    assert out.returncode == 1
    assert "work_orders[1].steps[0].completed_at" in out.stderr
    assert json.loads(run("reminders", "--json", "--user", "admin", data_dir=data).stdout)["to_capture"] == 0
    path.write_text("{not json", encoding="utf-8")
    out = run("import-orders", str(path), "--user", "admin", data_dir=data)
    assert out.returncode == 1 and "not valid JSON" in out.stderr
    out = run("import-orders", str(tmp_path / "missing.json"), "--user", "admin", data_dir=data)
    assert out.returncode == 1 and "cannot read" in out.stderr


def test_verify_exits_1_on_a_tampered_audit_event(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(sample_feed()), encoding="utf-8")
    first_admin(data)
    run("import-orders", str(feed), "--user", "admin", data_dir=data)
    con = sqlite3.connect(data / "archive.sqlite3")
    con.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")
    con.commit()
    con.close()
    out = run("verify", data_dir=data)
    assert out.returncode == 1 and "audit event #2" in out.stdout


def test_demo_data_for_scale_tests(tmp_path):
    data = tmp_path / "data"
    out = run("demo-data", "--orders", "50", "--pages-per-order", "3", data_dir=data)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["work_orders"] == 50 and summary["pages"] == 150
    assert run("verify", data_dir=data).returncode == 0


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("archivist-desktop ")
