"""Subcommands over single pages: download (图档调阅)."""

from __future__ import annotations

import argparse
from pathlib import Path

from archivist_desktop.cli._common import acting_user, arg, command, open_archive, print_json


@command(
    "download",
    help="write a page's stored bytes unchanged to a file (needs the download permission; audited)",
    acts=True,
    args=[
        arg("--page", required=True, metavar="PAGE_ID"),
        arg("--out", required=True, metavar="FILE"),
    ],
)
def cmd_download(args: argparse.Namespace) -> int:
    from archivist_desktop.services.download import download_page

    with open_archive(args) as archive:
        user = acting_user(archive, args)
        done = download_page(archive, user, args.page, Path(args.out))
    print_json(done.to_json())
    return 0
