"""``archivist-desktop doctor``: is this workstation ready to work?

Gathers, without changing anything: the program (version, Python, platform, frozen bundle or
source), the resources and database migrations it ships, the barcode readers (zbar through
pyzbar, zxing-cpp: each must decode a code generated here), the cameras that open, the
keyring backend, the local database, the central database (when one is configured), a CJK
font, the translations and Qt's platform plugins.

Every check is bounded in time (the camera probe has a budget, the central connection a short
timeout) so the command never hangs on a station without a camera or network.  A check is
*essential* when the program cannot do its job without it; :attr:`DoctorReport.ok` is False
when an essential check failed.  Nothing here imports Qt.
"""

from __future__ import annotations

import importlib.util
import io
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from archivist_desktop import __version__
from archivist_desktop.paths import resources_dir

OK, WARNING, ERROR, NOT_CONFIGURED = "ok", "warning", "error", "not configured"
#: the text of the code each barcode reader must decode
PROBE_TEXT = "ARCHIVIST-DOCTOR-0123456789"
CAMERA_TIME_BUDGET_S = 3.0
CENTRAL_TIMEOUT_S = 3
LANGUAGES = ("zh_CN",)


@dataclass(frozen=True)
class Check:
    """One finding: ``status`` is ok / warning / error / not configured; ``data`` holds the details."""

    name: str
    status: str
    essential: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in (OK, NOT_CONFIGURED)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "status": self.status,
            "essential": self.essential,
            "detail": self.detail,
            **self.data,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


@dataclass(frozen=True)
class DoctorReport:
    version: str
    python: str
    platform: str
    frozen: bool
    executable: str
    data_dir: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """No essential check failed."""
        return not any(c.essential and not c.ok for c in self.checks)

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and not c.essential]

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "version": self.version,
            "python": self.python,
            "platform": self.platform,
            "frozen": self.frozen,
            "executable": self.executable,
            "data_dir": self.data_dir,
            "checks": {c.name: c.to_json() for c in self.checks},
        }


def is_frozen() -> bool:
    """Running from the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def _timed(name: str, essential: bool, fn: Callable[[], tuple[str, str, dict[str, Any]]]) -> Check:
    t0 = time.perf_counter()
    try:
        status, detail, data = fn()
    except Exception as exc:  # noqa: BLE001 - a check that breaks is a finding, not a crash
        status, detail, data = ERROR, f"{type(exc).__name__}: {exc}", {}
    return Check(name, status, essential, detail, data, (time.perf_counter() - t0) * 1e3)


# --- the checks ----------------------------------------------------------------------------------


def _probe_image():
    """A QR code and a Code 128 symbol of :data:`PROBE_TEXT`, side by side, as a grey image."""
    import cv2
    import numpy as np
    import segno
    from barcode import Code128

    buf = io.BytesIO()
    segno.make_qr(PROBE_TEXT, error="m").save(buf, kind="png", scale=6, border=4)
    qr = cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    modules = "".join(ch for ch in Code128(PROBE_TEXT).build()[0] if ch in "01")  # 1: a dark module
    bars = np.repeat(np.array([0 if m == "1" else 255 for m in modules], np.uint8), 3)
    bars = np.concatenate([np.full(40, 255, np.uint8), bars, np.full(40, 255, np.uint8)])
    code128 = np.tile(bars, (qr.shape[0], 1))
    return np.hstack([qr, np.full((qr.shape[0], 40), 255, np.uint8), code128])


def _image(image):
    return _probe_image() if image is None else image


def check_zbar(image=None) -> Check:
    """pyzbar loads the zbar library and reads the self-test codes (or ``image``, a grey array)."""

    def run():
        from pyzbar import pyzbar, zbar_library

        library, _deps = zbar_library.load()
        path = getattr(library, "_name", "")
        found = {(d.type, d.data.decode("utf-8", "replace")) for d in pyzbar.decode(_image(image))}
        data = {"available": True, "library": path, "decoded": sorted(t for t, _ in found)}
        if ("QRCODE", PROBE_TEXT) not in found or ("CODE128", PROBE_TEXT) not in found:
            return ERROR, f"zbar ({path}) did not read the test codes: {sorted(found)}", {**data, "available": False}
        return OK, f"zbar {path}: read a QR code and a Code 128 symbol", data

    check = _timed("zbar", True, run)
    if check.status == ERROR and "available" not in check.data:
        return Check(check.name, check.status, check.essential, check.detail, {"available": False}, check.elapsed_ms)
    return check


def check_zxing(image=None) -> Check:
    """zxing-cpp reads the self-test codes (or ``image``)."""

    def run():
        import zxingcpp

        version = getattr(zxingcpp, "__version__", "") or _dist_version("zxing-cpp")
        found = {(str(r.format).replace("BarcodeFormat.", ""), r.text) for r in zxingcpp.read_barcodes(_image(image))}
        data = {"available": True, "version": version, "decoded": sorted(f for f, _ in found)}
        if {t for _, t in found} != {PROBE_TEXT} or len(found) < 2:
            return (
                ERROR,
                f"zxing-cpp {version} did not read the test codes: {sorted(found)}",
                {**data, "available": False},
            )
        return OK, f"zxing-cpp {version}: read a QR code and a Code 128 symbol", data

    check = _timed("zxing", True, run)
    if check.status == ERROR and "available" not in check.data:
        return Check(check.name, check.status, check.essential, check.detail, {"available": False}, check.elapsed_ms)
    return check


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def check_cameras(configured: str) -> Check:
    def run():
        from archivist_desktop.camera import list_devices

        devices = list_devices(time_budget=CAMERA_TIME_BUDGET_S)
        found = [{"index": d.index, "spec": d.spec, "backend": d.backend, "path": d.path} for d in devices]
        data = {"found": found, "configured": configured}
        if found:
            names = ", ".join(f"{d['spec']} ({d['backend']}{', ' + d['path'] if d['path'] else ''})" for d in found)
            return OK, f"{len(found)} camera(s): {names}; configured: {configured}", data
        if configured.startswith(("sim", "replay:")):
            return OK, f"no camera found; configured: {configured}", data
        return WARNING, f"no camera found, but the camera setting is {configured!r}", data

    return _timed("cameras", False, run)


def check_keyring() -> Check:
    def run():
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        data = {"backend": name, "priority": getattr(backend, "priority", None)}
        if type(backend).__module__.startswith(("keyring.backends.fail", "keyring.backends.null")):
            return WARNING, f"no usable keyring ({name}): the central password cannot be kept", data
        if type(backend).__name__ == "PlaintextKeyring" or getattr(backend, "encrypted", lambda: True)() is False:
            return WARNING, f"{name} keeps passwords unencrypted in a file: for tests only, never on a station", data
        return OK, name, data

    return _timed("keyring", False, run)


def check_resources() -> Check:
    def run():
        from archivist_desktop.domain.permissions import parse_matrix
        from archivist_desktop.domain.templates import load_templates, read_toml

        root = resources_dir()
        templates = load_templates(root / "templates")
        raw, problems = read_toml(root / "permissions.toml")
        matrix, problems = parse_matrix(raw) if raw is not None else (None, problems)
        profiles = sorted(p.stem for p in (root / "profiles").glob("*.toml"))
        data = {"path": str(root), "templates": len(templates), "profiles": profiles}
        if matrix is None:
            return ERROR, f"permissions.toml: {problems}", data
        if not templates:
            return ERROR, f"no business-type templates in {root / 'templates'}", data
        return OK, f"{root}: {len(templates)} templates, {len(profiles)} imaging profiles", data

    return _timed("resources", True, run)


def check_calendar(today: date | None = None, utc_offset_hours: float = 8) -> Check:
    """The public-holiday arrangement (resources/holidays.toml, then the chinesecalendar package) of
    this year and of the coming one, once it begins within 45 days, is known: else deadlines count
    Monday–Friday only."""

    def run():
        from archivist_desktop.domain.calendar import load_overrides, working_calendar

        path = resources_dir() / "holidays.toml"
        day = today or datetime.now(timezone(timedelta(hours=utc_offset_hours))).date()
        cal = working_calendar(path)
        _overrides, problems = load_overrides(path)
        unknown = cal.unknown_years(day)
        data: dict[str, Any] = {
            "path": str(path),
            "package": _dist_version("chinesecalendar"),
            "sources": {str(y): cal.source(y) for y in range(day.year, day.year + 2)},
            "unknown_years": unknown,
        }
        if problems:
            data["problems"] = [str(p) for p in problems]
            return WARNING, f"{path}: " + "; ".join(str(p) for p in problems), data
        if unknown:
            years = ", ".join(str(y) for y in unknown)
            return (
                WARNING,
                f"the public-holiday arrangement of {years} is unknown (deadlines count Monday–Friday only): "
                f"add it to {path} or update chinesecalendar",
                data,
            )
        return (
            OK,
            f"holidays known for {day.year}" + (f"–{day.year + 1}" if data["sources"][str(day.year + 1)] else ""),
            data,
        )

    return _timed("calendar", False, run)


def check_settings(data_dir: Path) -> Check:
    """The settings file reads; none was set aside as unreadable (``settings.json.bad``)."""

    def run():
        from archivist_desktop.store.settings import SETTINGS_FILE, bad_settings_files, settings_file_problem

        path = Path(data_dir) / SETTINGS_FILE
        data = {"path": str(path)}
        problem = settings_file_problem(path)
        if problem:
            return ERROR, f"{path} is {problem}: the program will keep it as {SETTINGS_FILE}.bad and use defaults", data
        bad = bad_settings_files(data_dir)
        if bad:
            data["bad"] = [str(p) for p in bad]
            return (
                ERROR,
                f"{bad[0]} is an unreadable settings file set aside (defaults in use): repair it and rename it to "
                f"{SETTINGS_FILE}, or delete it",
                data,
            )
        return OK, f"{path}" if path.exists() else f"{path} not written yet (defaults)", data

    return _timed("settings", True, run)


def check_migrations() -> Check:
    def run():
        from archivist_desktop.store import db
        from archivist_desktop.sync import central

        local, remote = db.head_revision(), central.head_revision()
        data = {
            "local_head": local,
            "central_head": remote,
            "local_path": str(db.MIGRATIONS),
            "central_path": str(central.MIGRATIONS),
        }
        return OK, f"local schema {local}, central schema {remote}", data

    return _timed("migrations", True, run)


def check_database(data_dir: Path) -> Check:
    def run():
        from sqlalchemy import text

        from archivist_desktop.store import db

        path = data_dir / db.DB_FILE
        data: dict[str, Any] = {"path": str(path), "exists": path.exists()}
        if not path.exists():
            return (
                OK,
                f"{path} does not exist yet; it is created when the program first opens this data directory",
                data,
            )
        engine = db.create_sqlite_engine(path)
        try:
            revision = db.current_revision(engine)
            head = db.head_revision()
            data.update(revision=revision, head=head, openable=True)
            with engine.connect() as conn:
                if revision is None:
                    return ERROR, f"{path} is not an Archivist Desktop database (no schema revision)", data
                data["pages"] = conn.execute(text("SELECT count(*) FROM pages")).scalar_one()
                data["work_orders"] = conn.execute(text("SELECT count(*) FROM work_orders")).scalar_one()
                data["size_bytes"] = path.stat().st_size
        finally:
            engine.dispose()
        if revision != head:
            return (
                OK,
                (f"{path}: schema {revision}, upgraded to {head} when the program opens it; {data['pages']} pages"),
                data,
            )
        return OK, f"{path}: schema {revision}, {data['work_orders']} work orders, {data['pages']} pages", data

    check = _timed("database", True, run)
    if check.status == ERROR and "openable" not in check.data:
        data = {"path": str(data_dir / "archive.sqlite3"), "openable": False, **check.data}
        return Check(check.name, check.status, check.essential, check.detail, data, check.elapsed_ms)
    return check


def check_central(
    url: str, sslmode: str = "", sslrootcert: str = "", timeout: int = CENTRAL_TIMEOUT_S, password: str | None = None
) -> Check:
    """Connect to the central database with a short timeout (password: argument, URL or keyring)."""

    def run():
        if not url:
            return (
                NOT_CONFIGURED,
                "not configured (the central_url setting is empty); this station works alone",
                {"configured": False, "reachable": None},
            )
        from sqlalchemy.exc import OperationalError

        from archivist_desktop.sync import central

        shown = central.redact(url)
        data: dict[str, Any] = {"configured": True, "url": shown, "reachable": False}
        try:
            engine = central.connect(
                url,
                password=password,
                sslmode=sslmode or None,
                sslrootcert=sslrootcert or None,
                connect_timeout=timeout,
            )
        except central.CentralError as exc:
            return WARNING, str(exc), data
        try:
            revision = central.schema_revision(engine)
        except OperationalError as exc:
            orig = getattr(exc, "orig", exc)
            first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
            if central.is_auth_failure(exc):
                data["password_refused"] = True
                return WARNING, f"password refused by {shown}: {first}", data
            return WARNING, f"cannot reach {shown}: {first} (local work is kept and synced later)", data
        finally:
            engine.dispose()
        head = central.head_revision()
        data.update(reachable=True, revision=revision, head=head)
        if revision != head:
            return (
                WARNING,
                (
                    f"{shown} answers but has schema {revision or 'none'} (expected {head}); "
                    "run `archivist-desktop central init`"
                ),
                data,
            )
        return OK, f"{shown}: reachable, schema {revision}", data

    return _timed("central", False, run)


def check_rejected(data_dir: Path) -> Check:
    """Rows the central database refused and this station set aside (``sync --retry-rejected``)."""

    def run():
        from archivist_desktop.sync.rejected import load_rejected

        rows = load_rejected(data_dir)
        data: dict[str, Any] = {"rejected": [r.to_json() for r in rows[:20]], "count": len(rows)}
        if not rows:
            return OK, "no rows set aside", data
        first = rows[0]
        return (
            WARNING,
            (
                f"{len(rows)} row(s) refused by the central database and set aside; first: "
                f"{first.table} {first.key}: {first.reason} — fix, then `archivist-desktop sync --retry-rejected`"
            ),
            data,
        )

    return _timed("sync_rejected", False, run)


def with_rejected(central: Check, rejected: Check) -> Check:
    """The central check, warning too when rows the centre refused are set aside on this station."""
    data = {**central.data, "rejected": rejected.data.get("count", 0)}
    if rejected.ok:
        return Check(central.name, central.status, central.essential, central.detail, data, central.elapsed_ms)
    status = central.status if central.status == ERROR else WARNING
    detail = rejected.detail if central.status == NOT_CONFIGURED else f"{central.detail}; {rejected.detail}"
    return Check(
        central.name,
        status,
        central.essential,
        detail,
        {**data, "rejected_rows": rejected.data.get("rejected", [])},
        central.elapsed_ms + rejected.elapsed_ms,
    )


def _font_files() -> list[str]:
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        names = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "NotoSansSC-VF.ttf")
        return [str(windir / n) for n in names if (windir / n).exists()]
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
        families = {line.split(",")[0].strip() for line in out.splitlines() if line.strip()}
        preferred = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")  # as the GUI prefers them
        return sorted(families, key=lambda f: (preferred.index(f) if f in preferred else len(preferred), f))
    except (OSError, subprocess.SubprocessError):
        roots = [Path("/usr/share/fonts"), Path.home() / ".local/share/fonts", Path("/System/Library/Fonts")]
        hits = []
        for root in roots:
            if root.is_dir():
                hits += [
                    p.name for p in root.rglob("*") if any(k in p.name.lower() for k in ("cjk", "wqy", "pingfang"))
                ]
        return sorted(hits)[:10]


def check_fonts() -> Check:
    def run():
        fonts = _font_files()
        data = {"cjk": fonts[:10]}
        if not fonts:
            return WARNING, "no Chinese (CJK) font found: Chinese text may show as boxes", data
        return OK, f"Chinese font: {fonts[0]}" + (f" (+{len(fonts) - 1} more)" if len(fonts) > 1 else ""), data

    return _timed("fonts", False, run)


def check_translations() -> Check:
    def run():
        directory = resources_dir() / "i18n"
        present = {lang: (directory / f"archivist_{lang}.qm").is_file() for lang in LANGUAGES}
        data = {"path": str(directory), "languages": ["en", *[lang for lang, ok in present.items() if ok]]}
        missing = [lang for lang, ok in present.items() if not ok]
        if missing:
            return (
                WARNING,
                (
                    f"no compiled translation for {', '.join(missing)} in {directory} "
                    "(run scripts/build_translations.py); the interface stays English"
                ),
                data,
            )
        return OK, "languages: " + ", ".join(data["languages"]), data

    return _timed("translations", False, run)


def _qt_plugin_dirs() -> list[Path]:
    roots = []
    if is_frozen():
        roots.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "PySide6")
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        roots += [Path(p) for p in spec.submodule_search_locations]
    return [root / sub for root in roots for sub in ("Qt/plugins/platforms", "plugins/platforms")]


def check_qt() -> Check:
    def run():
        for directory in _qt_plugin_dirs():
            if directory.is_dir():
                names = sorted({p.name.split(".")[0].removeprefix("lib") for p in directory.iterdir() if p.is_file()})
                data = {"platform_plugins": names, "path": str(directory)}
                want = {"qwindows"} if sys.platform.startswith("win") else {"qxcb", "qoffscreen"}
                if not want <= set(names):
                    return ERROR, f"Qt platform plugins {sorted(want - set(names))} missing in {directory}", data
                return OK, "Qt platform plugins: " + ", ".join(names), data
        return ERROR, "Qt platform plugins not found", {"platform_plugins": []}

    return _timed("qt", True, run)


# --- the report ----------------------------------------------------------------------------------


def diagnose(data_dir: Path, cameras: bool = True) -> DoctorReport:
    """Run every check on ``data_dir``'s station (its settings are read, never written)."""
    from archivist_desktop.store.settings import Settings

    settings = Settings.load(data_dir, set_aside=False)
    checks = [
        check_settings(data_dir),
        check_resources(),
        check_migrations(),
        check_database(data_dir),
        check_zbar(),
        check_zxing(),
        check_qt(),
        check_cameras(settings["camera"]) if cameras else Check("cameras", NOT_CONFIGURED, False, "not probed", {}),
        check_keyring(),
        with_rejected(
            check_central(settings["central_url"], settings["central_sslmode"], settings["central_sslrootcert"]),
            check_rejected(data_dir),
        ),
        check_fonts(),
        check_translations(),
        check_calendar(utc_offset_hours=settings["utc_offset_hours"]),
    ]
    return DoctorReport(
        version=__version__,
        python=platform.python_version(),
        platform=platform.platform(),
        frozen=is_frozen(),
        executable=sys.executable,
        data_dir=str(data_dir),
        checks=tuple(checks),
    )


def format_report(report: DoctorReport) -> str:
    """The human-readable form: one line per check."""
    lines = [
        f"Archivist Desktop {report.version} — Python {report.python} — {report.platform}"
        + (" — installed bundle" if report.frozen else " — from source"),
        f"data directory: {report.data_dir}",
        "",
    ]
    marks = {OK: "ok", WARNING: "WARNING", ERROR: "ERROR", NOT_CONFIGURED: "-"}
    for c in report.checks:
        lines.append(f"  {marks.get(c.status, c.status):8} {c.name:13} {c.detail}")
    lines.append("")
    if report.ok:
        lines.append("ready" + (f" ({len(report.warnings)} warning(s))" if report.warnings else ""))
    else:
        failed = [c.name for c in report.checks if c.essential and not c.ok]
        lines.append("NOT READY: " + ", ".join(failed))
    return "\n".join(lines)


# --- first-run set-up (the GUI's station set-up wizard) ---------------------------------------------


@dataclass(frozen=True)
class CentralLogin:
    """A central database URL (without a password) and the station login's user name."""

    url: str
    user: str

    @property
    def full_url(self) -> str:
        """``url`` with ``user`` as its user name (still without a password)."""
        from archivist_desktop.sync import central

        parsed = central.without_password(central.parse_url(self.url))
        if self.user:
            parsed = parsed.set(username=self.user)
        return central.redact(_plain_driver(parsed))


def parse_central_login(url: str, user: str) -> CentralLogin:
    """Check a URL typed by the user; raise ``ValueError`` with a message for a bad one."""
    from archivist_desktop.sync import central

    url, user = url.strip(), user.strip()
    try:
        parsed = central.parse_url(url)
    except central.CentralError as exc:
        raise ValueError(str(exc)) from exc
    if parsed.get_backend_name() == "postgresql" and not (user or parsed.username):
        raise ValueError("a PostgreSQL central database needs a user name")
    return CentralLogin(_without_user(parsed), user or parsed.username or "")


def _without_user(parsed) -> str:
    from sqlalchemy.engine import URL

    from archivist_desktop.sync import central

    return central.redact(
        _plain_driver(
            URL.create(parsed.drivername, None, None, parsed.host, parsed.port, parsed.database, parsed.query)
        )
    )


def _plain_driver(parsed):
    """``postgresql+psycopg://`` → ``postgresql://`` (what people type; ``connect`` picks the driver)."""
    return parsed.set(drivername="postgresql") if parsed.drivername == "postgresql+psycopg" else parsed


def split_central_url(url: str) -> tuple[str, str]:
    """A ``central_url`` setting → (the URL without user name, the user name); a bad URL is returned as it is."""
    if not url.strip():
        return "", ""
    try:
        login = parse_central_login(url, "")
    except ValueError:
        return url, ""
    return login.url, login.user


def try_central_login(login: CentralLogin, password: str, timeout: int = CENTRAL_TIMEOUT_S) -> Check:
    """Connect once with these credentials (short timeout); nothing is stored."""
    return check_central(login.full_url, timeout=timeout, password=password or None)


@dataclass(frozen=True)
class StationSetup:
    """What the first-run wizard asks for; ``central`` is None when the station works alone."""

    station_name: str
    language: str
    camera: str
    camera_resolution: str = ""
    camera_backend: str = "auto"
    pedal_key: str = "F12"
    auto_capture: bool = False
    central: CentralLogin | None = None


#: what a station name may look like: letters (any script), digits, spaces and - _ . · ( ) （ ） #
_STATION_NAME_CHARS = set("-_.·()（）# ")
STATION_NAME_MAX = 64


def station_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a station name (English, for the UI to translate by key), or None."""
    name = name.strip()
    if not name:
        return "empty"
    if len(name) > STATION_NAME_MAX:
        return "too long"
    if any(not (ch.isalnum() or ch in _STATION_NAME_CHARS) for ch in name):
        return "bad character"
    return None


def save_station_setup(archive, setup: StationSetup, password: str | None = None) -> None:
    """Write the set-up to the station's settings; the central password (if any) goes to the keyring only."""
    from archivist_desktop.sync import central

    problem = station_name_problem(setup.station_name)
    if problem:
        raise ValueError(f"station name {setup.station_name!r}: {problem}")
    s = archive.settings
    if setup.central is not None and password:
        parsed = central.parse_url(setup.central.full_url)
        central.store_password(parsed, password)  # first: a keyring failure leaves the settings unchanged
    s.set("station_name", setup.station_name.strip())
    s.set("language", setup.language)
    s.set("camera", setup.camera)
    s.set("camera_resolution", setup.camera_resolution)
    s.set("camera_backend", setup.camera_backend)
    s.set("pedal_key", setup.pedal_key)
    s.set("auto_capture", setup.auto_capture)
    if setup.central is not None:
        s.set("central_url", setup.central.full_url)
    s.save()
