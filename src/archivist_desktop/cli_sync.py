"""Subcommands for the central database: central init/login/stats, sync, stats."""
from __future__ import annotations

import getpass
import json
import sys

from archivist_desktop.cli_store import _error, _print_json
from archivist_desktop.paths import data_dir_from_args


def _password(args, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(prompt)


def _run(fn) -> int:
    """Map failures to exit codes: 2 unreachable, 1 anything else; messages never hold a password."""
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.sync.central import CentralError, CentralUnreachable
    from archivist_desktop.sync.blobs import BlobRejected

    try:
        return fn()
    except CentralUnreachable as exc:
        _error(str(exc))
        return 2
    except (KnownError, CentralError, BlobRejected) as exc:
        _error(str(exc))
        return 1


def cmd_sync(args) -> int:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.sync import pending_changes, sync

    def progress(phase: str, done: int, total: int) -> None:
        if args.progress:
            sys.stderr.write(json.dumps({"phase": phase, "done": done, "total": total}) + "\n")
            sys.stderr.flush()

    def go() -> int:
        with Archive(data_dir_from_args(args)) as archive:
            try:
                counts = sync(archive, args.central, progress)
            except Exception:
                if args.json:
                    _print_json({"pushed": {}, "pulled": {}, "pending": pending_changes(archive)})
                raise
        if args.json:
            _print_json(counts.to_json())
        else:
            print(f"pushed {sum(counts.pushed.values())} rows, pulled {sum(counts.pulled.values())}, "
                  f"{counts.pending} pending")
        return 0 if counts.pending == 0 else 1

    return _run(go)


def cmd_stats(args) -> int:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.sync import local_stats

    with Archive(data_dir_from_args(args)) as archive:
        _print_json(local_stats(archive))
    return 0


def cmd_central_init(args) -> int:
    from archivist_desktop.services.sync import init_central

    def go() -> int:
        password = _password(args, "central administrator password: ") if args.password_stdin else None
        login_password = None
        if args.create_login:
            login_password = _password(args, f"password for {args.create_login}: ")
        revision = init_central(args.url, password, args.create_login, login_password)
        _print_json({"schema": revision, "station_role": "archivist_station", "login": args.create_login})
        return 0

    return _run(go)


def cmd_central_login(args) -> int:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.sync import login_central

    def go() -> int:
        password = _password(args, f"password for {args.user}: ")
        with Archive(data_dir_from_args(args)) as archive:
            login_central(archive, args.url, args.user, password)
            print(f"signed in; the password is in the keyring, central_url = {archive.settings['central_url']}")
        return 0

    return _run(go)


def cmd_central_stats(args) -> int:
    from archivist_desktop.services.sync import central_stats

    def go() -> int:
        _print_json(central_stats(args.url))
        return 0

    return _run(go)


def register(sub, parents) -> None:
    p = sub.add_parser("sync", parents=parents, help="one sync pass with the central database")
    p.add_argument("--central", metavar="URL", help="central database URL (default: the central_url setting)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--progress", action="store_true", help="progress as JSON lines on stderr")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("stats", parents=parents, help="counts of the local archive")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("central", parents=parents, help="the central database")
    csub = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    c = csub.add_parser("init", parents=parents, help="create or upgrade the central schema and the station role")
    c.add_argument("--url", required=True)
    c.add_argument("--password-stdin", action="store_true", help="read the administrator's password from stdin")
    c.add_argument("--create-login", metavar="NAME", help="also create a station login (password read next)")
    c.set_defaults(func=cmd_central_init)
    c = csub.add_parser("login", parents=parents, help="keep a station login's password in the OS keyring")
    c.add_argument("--url", required=True)
    c.add_argument("--user", required=True)
    c.add_argument("--password-stdin", action="store_true")
    c.set_defaults(func=cmd_central_login)
    c = csub.add_parser("stats", parents=parents, help="counts of the central archive")
    c.add_argument("--url", required=True)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_central_stats)
