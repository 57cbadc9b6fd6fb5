"""Wrong-document and key-field checks on generated pages through OCR (issue #18, part 3).

For every document type of every template (or every ``--step``-th with ``--quick``) and each seed, a
photo-like page (``bench/textpages.py``: random customer fields per seed, 200 dpi, on a desk, JPEG)
is OCR'd once (cached under ``--cache``, keyed by template, document, seed) and then checked by
``services.content_check.check_lines``:

* **right slot**: filed under its own document type → any ``wrong_document`` is a false alarm;
  any ``field_mismatch`` against its own customer is a false field alarm;
* **wrong slots**: filed under every other document type of the same template whose declaration
  differs (types declared identically — 原户主/新户主身份证明 — cannot be told apart by their text and
  are counted apart as ``indistinguishable``) → flagged rate;
* **other customer**: checked against the work order of another seed's customer (name and 户号
  differ) under its right slot → ``field_mismatch`` rate among slots that declare the field;
* **ID numbers** (pure, no OCR): 10 000 random valid GB 11643 numbers and the same with a wrong
  check character;
* **names**: how often the OCR'd customer name differs from the printed one, and how many of those
  one confusable substitution (``names_match(tolerate=1)``) would forgive.

Seeds: ``--tune`` are the seeds the declarations and thresholds were developed on (text truth of
seeds 0-5 and OCR of seed 0), ``--held`` seeds were not looked at before the run.

    .venv/bin/python bench/bench_wrongdoc.py --quick          # a few pages, for development
    .venv/bin/python bench/bench_wrongdoc.py --tune 0 --held 101   # all 137 document types twice
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from archivist_desktop.domain import doc_identity
from archivist_desktop.services.content_check import _default_templates, check_lines, template_identifies
from textpages import document_types, make_page, random_fields


def ocr_lines(cache: Path, tid: str, did: str, seed: int) -> tuple[list[str], float]:
    """The OCR text lines of the page (cached) and the OCR time in ms (0 when cached)."""
    path = cache / f"{tid}.{did}.{seed}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))["lines"], 0.0
    from archivist_desktop.imaging import ocr

    image, _truth = make_page(tid, did, fields=random_fields(seed), seed=seed, photo=True)
    result = ocr.recognise(image)
    lines = [line.text for line in result.lines]
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"lines": lines, "elapsed_ms": result.elapsed_ms}, ensure_ascii=False), "utf-8")
    return lines, result.elapsed_ms


def run_seeds(seeds: list[int], step: int, cache: Path) -> dict:
    templates = _default_templates()
    types = document_types()[::step]
    right = wrong = wrong_flagged = indist = 0
    false_alarms: list[str] = []
    misses: dict[str, int] = {}
    field_false: list[str] = []
    other_checked = other_flagged = 0
    name_pages = name_exact = name_tolerated = 0
    ocr_ms: list[float] = []
    for seed in seeds:
        fields = random_fields(seed)
        own = {"customer_name": fields["customer_name"], "account_no": fields["account_no"]}
        other_fields = random_fields(seed + 500_000)
        other = {"customer_name": other_fields["customer_name"], "account_no": other_fields["account_no"]}
        for tid, did, _name in types:
            lines, ms = ocr_lines(cache, tid, did, seed)
            if ms:
                ocr_ms.append(ms)
            template = templates[tid]
            docs = template_identifies(template)
            right += 1
            found = check_lines(template, did, lines, own)
            for f in found:
                if f["reason"] == "wrong_document":
                    false_alarms.append(f"{tid}/{did} seed {seed}: {f['message_zh']}")
                else:
                    field_false.append(f"{tid}/{did} seed {seed}: {f['message_zh']}")
            for slot, (identify, _n) in docs.items():
                if slot == did:
                    continue
                if identify == docs[did][0]:
                    indist += 1
                    continue
                wrong += 1
                if any(f["reason"] == "wrong_document" for f in check_lines(template, slot, lines, own)):
                    wrong_flagged += 1
                else:
                    key = f"{tid}/{did} under {slot}"
                    misses[key] = misses.get(key, 0) + 1
            declared = set(docs[did][0].fields) & {"customer_name", "account_no"}
            if declared:
                other_checked += 1
                got = check_lines(template, did, lines, other)
                if any(f["reason"] == "field_mismatch" and f["field"] in declared for f in got):
                    other_flagged += 1
            printed = doc_identity.extract_fields(lines).get("customer_name")
            if printed is not None:
                name_pages += 1
                if doc_identity.names_match(fields["customer_name"], printed):
                    name_exact += 1
                elif doc_identity.names_match(fields["customer_name"], printed, tolerate=1):
                    name_tolerated += 1
    return {
        "seeds": seeds,
        "pages": right,
        "wrong_slot_checks": wrong,
        "wrong_slot_flagged": wrong_flagged,
        "wrong_slot_flagged_rate": round(wrong_flagged / wrong, 4) if wrong else None,
        "indistinguishable_slot_pairs": indist,
        "right_slot_false_alarms": len(false_alarms),
        "right_slot_false_alarm_rate": round(len(false_alarms) / right, 4) if right else None,
        "false_alarm_examples": false_alarms[:10],
        "missed_examples": sorted(misses.items(), key=lambda kv: -kv[1])[:10],
        "own_customer_field_false_alarms": len(field_false),
        "field_false_examples": field_false[:10],
        "other_customer_pages_checked": other_checked,
        "other_customer_flagged": other_flagged,
        "other_customer_flagged_rate": round(other_flagged / other_checked, 4) if other_checked else None,
        "names_read": name_pages,
        "names_exact": name_exact,
        "names_only_with_one_confusable": name_tolerated,
        "ocr_pages_run": len(ocr_ms),
        "ocr_ms_median": round(statistics.median(ocr_ms), 1) if ocr_ms else None,
    }


def id_numbers(n: int, seed: int = 11643) -> dict:
    rng = random.Random(seed)
    valid_ok = wrong_flagged = 0
    t0 = time.perf_counter()
    for _ in range(n):
        region = rng.randint(110000, 829999)
        year, month, day = rng.randint(1930, 2020), rng.randint(1, 12), rng.randint(1, 28)
        first17 = f"{region:06d}{year:04d}{month:02d}{day:02d}{rng.randint(0, 999):03d}"
        good = doc_identity.id_check_char(first17)
        valid_ok += doc_identity.id_number_valid(first17 + good)
        bad = rng.choice([c for c in "0123456789X" if c != good])
        wrong_flagged += not doc_identity.id_number_valid(first17 + bad)
    return {
        "numbers": n,
        "valid_accepted": valid_ok,
        "wrong_check_digit_flagged": wrong_flagged,
        "wrong_check_digit_flagged_rate": wrong_flagged / n,
        "us_per_number": round((time.perf_counter() - t0) / (2 * n) * 1e6, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every 12th document type, one seed each")
    ap.add_argument("--tune", default="0", help="comma-separated tuning seeds")
    ap.add_argument("--held", default="101", help="comma-separated held-out seeds")
    ap.add_argument("--cache", default="/tmp/archivist_bench_wrongdoc", help="OCR result cache directory")
    args = ap.parse_args()
    step = 12 if args.quick else 1
    parse = lambda s: [int(x) for x in s.split(",") if x.strip()]  # noqa: E731
    cache = Path(args.cache)
    out = {
        "bench": "wrongdoc",
        "document_types": len(document_types()[::step]),
        "thresholds": {
            "guess_min": doc_identity.GUESS_MIN,
            "wrong_min": doc_identity.WRONG_MIN,
            "wrong_margin": doc_identity.WRONG_MARGIN,
        },
        "tuning": run_seeds(parse(args.tune), step, cache),
        "held_out": run_seeds(parse(args.held), step, cache),
        "id_numbers": id_numbers(1000 if args.quick else 10_000),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
