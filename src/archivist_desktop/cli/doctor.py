"""``archivist-desktop doctor [--json] [--strict]``: is this workstation ready to work?

Exit status 0 when every essential check passed (with ``--strict``: and nothing warned), else 1.
"""

from __future__ import annotations

import argparse

from archivist_desktop.cli._common import arg, command, print_json
from archivist_desktop.paths import data_dir_from_args


@command(
    "doctor",
    help="check this workstation: cameras, barcode readers, databases, keyring, fonts, translations",
    args=[
        arg("--json", action="store_true", help="the report as one JSON object"),
        arg("--strict", action="store_true", help="exit 1 on warnings too (e.g. central database unreachable)"),
        arg("--no-cameras", action="store_true", help="do not probe for cameras"),
    ],
)
def cmd_doctor(args: argparse.Namespace) -> int:
    from archivist_desktop.services.doctor import diagnose, format_report

    report = diagnose(data_dir_from_args(args), cameras=not args.no_cameras)
    if args.json:
        print_json(report.to_json())
    else:
        print(format_report(report))
    if not report.ok:
        return 1
    return 1 if args.strict and report.warnings else 0
