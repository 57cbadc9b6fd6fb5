"""Archive-room subcommands: hand-over, volumes, boxes, shelves, labels, export, loans.

Output is JSON on stdout; a problem is one line on stderr and exit status 1.  Every command here acts
for a person who signs in (``--user NAME --password-stdin``); actions that change records need an
archivist (or admin).  Besides known errors, the
``ValueError`` and ``OSError`` of label painting and PDF writing (e.g. an unwritable output file)
are the user's problem here too (exit status 1).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archivist_desktop.cli._common import acting_user, arg, command, open_archive, print_json

#: what these commands report as a problem rather than a bug, besides KnownError
KNOWN: dict[type[BaseException], int] = {ValueError: 1, OSError: 1}


def _user(archive, args: argparse.Namespace):
    return acting_user(archive, args)


def _print_result(args: argparse.Namespace, action: Callable[[Any], Any]) -> int:
    """Run ``action(archive)`` and print what it returns as JSON (nothing for ``None``)."""
    with open_archive(args) as archive:
        result = action(archive)
    if result is not None:
        print_json(result)
    return 0


@command(
    "label",
    help="box labels as PDF (same painting as printing)",
    known=KNOWN,
    acts=True,
    args=[
        arg("--box", required=True, nargs="+", metavar="BOX_NO", help="box number(s)"),
        arg("--size", required=True, choices=("100x50", "spine", "a4")),
        arg("--out", required=True, metavar="FILE.pdf"),
    ],
)
def cmd_label(args: argparse.Namespace) -> int:
    from archivist_desktop.services.boxes import render_box_labels

    def run(a):
        _user(a, args)
        return {
            "boxes": args.box,
            "size": args.size,
            "pdf": str(render_box_labels(a, args.box, args.size, Path(args.out))),
        }

    return _print_result(args, run)


@command(
    "boxes",
    help="boxes with their shelf and archival codes",
    known=KNOWN,
    acts=True,
    args=[arg("--json", action="store_true", help='[{"box_no", "shelf", "volumes": [codes]}]')],
)
def cmd_boxes(args: argparse.Namespace) -> int:
    from archivist_desktop.services.boxes import boxes_json

    def run(a):
        _user(a, args)
        boxes = boxes_json(a)
        if args.json:
            return boxes
        for b in boxes:
            print(f"{b['box_no']:24} {b['shelf'] or '-':14} {len(b['volumes'])} volume(s)")
        return None

    return _print_result(args, run)


@command(
    "volumes",
    help="volumes (卷宗) with archival codes",
    known=KNOWN,
    acts=True,
    args=[
        arg("--json", action="store_true"),
        arg("--search", metavar="TEXT", help="archival code, 户号 or customer name contains TEXT"),
        arg("--state", choices=("open", "boxed", "archived", "voided")),
    ],
)
def cmd_volumes(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import list_volumes

    def run(a):
        _user(a, args)
        vols = list_volumes(a, search=args.search or "", state=args.state)
        if args.json:
            return [v.to_json() for v in vols]
        for v in vols:
            print(f"{v.archival_code:26} {v.state:9} {v.box_no or '-':20} {v.customer_no} {v.customer_name}")
        return None

    return _print_result(args, run)


@command(
    "export",
    help="one PDF of a volume (img2pdf, JPEG pages unchanged)",
    known=KNOWN,
    acts=True,
    args=[
        arg("--volume", required=True, metavar="ARCHIVAL_CODE"),
        arg("--out", required=True, metavar="FILE.pdf"),
        arg("--pdfa", action="store_true", help="PDF/A-2b: XMP identification and an sRGB output intent"),
        arg("--pages-dir", metavar="DIR", help="also copy the page files there, named CODE-NNNN.jpg"),
    ],
)
def cmd_export(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import export_volume

    return _print_result(
        args,
        lambda a: export_volume(
            a,
            _user(a, args),
            args.volume,
            Path(args.out),
            pdfa=args.pdfa,
            pages_dir=Path(args.pages_dir) if args.pages_dir else None,
        ),
    )


@command(
    "hand-over",
    help="receive reviewed documents in the archive room",
    known=KNOWN,
    acts=True,
    args=[
        arg("--work-order", required=True, nargs="+", metavar="NO"),
        arg("--receipt", metavar="FILE.pdf", help="write the hand-over list (receipt) there"),
    ],
)
def cmd_hand_over(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import hand_over, hand_over_receipt_pdf

    def run(a):
        info = hand_over(a, _user(a, args), work_order_nos=args.work_order)
        out = {
            "hand_over_no": info.hand_over_no,
            "work_orders": list(info.work_order_nos),
            "documents": len(info.lines),
        }
        if args.receipt:
            out["receipt"] = str(hand_over_receipt_pdf(a, info.id, Path(args.receipt)))
        return out

    return _print_result(args, run)


@command(
    "file",
    help="file received documents into customers' volumes",
    known=KNOWN,
    acts=True,
    args=[
        arg("--customer", metavar="CUSTOMER_NO", help="only this 户号 (default: every customer waiting)"),
        arg("--security", choices=("public", "internal"), help="security level of new volumes"),
    ],
)
def cmd_file(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import build_volumes, customer_id_by_number, pending_customers

    def run(a):
        user = _user(a, args)
        if args.customer:
            ids = [customer_id_by_number(a, args.customer)]
        else:
            ids = [p.customer_id for p in pending_customers(a)]
        return [v.to_json() for cid in ids for v in build_volumes(a, user, cid, args.security)]

    return _print_result(args, run)


@command(
    "box",
    help="put a volume in a box, take it out, or shelve a box",
    known=KNOWN,
    acts=True,
    args=[
        arg("action", choices=("put", "remove", "shelf")),
        arg("--volume", metavar="ARCHIVAL_CODE"),
        arg("--box", metavar="BOX_NO", help="put: this box (default: a new box); shelf: the box"),
        arg("--location", metavar="ROOM-RACK-COLUMN-LAYER", help="shelf: e.g. A01-03-05-2"),
    ],
)
def cmd_box(args: argparse.Namespace) -> int:
    from archivist_desktop.errors import BadInput
    from archivist_desktop.services.boxes import put_in_box, remove_from_box, set_shelf

    def run(a):
        user = _user(a, args)
        if args.action in ("put", "remove") and not args.volume:
            raise BadInput(f"box {args.action} needs --volume ARCHIVAL_CODE")
        if args.action == "shelf" and not (args.box and args.location):
            raise BadInput("box shelf needs --box BOX_NO and --location ROOM-RACK-COLUMN-LAYER")
        if args.action == "put":
            box = put_in_box(a, user, args.volume, args.box)
        elif args.action == "remove":
            box = remove_from_box(a, user, args.volume)
        else:
            box = set_shelf(a, user, args.box, args.location)
        return box.to_json()

    return _print_result(args, run)


@command(
    "borrow",
    help="lend a volume out (audited)",
    known=KNOWN,
    acts=True,
    args=[
        arg("--volume", required=True, metavar="ARCHIVAL_CODE"),
        arg("--borrower", required=True),
        arg("--purpose", required=True),
    ],
)
def cmd_borrow(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import borrow

    return _print_result(args, lambda a: borrow(a, _user(a, args), args.volume, args.borrower, args.purpose).to_json())


@command(
    "return",
    help="take a lent volume back (audited)",
    known=KNOWN,
    acts=True,
    args=[arg("--volume", required=True, metavar="ARCHIVAL_CODE"), arg("--note")],
)
def cmd_return(args: argparse.Namespace) -> int:
    from archivist_desktop.services.records import return_volume

    return _print_result(args, lambda a: return_volume(a, _user(a, args), args.volume, args.note or "").to_json())
