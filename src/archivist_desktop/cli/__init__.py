"""The ``archivist-desktop`` command: the GUI by default, subcommands for scripted work.

Every subcommand takes ``--data-dir DIR`` (also ``ARCHIVIST_DATA_DIR``).  Each subcommand is declared
next to its handler in one module per area (:mod:`.store`, :mod:`.imaging`, :mod:`.sync`, :mod:`.doctor`,
:mod:`.records`, :mod:`.reports`, :mod:`.review`, :mod:`.pages`) with :func:`._common.command`; :func:`main` maps what a
handler raises to the exit status (see :mod:`._common`).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from archivist_desktop.cli._common import REGISTRY, add_commands, run

#: the modules that declare commands, in the order of ``--help``
COMMAND_MODULES = ("store", "imaging", "text", "sync", "doctor", "records", "reports", "review", "pages")

__all__ = ["REGISTRY", "build_parser", "main"]


def _common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data directory (default: $ARCHIVIST_DATA_DIR or the per-user data directory)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser, with a subparser for every registered command."""
    from archivist_desktop import __version__

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    common = _common_parser()
    parser = argparse.ArgumentParser(
        prog="archivist-desktop",
        description="Archivist Desktop: document-camera capture and customer archives.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"archivist-desktop {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open on a fresh demo data directory with the simulated camera"
    )
    parser.add_argument("--camera", metavar="SPEC", help="camera: 0, 1, … /dev/videoN, replay:PATH or sim")
    parser.add_argument("--user", metavar="NAME", help="pre-fill the login dialog with this user name")
    parser.set_defaults(func=None)
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), [common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the GUI, or the subcommand in ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    Exit statuses: 0 done, 1 a known error (bad input, not allowed, a failed check), 2 the central
    database unreachable, 3 an internal error (a bug: its traceback is in ``<data-dir>/logs/cli.log``),
    130 interrupted.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is None:
        from archivist_desktop.ui.app import run_gui

        return run_gui(args)
    return run(args.command_spec, args, argv)
