"""``archivist-desktop doctor [--json] [--strict]``: is this workstation ready to work?

Exit status 0 when every essential check passed (with ``--strict``: and nothing warned), else 1.
"""
from __future__ import annotations

from archivist_desktop.cli_store import _print_json
from archivist_desktop.paths import data_dir_from_args


def cmd_doctor(args) -> int:
    from archivist_desktop.services.doctor import diagnose, format_report

    report = diagnose(data_dir_from_args(args), cameras=not args.no_cameras)
    if args.json:
        _print_json(report.to_json())
    else:
        print(format_report(report))
    if not report.ok:
        return 1
    return 1 if args.strict and report.warnings else 0


def register(sub, parents) -> None:
    p = sub.add_parser("doctor", parents=parents,
                       help="check this workstation: cameras, barcode readers, databases, keyring, fonts, translations")
    p.add_argument("--json", action="store_true", help="the report as one JSON object")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (e.g. central database unreachable)")
    p.add_argument("--no-cameras", action="store_true", help="do not probe for cameras")
    p.set_defaults(func=cmd_doctor)
