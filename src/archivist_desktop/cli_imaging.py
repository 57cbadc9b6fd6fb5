"""Imaging subcommands: ``process`` and ``barcodes``.

``archivist-desktop process [--out DIR] [--profile NAME] --json IMAGE...`` prints one
JSON object per input and line; ``archivist-desktop barcodes --json IMAGE...`` prints the
barcodes found in each image.  Both exit with 1 when any file could not be read.
"""
from __future__ import annotations

import argparse
import json
import sys


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    """Add the imaging subcommands to ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser(
        "process",
        parents=parents,
        help="find, crop, deskew and check pages in image files",
        description="Find the page in each image, crop and deskew it in one resampling, "
        "and judge its quality (accept / warn / reject with reasons).",
    )
    p.add_argument("images", nargs="+", metavar="IMAGE", help="camera frames or scans")
    p.add_argument("--out", metavar="DIR", help="write each processed page there as JPEG")
    p.add_argument("--profile", metavar="NAME", default="default", help="quality profile (resources/profiles/NAME.toml)")
    p.add_argument("--json", action="store_true", help="print one JSON object per image and line (the only output format)")
    p.set_defaults(func=_process)

    b = sub.add_parser(
        "barcodes",
        parents=parents,
        help="read barcodes (Code 128, QR, DataMatrix, EAN/UPC) in image files",
        description="Read every barcode in each image with zbar and zxing-cpp, one result per symbol.",
    )
    b.add_argument("images", nargs="+", metavar="IMAGE")
    b.add_argument("--json", action="store_true", help="print one JSON object per image and line (the only output format)")
    b.set_defaults(func=_barcodes)


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n")
    sys.stdout.flush()


def _process(args: argparse.Namespace) -> int:
    from archivist_desktop.services.imaging import process_files

    try:
        results = process_files(args.images, args.profile, args.out)
        failed = False
        for r in results:
            failed |= not r.ok
            _emit(r.as_json_dict())
    except ValueError as exc:  # unknown or invalid profile
        print(f"archivist-desktop process: {exc}", file=sys.stderr)
        return 2
    return 1 if failed else 0


def _barcodes(args: argparse.Namespace) -> int:
    from archivist_desktop.services.imaging import read_barcode_files

    failed = False
    for r in read_barcode_files(args.images):
        failed |= not r.ok
        _emit(r.as_json_dict())
        if not r.ok:
            print(f"archivist-desktop barcodes: {r.error}", file=sys.stderr)
    return 1 if failed else 0
