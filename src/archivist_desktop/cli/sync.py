"""Subcommands for the central database: central init/login/stats, sync, stats.

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
    ],
)
def cmd_sync(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import pending_changes, sync

    def progress(phase: str, done: int, total: int) -> None:
        if args.progress:
            sys.stderr.write(json.dumps({"phase": phase, "done": done, "total": total}) + "\n")
            sys.stderr.flush()

    with open_archive(args) as archive:
        try:
            counts = sync(archive, args.central, progress)
        except Exception:
            if args.json:  # a script still learns how much is waiting; the failure itself is mapped by main
                print_json({"pushed": {}, "pulled": {}, "pending": pending_changes(archive)})
            raise
    if args.json:
        print_json(counts.to_json())
    else:
        print(
            f"pushed {sum(counts.pushed.values())} rows, pulled {sum(counts.pulled.values())}, {counts.pending} pending"
        )
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
    ],
)
def cmd_central_init(args: argparse.Namespace) -> int:
    from archivist_desktop.services.sync import init_central

    password = read_password(True, "") if args.password_stdin else None
    login_password = None
    if args.create_login:
        login_password = read_password(args.password_stdin, f"password for {args.create_login}: ")
    revision = init_central(args.url, password, args.create_login, login_password)
    print_json({"schema": revision, "station_role": "archivist_station", "login": args.create_login})
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
        print(f"signed in; the password is in the keyring, central_url = {archive.settings['central_url']}")
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
