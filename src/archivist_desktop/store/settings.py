"""Workstation settings: declared once with type and default, stored as JSON in the data directory,
upgraded by versioned migrations.  Secrets never go here (they live in the OS keyring)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
#: a settings file that cannot be read is kept under this name (then ``.bad.2``, ``.bad.3``…), never reset silently
BAD_SUFFIX = ".bad"
VERSION = 1

log = logging.getLogger(__name__)


def settings_file_problem(path: Path) -> str | None:
    """Why the settings file at ``path`` cannot be used (not UTF-8, not JSON, not an object); ``None`` if it can."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except (OSError, RecursionError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not isinstance(raw, dict):
        return f"not a JSON object (a {type(raw).__name__})"
    return None


def bad_settings_files(data_dir: Path) -> list[Path]:
    """Settings files set aside as unreadable (``settings.json.bad``…), oldest name first."""
    return sorted(Path(data_dir).glob(SETTINGS_FILE + BAD_SUFFIX + "*"))


def _set_aside(path: Path) -> Path:
    bad = path.with_name(path.name + BAD_SUFFIX)
    n = 2
    while bad.exists():
        bad = path.with_name(f"{path.name}{BAD_SUFFIX}.{n}")
        n += 1
    os.replace(path, bad)
    return bad


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("station_name", str, "", "name of this workstation"),
    Setting("language", str, "", "user-interface language (zh_CN, en); empty follows the system locale"),
    Setting("utc_offset_hours", int, 8, "business time zone for working days and deadlines"),
    Setting("holidays", list, [], "public holidays (ISO dates) that are not working days"),
    Setting("warning_share", float, 0.8, "share of a step's time limit after which it is in warning"),
    Setting("contract_warning_days", int, 60, "contracts ending within this many days raise 合同预警"),
    Setting("camera", str, "sim", "camera: device index, /dev/videoN, replay:PATH or sim"),
    Setting("profile", str, "default", "imaging quality profile"),
    Setting(
        "camera_resolution", str, "", "requested camera frame size WxH (e.g. 4208x3120); empty: the camera's default"
    ),
    Setting("camera_backend", str, "auto", "OpenCV capture backend: auto, dshow, msmf, v4l2, gstreamer, ffmpeg, any"),
    Setting("pedal_key", str, "F12", "key the foot pedal sends to capture a page (Qt key sequence text)"),
    Setting("auto_capture", bool, False, "capture automatically when a new page lies still and passes the checks"),
    Setting(
        "background_ocr",
        bool,
        True,
        "read each page's text (OCR) in the background after it is attached, for full-text search and content "
        "checks ($ARCHIVIST_BACKGROUND_OCR=0 turns it off too)",
    ),
    Setting("central_url", str, "", "central database URL, without a password (the keyring has it)"),
    Setting("central_sslmode", str, "", "PostgreSQL sslmode (disable, require, verify-ca, verify-full)"),
    Setting("central_sslrootcert", str, "", "root certificate file for verify-ca / verify-full"),
    Setting(
        "station_unit",
        str,
        "",
        "organisation unit of this station's central login, learnt at `central login` (local imports take it)",
    ),
    Setting(
        "unit_tree",
        dict,
        {},
        "the organisation units of the centre, {code: parent code or null}, kept at `central login` and every "
        "sync; a user acts on the work orders of their unit and the units below it",
    ),
    Setting("sync_interval_s", int, 60, "seconds between background syncs (0: only on demand)"),
    Setting(
        "page_cache_mb",
        int,
        2048,
        "megabytes of page files fetched from the central database kept on this station (least recently used "
        "go first; pages captured here are never evicted)",
    ),
    Setting(
        "escalation_interval_min",
        int,
        240,
        "minutes between two escalation reminders for a late item, and between reminder checks (0: at sign-in only)",
    ),
)
_BY_KEY = {s.key: s for s in SETTINGS}

#: migrations[n] upgrades a settings dict from version n to n + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Settings:
    def __init__(self, path: Path, values: dict[str, Any]):
        self.path = path
        self._values = values

    #: set by :meth:`load` when the settings file could not be used: what was wrong and where it is kept
    problem: str | None = None

    @classmethod
    def load(cls, data_dir: Path, *, set_aside: bool = True) -> Settings:
        """The station's settings; defaults for those not set.

        A settings file that cannot be used (not JSON, not an object, not UTF-8) is never reset
        silently: it is renamed ``settings.json.bad`` (``set_aside``; ``doctor`` fails while it is
        there), the defaults are used, and :attr:`problem` and the log say so.
        """
        path = data_dir / SETTINGS_FILE
        raw: dict[str, Any] = {}
        problem = settings_file_problem(path)
        if problem is None and path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
        elif problem is not None:
            kept = path
            if set_aside:
                try:
                    kept = _set_aside(path)
                except OSError as exc:
                    problem += f"; could not be renamed ({exc.strerror or exc})"
            problem = f"{path} is {problem}: kept as {kept.name}, defaults in use"
            log.warning("settings: %s", problem)
        version = int(raw.pop("_version", VERSION))
        while version < VERSION:
            raw = MIGRATIONS[version](raw)
            version += 1
        values = {}
        for setting in SETTINGS:
            value = raw.get(setting.key, setting.default)
            values[setting.key] = value if isinstance(value, setting.type) else setting.default
        settings = cls(path, values)
        settings.problem = problem
        return settings

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        setting = _BY_KEY[key]
        if setting.type is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, setting.type):
            raise TypeError(f"setting {key!r} must be {setting.type.__name__}")
        self._values[key] = value

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"_version": VERSION, **self._values}, ensure_ascii=False, indent=2)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
