"""Subcommands over the local archive: attach, templates, import-orders, reminders, verify, demo-data, seed-demo,
users."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archivist_desktop.cli._common import acting_user, arg, command, open_archive, parse_now, print_json, read_password
from archivist_desktop.domain.permissions import Role
from archivist_desktop.errors import BadInput


@command(
    "attach",
    help="put image files through the pipeline onto a checklist item",
    known={PermissionError: 1},
    args=[
        arg("--work-order", required=True, metavar="NO"),
        arg("--document", required=True, metavar="TYPE_ID"),
        arg("--user", metavar="NAME", help="the clerk attaching the pages (default: this OS account, as a clerk)"),
        arg("--profile", default="default"),
        arg("--override-reason", help="attach rejected pages anyway, for this reason (logged)"),
        arg("--late-reason", help="reason for a late entry (补录) past the 48-hour deadline"),
        arg("files", nargs="+", metavar="FILE"),
    ],
)
def cmd_attach(args: argparse.Namespace) -> int:
    from archivist_desktop.services.capture import attach_files
    from archivist_desktop.services.users import cli_user

    with open_archive(args) as archive:
        user = acting_user(archive, args, default=cli_user)
        results = attach_files(
            archive,
            user,
            args.work_order,
            args.document,
            [Path(p) for p in args.files],
            profile=args.profile,
            override_reason=args.override_reason,
            late_reason=args.late_reason,
        )
    print_json(
        {
            "work_order": args.work_order,
            "document": args.document,
            "pages": [
                {
                    "path": r.path,
                    "ok": r.ok,
                    "error": r.error,
                    "page_id": r.page_id,
                    "verdict": r.verdict,
                    "reasons": list(r.reasons),
                }
                for r in results
            ],
        }
    )
    return 0 if all(r.ok for r in results) else 1


@command(
    "templates",
    help="list business-type templates or check a template file",
    args=[
        arg("--json", action="store_true", help="print every template as JSON"),
        arg("--check", metavar="FILE", nargs="+", help="validate template files; exit 1 on any problem"),
    ],
)
def cmd_templates(args: argparse.Namespace) -> int:
    from archivist_desktop.domain.templates import load_template_file, load_templates
    from archivist_desktop.paths import resources_dir

    if args.check:
        status = 0
        for path in args.check:
            template, problems = load_template_file(Path(path))
            if problems or template is None:
                status = 1
                for problem in problems:
                    print(f"{path}: {problem}")
            else:
                print(f"{path}: ok ({template.id}, {len(template.steps)} steps)")
        return status
    templates = load_templates(resources_dir() / "templates")
    if args.json:
        print_json({"templates": [t.to_json() for t in templates.values()]})
    else:
        for t in templates.values():
            docs = sum(len(s.documents) for s in t.steps)
            print(f"{t.id:36} {t.name_zh}  {len(t.steps)} steps, {docs} documents")
    return 0


@command(
    "import-orders",
    help="import the business system's work-order feed (JSON)",
    args=[
        arg("file", metavar="FILE"),
        arg("--central", metavar="URL", help="import straight into the central database"),
    ],
)
def cmd_import_orders(args: argparse.Namespace) -> int:
    from archivist_desktop.services.orders import import_orders, read_feed_file

    data = read_feed_file(Path(args.file))
    with open_archive(args) as archive:
        if args.central:
            from archivist_desktop.services.sync import import_orders_central

            summary = import_orders_central(archive, args.central, data)
        else:
            summary = import_orders(archive, data)
    print_json({"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged})
    return 0


@command(
    "reminders",
    help="the six reminder categories",
    args=[
        arg("--user", metavar="NAME", help="for this user (default: the whole station)"),
        arg("--now", metavar="ISO8601", help="evaluate at this moment instead of now"),
        arg("--limit", type=int, default=50, help="items listed per category (default 50)"),
        arg("--json", action="store_true"),
    ],
)
def cmd_reminders(args: argparse.Namespace) -> int:
    from archivist_desktop.services.reminders import reminders

    now = parse_now(args.now)
    with open_archive(args) as archive:
        user = acting_user(archive, args, default=lambda: None)
        result = reminders(archive, user, now=now, item_limit=args.limit)
    if args.json:
        print_json(result.to_json())
    else:
        for key, value in result.counts.items():
            print(f"{key:20} {value}")
        print(f"{'escalated':20} {result.escalated}")
    return 0


@command(
    "verify",
    help="re-hash every page file and walk the audit chain",
    args=[
        arg("--json", action="store_true"),
        arg("--central", metavar="URL", help="verify the central database instead: chains, heads, blobs"),
    ],
)
def cmd_verify(args: argparse.Namespace) -> int:
    from archivist_desktop.services.verify import verify

    if args.central:
        return _verify_central(args)
    with open_archive(args) as archive:
        report = verify(archive)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "files_checked": report.files_checked,
                "events_checked": report.events_checked,
                "problem": report.problem,
            }
        )
    elif report.ok:
        print(f"ok: {report.files_checked} page files and {report.events_checked} audit events verified")
    else:
        print(f"FAILED: {report.problem}")
    return 0 if report.ok else 1


def _verify_central(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import verify_central

    report = verify_central(args.central)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "stations": report.stations,
                "events_checked": report.events_checked,
                "blobs_checked": report.blobs_checked,
                "problem": report.problem,
            }
        )
    elif report.ok:
        print(
            f"ok: {report.stations} station chains, {report.events_checked} audit events and "
            f"{report.blobs_checked} blobs verified"
        )
    else:
        print(f"FAILED: {report.problem}")
    return 0 if report.ok else 1


@command(
    "demo-data",
    help="generate bulk data for scale tests",
    args=[
        arg("--orders", type=int, required=True),
        arg("--pages-per-order", type=int, default=0),
        arg("--seed", type=int, default=1),
    ],
)
def cmd_demo_data(args: argparse.Namespace) -> int:
    from archivist_desktop.services.demo import generate_bulk

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} work orders")
        sys.stderr.flush()

    with open_archive(args) as archive:
        summary = generate_bulk(
            archive,
            args.orders,
            args.pages_per_order,
            seed=args.seed,
            progress=progress if sys.stderr.isatty() else None,
        )
    print_json(
        {
            "work_orders": summary.work_orders,
            "checklist_items": summary.checklist_items,
            "pages": summary.pages,
            "audit_events": summary.audit_events,
        }
    )
    return 0


@command("seed-demo", help="add demo users and ~20 demo customers", args=[arg("--customers", type=int, default=20)])
def cmd_seed_demo(args: argparse.Namespace) -> int:
    from archivist_desktop.services.demo import seed_demo

    with open_archive(args) as archive:
        print_json(seed_demo(archive, customers=args.customers))
    return 0


@command(
    "users",
    help="list or add users",
    args=[
        arg("action", choices=("list", "add")),
        arg("--name"),
        arg("--role", choices=[r.value for r in Role]),
        arg("--display-name"),
        arg("--team"),
        arg("--password-stdin", action="store_true"),
    ],
)
def cmd_users(args: argparse.Namespace) -> int:
    from archivist_desktop.services.users import create_user, list_users

    with open_archive(args) as archive:
        if args.action == "add":
            if not (args.name and args.role):
                raise BadInput("users add needs --name NAME and --role ROLE")
            password = read_password(True, "") if args.password_stdin else None
            if not password:
                password = read_password(False, f"password for {args.name}: ")
            user = create_user(archive, args.name, password, Role(args.role), args.display_name or args.name, args.team)
            print_json({"username": user.username, "role": user.role.value, "team": user.team})
        else:
            print_json(
                {
                    "users": [
                        {"username": u.username, "display_name": u.display_name, "role": u.role.value, "team": u.team}
                        for u in list_users(archive)
                    ]
                }
            )
    return 0
