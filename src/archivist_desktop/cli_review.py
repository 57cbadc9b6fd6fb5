"""Subcommands of the review desk: the queue, and decisions on pages."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from archivist_desktop.cli_store import _error, _open, _print_json


def _user(archive, name: str):
    from archivist_desktop.services.users import get_user

    return get_user(archive, name)


def cmd_review_queue(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.review import QueueFilter, review_queue

    with _open(args) as archive:
        try:
            user = _user(archive, args.user)
            filters = QueueFilter(team=args.team, clerk=args.clerk, business_type=args.business_type,
                                  verdict=args.verdict, date_from=args.date_from, date_to=args.date_to,
                                  only_mine=not args.all, sort=args.sort)
            queue = review_queue(archive, user, filters, limit=args.limit)
        except KnownError as exc:
            _error(str(exc))
            return 1
    entries = []
    for e in queue.entries:
        row = asdict(e)
        row["captured_at"] = e.captured_at.isoformat()
        row["reasons"] = list(e.reasons)
        entries.append(row)
    _print_json({"waiting": queue.waiting, "listed": len(entries), "by_verdict": queue.by_verdict, "entries": entries})
    return 0


def cmd_review(args) -> int:
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.review import approve_document, decide

    with _open(args) as archive:
        try:
            user = _user(archive, args.user)
            if args.document:
                results = approve_document(archive, user, args.document)
            elif args.flag:
                results = (decide(archive, user, args.page, "flag", args.flag, args.comment or ""),)
            else:
                results = (decide(archive, user, args.page, "approve"),)
        except (KnownError, PermissionDenied) as exc:
            _error(str(exc))
            return 1
    _print_json({"decisions": [asdict(r) for r in results]})
    return 0


def cmd_send(args) -> int:
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.capture import send_for_review, work_order_by_number

    with _open(args) as archive:
        try:
            user = _user(archive, args.user)
            order_id = work_order_by_number(archive, args.work_order)
            if order_id is None:
                raise KnownError(f"no work order {args.work_order}")
            result = send_for_review(archive, user, order_id)
        except (KnownError, PermissionDenied) as exc:
            _error(str(exc))
            return 1
    _print_json({"work_order": args.work_order, "sent_items": result.sent_items})
    return 0


def register(sub, parents) -> None:
    from archivist_desktop.domain.review import FlagReason

    p = sub.add_parser("send", parents=parents, help="send a work order's captured documents for review")
    p.add_argument("--work-order", required=True, metavar="NO")
    p.add_argument("--user", required=True, metavar="NAME", help="the clerk sending")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("review-queue", parents=parents, help="pages waiting for review (worst sharpness first)")
    p.add_argument("--user", required=True, metavar="NAME", help="the reviewer (the queue lists what they may decide)")
    p.add_argument("--all", action="store_true", help="every waiting page, also those this user may not decide")
    p.add_argument("--team")
    p.add_argument("--clerk", metavar="NAME", help="pages captured by this user")
    p.add_argument("--business-type", metavar="TYPE_ID")
    p.add_argument("--verdict", choices=("accept", "warn", "reject"))
    p.add_argument("--date-from", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--date-to", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--sort", choices=("sharpness", "captured_at"), default="sharpness")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--json", action="store_true", help="JSON output (the only format)")
    p.set_defaults(func=cmd_review_queue)

    p = sub.add_parser("review", parents=parents, help="approve or flag a page (or approve a whole document)")
    p.add_argument("--user", required=True, metavar="NAME", help="the reviewer")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--page", metavar="PAGE_ID")
    target.add_argument("--document", metavar="ITEM_ID", help="approve every waiting page of this checklist item")
    p.add_argument("--flag", choices=[r.value for r in FlagReason], metavar="REASON",
                   help="flag for rescan: " + ", ".join(r.value for r in FlagReason))
    p.add_argument("--comment", help="a comment for the clerk (required with --flag other)")
    p.set_defaults(func=cmd_review)
