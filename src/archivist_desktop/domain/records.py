"""Records rules of the archive room (DESIGN.md §9), as data and small pure functions.

* archival codes (档号, DA/T 13): a configurable pattern such as
  ``"{fonds}-{category}-{year}-{retention}-{volume:04d}"``, formatted and parsed;
* the retention table (永久 / 30 年 / 10 年) by business type, with a default;
* the DA/T 22 box rule: one box never mixes years, retention periods or organisations;
* shelf locations on compact shelving: room–rack–column–layer (库房-列-节-层), e.g. ``A01-03-05-2``;
* security levels: only public and internal material is kept by this client.

Everything configurable comes from ``resources/records.toml`` through :func:`parse_records_config`.
Stdlib only.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from archivist_desktop.domain.templates import Problem
from archivist_desktop.errors import BadInput

#: fields an archival-code pattern may use
CODE_FIELDS = ("fonds", "category", "year", "retention", "volume")
#: fields a box-number pattern may use
BOX_FIELDS = ("fonds", "year", "retention", "box")

#: security levels this client may hold, and the classified ones it refuses (DESIGN §9)
ALLOWED_SECURITY = ("public", "internal")
CLASSIFIED_SECURITY = ("secret", "confidential", "top_secret")
SECURITY_NAMES_ZH = {
    "public": "公开",
    "internal": "内部",
    "secret": "秘密",
    "confidential": "机密",
    "top_secret": "绝密",
}


class RecordsError(BadInput):
    """A value breaks a records rule; the message says which and why."""


@dataclass(frozen=True)
class Retention:
    code: str  # the code in the archival code, e.g. "Y", "D30", "D10"
    name_zh: str  # 永久, 30年, 10年
    name_en: str
    years: int | None  # None: permanent


@dataclass(frozen=True)
class CodePattern:
    """A ``str.format`` pattern over named fields, with a fixed-width integer counter field."""

    pattern: str
    fields: tuple[str, ...]
    counter: str

    @classmethod
    def compile(cls, pattern: str, allowed: tuple[str, ...], counter: str) -> CodePattern:
        names = []
        for _literal, name, spec, conv in string.Formatter().parse(pattern):
            if name is None:
                continue
            if name not in allowed:
                raise RecordsError(f"pattern {pattern!r}: unknown field {{{name}}} (allowed: {', '.join(allowed)})")
            if conv:
                raise RecordsError(f"pattern {pattern!r}: conversions such as !{conv} are not allowed")
            if name == counter and not re.fullmatch(r"0\d+d", spec or ""):
                raise RecordsError(f"pattern {pattern!r}: {{{counter}}} needs a fixed width such as {{{counter}:04d}}")
            names.append(name)
        if counter not in names:
            raise RecordsError(f"pattern {pattern!r} has no {{{counter}:04d}} field")
        if len(set(names)) != len(names):
            raise RecordsError(f"pattern {pattern!r} repeats a field")
        return cls(pattern, tuple(names), counter)

    @property
    def width(self) -> int:
        for _lit, name, spec, _c in string.Formatter().parse(self.pattern):
            if name == self.counter and spec:
                return int(spec[1:-1])
        raise AssertionError("compiled pattern without counter")

    def format(self, **values: Any) -> str:
        n = values.get(self.counter)
        if not isinstance(n, int) or n < 1:
            raise RecordsError(f"{self.counter} number must be a positive integer, not {n!r}")
        if len(str(n)) > self.width:
            raise RecordsError(f"{self.counter} number {n} does not fit {self.width} digits")
        for name in self.fields:
            if name != self.counter:
                text = str(values.get(name, ""))
                if not text or "-" in text or not text.isprintable() or " " in text:
                    raise RecordsError(f"{name} {text!r} must be non-empty, without spaces or '-'")
        return self.pattern.format(**values)

    def regex(self) -> re.Pattern:
        out = []
        for literal, name, _spec, _c in string.Formatter().parse(self.pattern):
            out.append(re.escape(literal))
            if name is None:
                continue
            if name == self.counter:
                out.append(f"(?P<{name}>\\d{{{self.width}}})")
            elif name == "year":
                out.append(f"(?P<{name}>\\d{{4}})")
            else:
                out.append(f"(?P<{name}>[^-\\s]+?)")
        return re.compile("^" + "".join(out) + "$")

    def parse(self, text: str) -> dict[str, Any]:
        m = self.regex().match(text.strip())
        if m is None:
            raise RecordsError(f"{text!r} does not follow the pattern {self.pattern!r}")
        values: dict[str, Any] = dict(m.groupdict())
        values[self.counter] = int(values[self.counter])
        if "year" in values:
            values["year"] = int(values["year"])
        return values


@dataclass(frozen=True)
class LabelTexts:
    title: str = "档案盒"
    fonds: str = "全宗号"
    year: str = "年度"
    retention: str = "保管期限"
    items: str = "起止卷号"
    box: str = "盒号"
    organisation: str = "立档单位"


@dataclass(frozen=True)
class BoxLabelData:
    """Everything a box label shows (DA/T 22 spine: fonds, year, retention, first–last item, box number)."""

    box_no: str  # ASCII: printed as Code 128
    fonds: str
    organisation: str
    year: int
    retention_code: str
    retention_zh: str
    item_range: str
    archival_codes: tuple[str, ...]  # printed as a QR code, one per line, UTF-8
    shelf: str | None = None
    texts: LabelTexts = field(default_factory=LabelTexts)

    @property
    def qr_payload(self) -> str:
        """The archival codes, one a line; an empty box carries its box number instead."""
        return "\n".join(self.archival_codes) or self.box_no


@dataclass(frozen=True)
class RecordsConfig:
    fonds: str
    organisation: str
    default_category: str
    categories: dict[str, str]  # business type -> category code
    code: CodePattern
    box: CodePattern
    retentions: dict[str, Retention]  # code -> retention
    retention_by_type: dict[str, str]  # business type -> retention code
    default_retention: str
    default_security: str
    label: LabelTexts = field(default_factory=LabelTexts)

    def category_for(self, business_type: str) -> str:
        return self.categories.get(business_type, self.default_category)

    def retention_for(self, business_type: str) -> Retention:
        return self.retentions[self.retention_by_type.get(business_type, self.default_retention)]

    def retention(self, code: str) -> Retention:
        try:
            return self.retentions[code]
        except KeyError:
            raise RecordsError(f"unknown retention period {code!r} (known: {', '.join(self.retentions)})") from None

    def archival_code(self, category: str, year: int, retention: str, volume_no: int, fonds: str | None = None) -> str:
        self.retention(retention)
        return self.code.format(
            fonds=fonds or self.fonds, category=category, year=year, retention=retention, volume=volume_no
        )

    def parse_archival_code(self, text: str) -> dict[str, Any]:
        values = self.code.parse(text)
        if "retention" in values:
            self.retention(values["retention"])
        return values

    def box_no(self, year: int, retention: str, box_seq: int, fonds: str | None = None) -> str:
        self.retention(retention)
        return self.box.format(fonds=fonds or self.fonds, year=year, retention=retention, box=box_seq)


def check_security(level: str) -> str:
    """``level`` when this client may keep it; :class:`RecordsError` for classified or unknown levels."""
    if level in ALLOWED_SECURITY:
        return level
    if level in CLASSIFIED_SECURITY:
        raise RecordsError(
            f"classified material ({SECURITY_NAMES_ZH[level]}, {level}) is out of scope for this "
            "client: only public and internal records may be kept here"
        )
    raise RecordsError(f"unknown security level {level!r} (allowed: {', '.join(ALLOWED_SECURITY)})")


@dataclass(frozen=True)
class BoxKey:
    """What DA/T 22 says a box must not mix."""

    year: int
    retention: str
    organisation: str


@dataclass(frozen=True)
class Conflict:
    field: str  # "year" | "retention" | "organisation"
    box_value: Any
    volume_value: Any

    def message(self) -> str:
        return (
            f"DA/T 22: a box never mixes {self.field}s: the box holds {self.field} {self.box_value}, "
            f"the volume has {self.volume_value}"
        )


def box_conflicts(box: BoxKey, volume: BoxKey) -> list[Conflict]:
    """The fields in which ``volume`` would mix with ``box`` (empty: it may go in)."""
    out = []
    for name in ("year", "retention", "organisation"):
        a, b = getattr(box, name), getattr(volume, name)
        if a != b:
            out.append(Conflict(name, a, b))
    return out


_SHELF_RE = re.compile(r"^\s*([A-Za-z0-9]{1,8})\s*[-–—]\s*(\d{1,3})\s*[-–—]\s*(\d{1,3})\s*[-–—]\s*(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class ShelfLocation:
    """room–rack–column–layer (库房-列-节-层) on compact shelving."""

    room: str
    rack: int
    column: int
    layer: int

    def __post_init__(self):
        if not re.fullmatch(r"[A-Za-z0-9]{1,8}", self.room):
            raise RecordsError(f"room {self.room!r} must be 1–8 letters or digits")
        for name in ("rack", "column", "layer"):
            if getattr(self, name) < 1:
                raise RecordsError(f"{name} must be 1 or more")

    @classmethod
    def parse(cls, text: str) -> ShelfLocation:
        m = _SHELF_RE.match(text or "")
        if m is None:
            raise RecordsError(f"{text!r} is not a shelf location: write room-rack-column-layer, e.g. A01-03-05-2")
        return cls(m.group(1).upper(), int(m.group(2)), int(m.group(3)), int(m.group(4)))

    def __str__(self) -> str:
        return f"{self.room}-{self.rack:02d}-{self.column:02d}-{self.layer}"

    def zh(self) -> str:
        return f"{self.room}库房 {self.rack:02d}列 {self.column:02d}节 {self.layer}层"


def item_range(volume_numbers: list[int], width: int = 4) -> str:
    """First–last volume numbers of a box, e.g. ``0001–0005`` (``""`` for an empty box)."""
    if not volume_numbers:
        return ""
    lo, hi = min(volume_numbers), max(volume_numbers)
    return f"{lo:0{width}d}" if lo == hi else f"{lo:0{width}d}–{hi:0{width}d}"


def gaps(numbers: list[int]) -> list[int]:
    """Numbers missing from 1..max(numbers) (DA/T 70 integrity: numbering without gaps)."""
    have = set(numbers)
    return [n for n in range(1, max(have, default=0) + 1) if n not in have]


def parse_records_config(data: dict[str, Any]) -> tuple[RecordsConfig | None, list[Problem]]:
    problems: list[Problem] = []

    def text(key: str, table: dict, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"{where}{key}", "must be a non-empty string"))
            return ""
        return value.strip()

    fonds = text("fonds", data, "")
    organisation = text("organisation", data, "")
    default_category = text("default_category", data, "")
    categories = data.get("categories", {})
    if not isinstance(categories, dict) or not all(isinstance(v, str) and v for v in categories.values()):
        problems.append(Problem("categories", "must map business types to category codes"))
        categories = {}
    code = box = None
    for key, allowed, counter in (("code_pattern", CODE_FIELDS, "volume"), ("box_pattern", BOX_FIELDS, "box")):
        try:
            compiled = CodePattern.compile(text(key, data, ""), allowed, counter)
        except RecordsError as exc:
            problems.append(Problem(key, str(exc)))
            continue
        if key == "code_pattern":
            code = compiled
        else:
            box = compiled
    retentions: dict[str, Retention] = {}
    for i, row in enumerate(data.get("retention", [])):
        where = f"retention[{i}]."
        if not isinstance(row, dict):
            problems.append(Problem(f"retention[{i}]", "must be a table"))
            continue
        rcode = text("code", row, where)
        years = row.get("years")
        if years is not None and (not isinstance(years, int) or years < 1):
            problems.append(Problem(f"{where}years", "must be a positive number of years, or absent for permanent"))
        if rcode and ("-" in rcode or " " in rcode):
            problems.append(Problem(f"{where}code", "must not contain '-' or spaces"))
        retentions[rcode] = Retention(rcode, text("name_zh", row, where), text("name_en", row, where), years)
    if not retentions:
        problems.append(Problem("retention", "the retention table is empty"))
    by_type = data.get("retention_by_type", {})
    if not isinstance(by_type, dict):
        problems.append(Problem("retention_by_type", "must be a table"))
        by_type = {}
    for btype, rcode in by_type.items():
        if rcode not in retentions:
            problems.append(Problem(f"retention_by_type.{btype}", f"unknown retention code {rcode!r}"))
    default_retention = text("default_retention", data, "")
    if default_retention and default_retention not in retentions:
        problems.append(Problem("default_retention", f"unknown retention code {default_retention!r}"))
    default_security = data.get("default_security", "internal")
    try:
        check_security(default_security)
    except RecordsError as exc:
        problems.append(Problem("default_security", str(exc)))
    label_data = data.get("label", {})
    known = LabelTexts.__dataclass_fields__
    unknown = [k for k in label_data if k not in known]
    if unknown:
        problems.append(Problem("label", f"unknown keys {unknown}"))
    label = LabelTexts(**{k: str(v) for k, v in label_data.items() if k in known})
    if problems or code is None or box is None:
        return None, problems
    return RecordsConfig(
        fonds,
        organisation,
        default_category,
        dict(categories),
        code,
        box,
        retentions,
        dict(by_type),
        default_retention,
        default_security,
        label,
    ), []
