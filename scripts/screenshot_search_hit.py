#!/usr/bin/env python3
"""Screenshot of a page found by its text (#18), its matched words outlined, under Xvfb:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_search_hit.py OUT.png

Builds a throw-away station (tests' sample feed), attaches a generated page, OCRs it, searches
"用电申请" as the search field does and opens the hit.
"""

from __future__ import annotations

import sys
import tempfile
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def main(out: str) -> int:
    import cv2
    from sqlalchemy import select

    from archivist_desktop.services import page_text
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.review import decode_page
    from archivist_desktop.services.search import search
    from archivist_desktop.services.users import authenticate
    from archivist_desktop.store.models import Page
    from archivist_desktop.ui.qt import QApplication, QTimer
    from archivist_desktop.ui.search import PageHitDialog
    from cli_helpers import signed_main
    from sample_data import sample_feed
    from stations import PASSWORD, open_station
    from test_page_text import text_page

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="shot-search-"))
    data, image = tmp / "data", tmp / "page.jpg"
    cv2.imwrite(str(image), text_page())
    with open_station(data, users=("clerk",), feed=sample_feed()):
        pass
    args = ["attach", "--work-order", "WO202611000124", "--document", "application_form", "--user", "clerk"]
    signed_main([*args, "--late-reason", "补录", "--override-reason", "shot", str(image), "--data-dir", str(data)])
    with Archive(data) as archive:
        with archive.read_session() as s:
            (page_id,) = s.execute(select(Page.id)).scalars()
        page_text.ocr_page(archive, page_id)
        user = authenticate(archive, "clerk", PASSWORD)
        (hit,) = [h for h in search(archive, "用电申请") if h.kind == "page"]
        dialog = PageHitDialog(hit, partial(decode_page, archive, user))
        dialog.resize(900, 700)
        dialog.show()

        def shoot() -> None:
            if not dialog.viewer.highlights:
                QTimer.singleShot(200, shoot)
                return
            dialog.grab().save(out)
            dialog.close()
            app.quit()

        QTimer.singleShot(500, shoot)
        app.exec()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/search-hit.png"))
