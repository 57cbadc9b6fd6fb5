"""Is this the right document?  Document-type scores, key fields and their cross-check (issue #18).

Pure functions over a page's OCR text lines (top to bottom, as the OCR engine returns them) and the
``[steps.documents.identify]`` declarations of the templates (:class:`~archivist_desktop.domain.templates.Identify`).
Stdlib only.

* :func:`score` — how well a page's text matches one document type's declaration, 0 … 1: a title
  pattern in the top lines (the stronger the more of the line it covers, so ``供电方案`` scores lower on
  a line ``供电方案答复单`` than ``供电方案答复单`` itself), the share of the keywords found anywhere,
  the share of a layout's fixed words (an ID card's 姓名/性别/民族/出生/住址/公民身份号码), a
  signature line and a red seal when declared.
* :func:`guess` — the best-scoring document type of a set, or ``None`` under :data:`GUESS_MIN`.
* :func:`check_slot` — a ``wrong_document`` :class:`Finding` when another document type of the
  template clearly matches better than the slot's own (:data:`WRONG_MIN`, :data:`WRONG_MARGIN`).
  A page with no title or keywords of any type (page 2 of a contract, a photo) is never flagged.
* :func:`id_number_valid` — GB 11643-1999: 18 characters, region, a real birth date, ISO 7064
  MOD 11-2 check character (``X`` for 10).
* :func:`extract_fields` / :func:`cross_check` — customer name, 户号, ID number and the name on an
  ID card; ``field_mismatch`` findings with both values.  Names are compared after NFKC and with all
  whitespace removed; see :func:`names_match` for the one tolerated OCR substitution.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from archivist_desktop.domain.templates import Identify

__all__ = [
    "Finding",
    "check_slot",
    "cross_check",
    "extract_fields",
    "guess",
    "id_number_valid",
    "names_match",
    "normalise",
    "score",
]

#: how many lines from the top a title is looked for at full weight (below: half weight)
TOP_LINES = 6
#: the lowest score :func:`guess` names a document type at
GUESS_MIN = 0.45
#: another type must score at least this …
WRONG_MIN = 0.5
#: … and this much more than the slot's own type for ``wrong_document``
WRONG_MARGIN = 0.2

#: fixed words printed on a layout, looked for anywhere on the page
LAYOUT_WORDS: dict[str, tuple[str, ...]] = {
    "id_card_front": ("姓名", "性别", "民族", "出生", "住址", "公民身份号码"),
    "id_card_back": ("中华人民共和国", "居民身份证", "签发机关", "有效期限"),
    "business_licence": ("营业执照", "统一社会信用代码", "法定代表人", "注册资本", "成立日期", "经营范围", "登记机关"),
    "form": ("填表", "日期", "签字"),
    "table": ("序号", "合计"),
    "letter": ("此致", "特此"),
    "drawing": ("比例", "图号", "设计"),
    "receipt": ("金额", "收款", "合计"),
    "certificate": ("证书", "编号", "有效期"),
}
#: layouts that are any one of several: a resident ID card (either side), any identity document
LAYOUT_ANY: dict[str, tuple[str, ...]] = {
    "id_card": ("id_card_front", "id_card_back"),
    "identity": ("id_card_front", "id_card_back", "business_licence"),
}
SIGNATURE_WORDS = ("签字", "签名", "签章", "盖章", "(章)", "签收")

_W_TITLE = 0.6
_W_KEYWORDS = 0.3
_W_LAYOUT = 0.4
_W_SIGNATURE = 0.1
_W_SEAL = 0.1

_SPACE = re.compile(r"\s+")
_PARENS = re.compile(r"\([^()]*\)")


def normalise(text: str) -> str:
    """NFKC (full- and half-width alike), no whitespace, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Finding:
    """One content finding on a page: ``wrong_document`` (with ``looks_like``) or ``field_mismatch``."""

    reason: str
    looks_like: str | None = None
    score: float | None = None
    field: str | None = None
    expected: str | None = None
    found: str | None = None


def _patterns(titles: Iterable[str]) -> list[re.Pattern[str]]:
    out = []
    for t in titles:
        try:
            out.append(re.compile(normalise(t)))
        except re.error:  # the template parser reports these; a bad one here simply never matches
            continue
    return out


def _title_score(titles: Sequence[str], lines: Sequence[str]) -> float:
    """The best line's title value: 0.5 + 0.5 × the share of the line covered by title matches (all
    patterns together: ``身份证明/营业执照`` is covered by ``身份证明`` and ``营业执照``), halved below
    the top :data:`TOP_LINES` lines.  Parenthesised parts of a line (``收费凭证（临时接电费）``) do not count."""
    best = 0.0
    pats = _patterns(titles)
    for i, full in enumerate(lines):
        line = _PARENS.sub("", full) or full
        covered = [False] * len(line)
        for p in pats:
            for m in p.finditer(line):
                for k in range(m.start(), m.end()):
                    covered[k] = True
        n = sum(covered)
        if n:
            value = (0.5 + 0.5 * n / len(line)) * (1.0 if i < TOP_LINES else 0.5)
            best = max(best, value)
    return best


def _share(words: Sequence[str], text: str) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if normalise(w) in text) / len(words)


def score(identify: Identify, text_lines: Sequence[str], *, seal: bool | None = None) -> float:
    """How well the page's text matches the declaration, 0 … 1 (0 for an empty declaration or page).

    ``seal``: whether a red seal was found on the page image (``None``: not looked for, the
    declaration's ``has_seal`` then does not count).
    """
    lines = [n for n in (normalise(t) for t in text_lines) if n]
    if not lines or identify.empty:
        return 0.0
    text = "".join(lines)
    parts: list[tuple[float, float]] = []
    if identify.titles:
        parts.append((_W_TITLE, _title_score(identify.titles, lines)))
    if identify.keywords:
        parts.append((_W_KEYWORDS, _share(identify.keywords, text)))
    if identify.has_signature:
        parts.append((_W_SIGNATURE, 1.0 if any(normalise(w) in text for w in SIGNATURE_WORDS) else 0.0))
    if identify.has_seal and seal is not None:
        parts.append((_W_SEAL, 1.0 if seal else 0.0))
    total = sum(w for w, _ in parts)
    value = sum(w * v for w, v in parts) / total if total else 0.0
    if identify.layout:  # a layout's fixed words only ever raise the score (a photo of one side of a card)
        layouts = LAYOUT_ANY.get(identify.layout, (identify.layout,))
        share = max(_share(LAYOUT_WORDS.get(lay, ()), text) for lay in layouts)
        value = max(value, (sum(w * v for w, v in parts) + _W_LAYOUT * share) / (total + _W_LAYOUT))
    return value


def guess(
    candidates: Mapping[str, Identify], text_lines: Sequence[str], *, seal: bool | None = None
) -> tuple[str | None, float]:
    """The best-matching document type and its score; ``(None, best score)`` under :data:`GUESS_MIN`.

    Ties go to the first candidate in the mapping's order.
    """
    best_id: str | None = None
    best = 0.0
    for doc_id, identify in candidates.items():
        s = score(identify, text_lines, seal=seal)
        if s > best:
            best_id, best = doc_id, s
    if best < GUESS_MIN:
        return None, best
    return best_id, best


def check_slot(
    identify_of_slot: Identify,
    all_identifies: Mapping[str, Identify],
    text_lines: Sequence[str],
    *,
    slot_id: str | None = None,
    seal: bool | None = None,
) -> Finding | None:
    """``wrong_document`` when another document type clearly matches the page better than its slot.

    ``all_identifies``: the document types the page could have been filed under (the template's);
    the slot itself (``slot_id``, else every entry equal to ``identify_of_slot``) and types declared
    exactly like it (they cannot be told apart by their text) are not candidates.
    """
    others = {d: i for d, i in all_identifies.items() if d != slot_id and i != identify_of_slot and not i.empty}
    if not others:
        return None
    own = score(identify_of_slot, text_lines, seal=seal)
    other_id, other = guess(others, text_lines, seal=seal)
    if other_id is None or other < WRONG_MIN or other - own < WRONG_MARGIN:
        return None
    return Finding("wrong_document", looks_like=other_id, score=round(other, 3))


# --- ID numbers (GB 11643-1999) -----------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"(?<!\d)[1-9]\d{16}[\dX](?![\dX])")


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_valid(s: str, *, today: date | None = None) -> bool:
    """Whether ``s`` is a well-formed resident ID number: 18 characters (``x`` read as ``X``), a known
    region digit (1 … 8), a birth date from 1900 to today, the right check character."""
    n = normalise(s).upper()
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return False
    if n[0] not in "12345678":  # GB/T 2260 region codes start 1 … 8
        return False
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= (today or date.today()):
        return False
    return id_check_char(n[:17]) == n[17]


# --- key fields -------------------------------------------------------------------------------

_NAME_LABELS = ("客户名称", "用户名称", "用电人名称", "户名", "户主姓名", "申请人名称", "单位名称")
_SEP = r"[:：]?"
_COLON = r"[:：]"
_NAME_VALUE = r"([\u4e00-\u9fff·A-Za-z0-9()（）]{2,40})"
_LABEL_RE = re.compile("(" + "|".join(_NAME_LABELS) + ")" + _COLON + _NAME_VALUE)
_ACCOUNT_RE = re.compile(r"(?:户号|用户编号|客户编号)" + _SEP + r"([0-9OoIl]{6,20})")
_ID_NAME_RE = re.compile(r"^姓名" + _SEP + r"([\u4e00-\u9fff·]{2,6})")
#: labels that end a value when OCR merged two table cells into one line
_STOPS = re.compile(r"(户号|地址|电话|联系|证件|身份证|日期|用户编号|客户编号|性别|民族|账号|编号).*$")
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


def _value_after(m: re.Match[str]) -> str:
    return _STOPS.sub("", m.group(2))


def extract_fields(text_lines: Sequence[str]) -> dict[str, str]:
    """Key fields found on the page: ``customer_name``, ``account_no`` (户号), ``id_number`` (the
    first 18-character ID-number-shaped run, valid or not) and ``id_name`` (姓名 on an ID card).

    A label alone on its line takes the next line as its value (OCR often splits table cells).
    """
    lines = [n for n in (normalise(t) for t in text_lines) if n]
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if "customer_name" not in fields:
            m = _LABEL_RE.search(line)
            if m is None and any(line.rstrip(":：") == label for label in _NAME_LABELS) and nxt:
                m = _LABEL_RE.search(line.rstrip(":：") + ":" + nxt)
            if m is not None:
                value = _value_after(m)
                if len(value) >= 2:
                    fields["customer_name"] = value
        if "account_no" not in fields:
            m = _ACCOUNT_RE.search(line)
            if m is None and line.rstrip(":：") in ("户号", "用户编号", "客户编号") and nxt:
                m = _ACCOUNT_RE.search(line.rstrip(":：") + nxt)
            if m is not None:
                fields["account_no"] = m.group(1).translate(_DIGIT_FIX)
        if "id_name" not in fields:
            m = _ID_NAME_RE.search(line)
            if m is None and line.rstrip(":：") == "姓名" and nxt:
                m = _ID_NAME_RE.search("姓名" + nxt)
            if m is not None:
                fields["id_name"] = _STOPS.sub("", m.group(1))
        if "id_number" not in fields:
            m = _ID_RE.search(line.upper())
            if m is not None:
                fields["id_number"] = m.group()
    return fields


#: pairs of characters PP-OCR is seen to confuse in printed names (either way)
CONFUSABLE = frozenset(
    frozenset(p)
    for p in ("己已", "已巳", "己巳", "未末", "土士", "日曰", "人入", "天夭", "王玉", "大太", "口囗", "刀力", "千干")
)


def names_match(expected: str, found: str, *, tolerate: int = 0) -> bool:
    """Whether two names are the same after NFKC and whitespace folding.

    ``tolerate``: how many same-position substitutions of confusable characters (:data:`CONFUSABLE`)
    are forgiven.  The default is 0: measured in ``bench/bench_wrongdoc.py`` (field section) — the
    OCR read every generated customer name exactly, so tolerance only hides real mismatches.
    """
    a, b = normalise(expected), normalise(found)
    if a == b:
        return True
    if tolerate <= 0 or len(a) != len(b):
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) <= tolerate and all(frozenset((x, y)) in CONFUSABLE for x, y in diffs)


def cross_check(
    fields: Mapping[str, str], order: Mapping[str, str | None], *, check: Iterable[str] | None = None
) -> list[Finding]:
    """``field_mismatch`` findings for the key fields found on the page against the work order.

    ``order``: ``customer_name`` and ``account_no`` (户号) of the work order's customer.
    ``check``: the fields to check (a slot's ``identify.fields``; default: customer name and 户号).
    ``id_name`` (name on an ID card) is compared with the customer name; ``id_number`` is checked by
    :func:`id_number_valid` (``expected`` is then the number with the right check character, or
    ``None`` when region or birth date are impossible).
    """
    wanted = set(check) if check is not None else {"customer_name", "account_no"}
    out: list[Finding] = []
    name = (order.get("customer_name") or "").strip()
    account = normalise(order.get("account_no") or "")
    if "customer_name" in wanted and name and fields.get("customer_name"):
        if not names_match(name, fields["customer_name"]):
            out.append(Finding("field_mismatch", field="customer_name", expected=name, found=fields["customer_name"]))
    if "account_no" in wanted and account and fields.get("account_no"):
        if normalise(fields["account_no"]) != account:
            out.append(Finding("field_mismatch", field="account_no", expected=account, found=fields["account_no"]))
    if "id_name" in wanted and name and fields.get("id_name"):
        if not names_match(name, fields["id_name"]):
            out.append(Finding("field_mismatch", field="id_name", expected=name, found=fields["id_name"]))
    if "id_number" in wanted and fields.get("id_number"):
        n = fields["id_number"].upper()
        if not id_number_valid(n):
            fixed = n[:17] + id_check_char(n[:17])
            out.append(
                Finding(
                    "field_mismatch",
                    field="id_number",
                    expected=fixed if id_number_valid(fixed) else None,
                    found=n,
                )
            )
    return out
