"""Generated document pages with known text, one per document type of every template.

Each page is an A4 form as a business hall would receive it: the document type's ``name_zh``
as the title, the business (template) name, the customer's name, 户号, ID number, address and
date, a few lines of body text with English words and digits, a ruled table, a handwriting-like
signature and a red seal, rendered with the CJK fonts on this machine (Noto Serif/Sans CJK SC) at
``dpi`` (200 dpi: 1654×2339 px).  ``photo=True`` turns the scan into a document-camera photo:
slight perspective on a desk, uneven light, blur, sensor noise and JPEG quality 85–92.

The returned truth is the printed text in reading order (rows top to bottom, cells of a row
left to right, joined by a space; lines by "\\n"); the seal and the signature strokes are not
text.  Deterministic from ``seed``.

Usage (``bench/`` on ``sys.path``)::

    from textpages import document_types, make_page, random_fields
    for template_id, doc_id, name_zh in document_types():
        image, truth = make_page(template_id, doc_id, fields=random_fields(7), seed=7)
"""

from __future__ import annotations

import functools
import math
import tomllib
from pathlib import Path

import cv2
import numpy as np

__all__ = ["document_types", "gb11643_check_digit", "make_page", "random_fields"]

_ROOT = Path(__file__).resolve().parent.parent
_TEMPLATES = _ROOT / "resources" / "templates"
_FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts")]

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉志宏德林海波宁鑫"
    "晨雪梅琳慧颖斌俊峰浩然子轩欣怡思远博文嘉怡雨泽"
)
_CITIES = (
    "北京市海淀区",
    "上海市浦东新区",
    "广州市天河区",
    "成都市武侯区",
    "武汉市洪山区",
    "西安市雁塔区",
    "杭州市西湖区",
    "南京市鼓楼区",
)
_ROADS = ("中关村大街", "人民路", "解放路", "建设路", "和平街", "长江路", "工业园东路", "滨江大道", "文化路", "新华街")
_BODY = (
    "根据供电营业规则和国家有关规定，经双方协商一致，办理本项用电业务。",
    "用电人应如实提供身份证明、产权证明等资料，并对资料的真实性负责。",
    "供电人按照用电人申请的容量和用电性质，确定供电方案并予以答复。",
    "计量装置安装在产权分界点，电能表及互感器由供电人负责校验和维护。",
    "电费按月结算，用电人应在规定期限内足额交清电费，逾期按约定计收违约金。",
    "受电工程竣工后，用电人应向供电人提出竣工检验申请，并提交相关资料。",
    "营业厅工作人员核对原件后，将复印件归入客户档案，一户一档保存。",
    "现场勘查确认配电室位置符合要求，进线电缆路径清晰，具备接入条件。",
)
_LATIN = (
    "Contract No. GW-{n4}-{n5}, capacity {kva} kVA, voltage 10 kV.",
    "Meter ID DDZY{n5}{n4}, rated current 5(60) A, 220 V.",
    "Service hotline 95598, reference {n4}{n5}.",
    "Transformer S13-{kva}/10, serial No. {n5}.",
)
_TABLE_HEAD = ("项目", "数量", "单位", "备注")
_TABLE_ROWS = (
    ("电能表", "1", "只", "三相四线"),
    ("互感器", "3", "台", "电流比200/5"),
    ("低压电缆", "120", "米", "YJV22-4×95"),
    ("计量箱", "1", "个", "不锈钢"),
    ("断路器", "2", "台", "400A"),
    ("接地装置", "1", "套", "扁钢"),
    ("变压器", "1", "台", "S13型"),
    ("表前开关", "1", "只", "63A"),
)


@functools.cache
def _templates() -> list[dict]:
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(_TEMPLATES.glob("*.toml"))]


def document_types() -> list[tuple[str, str, str]]:
    """(template id, document id, document name_zh) of every document type of every template."""
    out = []
    for t in _templates():
        for step in t.get("steps", []):
            for doc in step.get("documents", []):
                out.append((t["id"], doc["id"], doc["name_zh"]))
    return out


def _lookup(template_id: str, doc_id: str) -> tuple[str, str]:
    for t in _templates():
        if t["id"] != template_id:
            continue
        for step in t.get("steps", []):
            for doc in step.get("documents", []):
                if doc["id"] == doc_id:
                    return t["name_zh"], doc["name_zh"]
        raise KeyError(f"template {template_id!r} has no document {doc_id!r}")
    raise KeyError(f"no template {template_id!r}")


def gb11643_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits of a resident ID number."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    s = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return "10X98765432"[s % 11]


def random_fields(seed: int) -> dict[str, str]:
    """A customer's fields: ``customer_name, account_no, address, id_number, date`` (valid ID check digit)."""
    rng = np.random.default_rng(seed + 7_000_003)
    name = _SURNAMES[int(rng.integers(len(_SURNAMES)))] + "".join(
        _GIVEN[int(rng.integers(len(_GIVEN)))] for _ in range(int(rng.integers(1, 3)))
    )
    account = "".join(str(int(d)) for d in rng.integers(0, 10, 10))
    account = str(int(rng.integers(1, 10))) + account[1:]
    city = _CITIES[int(rng.integers(len(_CITIES)))]
    address = f"{city}{_ROADS[int(rng.integers(len(_ROADS)))]}{int(rng.integers(1, 300))}号"
    if rng.random() < 0.5:
        address += f"{int(rng.integers(1, 30))}栋{int(rng.integers(1, 6))}单元{int(rng.integers(101, 2800))}室"
    year, month, day = int(rng.integers(1950, 2005)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    first17 = f"{int(rng.integers(110000, 660000)):06d}{year:04d}{month:02d}{day:02d}{int(rng.integers(0, 1000)):03d}"
    id_number = first17 + gb11643_check_digit(first17)
    date = f"{int(rng.integers(2024, 2027))}年{int(rng.integers(1, 13))}月{int(rng.integers(1, 29))}日"
    return {"customer_name": name, "account_no": account, "address": address, "id_number": id_number, "date": date}


@functools.cache
def _font_path(kind: str) -> str | None:
    names = {
        "serif": ["NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc"],
        "sans": ["NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc"],
        "bold": ["NotoSansCJK-Bold.ttc", "NotoSerifCJK-Bold.ttc", "NotoSansCJK-Regular.ttc"],
    }[kind]
    for d in _FONT_DIRS:
        for n in names:
            if (d / n).is_file():
                return str(d / n)
    for d in _FONT_DIRS:
        for p in sorted(d.rglob("*CJK*")):
            return str(p)
    return None


@functools.lru_cache(maxsize=64)
def _font(kind: str, size: int):
    from PIL import ImageFont

    path = _font_path(kind)
    if path is None:
        raise RuntimeError("no CJK font installed (fonts-noto-cjk)")
    return ImageFont.truetype(path, size, index=2 if path.endswith(".ttc") else 0)  # 2: Simplified Chinese


def _render(template_name: str, doc_name: str, fields: dict[str, str], seed: int, dpi: int) -> tuple[np.ndarray, str]:
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    mm = dpi / 25.4
    W, H = round(210 * mm), round(297 * mm)
    paper = tuple(int(v) for v in rng.integers(236, 250, 3))
    img = Image.new("RGB", (W, H), paper)
    d = ImageDraw.Draw(img)
    ink = (20, 20, 25)
    lines: list[str] = []
    body_kind = "serif" if rng.random() < 0.6 else "sans"
    fsize = round(rng.uniform(3.8, 4.6) * mm)
    f = _font(body_kind, fsize)
    line_h = round(fsize * rng.uniform(1.75, 2.0))
    mx = round(rng.uniform(20, 26) * mm)
    y = round(rng.uniform(18, 26) * mm)

    # title and business
    ft = _font("bold", round(7.5 * mm))
    tw = d.textlength(doc_name, font=ft)
    if tw > W - 2 * mx:
        ft = _font("bold", round(7.5 * mm * (W - 2 * mx) / tw))
        tw = d.textlength(doc_name, font=ft)
    d.text(((W - tw) / 2, y), doc_name, font=ft, fill=ink)
    lines.append(doc_name)
    y += round(15 * mm)
    no = f"编号：{int(rng.integers(2024, 2027))}{int(rng.integers(0, 10**6)):06d}"
    biz = f"业务类型：{template_name}"
    d.text((mx, y), biz, font=f, fill=ink)
    d.text((W - mx - d.textlength(no, font=f), y), no, font=f, fill=ink)
    lines.append(f"{biz} {no}")
    y += line_h + round(2 * mm)

    # the customer's fields, two per row where they fit
    rows = [
        (f"客户名称：{fields['customer_name']}", f"户号：{fields['account_no']}"),
        (f"证件号码：{fields['id_number']}", None),
        (f"用电地址：{fields['address']}", None),
        (f"联系电话：1{int(rng.integers(30, 90))}{int(rng.integers(0, 10**8)):08d}", f"申请日期：{fields['date']}"),
    ]
    for left, right in rows:
        d.text((mx, y), left, font=f, fill=ink)
        if right:
            d.text((W // 2 + round(10 * mm), y), right, font=f, fill=ink)
            lines.append(f"{left} {right}")
        else:
            lines.append(left)
        y += line_h
    y += round(3 * mm)

    # body text with a Latin/digit line
    n4, n5 = f"{int(rng.integers(0, 10**4)):04d}", f"{int(rng.integers(0, 10**5)):05d}"
    kva = str(int(rng.choice([50, 80, 100, 160, 200, 250, 315, 400, 630, 800])))
    sentences = [_BODY[int(i)] for i in rng.permutation(len(_BODY))[: int(rng.integers(3, 5))]]
    latin = _LATIN[int(rng.integers(len(_LATIN)))].format(n4=n4, n5=n5, kva=kva)
    sentences.insert(int(rng.integers(1, len(sentences))), latin)
    width = W - 2 * mx
    for s in sentences:
        # wrap by measured width; the first line of a paragraph is indented by two characters
        indent = 2 * fsize if not s.isascii() else 0
        cur = ""
        x0 = mx + indent
        for ch in s:
            if d.textlength(cur + ch, font=f) > width - (x0 - mx):
                d.text((x0, y), cur, font=f, fill=ink)
                lines.append(cur.strip())
                y += line_h
                cur, x0 = ch.lstrip(), mx
            else:
                cur += ch
        if cur.strip():
            d.text((x0, y), cur, font=f, fill=ink)
            lines.append(cur.strip())
            y += line_h
    y += round(4 * mm)

    # a ruled table
    cols = 4
    col_w = [0.3, 0.16, 0.14, 0.4]
    body = [_TABLE_ROWS[int(i)] for i in rng.permutation(len(_TABLE_ROWS))[: int(rng.integers(3, 6))]]
    row_h = round(10 * mm)
    lw = max(1, round(0.3 * mm))
    fc = _font(body_kind, round(fsize * 0.92))
    xs = [mx]
    for c in col_w:
        xs.append(xs[-1] + round(c * width))
    xs[-1] = W - mx
    table = [_TABLE_HEAD, *body]
    for r in range(len(table) + 1):
        d.line([(xs[0], y + r * row_h), (xs[-1], y + r * row_h)], fill=ink, width=lw)
    for x in xs:
        d.line([(x, y), (x, y + len(table) * row_h)], fill=ink, width=lw)
    for r, row in enumerate(table):
        for c in range(cols):
            d.text((xs[c] + round(2.5 * mm), y + r * row_h + round(2.2 * mm)), row[c], font=fc, fill=ink)
        lines.append(" ".join(row))
    y += len(table) * row_h + round(8 * mm)

    # declaration, signature and date
    decl = "以上信息经本人确认属实。"
    d.text((mx, y), decl, font=f, fill=ink)
    lines.append(decl)
    y += line_h + round(6 * mm)
    sig_label = "申请人（签字）："
    d.text((mx, y), sig_label, font=f, fill=ink)
    lines.append(sig_label)
    sx = mx + d.textlength(sig_label, font=f) + 2 * mm
    t = np.linspace(0, 1, 160)
    amp = rng.uniform(3, 6) * mm
    for k in range(int(rng.integers(2, 4))):
        ph = rng.uniform(0, 2 * math.pi)
        px = sx + t * 42 * mm + k * 5 * mm
        py = (
            y
            + 0.5 * fsize
            + amp * np.sin(2 * np.pi * (2 + k) * t + ph) * np.exp(-1.5 * t)
            + rng.normal(0, 0.1 * mm, t.size)
        )
        d.line(
            list(zip(px.tolist(), py.tolist(), strict=True)),
            fill=(90, 35, 25),
            width=max(2, round(0.5 * mm)),
            joint="curve",
        )
    y += line_h + round(4 * mm)
    date_line = f"日期：{fields['date']}"
    d.text((mx, y), date_line, font=f, fill=ink)
    lines.append(date_line)

    # a red seal to the right of the signature (not text of the truth)
    cx, cy, rad = W - mx - round(28 * mm), y - round(8 * mm), round(20 * mm)
    seal = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    sd = ImageDraw.Draw(seal)
    red = (215, 30, 35, 185)
    sd.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], outline=red, width=max(2, round(1.2 * mm)))
    star = []
    for k in range(10):
        rr = 6 * mm if k % 2 == 0 else 2.4 * mm
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    sd.polygon(star, fill=red)
    fs = _font("bold", round(4.2 * mm))
    label = "国网供电公司业务专用章"
    for k, ch in enumerate(label):
        a = math.radians(-200 + k * 220 / (len(label) - 1))
        sd.text((cx + 0.72 * rad * math.cos(a) - 2 * mm, cy + 0.72 * rad * math.sin(a) - 2 * mm), ch, font=fs, fill=red)
    img = Image.alpha_composite(img.convert("RGBA"), seal).convert("RGB")
    return np.asarray(img)[:, :, ::-1].copy(), "\n".join(lines)


def _photo(page: np.ndarray, seed: int) -> np.ndarray:
    """The page as a document camera sees it: on a desk, slight perspective, light, blur, noise, JPEG."""
    rng = np.random.default_rng(seed + 424_242)
    h, w = page.shape[:2]
    pad = round(0.05 * max(h, w))
    H, W = h + 2 * pad, w + 2 * pad
    j = 0.012 * max(h, w)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[pad, pad], [pad + w, pad], [pad + w, pad + h], [pad, pad + h]]) + rng.uniform(
        -j, j, (4, 2)
    ).astype(np.float32)
    M = cv2.getPerspectiveTransform(src, dst)
    desk = np.empty((H, W, 3), np.uint8)
    desk[:] = rng.integers(40, 90, 3).astype(np.uint8)
    out = cv2.warpPerspective(page, M, (W, H), dst=desk, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT)
    # uneven light: a smooth gradient of ±8 %
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, 2)
    light = 1.0 + 0.08 * (gx * (xx / W - 0.5) + gy * (yy / H - 0.5)) * 2
    img = out.astype(np.float32) * light[..., None]
    img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.6, 1.1)))
    img += rng.normal(0, 2.5, img.shape[:2])[..., None]
    img8 = np.clip(img, 0, 255).astype(np.uint8)
    _ok, buf = cv2.imencode(".jpg", img8, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(85, 93))])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def make_page(
    template_id: str, doc_id: str, *, fields: dict[str, str], seed: int, dpi: int = 200, photo: bool = False
) -> tuple[np.ndarray, str]:
    """A page of ``doc_id`` (of template ``template_id``) filled with ``fields``: (BGR image, truth text)."""
    template_name, doc_name = _lookup(template_id, doc_id)
    page, truth = _render(template_name, doc_name, fields, seed, dpi)
    if photo:
        page = _photo(page, seed)
    return page, truth


if __name__ == "__main__":  # python bench/textpages.py OUT_DIR: write a few pages to look at
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/textpages")
    out.mkdir(parents=True, exist_ok=True)
    for i, (tid, did, _name) in enumerate(document_types()[:: max(1, len(document_types()) // 4)]):
        for photo in (False, True):
            im, tr = make_page(tid, did, fields=random_fields(i), seed=i, photo=photo)
            stem = f"{tid}-{did}{'-photo' if photo else ''}"
            cv2.imwrite(str(out / f"{stem}.jpg"), im)
            (out / f"{stem}.txt").write_text(tr + "\n", encoding="utf-8")
            print(out / f"{stem}.jpg", im.shape)
