"""Named threshold profiles for the imaging pipeline.

A profile is a frozen :class:`Profile` loaded from ``resources/profiles/<name>.toml``.
Every field has a sane default, so a TOML file only lists what it changes.  The
resources directory is found by :func:`resources_dir`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["REASONS", "Profile", "available_profiles", "load_profile", "resources_dir"]

#: The complete vocabulary of quality reasons, in reporting order.
REASONS: tuple[str, ...] = (
    "no_page",
    "blurry",
    "glare",
    "too_dark",
    "too_bright",
    "blank",
    "cut_off",
    "low_dpi",
    "page_uncertain",
)

_DEFAULT_SEVERITY: dict[str, str] = {
    "no_page": "reject",
    "blurry": "reject",
    "too_dark": "reject",
    "too_bright": "reject",
    "glare": "warn",
    "blank": "warn",
    "cut_off": "warn",
    "low_dpi": "warn",
    "page_uncertain": "warn",
}


@dataclasses.dataclass(frozen=True)
class Profile:
    """Thresholds and processing options of the imaging pipeline.

    Attributes
    ----------
    name : str
        Profile name (the TOML file stem).
    analysis_long_side : int
        Long side in pixels of the reduced copy that is analysed (DESIGN §4: 1000–1500).
    max_skew_deg : float
        Search range of the text-skew estimate, ± degrees.
    min_residual_skew_deg : float
        Residual text skew (after the page edges are rectified) below which the
        page is not rotated further.
    min_dpi : float
        Effective-resolution floor; below it the page gets ``low_dpi``
        (DA/T 31: 200 dpi, 300 dpi for small text).
    page_format : str
        ``"auto"`` to guess the paper format from the page's aspect ratio and size,
        or a fixed format name (``"A4"``, ``"A3"``, ``"A5"``, ``"ID1"``, ``"letter"``).
    camera_px_per_mm : float
        Calibrated camera scale at the desk plane in full-resolution frame pixels
        per millimetre; 0 when the camera is not calibrated.
    field_of_view_mm : float
        Uncalibrated prior: the desk length in millimetres that the frame's long side
        typically covers (an A3 document camera sees about 450–500 mm).  Used to choose
        between formats of the same shape (A5/A4/A3).
    sharpness_warn, sharpness_reject : float
        Sharpness (edge steepness, 0…~0.5, see :func:`quality.measure_sharpness`)
        below which the page is ``blurry`` with severity warn, respectively reject.
    glare_min_fraction : float
        Share of the page covered by clipped specular blobs that counts as ``glare``.
    dark_paper_level : float
        Paper brightness (90th percentile of grey, 0–255) below which ``too_dark``.
    bright_clipped_fraction : float
        Share of page pixels clipped at white above which ``too_bright``.
    blank_ink_fraction : float
        Share of ink pixels below which a page is ``blank``.
    cut_off_margin : float
        Share of the frame size within which a page edge counts as touching the
        frame border.
    jpeg_quality : int
        Quality of written JPEG pages.
    book_mode : bool
        A frame is an open book: a spread is split into its pages, each flattened, fingers
        removed (:func:`archivist_desktop.imaging.book.process_book`).
    severity : Mapping[str, str]
        ``"reject"`` or ``"warn"`` for every reason in :data:`REASONS`.
    """

    name: str = "default"
    analysis_long_side: int = 1280
    max_skew_deg: float = 15.0
    min_residual_skew_deg: float = 0.03
    min_dpi: float = 200.0
    page_format: str = "auto"
    camera_px_per_mm: float = 0.0
    field_of_view_mm: float = 480.0
    sharpness_warn: float = 0.27
    sharpness_reject: float = 0.22
    glare_min_fraction: float = 0.002
    dark_paper_level: float = 90.0
    bright_clipped_fraction: float = 0.5
    blank_ink_fraction: float = 0.0015
    cut_off_margin: float = 0.004
    jpeg_quality: int = 90
    book_mode: bool = False
    severity: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(_DEFAULT_SEVERITY))

    def __post_init__(self) -> None:
        if not 256 <= self.analysis_long_side <= 4096:
            raise ValueError(f"analysis_long_side must be in [256, 4096], got {self.analysis_long_side}")
        if not 0 < self.max_skew_deg <= 45:
            raise ValueError(f"max_skew_deg must be in (0, 45], got {self.max_skew_deg}")
        if self.sharpness_reject > self.sharpness_warn:
            raise ValueError("sharpness_reject must not exceed sharpness_warn")
        if not 1 <= self.jpeg_quality <= 100:
            raise ValueError(f"jpeg_quality must be in [1, 100], got {self.jpeg_quality}")
        if self.min_dpi < 0 or self.camera_px_per_mm < 0 or self.field_of_view_mm <= 0:
            raise ValueError("min_dpi and camera_px_per_mm must be >= 0, field_of_view_mm > 0")
        sev = dict(_DEFAULT_SEVERITY)
        for k, v in dict(self.severity).items():
            if k not in REASONS:
                raise ValueError(f"unknown reason {k!r} in severity; known: {', '.join(REASONS)}")
            if v not in ("warn", "reject"):
                raise ValueError(f"severity of {k!r} must be 'warn' or 'reject', got {v!r}")
            sev[k] = v
        object.__setattr__(self, "severity", sev)

    def as_dict(self) -> dict[str, Any]:
        """Plain-data copy (for process metadata)."""
        d = dataclasses.asdict(self)
        d["severity"] = dict(self.severity)
        return d

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], name: str = "default") -> Profile:
        """Build a profile from parsed TOML, rejecting unknown keys."""
        fields = {f.name for f in dataclasses.fields(cls)}
        flat: dict[str, Any] = {"name": name}
        for key, value in data.items():
            items: Iterable[tuple[str, Any]]
            if isinstance(value, Mapping) and key != "severity":
                # Sections only group keys for readability: [sharpness] warn = ... is not
                # allowed; keys inside sections are full field names.
                items = value.items()
            else:
                items = [(key, value)]
            for k, v in items:
                if k not in fields:
                    raise ValueError(f"profile {name!r}: unknown setting {k!r}")
                flat[k] = dict(v) if k == "severity" else v
        return cls(**flat)


def resources_dir() -> Path:
    """The ``resources/`` directory.

    Looked up in order: the ``ARCHIVIST_RESOURCES`` environment variable, the
    repository's ``resources/`` (source checkout), ``sys._MEIPASS/resources``
    (PyInstaller bundle).
    """
    env = os.environ.get("ARCHIVIST_RESOURCES")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3] / "resources"
    if repo.is_dir():
        return repo
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass) / "resources"
    return repo


def available_profiles() -> list[str]:
    """Names of the profiles found in ``resources/profiles/``."""
    d = resources_dir() / "profiles"
    return sorted(p.stem for p in d.glob("*.toml")) if d.is_dir() else []


def load_profile(name: str | None = "default") -> Profile:
    """Load the named profile.

    Parameters
    ----------
    name : str or None
        Profile name (file stem in ``resources/profiles``) or a path to a TOML
        file.  ``None`` or ``"default"`` without a file gives the built-in defaults.

    Raises
    ------
    ValueError
        If the profile does not exist or holds unknown or invalid settings.
    """
    name = name or "default"
    path = Path(name)
    if path.suffix != ".toml":
        path = resources_dir() / "profiles" / f"{name}.toml"
    if not path.is_file():
        if name == "default":
            return Profile()
        known = ", ".join(available_profiles()) or "none"
        raise ValueError(f"unknown profile {name!r} (available: {known})")
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"profile {path}: {exc}") from exc
        except UnicodeDecodeError:
            raise ValueError(f"profile {path}: not a TOML text file (not UTF-8)") from None
        except RecursionError:
            raise ValueError(f"profile {path}: not valid TOML: nested too deeply") from None
    return Profile.from_mapping(data, name=path.stem)
