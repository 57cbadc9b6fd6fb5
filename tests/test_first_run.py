"""The first-run wizard: walked page by page with the simulated camera, settings written, the
central password kept in the keyring only, the first administrator (issue 17 item 4), the language
switched at once, and when it appears."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
from pathlib import Path

import pytest

from archivist_desktop.services.users import authenticate, has_users
from archivist_desktop.store.settings import Settings
from archivist_desktop.ui.app import StartOptions, Startup
from archivist_desktop.ui.capture_dialogs import CameraChoice
from archivist_desktop.ui.first_run import (
    ADMIN_PAGE,
    CAMERA_PAGE,
    CENTRAL_PAGE,
    LANGUAGE_PAGE,
    STATION_PAGE,
    SUMMARY_PAGE,
    FirstRunWizard,
    needs_first_run,
)
from archivist_desktop.ui.i18n import Translations
from archivist_desktop.ui.qt import Qt, QWizard

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

REPO = Path(__file__).resolve().parents[1]
NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def worker(qapp):
    from archivist_desktop.ui.operations import OperationRunner

    w = OperationRunner()
    yield w
    w.shutdown()
    w.deleteLater()


@pytest.fixture
def english(qapp, tmp_path):
    """The application's translations, English (no catalogue directory: nothing to load)."""
    translations = Translations(qapp, tmp_path / "no-translations")
    translations.install("en")
    yield translations
    translations.install("en")


@pytest.fixture
def keyring_file(tmp_path, monkeypatch):
    """A plain-text keyring in the test's directory, as the process's keyring."""
    import keyring.core
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_wizard(qtbot, archive, worker, translations) -> FirstRunWizard:
    wizard = FirstRunWizard(archive, worker, translations)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def go_next(qtbot, wizard: FirstRunWizard, expected_page: int) -> None:
    button = wizard.button(NEXT)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == expected_page


def fill_admin(qtbot, wizard: FirstRunWizard, username: str, password: str, display_name: str = "") -> None:
    page = wizard.admin_page
    page.username_edit.clear()
    qtbot.keyClicks(page.username_edit, username)
    if display_name:
        page.display_edit.insert(display_name)  # QTest types ASCII only
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClicks(page.repeat_edit, password)


# --- walking the wizard ------------------------------------------------------------------------------


def test_walk_through_with_the_simulated_camera_and_a_central_database(
    qtbot, archive, worker, english, tmp_path, keyring_file
):
    from archivist_desktop.services.sync import init_central

    central_file = tmp_path / "central.sqlite3"
    init_central(f"sqlite:///{central_file}")
    wizard = open_wizard(qtbot, archive, worker, english)
    assert wizard.currentId() == LANGUAGE_PAGE
    assert wizard.language_page.language() == "en"
    go_next(qtbot, wizard, STATION_PAGE)

    # the station name is required and checked
    station = wizard.station_page
    assert not wizard.button(NEXT).isEnabled()
    qtbot.keyClicks(station.name_edit, "East/Hall")
    assert not wizard.button(NEXT).isEnabled()
    assert station.error_label.text() == "Use letters, digits, spaces and - _ . · ( ) # only."
    station.name_edit.clear()
    station.name_edit.insert("城东营业厅 1号窗口")  # QTest types ASCII only
    assert station.error_label.text() == ""
    go_next(qtbot, wizard, CAMERA_PAGE)

    # the live preview runs the configured camera (sim) and shows frames
    camera = wizard.camera_page
    qtbot.waitUntil(lambda: camera.feed.previews >= 3 and camera.live_view.result is not None, timeout=15_000)
    assert camera.live_view.result.frame_size == (1280, 960)
    assert camera.info_label.text().startswith("Live: 1280×960")
    # another camera, chosen through the camera settings dialog: the preview restarts with it
    qtbot.mouseClick(camera.choose_button, Qt.MouseButton.LeftButton)
    dialog = camera.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.camera_box.addItem("sim:640x480", "sim:640x480")
    dialog.camera_box.setCurrentIndex(dialog.camera_box.count() - 1)
    dialog.accept()
    assert camera.choice.camera == "sim:640x480"
    assert "sim:640x480" in camera.camera_label.text()
    qtbot.waitUntil(
        lambda: camera.live_view.result is not None and camera.live_view.result.frame_size == (640, 480), timeout=15_000
    )
    go_next(qtbot, wizard, CENTRAL_PAGE)
    assert camera.feed.grabber is None  # the camera is closed once the page is left

    # the central database: optional; a test connection runs off the GUI thread
    central = wizard.central_page
    assert wizard.button(NEXT).isEnabled() and not central.url_edit.isEnabled()
    central.use_check.setChecked(True)
    assert not wizard.button(NEXT).isEnabled()  # no address yet
    qtbot.keyClicks(central.url_edit, f"sqlite:///{central_file}")
    assert wizard.button(NEXT).isEnabled()
    qtbot.mouseClick(central.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: central.result_label.text().startswith("Connected:"), timeout=10_000)
    assert central.test_result() is not None
    go_next(qtbot, wizard, ADMIN_PAGE)
    # with a centre, users come from the centre: nothing to fill in, no administrator made here
    admin = wizard.admin_page
    assert not admin.fields.isVisible() and "central database" in admin.explain_label.text()
    go_next(qtbot, wizard, SUMMARY_PAGE)

    summary = {key: value.text() for key, (_name, value) in wizard.summary_page.rows.items()}
    assert summary["language"] == "English"
    assert summary["station"] == "城东营业厅 1号窗口"
    assert "sim:640x480" in summary["camera"]
    assert summary["central"].endswith("(connection tested)")
    assert summary["admin"] == "users come from the central database"
    assert summary["data"] == str(archive.data_dir)

    with qtbot.waitSignal(wizard.saved, timeout=10_000) as saved:
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    assert saved.args[0].station_name == "城东营业厅 1号窗口"
    assert wizard.result() == 1 and not wizard.isVisible()
    stored = Settings.load(archive.data_dir)
    assert stored["station_name"] == "城东营业厅 1号窗口"
    assert stored["language"] == "en"
    assert stored["camera"] == "sim:640x480"
    assert stored["central_url"] == f"sqlite:///{central_file}"
    assert wizard.created_admin is None and not has_users(archive)


def test_an_unreachable_central_database_is_reported_and_the_password_goes_to_the_keyring_only(
    qtbot, archive, worker, english, keyring_file
):
    archive.settings.set("station_name", "Hall 2")
    wizard = open_wizard(qtbot, archive, worker, english)
    go_next(qtbot, wizard, STATION_PAGE)
    assert wizard.station_page.name_edit.text() == "Hall 2"  # an existing set-up is edited
    go_next(qtbot, wizard, CAMERA_PAGE)
    go_next(qtbot, wizard, CENTRAL_PAGE)
    central = wizard.central_page
    central.use_check.setChecked(True)
    port = closed_port()
    qtbot.keyClicks(central.url_edit, f"postgresql://127.0.0.1:{port}/archive")
    assert not wizard.button(NEXT).isEnabled()  # PostgreSQL needs a user name
    qtbot.keyClicks(central.user_edit, "hall02")
    qtbot.keyClicks(central.password_edit, "s3cret-station")
    qtbot.mouseClick(central.test_button, Qt.MouseButton.LeftButton)
    assert not central.test_button.isEnabled()  # one test at a time
    qtbot.waitUntil(lambda: central.result_label.text().startswith("Cannot connect:"), timeout=15_000)
    assert central.test_button.isEnabled()
    assert "s3cret-station" not in central.result_label.text()
    go_next(qtbot, wizard, ADMIN_PAGE)
    go_next(qtbot, wizard, SUMMARY_PAGE)
    assert "connection test failed" in wizard.summary_page.rows["central"][1].text()
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)

    text = (archive.data_dir / "settings.json").read_text(encoding="utf-8")
    assert "s3cret-station" not in text
    assert json.loads(text)["central_url"] == f"postgresql://hall02@127.0.0.1:{port}/archive"
    account = f"hall02@127.0.0.1:{port}/archive"
    assert keyring_file.get_password("archivist-desktop/central", account) == "s3cret-station"


def test_cancel_saves_nothing_and_stops_the_camera(qtbot, archive, worker, english):
    wizard = open_wizard(qtbot, archive, worker, english)
    go_next(qtbot, wizard, STATION_PAGE)
    qtbot.keyClicks(wizard.station_page.name_edit, "Counter 3")
    go_next(qtbot, wizard, CAMERA_PAGE)
    qtbot.waitUntil(lambda: wizard.camera_page.feed.previews >= 1, timeout=15_000)
    wizard.reject()
    assert wizard.camera_page.feed.grabber is None
    assert not (archive.data_dir / "settings.json").exists()


# --- language ----------------------------------------------------------------------------------------


def _compile_catalogue(tmp_path: Path) -> Path:
    """A small zh_CN catalogue with some of the wizard's strings (the shipped one is completed at merge)."""
    spec = importlib.util.spec_from_file_location("build_translations", REPO / "scripts" / "build_translations.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    messages = {
        "LanguagePage": {"Language": "语言"},
        "StationPage": {"This workstation": "本工作站", "Station &name:": "站点名称(&N)："},
        "FirstRunWizard": {"&Next >": "下一步(&N) >", "Station set-up — Archivist Desktop": "站点设置 — 档案助手"},
    }
    body = "".join(
        f"<context><name>{context}</name>"
        + "".join(
            f"<message><source>{src.replace('&', '&amp;').replace('>', '&gt;')}</source>"
            f"<translation>{dst.replace('&', '&amp;').replace('>', '&gt;')}</translation></message>"
            for src, dst in texts.items()
        )
        + "</context>"
        for context, texts in messages.items()
    )
    ts = tmp_path / "archivist_zh_CN.ts"
    ts.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">{body}</TS>',
        encoding="utf-8",
    )
    directory = tmp_path / "i18n"
    directory.mkdir()
    subprocess.run(
        [build.tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(directory / "archivist_zh_CN.qm")], check=True
    )
    return directory


def test_choosing_a_language_retranslates_the_wizard_at_once(qtbot, qapp, archive, worker, tmp_path):
    translations = Translations(qapp, _compile_catalogue(tmp_path))
    translations.install("en")
    try:
        wizard = open_wizard(qtbot, archive, worker, translations)
        page = wizard.language_page
        assert page.title() == "Language" and wizard.buttonText(NEXT) == "&Next >"
        page.buttons["zh_CN"].click()
        assert translations.language == "zh_CN"
        qtbot.waitUntil(lambda: page.title() == "语言")  # Qt delivers LanguageChange through the event loop
        assert wizard.buttonText(NEXT) == "下一步(&N) >"
        assert wizard.windowTitle() == "站点设置 — 档案助手"
        assert wizard.station_page.title() == "本工作站"  # pages not shown yet follow too
        assert wizard.station_page.name_label.text() == "站点名称(&N)："
        page.buttons["en"].click()
        qtbot.waitUntil(lambda: page.title() == "Language")
        assert wizard.station_page.title() == "This workstation"
        page.buttons["zh_CN"].click()
        go_next(qtbot, wizard, STATION_PAGE)
        wizard.station_page.name_edit.insert("城东营业厅")
        go_next(qtbot, wizard, CAMERA_PAGE)
        go_next(qtbot, wizard, CENTRAL_PAGE)
        qtbot.waitUntil(lambda: wizard.admin_page.station_has_users is False)
        go_next(qtbot, wizard, ADMIN_PAGE)
        fill_admin(qtbot, wizard, "admin", "long-enough-1")
        go_next(qtbot, wizard, SUMMARY_PAGE)
        assert wizard.summary_page.rows["language"][1].text() == "简体中文"
        with qtbot.waitSignal(wizard.saved, timeout=10_000):
            qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
        assert Settings.load(archive.data_dir)["language"] == "zh_CN"
    finally:
        translations.install("en")


# --- when it appears ---------------------------------------------------------------------------------


def test_startup_shows_the_wizard_on_a_station_without_a_name_then_the_sign_in(qtbot, qapp, tmp_path, worker):
    startup = Startup(StartOptions(tmp_path / "station"), Translations(qapp, tmp_path / "none"), worker)
    try:
        with qtbot.waitSignal(startup.first_run_shown, timeout=30_000) as shown:
            startup.start()
        wizard = shown.args[0]
        assert wizard.isVisible() and startup.login_dialog is None
        with qtbot.waitSignal(startup.login_shown, timeout=10_000):
            wizard.reject()  # cancelled: signing in still works; the wizard comes back next time
        assert startup.first_run is None
    finally:
        startup.shutdown()
    assert Settings.load(tmp_path / "station")["station_name"] == ""


def test_the_camera_given_on_the_command_line_is_the_one_the_wizard_offers(qtbot, qapp, tmp_path, worker):
    startup = Startup(
        StartOptions(tmp_path / "station", camera="sim:640x480"), Translations(qapp, tmp_path / "none"), worker
    )
    try:
        with qtbot.waitSignal(startup.first_run_shown, timeout=30_000) as shown:
            startup.start()
        wizard = shown.args[0]
        assert wizard.camera_page.choice.camera == "sim:640x480"
        assert "sim:640x480" in wizard.camera_page.camera_label.text()
        with qtbot.waitSignal(startup.login_shown, timeout=10_000):
            wizard.reject()
    finally:
        startup.shutdown()


def test_startup_goes_straight_to_the_sign_in_on_a_named_station(qtbot, qapp, tmp_path, worker):
    settings = Settings.load(tmp_path / "station")
    settings.set("station_name", "Counter 1")
    settings.save()
    startup = Startup(StartOptions(tmp_path / "station"), Translations(qapp, tmp_path / "none"), worker)
    shown = []
    startup.first_run_shown.connect(shown.append)
    try:
        with qtbot.waitSignal(startup.login_shown, timeout=30_000):
            startup.start()
        assert shown == [] and startup.first_run is None
        assert needs_first_run(startup.archive, demo=False) is False
    finally:
        startup.shutdown()


def test_demo_mode_needs_no_set_up(archive):
    assert archive.settings["station_name"] == ""
    assert needs_first_run(archive, demo=False) is True
    assert needs_first_run(archive, demo=True) is False


def test_station_set_up_from_the_main_window_menu_hands_the_camera_over_and_back(qtbot, archive, worker):
    from archivist_desktop.services.users import get_user
    from archivist_desktop.ui.main_window import MainWindow
    from stations import make_station

    archive.settings.set("station_name", "Counter 4")
    make_station(archive, ("admin",), password="s3cret-pass")
    window = MainWindow(archive, worker, get_user(archive, "admin"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.capture_panel.feed.previews >= 1, timeout=15_000)
    window.station_setup_action.trigger()
    wizard = window.station_setup_wizard
    assert wizard.isVisible() and window.capture_panel.feed.grabber is None  # one camera user at a time
    assert not wizard.language_page.live  # the running window keeps its language until the next start
    go_next(qtbot, wizard, STATION_PAGE)
    assert wizard.station_page.station_name() == "Counter 4"
    go_next(qtbot, wizard, CAMERA_PAGE)
    qtbot.waitUntil(lambda: wizard.camera_page.feed.previews >= 1, timeout=15_000)
    wizard.camera_page.set_choice(CameraChoice("sim:800x600", "", "auto", "F11", False))
    go_next(qtbot, wizard, CENTRAL_PAGE)
    go_next(qtbot, wizard, SUMMARY_PAGE)
    before = window.capture_panel.feed.previews
    with qtbot.waitSignal(wizard.finished, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    assert archive.settings["camera"] == "sim:800x600" and archive.settings["pedal_key"] == "F11"
    qtbot.waitUntil(
        lambda: window.capture_panel.feed.grabber is not None and window.capture_panel.feed.previews > before,
        timeout=15_000,
    )
    assert window.capture_panel.feed.config.spec == "sim:800x600"
    window.close()


# --- the first administrator (issue 17 item 4) -------------------------------------------------------


def test_the_wizard_creates_the_first_administrator_who_then_signs_in(qtbot, qapp, tmp_path, worker):
    """A fresh station: the wizard's administrator page refuses a weak password inline, creates the
    administrator on Finish, and the sign-in that follows lets that person in (today: no account at all)."""
    from archivist_desktop.domain.permissions import Role

    startup = Startup(StartOptions(tmp_path / "station"), Translations(qapp, tmp_path / "none"), worker)
    try:
        with qtbot.waitSignal(startup.first_run_shown, timeout=30_000) as shown:
            startup.start()
        wizard = shown.args[0]
        go_next(qtbot, wizard, STATION_PAGE)
        qtbot.keyClicks(wizard.station_page.name_edit, "Counter 7")
        go_next(qtbot, wizard, CAMERA_PAGE)
        go_next(qtbot, wizard, CENTRAL_PAGE)
        qtbot.waitUntil(lambda: wizard.admin_page.station_has_users is False)
        go_next(qtbot, wizard, ADMIN_PAGE)
        page = wizard.admin_page
        assert page.fields.isVisible() and page.username_edit.text() == "admin"
        assert not wizard.button(NEXT).isEnabled()  # no password yet: the page cannot advance

        # the policy of users add, shown inline as the fields are typed in
        page.username_edit.clear()
        assert page.errors["username"].text() == "A user name is required."
        qtbot.keyClicks(page.username_edit, "wang fang")
        assert page.errors["username"].text() == "No spaces in a user name, please."
        page.username_edit.clear()
        qtbot.keyClicks(page.username_edit, "wangfang")
        assert page.errors["username"].text() == ""
        page.display_edit.insert("王芳")
        qtbot.keyClicks(page.password_edit, "short")
        assert page.errors["password"].text() == "At least 10 characters, please (5 so far)."
        assert not wizard.button(NEXT).isEnabled()
        page.password_edit.clear()
        qtbot.keyClicks(page.password_edit, "Wangfang-2026")
        assert page.errors["password"].text() == "The password must not contain the user name."
        page.password_edit.clear()
        qtbot.keyClicks(page.password_edit, "counter-7-opens")
        assert page.errors["password"].text() == ""
        qtbot.keyClicks(page.repeat_edit, "counter-7-open")
        assert page.errors["repeat"].text() == "The two passwords differ."
        assert not wizard.button(NEXT).isEnabled()
        qtbot.keyClicks(page.repeat_edit, "s")
        assert page.errors["repeat"].text() == ""
        go_next(qtbot, wizard, SUMMARY_PAGE)
        assert wizard.summary_page.rows["admin"][1].text() == "王芳 (wangfang), created on Finish"
        assert not has_users(startup.archive)  # nothing is written before Finish

        with qtbot.waitSignal(startup.login_shown, timeout=10_000) as login:
            qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
        dialog = login.args[0]
        assert dialog.username_edit.text() == "wangfang"  # the new administrator signs in first
        qtbot.keyClicks(dialog.password_edit, "counter-7-opens")
        with qtbot.waitSignal(startup.main_window_shown, timeout=15_000) as opened:
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        window = opened.args[0]
        assert window.user.username == "wangfang" and window.user.role == Role.ADMIN
        assert window.user.display_name == "王芳"
        assert "王芳 (wangfang)" in window.user_label.text()
        assert Settings.load(tmp_path / "station")["station_name"] == "Counter 7"
        user = authenticate(startup.archive, "wangfang", "counter-7-opens")
        assert user.role == Role.ADMIN
    finally:
        startup.shutdown()


def test_no_administrator_page_on_a_station_that_has_users(qtbot, archive, worker, english):
    from stations import make_station

    make_station(archive, ("admin",), password="s3cret-pass")
    wizard = open_wizard(qtbot, archive, worker, english)
    qtbot.waitUntil(lambda: wizard.admin_page.station_has_users is True)
    go_next(qtbot, wizard, STATION_PAGE)
    qtbot.keyClicks(wizard.station_page.name_edit, "Counter 8")
    go_next(qtbot, wizard, CAMERA_PAGE)
    go_next(qtbot, wizard, CENTRAL_PAGE)
    go_next(qtbot, wizard, SUMMARY_PAGE)  # skipped: the station's users stay as they are
    assert wizard.summary_page.rows["admin"][1].text() == "the station's existing users"
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    assert wizard.created_admin is None


def test_a_user_made_meanwhile_is_not_doubled_by_finish(qtbot, archive, worker, english):
    """users add ran on the command line while the wizard was open: Finish adds no second first admin."""
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.users import create_user, list_users

    wizard = open_wizard(qtbot, archive, worker, english)
    go_next(qtbot, wizard, STATION_PAGE)
    qtbot.keyClicks(wizard.station_page.name_edit, "Counter 9")
    go_next(qtbot, wizard, CAMERA_PAGE)
    go_next(qtbot, wizard, CENTRAL_PAGE)
    qtbot.waitUntil(lambda: wizard.admin_page.station_has_users is False)
    go_next(qtbot, wizard, ADMIN_PAGE)
    fill_admin(qtbot, wizard, "admin", "long-enough-1")
    go_next(qtbot, wizard, SUMMARY_PAGE)
    create_user(archive, "root", "another-long-one", Role.ADMIN)
    qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    error = wizard.summary_page.error_label
    qtbot.waitUntil(lambda: "got user accounts meanwhile" in error.text())
    assert [u.username for u in list_users(archive)] == ["root"]
    assert wizard.isVisible() and wizard.button(FINISH).isEnabled()
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)  # the rest is saved
    assert wizard.created_admin is None and archive.settings["station_name"] == "Counter 9"
