"""Start-up: demo data directory, the demo sign-in path, translations, the operation runner's writer."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archivist_desktop.services.archive import KnownError
from archivist_desktop.services.changes import Changes
from archivist_desktop.ui.app import DEMO_MARKER, StartOptions, Startup, prepare_demo_dir
from archivist_desktop.ui.i18n import Translations, normalise_language
from archivist_desktop.ui.qt import QCoreApplication, Qt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "archivist_zh_CN.ts"


# --- the writer (the database worker it replaced) ------------------------------------------------------------


def test_worker_runs_tasks_in_order_on_one_thread_and_answers_on_the_gui_thread(qtbot, worker):
    ran_on, answered_on, results = [], [], []

    def task(n):
        ran_on.append(threading.current_thread())
        return n * n

    for n in range(5):
        worker.write(
            task,
            n,
            changes=Changes.NONE,
            on_done=lambda r: (answered_on.append(threading.current_thread()), results.append(r)),
        )
    qtbot.waitUntil(lambda: len(results) == 5)
    assert results == [0, 1, 4, 9, 16]
    assert len(set(ran_on)) == 1 and ran_on[0] is not threading.main_thread()
    assert set(answered_on) == {threading.main_thread()}


def test_worker_hands_errors_to_on_error_or_reports_them(qtbot, worker):
    errors = []
    worker.write(lambda: 1 / 0, changes=Changes.NONE, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ZeroDivisionError)
    with qtbot.waitSignal(worker.task_failed) as failed:
        worker.write(lambda: {}["missing"], changes=Changes.NONE)
    assert "KeyError" in failed.args[0]


def test_worker_shutdown_runs_the_final_task_and_stops_its_thread(qapp):
    from archivist_desktop.ui.operations import OperationRunner

    worker = OperationRunner()
    closed = []
    worker.write(lambda: None, changes=Changes.NONE)
    worker.shutdown(final=lambda: closed.append(threading.current_thread()))
    assert closed and closed[0] is not threading.main_thread()
    assert not closed[0].is_alive()
    with pytest.raises(RuntimeError):
        worker.write(lambda: None, changes=Changes.NONE)
    worker.deleteLater()


# --- demo data directory -----------------------------------------------------------------------------


def test_demo_refuses_a_named_directory_with_other_data(tmp_path):
    data = tmp_path / "real"
    data.mkdir()
    (data / "archive.sqlite3").write_text("precious")
    with pytest.raises(KnownError, match="not empty"):
        prepare_demo_dir(data, given=True)
    assert (data / "archive.sqlite3").read_text() == "precious"


def test_demo_wipes_a_previous_demo_directory(tmp_path):
    data = tmp_path / "demo"
    prepare_demo_dir(data, given=True)
    (data / "old.txt").write_text("old")
    prepare_demo_dir(data, given=True)
    assert sorted(p.name for p in data.iterdir()) == [DEMO_MARKER]


def test_options_from_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_DATA_DIR", str(tmp_path / "station"))
    monkeypatch.setenv("ARCHIVIST_AUTOLOGIN_USER", "clerk")
    monkeypatch.setenv("ARCHIVIST_AUTOLOGIN_PASSWORD", "demo")
    args = argparse.Namespace(demo=True, user=None, camera=None)
    demo = StartOptions.from_args(args)
    assert demo.data_dir == tmp_path / "station" / "demo" and not demo.data_dir_given
    assert demo.autologin == ("clerk", "demo")
    plain = StartOptions.from_args(
        argparse.Namespace(demo=False, user="clerk2", camera="sim", data_dir=str(tmp_path / "x"))
    )
    assert plain.data_dir == tmp_path / "x" and plain.username == "clerk2"
    assert plain.autologin is None  # auto-login is for demo mode only


def test_demo_start_seeds_fresh_data_and_signs_in(qtbot, qapp, tmp_path, worker):
    from archivist_desktop.services.demo import DEMO_USERS

    options = StartOptions(tmp_path / "demo", demo=True, data_dir_given=True)
    startup = Startup(options, Translations(qapp, tmp_path / "no-translations"), worker)
    try:
        with qtbot.waitSignal(startup.login_shown, timeout=60_000) as shown:
            startup.start()
            assert startup.progress is not None and startup.progress.isVisible()  # visible progress meanwhile
        dialog = shown.args[0]
        assert startup.progress is None
        table = dialog.demo_table
        assert table is not None and table.rowCount() == len(DEMO_USERS)
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "lead")
        index = table.model().index(row, 1)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
        assert (dialog.username_edit.text(), dialog.password_edit.text()) == ("lead", "demo")
        with qtbot.waitSignal(startup.main_window_shown, timeout=10_000) as main:
            dialog.submit()
        window = main.args[0]
        assert window.user.username == "lead"
        from sqlalchemy import func, select

        from archivist_desktop.store.models import WorkOrder

        with window.archive.read_session() as s:
            seeded = s.execute(select(func.count()).select_from(WorkOrder)).scalar_one()
        assert seeded >= 20  # the demo customers, plus the orders walked through to the archive room
        qtbot.waitUntil(lambda: window.order_model.total == seeded, timeout=10_000)
        assert (options.data_dir / DEMO_MARKER).exists()
        with qtbot.waitSignal(startup.finished) as finished:
            window.close()
        assert finished.args == [0]
    finally:
        startup.shutdown()


def test_a_data_directory_that_cannot_be_opened_is_reported(qtbot, qapp, tmp_path, worker):
    data = tmp_path / "taken"
    data.mkdir()
    (data / "unrelated.txt").write_text("x")
    startup = Startup(StartOptions(data, demo=True, data_dir_given=True), Translations(qapp, tmp_path), worker)
    try:
        startup.start()
        qtbot.waitUntil(lambda: getattr(startup, "error_box", None) is not None)
        assert "not empty" in startup.error_box.informativeText()
        with qtbot.waitSignal(startup.finished) as finished:
            startup.error_box.done(0)
        assert finished.args == [1]
        assert (data / "unrelated.txt").exists()
    finally:
        startup.shutdown()


# --- translations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("zh_CN", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("en_US", "en"),
        ("de_DE", "en"),
        ("", "en"),
    ],
)
def test_language_names(value, expected):
    assert normalise_language(value) == expected


def test_without_a_compiled_translation_the_interface_stays_english(qapp, tmp_path):
    translations = Translations(qapp, tmp_path)
    try:
        assert translations.install("zh_CN") is False
        assert translations.language == "en"
        assert QCoreApplication.translate("Labels", "To capture") == "To capture"
    finally:
        translations.install("en")


def test_the_chinese_catalogue_is_complete_and_compiles(qapp, tmp_path):
    """Every interface string is in the shipped .ts (lupdate finds nothing new) and translated."""
    spec = importlib.util.spec_from_file_location("build_translations", REPO / "scripts" / "build_translations.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)

    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "src" / "archivist_desktop" / "ui").glob("*.py"))
    subprocess.run([build.tool("pyside6-lupdate"), *sources, "-silent", "-ts", str(fresh)], check=True)

    def messages(path):
        return {
            (c.findtext("name"), m.findtext("source"))
            for c in ET.parse(path).getroot().iter("context")
            for m in c.iter("message")
        }

    missing = messages(fresh) - messages(TS)
    assert not missing, f"strings missing from {TS.name}; run scripts/build_translations.py --update: {missing}"
    assert build.unfinished(TS) == []

    subprocess.run(
        [build.tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(tmp_path / "archivist_zh_CN.qm")], check=True
    )
    translations = Translations(qapp, tmp_path)
    try:
        assert translations.install("zh_CN") is True
        assert QCoreApplication.translate("Labels", "To capture") == "待添加"
        assert QCoreApplication.translate("Labels", "Time-limit warnings") == "业扩时限预警"
        assert QCoreApplication.translate("WorkOrderListPanel", "%n work order(s)", "", 3) == "共 3 个工单"
    finally:
        translations.install("en")
