"""Subcommands over the local archive: templates, import-orders, reminders, verify, demo-data, users."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from archivist_desktop.paths import data_dir_from_args


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _error(message: str) -> None:
    sys.stderr.write(f"archivist-desktop: {message}\n")


def _open(args, clock=None):
    from archivist_desktop.services.archive import Archive

    data_dir = data_dir_from_args(args)
    return Archive(data_dir, clock=clock) if clock else Archive(data_dir)


def _parse_now(value: str | None):
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"archivist-desktop: --now {value!r} is not an ISO 8601 date-time")
    if now.tzinfo is None:
        raise SystemExit("archivist-desktop: --now needs a UTC offset, e.g. 2026-11-27T09:00:00+08:00")
    return now


def cmd_templates(args) -> int:
    from archivist_desktop.domain.templates import load_template_file, load_templates
    from archivist_desktop.paths import resources_dir

    if args.check:
        status = 0
        for path in args.check:
            template, problems = load_template_file(Path(path))
            if problems:
                status = 1
                for problem in problems:
                    print(f"{path}: {problem}")
            else:
                print(f"{path}: ok ({template.id}, {len(template.steps)} steps)")
        return status
    templates = load_templates(resources_dir() / "templates")
    if args.json:
        _print_json({"templates": [t.to_json() for t in templates.values()]})
    else:
        for t in templates.values():
            docs = sum(len(s.documents) for s in t.steps)
            print(f"{t.id:36} {t.name_zh}  {len(t.steps)} steps, {docs} documents")
    return 0


def cmd_import_orders(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.orders import FeedError, import_orders, read_feed_file

    try:
        data = read_feed_file(Path(args.file))
        with _open(args) as archive:
            if args.central:
                from archivist_desktop.services.sync import import_orders_central

                summary = import_orders_central(archive, args.central, data)
            else:
                summary = import_orders(archive, data)
    except FeedError as exc:
        _error(f"{args.file}: rejected, nothing imported ({len(exc.problems)} problem(s)):")
        for problem in exc.problems:
            sys.stderr.write(f"  {problem}\n")
        return 1
    except KnownError as exc:
        _error(str(exc))
        return 1
    _print_json({"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged})
    return 0


def cmd_reminders(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.reminders import reminders
    from archivist_desktop.services.users import get_user

    now = _parse_now(args.now)
    with _open(args) as archive:
        try:
            user = get_user(archive, args.user) if args.user else None
        except KnownError as exc:
            _error(str(exc))
            return 1
        result = reminders(archive, user, now=now, item_limit=args.limit)
    if args.json:
        _print_json(result.to_json())
    else:
        for key, value in result.counts.items():
            print(f"{key:20} {value}")
        print(f"{'escalated':20} {result.escalated}")
    return 0


def cmd_verify(args) -> int:
    from archivist_desktop.services.verify import verify

    if args.central:
        return _verify_central(args)
    with _open(args) as archive:
        report = verify(archive)
    if args.json:
        _print_json({"ok": report.ok, "files_checked": report.files_checked,
                     "events_checked": report.events_checked, "problem": report.problem})
    elif report.ok:
        print(f"ok: {report.files_checked} page files and {report.events_checked} audit events verified")
    else:
        print(f"FAILED: {report.problem}")
    return 0 if report.ok else 1


def _verify_central(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.sync import verify_central
    from archivist_desktop.sync.central import CentralError, CentralUnreachable

    try:
        report = verify_central(args.central)
    except CentralUnreachable as exc:
        _error(str(exc))
        return 2
    except (KnownError, CentralError) as exc:
        _error(str(exc))
        return 1
    if args.json:
        _print_json({"ok": report.ok, "stations": report.stations, "events_checked": report.events_checked,
                     "blobs_checked": report.blobs_checked, "problem": report.problem})
    elif report.ok:
        print(f"ok: {report.stations} station chains, {report.events_checked} audit events and "
              f"{report.blobs_checked} blobs verified")
    else:
        print(f"FAILED: {report.problem}")
    return 0 if report.ok else 1


def cmd_demo_data(args) -> int:
    from archivist_desktop.services.demo import generate_bulk

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} work orders")
        sys.stderr.flush()

    with _open(args) as archive:
        summary = generate_bulk(archive, args.orders, args.pages_per_order, seed=args.seed,
                                progress=progress if sys.stderr.isatty() else None)
    _print_json({"work_orders": summary.work_orders, "checklist_items": summary.checklist_items,
                 "pages": summary.pages, "audit_events": summary.audit_events})
    return 0


def cmd_seed_demo(args) -> int:
    from archivist_desktop.services.demo import seed_demo

    with _open(args) as archive:
        _print_json(seed_demo(archive, customers=args.customers))
    return 0


def cmd_users(args) -> int:
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.users import create_user, list_users

    with _open(args) as archive:
        if args.action == "add":
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
            if not password:
                import getpass

                password = getpass.getpass(f"password for {args.name}: ")
            try:
                user = create_user(archive, args.name, password, Role(args.role), args.display_name or args.name, args.team)
            except KnownError as exc:
                _error(str(exc))
                return 1
            _print_json({"username": user.username, "role": user.role.value, "team": user.team})
        else:
            _print_json({"users": [{"username": u.username, "display_name": u.display_name, "role": u.role.value,
                                    "team": u.team} for u in list_users(archive)]})
    return 0


def cmd_attach(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.capture import attach_files
    from archivist_desktop.services.users import cli_user, get_user

    with _open(args) as archive:
        try:
            user = get_user(archive, args.user) if args.user else cli_user()
            results = attach_files(archive, user, args.work_order, args.document, [Path(p) for p in args.files],
                                   profile=args.profile, override_reason=args.override_reason,
                                   late_reason=args.late_reason)
        except (KnownError, PermissionError) as exc:
            _error(str(exc))
            return 1
    _print_json({"work_order": args.work_order, "document": args.document,
                 "pages": [{"path": r.path, "ok": r.ok, "error": r.error, "page_id": r.page_id,
                            "verdict": r.verdict, "reasons": list(r.reasons)} for r in results]})
    return 0 if all(r.ok for r in results) else 1


def register(sub, parents) -> None:
    p = sub.add_parser("attach", parents=parents, help="put image files through the pipeline onto a checklist item")
    p.add_argument("--work-order", required=True, metavar="NO")
    p.add_argument("--document", required=True, metavar="TYPE_ID")
    p.add_argument("--user", metavar="NAME", help="the clerk attaching the pages (default: this OS account, as a clerk)")
    p.add_argument("--profile", default="default")
    p.add_argument("--override-reason", help="attach rejected pages anyway, for this reason (logged)")
    p.add_argument("--late-reason", help="reason for a late entry (补录) past the 48-hour deadline")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("templates", parents=parents, help="list business-type templates or check a template file")
    p.add_argument("--json", action="store_true", help="print every template as JSON")
    p.add_argument("--check", metavar="FILE", nargs="+", help="validate template files; exit 1 on any problem")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("import-orders", parents=parents, help="import the business system's work-order feed (JSON)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--central", metavar="URL", help="import straight into the central database")
    p.set_defaults(func=cmd_import_orders)

    p = sub.add_parser("reminders", parents=parents, help="the six reminder categories")
    p.add_argument("--user", metavar="NAME", help="for this user (default: the whole station)")
    p.add_argument("--now", metavar="ISO8601", help="evaluate at this moment instead of now")
    p.add_argument("--limit", type=int, default=50, help="items listed per category (default 50)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reminders)

    p = sub.add_parser("verify", parents=parents, help="re-hash every page file and walk the audit chain")
    p.add_argument("--json", action="store_true")
    p.add_argument("--central", metavar="URL", help="verify the central database instead: chains, heads, blobs")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("demo-data", parents=parents, help="generate bulk data for scale tests")
    p.add_argument("--orders", type=int, required=True)
    p.add_argument("--pages-per-order", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("seed-demo", parents=parents, help="add demo users and ~20 demo customers")
    p.add_argument("--customers", type=int, default=20)
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser("users", parents=parents, help="list or add users")
    p.add_argument("action", choices=("list", "add"))
    p.add_argument("--name")
    p.add_argument("--role", choices=[r.value for r in __import__("archivist_desktop.domain.permissions", fromlist=["Role"]).Role])
    p.add_argument("--display-name")
    p.add_argument("--team")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users)
