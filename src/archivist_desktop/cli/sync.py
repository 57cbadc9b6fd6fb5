"""Subcommands for the central database: central init/login/stats, central units and users, sync, stats.

Exit status 2 when the central database is unreachable (local work is kept), 1 for any other
problem; messages never hold a password.
"""

from __future__ import annotations

import argparse
import json
import sys

from archivist_desktop.cli._common import arg, command, group, open_archive, print_json, read_password


@command(
    "sync",
    help="one sync pass with the central database",
    args=[
        arg("--central", metavar="URL", help="central database URL (default: the central_url setting)"),
        arg("--json", action="store_true"),
        arg("--progress", action="store_true", help="progress as JSON lines on stderr"),
        arg(
            "--retry-rejected",
            action="store_true",
            help="put the rows the central database refused (set aside) back into the outbox and try them again",
        ),
    ],
)
def cmd_sync(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import pending_changes, rejected_rows, sync

    def progress(phase: str, done: int, total: int) -> None:
        if args.progress:
            sys.stderr.write(json.dumps({"phase": phase, "done": done, "total": total}) + "\n")
            sys.stderr.flush()

    with open_archive(args) as archive:
        try:
            counts = sync(archive, args.central, progress, retry_rejected=args.retry_rejected)
        except Exception:
            if args.json:  # a script still learns how much is waiting; the failure itself is mapped by main
                rejected = [r.to_json() for r in rejected_rows(archive)]
                print_json({"pushed": {}, "pulled": {}, "pending": pending_changes(archive), "rejected": rejected})
            raise
    if args.json:
        print_json(counts.to_json())
    else:
        print(
            f"pushed {sum(counts.pushed.values())} rows, pulled {sum(counts.pulled.values())}, {counts.pending} pending"
        )
    if counts.rejected:  # everything else synced; these rows wait for a fix and `sync --retry-rejected`
        first = counts.rejected[0]
        print(
            f"{len(counts.rejected)} row(s) refused by the central database and set aside "
            f"(first: {first['table']} {first['key']}: {first['reason']}); "
            "fix them, then run `archivist-desktop sync --retry-rejected`",
            file=sys.stderr,
        )
        return 1
    return 0 if counts.pending == 0 else 1


@command("stats", help="counts of the local archive", args=[arg("--json", action="store_true")])
def cmd_stats(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import local_stats

    with open_archive(args) as archive:
        print_json(local_stats(archive))
    return 0


group("central", help="the central database", dest="central_command")


@command(
    "central init",
    help="create or upgrade the central schema and the station role",
    args=[
        arg("--url", required=True),
        arg("--password-stdin", action="store_true", help="read the administrator's password from stdin"),
        arg("--create-login", metavar="NAME", help="also create a station login (password read next)"),
        arg(
            "--unit",
            metavar="CODE",
            help="the (existing) unit the new station login belongs to; without it the login has no unit",
        ),
    ],
)
def cmd_central_init(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import init_central_with_unit

    password = read_password(True, "") if args.password_stdin else None
    login_password = None
    if args.create_login:
        login_password = read_password(args.password_stdin, f"password for {args.create_login}: ")
    revision = init_central_with_unit(args.url, password or None, args.create_login, login_password, args.unit)
    print_json({"schema": revision, "station_role": "archivist_station", "login": args.create_login, "unit": args.unit})
    return 0


@command(
    "central login",
    help="keep a station login's password in the OS keyring",
    args=[arg("--url", required=True), arg("--user", required=True), arg("--password-stdin", action="store_true")],
)
def cmd_central_login(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import login_central

    password = read_password(args.password_stdin, f"password for {args.user}: ")
    with open_archive(args) as archive:
        login_central(archive, args.url, args.user, password)
        unit = archive.settings["station_unit"] or "none"
        print(
            f"signed in; the password is in the keyring, central_url = {archive.settings['central_url']}, "
            f"station unit = {unit}"
        )
    return 0


@command(
    "central stats",
    help="counts of the central archive",
    args=[arg("--url", required=True), arg("--json", action="store_true")],
)
def cmd_central_stats(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import central_stats

    print_json(central_stats(args.url))
    return 0


# --- organisation units ------------------------------------------------------------------------------

group("central units", help="the organisation units (客户服务中心 → 营业厅 / 班组)", dest="units_command")

_ADMIN_PASSWORD = arg(
    "--password-stdin",
    action="store_true",
    help="read the database password from stdin (else the URL's or the keyring's)",
)


def _admin_password(args: argparse.Namespace) -> str | None:
    """The database administrator's password: a line of stdin with --password-stdin (empty: none)."""
    return (read_password(True, "") or None) if args.password_stdin else None


@command(
    "central units add",
    help="add a unit (a root, or under --parent)",
    args=[
        arg("--url", required=True),
        arg("--code", required=True, help="the unit's code (1–32 characters, e.g. hall01)"),
        arg("--name", required=True, help="its name (e.g. 营业一厅)"),
        arg("--parent", metavar="CODE", help="the unit it belongs to (none: a root)"),
        _ADMIN_PASSWORD,
        arg("--json", action="store_true"),
    ],
)
def cmd_central_units_add(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import add_unit

    unit = add_unit(args.url, args.code, args.name, args.parent, _admin_password(args))
    if args.json:
        print_json(unit.to_json())
    else:
        print(f"unit {unit.code} ({unit.name}) added" + (f" under {unit.parent_code}" if unit.parent_code else ""))
    return 0


@command(
    "central units list",
    help="the units, parents before their children",
    args=[arg("--url", required=True), _ADMIN_PASSWORD, arg("--json", action="store_true")],
)
def cmd_central_units_list(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import list_units

    found = list_units(args.url, _admin_password(args))
    if args.json:
        print_json({"units": [u.to_json() for u in found]})
    else:
        for u in found:
            print(f"{u.code:12} {u.name}" + (f"  (in {u.parent_code})" if u.parent_code else ""))
    return 0


# --- users, managed centrally ------------------------------------------------------------------------

group("central users", help="users, managed on the central database", dest="users_command")

_USER_PASSWORDS = arg(
    "--password-stdin",
    action="store_true",
    help="read two lines from stdin: the database password (ignored when the URL or server needs none), "
    "then the user's new password",
)


def _two_passwords(args: argparse.Namespace, username: str) -> tuple[str | None, str]:
    """(database password or None, the user's new password): two lines of stdin, or a prompt for the second."""
    if args.password_stdin:
        admin = read_password(True, "") or None
        return admin, read_password(True, "")
    return None, read_password(False, f"new password for {username}: ")


@command(
    "central users add",
    help="add a user of a unit; the unit's stations receive it at their next sync",
    args=[
        arg("--url", required=True),
        arg("--name", required=True, help="user name (sign-in name)"),
        arg("--role", required=True, help="clerk, collector, supervisor, team_lead, archivist, admin, …"),
        arg("--unit", required=True, metavar="CODE"),
        arg("--display-name", default=""),
        arg("--team"),
        _USER_PASSWORDS,
        arg("--json", action="store_true"),
    ],
)
def cmd_central_users_add(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import add_user

    admin, password = _two_passwords(args, args.name)
    user = add_user(args.url, args.name, password, args.role, args.unit, args.display_name, args.team, admin)
    if args.json:
        print_json(user.to_json())
    else:
        print(f"user {user.username} ({user.role}) added to unit {user.unit}")
    return 0


@command(
    "central users disable",
    help="disable a user: after the next sync they can no longer sign in",
    args=[
        arg("--url", required=True),
        arg("--name", required=True),
        _ADMIN_PASSWORD,
        arg("--json", action="store_true"),
    ],
)
def cmd_central_users_disable(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import disable_user

    user = disable_user(args.url, args.name, _admin_password(args))
    if args.json:
        print_json(user.to_json())
    else:
        print(f"user {user.username} disabled")
    return 0


@command(
    "central users passwd",
    help="set a user's password",
    args=[
        arg("--url", required=True),
        arg("--name", required=True),
        _USER_PASSWORDS,
        arg("--json", action="store_true"),
    ],
)
def cmd_central_users_passwd(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import change_password

    admin, password = _two_passwords(args, args.name)
    user = change_password(args.url, args.name, password, admin)
    if args.json:
        print_json(user.to_json())
    else:
        print(f"password of {user.username} changed")
    return 0


@command(
    "central users list",
    help="the central users (no password hashes)",
    args=[
        arg("--url", required=True),
        arg("--unit", metavar="CODE", help="only this unit and the units below it"),
        _ADMIN_PASSWORD,
        arg("--json", action="store_true"),
    ],
)
def cmd_central_users_list(args: argparse.Namespace) -> int:
    from archivist_desktop.services.central_users import list_central_users

    found = list_central_users(args.url, _admin_password(args), args.unit)
    if args.json:
        print_json({"users": [u.to_json() for u in found]})
    else:
        for u in found:
            state = "" if u.active else "  (disabled)"
            print(f"{u.username:16} {u.role:12} {u.unit or '-':12} {u.display_name}{state}")
    return 0
