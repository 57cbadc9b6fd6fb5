"""Full-text search over page texts (#18): the FTS5 trigram index of migration 0008 beside a plain
``LIKE '%…%'`` scan, on generated Chinese page texts (names, addresses, document titles, numbers).

    python bench/bench_search.py [--pages 1000000] [--queries 30] [--db /tmp/archivist_bench_search_N.sqlite3]

The database is built once per page count and reused (delete the file to rebuild).  Queries are four
characters cut at random from texts of the corpus (so they exist), plus four-character words that
are absent; each is run through the same SQL as ``services/page_text.search_text`` (the FTS phrase
``MATCH`` joined to ``page_texts``, ``LIMIT 50``) and through ``LIKE`` (``LIMIT 50``).  Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from pathlib import Path

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅玉兰春梅晓东晓明文斌永刚宏伟"
CITIES = ("杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市")
DISTRICTS = (
    "上城区",
    "拱墅区",
    "西湖区",
    "滨江区",
    "萧山区",
    "余杭区",
    "临平区",
    "钱塘区",
    "富阳区",
    "临安区",
    "海曙区",
    "鄞州区",
)
ROADS = (
    "解放路",
    "中山路",
    "延安路",
    "环城北路",
    "文三路",
    "学院路",
    "莫干山路",
    "体育场路",
    "凤起路",
    "庆春路",
    "建国路",
)
TITLES = (
    "低压居民用电申请表",
    "高压供用电合同",
    "用电报装申请书",
    "居民身份证",
    "营业执照",
    "房屋产权证明",
    "授权委托书",
    "增容申请表",
    "销户申请书",
    "更名过户申请表",
    "临时用电协议",
    "电费结算协议",
    "计量装置装拆单",
    "竣工验收报告",
)
BODY = (
    "经双方协商一致，就供用电事宜达成如下协议",
    "用电人应按时足额缴纳电费",
    "供电人按照国家规定的电能质量标准供电",
    "本合同自双方签字盖章之日起生效",
    "申请人承诺以上信息真实有效",
    "用电性质为居民生活用电",
    "计量方式为高供高计",
    "受电设备总容量为",
    "客户签字",
    "经办人",
    "备注",
)


def page_text(rng: random.Random) -> str:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    addr = f"{rng.choice(CITIES)}{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{rng.randint(1, 999)}号"
    lines = [
        rng.choice(TITLES),
        f"客户名称：{name}",
        f"户号：33{rng.randint(0, 10**8 - 1):08d}",
        f"用电地址：{addr}",
        f"身份证号码：33{rng.randint(0, 10**16 - 1):016d}",
        f"联系电话：1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
    ]
    lines += rng.sample(BODY, rng.randint(3, 7))
    lines.append(f"日期：20{rng.randint(20, 26)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
    return "\n".join(lines)


def build(db: Path, pages: int, seed: int = 7) -> float:
    t0 = time.perf_counter()
    tmp = db.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE page_texts (page_id TEXT PRIMARY KEY, item_id TEXT NOT NULL, text TEXT NOT NULL);
        CREATE VIRTUAL TABLE page_texts_fts USING fts5(text, content='page_texts', content_rowid='rowid',
                                                       tokenize='trigram');
        """
    )
    rng = random.Random(seed)
    batch = []
    for i in range(pages):
        batch.append((f"p{i:08d}", f"i{i // 5:08d}", page_text(rng)))
        if len(batch) == 20000:
            con.executemany("INSERT INTO page_texts VALUES (?, ?, ?)", batch)
            batch.clear()
    if batch:
        con.executemany("INSERT INTO page_texts VALUES (?, ?, ?)", batch)
    con.execute("INSERT INTO page_texts_fts(page_texts_fts) VALUES ('rebuild')")  # one sorted build
    con.commit()
    con.close()
    tmp.rename(db)
    return time.perf_counter() - t0


def timed(con: sqlite3.Connection, sql: str, arg: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    rows = con.execute(sql, (arg,)).fetchall()
    return (time.perf_counter() - t0) * 1000.0, len(rows)


FTS_SQL = (
    "SELECT t.page_id, t.text FROM page_texts_fts f JOIN page_texts t ON t.rowid = f.rowid "
    "WHERE page_texts_fts MATCH ? ORDER BY f.rowid DESC LIMIT 50"
)
LIKE_SQL = "SELECT page_id, text FROM page_texts WHERE text LIKE ? ORDER BY rowid DESC LIMIT 50"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/archivist_bench_search_{args.pages}.sqlite3")
    built = None
    if not db.exists():
        built = build(db, args.pages)
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM page_texts").fetchone()[0]
    rng = random.Random(2026)
    texts = [r[0] for r in con.execute("SELECT text FROM page_texts WHERE rowid % 997 = 3 LIMIT 500")]
    present = []
    while len(present) < args.queries:
        flat = rng.choice(texts).replace("\n", "")
        i = rng.randrange(0, len(flat) - 4)
        q = flat[i : i + 4]
        if not any(c in "：0123456789" for c in q):
            present.append(q)
    rare = []  # a customer's name after its label: "：王秀英" (few pages each)
    for t in texts:
        i = t.find("称：")
        if i >= 0 and len(t) > i + 4 and "\n" not in t[i + 1 : i + 5]:
            rare.append(t[i + 1 : i + 5])
    rare = rare[: args.queries]
    absent = ["天安门前", "长江大桥", "北京故宫", "上海外滩", "黄山松石"][: max(1, args.queries // 6)]
    results: dict[str, dict] = {}
    for label, queries in (("present", present), ("rare", rare), ("absent", absent)):
        fts_ms, like_ms, fts_rows, like_rows = [], [], [], []
        for q in queries:
            t, r = timed(con, FTS_SQL, '"' + q.replace('"', '""') + '"')
            fts_ms.append(t)
            fts_rows.append(r)
            t, r = timed(con, LIKE_SQL, f"%{q}%")
            like_ms.append(t)
            like_rows.append(r)
        results[label] = {
            "queries": len(queries),
            "examples": queries[:5],
            "fts5_trigram_ms": {"median": round(statistics.median(fts_ms), 2), "max": round(max(fts_ms), 2)},
            "like_scan_ms": {"median": round(statistics.median(like_ms), 2), "max": round(max(like_ms), 2)},
            "hits_fts_median": statistics.median(fts_rows),
            "hits_like_median": statistics.median(like_rows),
        }
    out = {
        "pages": n,
        "db": str(db),
        "db_mb": round(db.stat().st_size / 1e6, 1),
        "build_s": round(built, 1) if built is not None else None,
        "sqlite": sqlite3.sqlite_version,
        "query": "four Chinese characters, LIMIT 50",
        **results,
        "target_median_ms": 200,
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
