"""What every subcommand shares: the command registry, JSON output, the archive, ``--now``, the acting user,
passwords from stdin, and the one mapping from exceptions to exit statuses.

A command is declared next to its handler (as qutebrowser's ``@cmdutils.register``)::

    @command("verify", help="re-hash every page file and walk the audit chain",
             args=[arg("--json", action="store_true"), arg("--central", metavar="URL")])
    def cmd_verify(args) -> int:
        ...

A name with a space (``"central init"``) puts the command in a group declared with :func:`group`.
Handlers return the exit status (``None`` is 0) and raise on failure; :func:`run` maps the exception:

* :class:`~archivist_desktop.errors.CentralUnreachable` → 2,
* any other :class:`~archivist_desktop.errors.KnownError` → 1 (and the types a command declares in ``known``),
* ``KeyboardInterrupt`` → 130, ``BrokenPipeError`` → 0,
* anything else is a bug → 3, with the traceback in ``<data-dir>/logs/cli.log``.

A command that changes records or shows customers' data *acts for a person*: it is declared with
``acts=True`` (or ``acts="admin"``: the person must be an administrator).  The registry then adds
``--user NAME`` (required) and ``--password-stdin`` to it, and :func:`open_archive` signs that person in
(:func:`archivist_desktop.services.users.authenticate`, channel ``"cli"``) before the handler sees the
archive: the password is the first line of stdin with ``--password-stdin``, else asked on the terminal
(no terminal: exit 1).  A wrong password, an unknown or a disabled user all give exit 1 with
"wrong user name or password" and nothing written but the failed-sign-in audit event; repeated
failures lock the name as in the GUI.  The handler gets the person from :func:`acting_user`.

Heavy modules are imported inside handlers, so that ``--help`` and small commands start fast.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivist_desktop.errors import (
    BadInput,
    CentralUnreachable,
    KnownError,
    PermissionDenied,
    as_storage_error,
    describe,
    is_known,
)
from archivist_desktop.paths import data_dir_from_args

if TYPE_CHECKING:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.users import UserInfo

Handler = Callable[[argparse.Namespace], "int | None"]

#: exit statuses
EXIT_OK, EXIT_KNOWN, EXIT_UNREACHABLE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


# --- the registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    """One ``add_argument`` call: its flags and keyword arguments."""

    flags: tuple[str, ...]
    options: Mapping[str, Any]

    def add_to(self, parser: Any) -> None:
        parser.add_argument(*self.flags, **self.options)


@dataclass(frozen=True)
class Exclusive:
    """A mutually exclusive group of arguments."""

    args: tuple[Arg, ...]
    required: bool = False

    def add_to(self, parser: Any) -> None:
        grp = parser.add_mutually_exclusive_group(required=self.required)
        for a in self.args:
            a.add_to(grp)


def arg(*flags: str, **options: Any) -> Arg:
    """An argument, spelled as for :meth:`argparse.ArgumentParser.add_argument`."""
    return Arg(flags, options)


def exclusive(*args: Arg, required: bool = False) -> Exclusive:
    """Arguments of which at most one (with ``required``: exactly one) may be given."""
    return Exclusive(args, required)


@dataclass(frozen=True)
class Command:
    """A subcommand: its name path, handler, help and arguments.

    ``known`` maps exception types that are not :class:`KnownError` but that this command's services raise
    for the user's input or environment (e.g. ``ValueError`` for an unknown imaging profile) to an exit
    status.
    """

    path: tuple[str, ...]
    handler: Handler
    help: str
    description: str | None = None
    args: tuple[Arg | Exclusive, ...] = ()
    known: Mapping[type[BaseException], int] = field(default_factory=dict)
    #: ``None``: station-wide, no sign-in; ``"user"``: acts for a signed-in person; ``"admin"``: an administrator
    acts: str | None = None
    #: with ``acts``: on a station without any user, ``--user`` may be left out (creating the first admin)
    bootstrap: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.path)


@dataclass(frozen=True)
class Group:
    """A command with subcommands of its own (``central init|login|stats``)."""

    path: tuple[str, ...]
    help: str
    dest: str
    metavar: str = "ACTION"


#: every command and group, in declaration order (the order of ``--help``)
REGISTRY: dict[tuple[str, ...], Command | Group] = {}


def _path(name: str) -> tuple[str, ...]:
    path = tuple(name.split())
    if not path:
        raise ValueError("a command needs a name")
    if path in REGISTRY:
        raise ValueError(f"command {name!r} is declared twice")
    if len(path) > 1 and not isinstance(REGISTRY.get(path[:-1]), Group):
        raise ValueError(f"command {name!r}: declare group({' '.join(path[:-1])!r}) first")
    return path


def group(name: str, *, help: str, dest: str, metavar: str = "ACTION") -> None:
    """Declare a command group; its subcommands are then declared as ``"<group> <name>"``."""
    path = _path(name)
    REGISTRY[path] = Group(path, help, dest, metavar)


def command(
    name: str,
    *,
    help: str,
    args: Iterable[Arg | Exclusive] = (),
    description: str | None = None,
    known: Mapping[type[BaseException], int] | None = None,
    acts: bool | str = False,
    bootstrap: bool = False,
) -> Callable[[Handler], Handler]:
    """Declare the decorated function as the handler of subcommand ``name``.

    ``acts=True``: the command acts for a person, who signs in with ``--user NAME`` and a password
    (``--password-stdin`` or the terminal) — the registry adds both options; ``acts="admin"``: that
    person must be an administrator.  ``bootstrap`` (with ``acts``): ``--user`` may be left out on a
    station without any user.
    """
    path = _path(name)
    if acts not in (False, True, "admin"):
        raise ValueError(f"command {name!r}: acts must be False, True or 'admin'")
    role = "admin" if acts == "admin" else ("user" if acts else None)

    def register(handler: Handler) -> Handler:
        REGISTRY[path] = Command(
            path, handler, help, description, tuple(args), dict(known or {}), role, bootstrap and bool(role)
        )
        return handler

    return register


def unregister(name: str) -> None:
    """Forget a command (for tests that declare a throwaway command)."""
    REGISTRY.pop(tuple(name.split()), None)


def add_commands(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add every registered command to ``sub`` (the subparsers of the top-level parser)."""
    groups: dict[tuple[str, ...], Any] = {(): sub}
    for path, entry in REGISTRY.items():
        parent = groups[path[:-1]]
        if isinstance(entry, Group):
            p = parent.add_parser(path[-1], parents=list(parents), help=entry.help)
            groups[path] = p.add_subparsers(dest=entry.dest, metavar=entry.metavar, required=True)
            continue
        p = parent.add_parser(path[-1], parents=list(parents), help=entry.help, description=entry.description)
        for a in entry.args:
            a.add_to(p)
        if entry.acts:
            who = "an administrator" if entry.acts == "admin" else "the person acting"
            p.add_argument(
                "--user",
                metavar="NAME",
                required=not entry.bootstrap,
                help=f"{who} (signs in with a password)"
                + ("; may be left out on a station without users" if entry.bootstrap else ""),
            )
            p.add_argument(
                "--password-stdin",
                action="store_true",
                help="read the password from the first line of stdin (default: ask on the terminal)",
            )
        p.set_defaults(func=entry.handler, command_spec=entry)


# --- running a command: the one mapping from exceptions to exit statuses -------------------------------


def run(spec: Command, args: argparse.Namespace, argv: Sequence[str] | None = None) -> int:
    """Run ``spec``'s handler on ``args``; every failure becomes a message on stderr and an exit status."""
    try:
        status = int(spec.handler(args) or 0)
        if spec.acts and not getattr(args, "signed_in", False):
            raise RuntimeError(f"command {spec.name!r} acts for a person but never signed them in")
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        status = EXIT_OK
    except CentralUnreachable as exc:
        status = _report_known(exc, EXIT_UNREACHABLE)
    except KnownError as exc:
        status = _report_known(exc, EXIT_KNOWN)
    except Exception as exc:  # noqa: BLE001 - anything else is a bug: logged, exit status 3
        declared = next((code for kind, code in spec.known.items() if isinstance(exc, kind)), None)
        storage = as_storage_error(exc)  # a read-only or full data directory is the user's to fix, not a bug
        if storage is not None:
            status = _report_known(storage, EXIT_KNOWN)
        else:
            status = _report_known(exc, declared) if declared is not None else _report_bug(exc, args, argv)
    return status


def error(message: str) -> None:
    """One line ``archivist-desktop: <message>`` on stderr (without the passwords of URLs in it)."""
    sys.stderr.write(f"archivist-desktop: {redact(message)}\n")


def _report_known(exc: BaseException, status: int) -> int:
    error(describe(exc) if is_known(exc) else _one_line(str(exc)) or type(exc).__name__)
    for problem in getattr(exc, "problems", None) or ():
        sys.stderr.write(f"  {problem}\n")
    return status


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _report_bug(exc: BaseException, args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    log = write_bug_log(exc, args, argv)
    error(describe(exc))
    if log is not None:
        sys.stderr.write(f"Please report this, with the log file {log}\n")
    else:
        sys.stderr.write("Please report this (the log file could not be written)\n")
    return EXIT_BUG


_URL_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@\s]*@")


def redact(text: str) -> str:
    """``text`` without the passwords of URLs in it.

    >>> redact("sync --central postgresql://hall01:secret@db/archive")
    'sync --central postgresql://hall01:***@db/archive'
    """
    return _URL_PASSWORD.sub(r"\1:***@", text)


def log_dirs(args: argparse.Namespace) -> list[Path]:
    """Where the CLI log may go, best first: ``<data-dir>/logs``, then the temporary directory."""
    dirs = []
    try:
        dirs.append(data_dir_from_args(args) / "logs")
    except Exception:  # noqa: BLE001 - no data directory: the temporary one still works
        pass
    dirs.append(Path(tempfile.gettempdir()) / "archivist-desktop")
    return dirs


def write_bug_log(exc: BaseException, args: argparse.Namespace, argv: Sequence[str] | None) -> Path | None:
    """Append the traceback of ``exc`` to ``cli.log`` in the first writable of :func:`log_dirs`."""
    from archivist_desktop import __version__

    words = list(sys.argv[1:] if argv is None else argv)
    text = (
        f"--- {datetime.now(UTC).isoformat(timespec='seconds')} archivist-desktop {__version__}: "
        f"{redact(' '.join(words))}\n" + redact("".join(traceback.format_exception(exc)))
    )
    for folder in log_dirs(args):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "cli.log"
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    return None


# --- helpers for handlers ------------------------------------------------------------------------------


def print_json(obj: Any, *, allow_nan: bool = True, flush: bool = False) -> None:
    """``obj`` as one line of JSON on stdout (non-ASCII kept)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, allow_nan=allow_nan) + "\n")
    if flush:
        sys.stdout.flush()


def open_archive(
    args: argparse.Namespace, clock: Callable[[], datetime] | None = None, *, sign_in: bool = True
) -> Archive:
    """The archive of ``--data-dir`` (or ``$ARCHIVIST_DATA_DIR``, or the per-user data directory).

    For a command that acts for a person (``acts``), that person signs in first (unless ``sign_in`` is
    false: the handler then calls :func:`acting_user` itself, after checks of its own)."""
    from archivist_desktop.services.archive import Archive

    data_dir = data_dir_from_args(args)
    archive = Archive(data_dir, clock=clock) if clock else Archive(data_dir)
    spec = getattr(args, "command_spec", None)
    if sign_in and spec is not None and spec.acts:
        try:
            _sign_in(archive, args)
        except BaseException:
            archive.close()
            raise
    return archive


def parse_now(value: str | None) -> datetime | None:
    """``--now ISO8601`` as an aware datetime; ``None`` when not given.

    >>> parse_now("2026-11-27T09:00:00+08:00").isoformat()
    '2026-11-27T09:00:00+08:00'
    >>> parse_now("2026-11-27T09:00:00")
    Traceback (most recent call last):
    ...
    archivist_desktop.errors.BadInput: --now needs a UTC offset, e.g. 2026-11-27T09:00:00+08:00
    """
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(f"--now {value!r} is not an ISO 8601 date-time") from None
    if now.tzinfo is None:
        raise BadInput("--now needs a UTC offset, e.g. 2026-11-27T09:00:00+08:00")
    return now


def acting_user(archive: Archive, args: argparse.Namespace) -> UserInfo:
    """The person the command acts for: ``--user``, signed in with their password (once per run)."""
    user = _sign_in(archive, args)
    if user is None:
        raise BadInput("this command needs --user NAME")
    return user


def bootstrap_or_acting_user(archive: Archive, args: argparse.Namespace) -> UserInfo | None:
    """As :func:`acting_user`; ``None`` when a ``bootstrap`` command runs without ``--user`` on a station
    without any user."""
    return _sign_in(archive, args)


def _sign_in(archive: Archive, args: argparse.Namespace) -> UserInfo | None:
    if getattr(args, "signed_in", False):
        return args.acting
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.users import authenticate, has_users

    spec: Command | None = getattr(args, "command_spec", None)
    what = spec.name if spec is not None else "this command"
    name = getattr(args, "user", None)
    if not name:
        if spec is not None and spec.bootstrap and not has_users(archive):
            args.acting, args.signed_in = None, True
            return None
        raise BadInput(f"{what} needs --user NAME and that user's password (--password-stdin)")
    password = read_secret(args, f"password for {name}: ")
    user = authenticate(archive, name, password, channel="cli")
    if spec is not None and spec.acts == "admin" and user.role != Role.ADMIN:
        raise PermissionDenied(
            f"{what} needs an administrator; {name} is a {user.role.value}",
            code="admin_required",
            what=what,
            username=name,
            role=user.role.value,
        )
    args.acting, args.signed_in = user, True
    return user


def read_secret(args: argparse.Namespace, prompt: str) -> str:
    """The next password: the next line of stdin with ``--password-stdin``, else asked on the terminal;
    :class:`BadInput` when there is neither."""
    if getattr(args, "password_stdin", False):
        return read_password(True, prompt)
    if not sys.stdin.isatty():
        raise BadInput("a password is needed: --password-stdin")
    return read_password(False, prompt)


def read_password(from_stdin: bool, prompt: str) -> str:
    """One line of stdin (without its line end) when ``from_stdin``, else asked on the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)
