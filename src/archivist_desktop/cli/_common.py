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

Heavy modules are imported inside handlers, so that ``--help`` and small commands start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivist_desktop.errors import BadInput, CentralUnreachable, KnownError, describe, is_known
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
    status.  ``hard_exit(args)`` says whether to leave with ``os._exit`` after the handler (once Qt painted).
    """

    path: tuple[str, ...]
    handler: Handler
    help: str
    description: str | None = None
    args: tuple[Arg | Exclusive, ...] = ()
    known: Mapping[type[BaseException], int] = field(default_factory=dict)
    hard_exit: Callable[[argparse.Namespace], bool] | None = None

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
    hard_exit: Callable[[argparse.Namespace], bool] | bool = False,
) -> Callable[[Handler], Handler]:
    """Declare the decorated function as the handler of subcommand ``name``."""
    path = _path(name)

    def register(handler: Handler) -> Handler:
        when = hard_exit if callable(hard_exit) else ((lambda _args: True) if hard_exit else None)
        REGISTRY[path] = Command(path, handler, help, description, tuple(args), dict(known or {}), when)
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
        p.set_defaults(func=entry.handler, command_spec=entry)


# --- running a command: the one mapping from exceptions to exit statuses -------------------------------


def run(spec: Command, args: argparse.Namespace, argv: Sequence[str] | None = None) -> int:
    """Run ``spec``'s handler on ``args``; every failure becomes a message on stderr and an exit status."""
    try:
        status = int(spec.handler(args) or 0)
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
        status = _report_known(exc, declared) if declared is not None else _report_bug(exc, args, argv)
    if spec.hard_exit is not None and spec.hard_exit(args):
        hard_exit(status)
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


def hard_exit(status: int) -> None:
    """Leave without the interpreter's final garbage collection once Qt painted (see tests/conftest.py:
    PySide6 with the barcode libraries can abort there after all work is done and flushed)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


# --- helpers for handlers ------------------------------------------------------------------------------


def print_json(obj: Any, *, allow_nan: bool = True, flush: bool = False) -> None:
    """``obj`` as one line of JSON on stdout (non-ASCII kept)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, allow_nan=allow_nan) + "\n")
    if flush:
        sys.stdout.flush()


def open_archive(args: argparse.Namespace, clock: Callable[[], datetime] | None = None) -> Archive:
    """The archive of ``--data-dir`` (or ``$ARCHIVIST_DATA_DIR``, or the per-user data directory)."""
    from archivist_desktop.services.archive import Archive

    data_dir = data_dir_from_args(args)
    return Archive(data_dir, clock=clock) if clock else Archive(data_dir)


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


_NO_DEFAULT: Any = object()


def acting_user(
    archive: Archive,
    args: argparse.Namespace,
    *,
    default: Callable[[], Any] = _NO_DEFAULT,
    missing: str = "this command needs --user NAME",
) -> UserInfo:
    """The user named by ``--user``; without it ``default()``, or :class:`BadInput` with ``missing``."""
    from archivist_desktop.services.users import get_user

    name = getattr(args, "user", None)
    if name:
        return get_user(archive, name)
    if default is _NO_DEFAULT:
        raise BadInput(missing)
    return default()


def read_password(from_stdin: bool, prompt: str) -> str:
    """One line of stdin (without its line end) when ``from_stdin``, else asked on the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)
