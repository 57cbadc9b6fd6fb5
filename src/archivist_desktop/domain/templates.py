"""Business-type templates: the steps of a business type and the documents each step needs.

Templates are data (``resources/templates/*.toml``); this module turns a parsed TOML
mapping into frozen value objects and reports every problem with its location.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivist_desktop.errors import BadInput

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


#: layouts a document type may declare in ``[steps.documents.identify]`` (see domain/doc_identity.py)
LAYOUTS = frozenset(
    {"id_card_front", "id_card_back", "id_card", "business_licence", "identity", "form", "table", "letter"}
    | {"drawing", "receipt", "certificate"}
)
#: key fields a document type may ask to cross-check with the work order
KEY_FIELDS = frozenset({"customer_name", "account_no", "id_number", "id_name"})


@dataclass(frozen=True)
class Identify:
    """What identifies a document type on the page (``[steps.documents.identify]``); all optional."""

    titles: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    layout: str | None = None
    has_signature: bool = False
    has_seal: bool = False
    fields: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.titles or self.keywords or self.layout)


@dataclass(frozen=True)
class DocumentType:
    id: str
    name_zh: str
    name_en: str
    required: bool
    identify: Identify = Identify()


@dataclass(frozen=True)
class Step:
    number: int
    name_zh: str
    name_en: str
    time_limit_days: int | None
    documents: tuple[DocumentType, ...]


@dataclass(frozen=True)
class Template:
    id: str
    name_zh: str
    name_en: str
    steps: tuple[Step, ...]
    review_levels: int = 1

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(f"template {self.id!r} has no step {number}")

    def document_names(self, step: int, document_type: str) -> tuple[str, str]:
        """(Chinese, English) name of a document type at a step; the id itself when unknown."""
        for s in self.steps:
            if s.number == step:
                for doc in s.documents:
                    if doc.id == document_type:
                        return doc.name_zh, doc.name_en
        return document_type, document_type

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "steps": [
                {
                    "number": s.number,
                    "name_zh": s.name_zh,
                    "name_en": s.name_en,
                    "time_limit_days": s.time_limit_days,
                    "documents": [
                        {"id": d.id, "name_zh": d.name_zh, "name_en": d.name_en, "required": d.required}
                        for d in s.documents
                    ],
                }
                for s in self.steps
            ],
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it is (``steps[3].documents[0].id``)."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class TemplateError(BadInput):
    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(str(p) for p in problems))


def _text(data: dict, key: str, where: str, problems: list[Problem]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(f"{where}{key}", "missing or empty text"))
        return ""
    return value.strip()


def _strings(raw: dict, key: str, where: str, problems: list[Problem]) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(f"{where}{key}", "must be a list of non-empty strings"))
        return ()
    return tuple(v.strip() for v in value)


def parse_identify(raw: object, where: str, problems: list[Problem]) -> Identify:
    """Validate one ``[steps.documents.identify]`` table (``where`` ends with ``identify.``)."""
    if raw is None:
        return Identify()
    if not isinstance(raw, dict):
        problems.append(Problem(where.rstrip("."), "must be a table"))
        return Identify()
    known = {"titles", "keywords", "layout", "has_signature", "has_seal", "fields"}
    for key in sorted(set(raw) - known):
        problems.append(Problem(f"{where}{key}", f"unknown key (known: {', '.join(sorted(known))})"))
    titles = _strings(raw, "titles", where, problems)
    for t in titles:
        try:
            re.compile(t)
        except re.error as exc:
            problems.append(Problem(f"{where}titles", f"{t!r} is not a valid pattern: {exc}"))
    keywords = _strings(raw, "keywords", where, problems)
    layout = raw.get("layout")
    if layout is not None and layout not in LAYOUTS:
        problems.append(Problem(f"{where}layout", f"must be one of {', '.join(sorted(LAYOUTS))}"))
        layout = None
    flags = {}
    for key in ("has_signature", "has_seal"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            problems.append(Problem(f"{where}{key}", "must be true or false"))
            value = False
        flags[key] = value
    fields = _strings(raw, "fields", where, problems)
    for f in fields:
        if f not in KEY_FIELDS:
            problems.append(Problem(f"{where}fields", f"unknown field {f!r} (known: {', '.join(sorted(KEY_FIELDS))})"))
    return Identify(titles, keywords, layout, flags["has_signature"], flags["has_seal"], fields)


def parse_template(data: dict[str, Any]) -> tuple[Template | None, list[Problem]]:
    """Validate a template mapping; return the template (or ``None``) and every problem found."""
    problems: list[Problem] = []
    tid = data.get("id")
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        problems.append(Problem("id", "must be lower-case letters, digits and underscores, starting with a letter"))
    name_zh = _text(data, "name_zh", "", problems)
    name_en = _text(data, "name_en", "", problems)
    review_levels = data.get("review_levels", 1)
    if not isinstance(review_levels, int) or isinstance(review_levels, bool) or not 1 <= review_levels <= 3:
        problems.append(Problem("review_levels", "must be an integer from 1 to 3"))
        review_levels = 1
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(Problem("steps", "a template needs at least one [[steps]] table"))
        raw_steps = []
    seen_docs: dict[str, str] = {}
    for i, raw in enumerate(raw_steps):
        where = f"steps[{i}]."
        if not isinstance(raw, dict):
            problems.append(Problem(f"steps[{i}]", "must be a table"))
            continue
        number = raw.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number != i + 1:
            problems.append(Problem(f"{where}number", f"must be {i + 1} (steps are numbered 1, 2, 3 … in order)"))
        s_zh = _text(raw, "name_zh", where, problems)
        s_en = _text(raw, "name_en", where, problems)
        limit = raw.get("time_limit_days")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
            problems.append(Problem(f"{where}time_limit_days", "must be a positive whole number of working days"))
            limit = None
        docs: list[DocumentType] = []
        raw_docs = raw.get("documents", [])
        if not isinstance(raw_docs, list):
            problems.append(Problem(f"{where}documents", "must be a list of [[steps.documents]] tables"))
            raw_docs = []
        for j, rd in enumerate(raw_docs):
            dwhere = f"{where}documents[{j}]."
            if not isinstance(rd, dict):
                problems.append(Problem(f"{where}documents[{j}]", "must be a table"))
                continue
            did = rd.get("id")
            if not isinstance(did, str) or not _ID_RE.match(did):
                problems.append(Problem(f"{dwhere}id", "must be lower-case letters, digits and underscores"))
                did = ""
            elif did in seen_docs:
                problems.append(Problem(f"{dwhere}id", f"duplicate document id {did!r} (first at {seen_docs[did]})"))
            else:
                seen_docs[did] = f"{where}documents[{j}]"
            required = rd.get("required", False)
            if not isinstance(required, bool):
                problems.append(Problem(f"{dwhere}required", "must be true or false"))
                required = False
            d_zh = _text(rd, "name_zh", dwhere, problems)
            d_en = _text(rd, "name_en", dwhere, problems)
            identify = parse_identify(rd.get("identify"), f"{dwhere}identify.", problems)
            docs.append(DocumentType(did, d_zh, d_en, required, identify))
        steps.append(Step(number if isinstance(number, int) else i + 1, s_zh, s_en, limit, tuple(docs)))
    if problems:
        return None, problems
    assert isinstance(tid, str)  # checked above: a bad id is a problem
    return Template(tid, name_zh, name_en, tuple(steps), review_levels), []


#: rules files are a few kilobytes; anything much larger is not one
MAX_TOML_BYTES = 4 * 1024 * 1024


def read_toml(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """A TOML file's table, or one problem saying in one line why it cannot be read.

    A binary file, text that is not UTF-8, a NUL character, a file too large or nested too deeply
    (which would exhaust the parser's recursion) are problems, never exceptions.
    """
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_TOML_BYTES + 1)
    except OSError as exc:
        return None, [Problem("", f"cannot read file: {exc.strerror or exc}")]
    if len(raw) > MAX_TOML_BYTES:
        return None, [Problem("", f"not a rules file: larger than {MAX_TOML_BYTES // (1024 * 1024)} MB")]
    if b"\x00" in raw:
        return None, [Problem("", "not a TOML text file (binary data: it contains NUL bytes)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem("", f"not a TOML text file (not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x})")]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem("", f"not valid TOML: {exc}")]
    except RecursionError:
        return None, [Problem("", "not valid TOML: arrays or tables nested too deeply")]


def load_template_file(path: Path) -> tuple[Template | None, list[Problem]]:
    data, problems = read_toml(path)
    if data is None:
        return None, problems
    template, problems = parse_template(data)
    if template is not None and template.id != path.stem:
        return None, [Problem("id", f"must match the file name {path.stem!r}")]
    return template, problems


def load_templates(directory: Path) -> dict[str, Template]:
    """Load every ``*.toml`` template of a directory; raise :class:`TemplateError` on the first bad file."""
    templates: dict[str, Template] = {}
    for path in sorted(directory.glob("*.toml")):
        template, problems = load_template_file(path)
        if template is None:
            raise TemplateError(str(path), problems)
        templates[template.id] = template
    return templates
