"""Archive-room subcommands: hand-over, volumes, boxes, shelves, labels, export, loans.

Output is JSON on stdout; a problem is one line on stderr and exit status 1.  Actions that change
records act as ``--user NAME``, who must be an archivist (or admin).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from archivist_desktop.paths import data_dir_from_args


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _error(message: str) -> int:
    sys.stderr.write(f"archivist-desktop: {message}\n")
    return 1


def _open(args):
    from archivist_desktop.services.archive import Archive

    return Archive(data_dir_from_args(args))


def _user(archive, args):
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.users import get_user

    if not getattr(args, "user", None):
        raise KnownError("archive-room actions need --user NAME (an archivist)")
    return get_user(archive, args.user)


def _run(args, action) -> int:
    """Run ``action(archive)``; known problems become one line on stderr and status 1."""
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.services.archive import KnownError

    try:
        with _open(args) as archive:
            result = action(archive)
    except (KnownError, PermissionDenied, ValueError, OSError) as exc:
        return _error(str(exc))
    if result is not None:
        _print_json(result)
    return 0


def _qt_exit(status: int) -> int:
    """Leave without the interpreter's final garbage collection once Qt painted (see tests/conftest.py:
    PySide6 with the barcode libraries can abort there after all work is done and flushed)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def cmd_label(args) -> int:
    from archivist_desktop.services.boxes import render_box_labels

    status = _run(args, lambda a: {"boxes": args.box, "size": args.size,
                                   "pdf": str(render_box_labels(a, args.box, args.size, Path(args.out)))})
    return _qt_exit(status)


def cmd_boxes(args) -> int:
    from archivist_desktop.services.boxes import boxes_json

    def run(a):
        boxes = boxes_json(a)
        if args.json:
            return boxes
        for b in boxes:
            print(f"{b['box_no']:24} {b['shelf'] or '-':14} {len(b['volumes'])} volume(s)")
        return None

    return _run(args, run)


def cmd_volumes(args) -> int:
    from archivist_desktop.services.records import list_volumes

    def run(a):
        vols = list_volumes(a, search=args.search or "", state=args.state)
        if args.json:
            return [v.to_json() for v in vols]
        for v in vols:
            print(f"{v.archival_code:26} {v.state:9} {v.box_no or '-':20} {v.customer_no} {v.customer_name}")
        return None

    return _run(args, run)


def cmd_export(args) -> int:
    from archivist_desktop.services.records import export_volume

    return _run(args, lambda a: export_volume(a, _user(a, args), args.volume, Path(args.out), pdfa=args.pdfa,
                                              pages_dir=Path(args.pages_dir) if args.pages_dir else None))


def cmd_hand_over(args) -> int:
    from archivist_desktop.services.records import hand_over, hand_over_receipt_pdf

    def run(a):
        info = hand_over(a, _user(a, args), work_order_nos=args.work_order)
        out = {"hand_over_no": info.hand_over_no, "work_orders": list(info.work_order_nos), "documents": len(info.lines)}
        if args.receipt:
            out["receipt"] = str(hand_over_receipt_pdf(a, info.id, Path(args.receipt)))
        return out

    status = _run(args, run)
    return _qt_exit(status) if args.receipt else status


def cmd_file(args) -> int:
    from sqlalchemy import select

    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.records import build_volumes, pending_customers
    from archivist_desktop.store.models import Customer

    def run(a):
        user = _user(a, args)
        if args.customer:
            with a.read_session() as s:
                cid = s.execute(select(Customer.id).where(Customer.customer_no == args.customer)).scalar_one_or_none()
            if cid is None:
                raise KnownError(f"no customer with 户号 {args.customer}")
            ids = [cid]
        else:
            ids = [p.customer_id for p in pending_customers(a)]
        return [v.to_json() for cid in ids for v in build_volumes(a, user, cid, args.security)]

    return _run(args, run)


def cmd_box(args) -> int:
    from archivist_desktop.services.boxes import put_in_box, remove_from_box, set_shelf

    def run(a):
        from archivist_desktop.services.archive import KnownError

        user = _user(a, args)
        if args.action in ("put", "remove") and not args.volume:
            raise KnownError(f"box {args.action} needs --volume ARCHIVAL_CODE")
        if args.action == "shelf" and not (args.box and args.location):
            raise KnownError("box shelf needs --box BOX_NO and --location ROOM-RACK-COLUMN-LAYER")
        if args.action == "put":
            box = put_in_box(a, user, args.volume, args.box)
        elif args.action == "remove":
            box = remove_from_box(a, user, args.volume)
        else:
            box = set_shelf(a, user, args.box, args.location)
        return box.to_json()

    return _run(args, run)


def cmd_loan(args) -> int:
    from archivist_desktop.services.records import borrow, return_volume

    def run(a):
        user = _user(a, args)
        if args.command == "borrow":
            return borrow(a, user, args.volume, args.borrower, args.purpose).to_json()
        return return_volume(a, user, args.volume, args.note or "").to_json()

    return _run(args, run)


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("label", parents=parents, help="box labels as PDF (same painting as printing)")
    p.add_argument("--box", required=True, nargs="+", metavar="BOX_NO", help="box number(s)")
    p.add_argument("--size", required=True, choices=("100x50", "spine", "a4"))
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_label)

    p = sub.add_parser("boxes", parents=parents, help="boxes with their shelf and archival codes")
    p.add_argument("--json", action="store_true", help='[{"box_no", "shelf", "volumes": [codes]}]')
    p.set_defaults(func=cmd_boxes)

    p = sub.add_parser("volumes", parents=parents, help="volumes (卷宗) with archival codes")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="TEXT", help="archival code, 户号 or customer name contains TEXT")
    p.add_argument("--state", choices=("open", "boxed", "archived", "voided"))
    p.set_defaults(func=cmd_volumes)

    p = sub.add_parser("export", parents=parents, help="one PDF of a volume (img2pdf, JPEG pages unchanged)")
    p.add_argument("--volume", required=True, metavar="ARCHIVAL_CODE")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--pdfa", action="store_true", help="PDF/A-2b: XMP identification and an sRGB output intent")
    p.add_argument("--pages-dir", metavar="DIR", help="also copy the page files there, named CODE-NNNN.jpg")
    p.add_argument("--user", metavar="NAME", required=True, help="the archivist exporting (audited)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("hand-over", parents=parents, help="receive reviewed documents in the archive room")
    p.add_argument("--work-order", required=True, nargs="+", metavar="NO")
    p.add_argument("--user", metavar="NAME", required=True, help="the receiving archivist")
    p.add_argument("--receipt", metavar="FILE.pdf", help="write the hand-over list (receipt) there")
    p.set_defaults(func=cmd_hand_over)

    p = sub.add_parser("file", parents=parents, help="file received documents into customers' volumes")
    p.add_argument("--customer", metavar="CUSTOMER_NO", help="only this 户号 (default: every customer waiting)")
    p.add_argument("--security", choices=("public", "internal"), help="security level of new volumes")
    p.add_argument("--user", metavar="NAME", required=True)
    p.set_defaults(func=cmd_file)

    p = sub.add_parser("box", parents=parents, help="put a volume in a box, take it out, or shelve a box")
    p.add_argument("action", choices=("put", "remove", "shelf"))
    p.add_argument("--volume", metavar="ARCHIVAL_CODE")
    p.add_argument("--box", metavar="BOX_NO", help="put: this box (default: a new box); shelf: the box")
    p.add_argument("--location", metavar="ROOM-RACK-COLUMN-LAYER", help="shelf: e.g. A01-03-05-2")
    p.add_argument("--user", metavar="NAME", required=True)
    p.set_defaults(func=cmd_box)

    for name, helptext in (("borrow", "lend a volume out (audited)"), ("return", "take a lent volume back (audited)")):
        p = sub.add_parser(name, parents=parents, help=helptext)
        p.add_argument("--volume", required=True, metavar="ARCHIVAL_CODE")
        if name == "borrow":
            p.add_argument("--borrower", required=True)
            p.add_argument("--purpose", required=True)
        else:
            p.add_argument("--note")
        p.add_argument("--user", metavar="NAME", required=True)
        p.set_defaults(func=cmd_loan)
