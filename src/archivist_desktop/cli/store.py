"""Subcommands over the local archive: attach, templates, import-orders, reminders, verify, demo-data, seed-demo,
users."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archivist_desktop.cli._common import (
    acting_user,
    arg,
    bootstrap_or_acting_user,
    command,
    group,
    open_archive,
    parse_now,
    print_json,
    read_secret,
)
from archivist_desktop.domain.permissions import Role
from archivist_desktop.errors import BadInput, KnownError


@command(
    "attach",
    help="attach files to a checklist item: images through the pipeline; PDF, OFD, MP4, MOV, M4A, MP3, WAV as they are",
    known={PermissionError: 1},
    acts=True,
    args=[
        arg("--work-order", required=True, metavar="NO"),
        arg("--document", required=True, metavar="TYPE_ID"),
        arg("--profile", default="default"),
        arg("--override-reason", help="attach rejected pages anyway, for this reason (logged)"),
        arg("--late-reason", help="reason for a late entry (补录) past the 48-hour deadline"),
        arg("files", nargs="+", metavar="FILE"),
    ],
)
def cmd_attach(args: argparse.Namespace) -> int:
    from archivist_desktop.services.capture import attach_files

    with open_archive(args) as archive:
        user = acting_user(archive, args)
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
        from archivist_desktop.services.page_text import after_attach

        # the pages' text is read in a detached low-priority process; this command does not wait
        after_attach(archive, [r.page_id for r in results if r.ok and r.page_id and not r.skipped])
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
                    "kind": r.kind,
                    **(r.details or {}),
                    **({"skipped": r.skipped} if r.skipped else {}),
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
    help="import the business system's work-order feed (JSON); acts as an administrator",
    acts="admin",
    args=[
        arg("file", metavar="FILE"),
        arg("--central", metavar="URL", help="import straight into the central database"),
    ],
)
def cmd_import_orders(args: argparse.Namespace) -> int:
    from archivist_desktop.services.orders import import_orders, read_feed_file

    data = read_feed_file(Path(args.file))
    with open_archive(args) as archive:
        acting_user(archive, args)
        if args.central:
            from archivist_desktop.services.sync import import_orders_central

            summary = import_orders_central(archive, args.central, data)
        else:
            summary = import_orders(archive, data)
    print_json({"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged})
    return 0


@command(
    "reminders",
    help="the six reminder categories of the signed-in user (station-wide roles: the whole station)",
    acts=True,
    args=[
        arg("--now", metavar="ISO8601", help="evaluate at this moment instead of now"),
        arg("--limit", type=int, default=50, help="items listed per category (default 50)"),
        arg("--json", action="store_true"),
    ],
)
def cmd_reminders(args: argparse.Namespace) -> int:
    from archivist_desktop.services.reminders import reminders

    now = parse_now(args.now)
    with open_archive(args) as archive:
        user = acting_user(archive, args)
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
    help="generate bulk data for scale tests (demo users; only on an empty data directory)",
    args=[
        arg("--orders", type=int, required=True),
        arg("--pages-per-order", type=int, default=0),
        arg("--seed", type=int, default=1),
    ],
)
def cmd_demo_data(args: argparse.Namespace) -> int:
    from archivist_desktop.paths import data_dir_from_args
    from archivist_desktop.services.demo import claim_demo_dir, generate_bulk

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} work orders")
        sys.stderr.flush()

    claim_demo_dir(data_dir_from_args(args), "demo-data")
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


@command(
    "seed-demo",
    help="add demo users (password: demo) and ~20 demo customers; only on an empty data directory",
    args=[arg("--customers", type=int, default=20)],
)
def cmd_seed_demo(args: argparse.Namespace) -> int:
    from archivist_desktop.paths import data_dir_from_args
    from archivist_desktop.services.demo import claim_demo_dir, seed_demo

    claim_demo_dir(data_dir_from_args(args))
    with open_archive(args) as archive:
        print_json(seed_demo(archive, customers=args.customers))
    return 0


group("users", help="the users of this station (administrators only)", dest="users_command")


@command(
    "users add",
    help="add a user (as an administrator; the first admin of a station without users needs no --user)",
    description="With --password-stdin, stdin holds the administrator's password, then the new user's "
    "(on a station without any user, --role admin and only the new password). Passwords: at least 10 "
    "characters, not containing the user name. A station connected to a centre refuses: users are "
    "managed centrally.",
    acts="admin",
    bootstrap=True,
    args=[
        arg("--name", required=True),
        arg("--role", required=True, choices=[r.value for r in Role]),
        arg("--display-name"),
        arg("--team"),
    ],
)
def cmd_users_add(args: argparse.Namespace) -> int:
    from archivist_desktop.services.users import create_user

    with open_archive(args, sign_in=False) as archive:
        if archive.settings["central_url"]:
            raise KnownError("users are managed centrally: this station is connected to a central database")
        admin = bootstrap_or_acting_user(archive, args)
        if admin is None and args.role != Role.ADMIN.value:
            raise BadInput("the first user of a station must be an administrator (--role admin)")
        password = read_secret(args, f"password for the new user {args.name}: ")
        user = create_user(
            archive,
            args.name,
            password,
            Role(args.role),
            args.display_name or args.name,
            args.team,
            actor=admin.username if admin is not None else "bootstrap",
            enforce_policy=True,
        )
    print_json({"username": user.username, "role": user.role.value, "team": user.team})
    return 0


@command("users list", help="list the users of this station", acts="admin")
def cmd_users_list(args: argparse.Namespace) -> int:
    from archivist_desktop.services.users import list_users

    with open_archive(args) as archive:
        users = list_users(archive)
    print_json(
        {
            "users": [
                {"username": u.username, "display_name": u.display_name, "role": u.role.value, "team": u.team}
                for u in users
            ]
        }
    )
    return 0
