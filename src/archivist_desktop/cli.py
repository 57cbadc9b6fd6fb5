"""The ``archivist-desktop`` command: the GUI by default, subcommands for scripted work.

Every subcommand takes ``--data-dir DIR`` (also ``ARCHIVIST_DATA_DIR``).  Handlers return
the process exit status.  Imports of heavy modules happen inside handlers so that
``--help`` and small commands start fast.
"""
from __future__ import annotations

import argparse
import sys


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
    from archivist_desktop import __version__, cli_doctor, cli_imaging, cli_records, cli_reports, cli_review, cli_store, cli_sync

    common = _common_parser()
    parser = argparse.ArgumentParser(
        prog="archivist-desktop",
        description="Archivist Desktop: document-camera capture and customer archives.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"archivist-desktop {__version__}")
    parser.add_argument("--demo", action="store_true", help="open on a fresh demo data directory with the simulated camera")
    parser.add_argument("--camera", metavar="SPEC", help="camera: 0, 1, … /dev/videoN, replay:PATH or sim")
    parser.add_argument("--user", metavar="NAME", help="pre-fill the login dialog with this user name")
    parser.set_defaults(func=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_store.register(sub, [common])
    cli_imaging.register(sub, [common])
    cli_sync.register(sub, [common])
    cli_doctor.register(sub, [common])
    cli_records.register(sub, [common])
    cli_reports.register(sub, [common])
    cli_review.register(sub, [common])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is None:
        from archivist_desktop.ui.app import run_gui

        return run_gui(args)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
