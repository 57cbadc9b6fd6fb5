"""Subcommands of the review desk: sending for review, the queue, and decisions on pages."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from archivist_desktop.cli._common import acting_user, arg, command, exclusive, open_archive, print_json
from archivist_desktop.domain.review import FlagReason


@command(
    "send",
    help="send a work order's captured documents for review",
    acts=True,
    args=[
        arg("--work-order", required=True, metavar="NO"),
    ],
)
def cmd_send(args: argparse.Namespace) -> int:
    from archivist_desktop.errors import BadInput
    from archivist_desktop.services.capture import send_for_review, work_order_by_number

    with open_archive(args) as archive:
        user = acting_user(archive, args)
        order_id = work_order_by_number(archive, args.work_order)
        if order_id is None:
            raise BadInput(f"no work order {args.work_order}")
        result = send_for_review(archive, user, order_id)
    print_json({"work_order": args.work_order, "sent_items": result.sent_items})
    return 0


@command(
    "review-queue",
    help="pages waiting for review (worst sharpness first) that the signed-in --user may decide",
    acts=True,
    args=[
        arg("--all", action="store_true", help="every waiting page, also those this user may not decide"),
        arg("--team"),
        arg("--clerk", metavar="NAME", help="pages captured by this user"),
        arg("--business-type", metavar="TYPE_ID"),
        arg("--verdict", choices=("accept", "warn", "reject")),
        arg("--date-from", type=date.fromisoformat, metavar="YYYY-MM-DD"),
        arg("--date-to", type=date.fromisoformat, metavar="YYYY-MM-DD"),
        arg("--sort", choices=("sharpness", "captured_at"), default="sharpness"),
        arg("--limit", type=int, default=500),
        arg("--json", action="store_true", help="JSON output (the only format)"),
    ],
)
def cmd_review_queue(args: argparse.Namespace) -> int:
    from archivist_desktop.services.review import QueueFilter, review_queue

    with open_archive(args) as archive:
        user = acting_user(archive, args)
        filters = QueueFilter(
            team=args.team,
            clerk=args.clerk,
            business_type=args.business_type,
            verdict=args.verdict,
            date_from=args.date_from,
            date_to=args.date_to,
            only_mine=not args.all,
            sort=args.sort,
        )
        queue = review_queue(archive, user, filters, limit=args.limit)
    entries = []
    for e in queue.entries:
        row = asdict(e)
        row["captured_at"] = e.captured_at.isoformat()
        row["reasons"] = list(e.reasons)
        entries.append(row)
    print_json({"waiting": queue.waiting, "listed": len(entries), "by_verdict": queue.by_verdict, "entries": entries})
    return 0


@command(
    "review",
    help="approve or flag a page (or approve a whole document)",
    acts=True,
    args=[
        exclusive(
            arg("--page", metavar="PAGE_ID"),
            arg("--document", metavar="ITEM_ID", help="approve every waiting page of this checklist item"),
            required=True,
        ),
        arg(
            "--flag",
            choices=[r.value for r in FlagReason],
            metavar="REASON",
            help="flag for rescan: " + ", ".join(r.value for r in FlagReason),
        ),
        arg("--comment", help="a comment for the clerk (required with --flag other)"),
        arg(
            "--part",
            type=int,
            metavar="N",
            help="with --flag on a PDF/OFD: the flag is about its page N (1-based; default: the whole file)",
        ),
    ],
)
def cmd_review(args: argparse.Namespace) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.review import approve_document, decide

    with open_archive(args) as archive:
        user = acting_user(archive, args)
        if args.document:
            if args.part is not None:  # an approval is for the whole file (decide refuses it too)
                raise KnownError(
                    "an approval is for the whole file: only a flag can name one of its pages",
                    code="part_only_for_flag",
                )
            results = approve_document(archive, user, args.document)
        elif args.flag:
            results = (decide(archive, user, args.page, "flag", args.flag, args.comment or "", part=args.part),)
        else:
            results = (decide(archive, user, args.page, "approve", part=args.part),)
    decisions = []
    for r in results:
        row = asdict(r)
        if row["part"] is None:  # "part" only for a flag about one page of a PDF/OFD (#19)
            del row["part"]
        decisions.append(row)
    print_json({"decisions": decisions})
    return 0
