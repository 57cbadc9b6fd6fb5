"""``archivist-desktop report NAME``: the Dashboard's datasets as CSV (UTF-8 with BOM) or JSON,
and ``archivist-desktop escalate``: one escalation pass."""

from __future__ import annotations

import argparse
from pathlib import Path

from archivist_desktop.cli._common import acting_user, arg, command, open_archive, parse_now, print_json
from archivist_desktop.services.reports import DATASETS, HEADER_STYLES


@command(
    "report",
    help="a dashboard dataset as CSV (UTF-8 with BOM) or JSON",
    acts=True,
    args=[
        arg(
            "name",
            choices=(*DATASETS, "period", "overdue", "flagged", "rescans"),
            help="dataset; with --drill, the chart whose bar to open (coverage, period, on_time, overdue, "
            "flagged, rescans)",
        ),
        arg("--period", choices=("month", "week"), default="month"),
        arg(
            "--drill",
            metavar="KEY",
            help="the items behind one bar or slice: a business type, a period "
            "(2026-11, 2026-W45), a team, or on_time / late / overdue",
        ),
        arg("--csv", metavar="FILE", help="write the CSV here (default: standard output)"),
        arg("--json", action="store_true", help="print JSON instead of CSV"),
        arg("--english", action="store_true", help="English document and business-type names (and headings)"),
        arg(
            "--header",
            choices=HEADER_STYLES,
            help="the header row: zh (Chinese headings, the CSV default), en (English headings; the default with "
            "--english) or keys (the stable machine names, the JSON default)",
        ),
    ],
)
def cmd_report(args: argparse.Namespace) -> int:
    from archivist_desktop.services.dashboard import drill_down
    from archivist_desktop.services.reports import HeaderStyle, csv_text, drill_table, report, write_csv

    # JSON is read by programs: machine keys unless a heading style is asked for
    header: HeaderStyle | None = args.header or ("keys" if args.json else None)
    with open_archive(args) as archive:
        acting_user(archive, args)
        if args.drill:
            drill = drill_down(archive, args.name, args.drill, period=args.period)
            table = drill_table(drill, chinese=not args.english, header=header)
        else:
            table = report(archive, args.name, args.period, chinese=not args.english, header=header)
    if args.json:
        print_json(
            {
                "headers": list(table.headers),
                "keys": list(table.keys),
                "rows": [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in table.rows],
            }
        )
    elif args.csv:
        write_csv(Path(args.csv), table)
    else:
        print(csv_text(table), end="")
    return 0


@command(
    "escalate",
    help="one escalation pass (催办): log late required items",
    acts=True,
    args=[arg("--now", metavar="ISO8601", help="evaluate at this moment instead of now")],
)
def cmd_escalate(args: argparse.Namespace) -> int:
    from archivist_desktop.services.escalation import escalate_due

    with open_archive(args) as archive:
        acting_user(archive, args)
        result = escalate_due(archive, now=parse_now(args.now))
    print_json(
        {
            "escalated": len(result.escalated),
            "ended": len(result.ended),
            "deferred": result.deferred,
            "items": [
                {
                    "item_id": e.item_id,
                    "work_order_no": e.work_order_no,
                    "clerk": e.clerk,
                    "team_leads": list(e.team_leads),
                    "hours_overdue": e.hours_overdue,
                    "reminder": e.number,
                }
                for e in result.escalated
            ],
        }
    )
    return 0
