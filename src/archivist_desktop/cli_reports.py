"""``archivist-desktop report NAME``: the Dashboard's datasets as CSV (UTF-8 with BOM) or JSON,
and ``archivist-desktop escalate``: one escalation pass."""
from __future__ import annotations

from pathlib import Path

from archivist_desktop.cli_store import _error, _open, _parse_now, _print_json
from archivist_desktop.services.reports import DATASETS


def cmd_report(args) -> int:
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.dashboard import drill_down
    from archivist_desktop.services.reports import (
        csv_text,
        drill_table,
        report,
        write_csv,
    )

    with _open(args) as archive:
        try:
            if args.drill:
                table = drill_table(drill_down(archive, args.name, args.drill, period=args.period), chinese=not args.english)
            else:
                table = report(archive, args.name, args.period, chinese=not args.english)
        except KnownError as exc:
            _error(str(exc))
            return 1
    if args.json:
        _print_json({"headers": list(table.headers),
                     "rows": [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in table.rows]})
    elif args.csv:
        try:
            write_csv(Path(args.csv), table)
        except KnownError as exc:
            _error(str(exc))
            return 1
    else:
        print(csv_text(table), end="")
    return 0


def cmd_escalate(args) -> int:
    from archivist_desktop.services.escalation import escalate_due

    with _open(args) as archive:
        result = escalate_due(archive, now=_parse_now(args.now))
    _print_json({"escalated": len(result.escalated), "ended": len(result.ended), "deferred": result.deferred,
                 "items": [{"item_id": e.item_id, "work_order_no": e.work_order_no, "clerk": e.clerk,
                            "team_leads": list(e.team_leads), "hours_overdue": e.hours_overdue, "reminder": e.number}
                           for e in result.escalated]})
    return 0


def register(sub, parents) -> None:
    p = sub.add_parser("report", parents=parents, help="a dashboard dataset as CSV (UTF-8 with BOM) or JSON")
    p.add_argument("name", choices=DATASETS + ("period", "overdue", "flagged", "rescans"),
                   help="dataset; with --drill, the chart whose bar to open (coverage, period, on_time, overdue, "
                        "flagged, rescans)")
    p.add_argument("--period", choices=("month", "week"), default="month")
    p.add_argument("--drill", metavar="KEY", help="the items behind one bar or slice: a business type, a period "
                                                  "(2026-11, 2026-W45), a team, or on_time / late / overdue")
    p.add_argument("--csv", metavar="FILE", help="write the CSV here (default: standard output)")
    p.add_argument("--json", action="store_true", help="print JSON instead of CSV")
    p.add_argument("--english", action="store_true", help="English document and business-type names")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("escalate", parents=parents, help="one escalation pass (催办): log late required items")
    p.add_argument("--now", metavar="ISO8601", help="evaluate at this moment instead of now")
    p.set_defaults(func=cmd_escalate)
