#!/usr/bin/env python3
"""Compile the interface translations: ``resources/i18n/*.ts`` → ``resources/i18n/*.qm``.

    .venv/bin/python scripts/build_translations.py            # compile (what setup.sh runs)
    .venv/bin/python scripts/build_translations.py --update   # first refresh the .ts from the ui sources
    .venv/bin/python scripts/build_translations.py --strict   # fail when a message is untranslated

The ``.qm`` files are build outputs (git-ignored).  ``archivist_zh_CN.ts`` holds every
interface string; ``archivist_en.ts`` holds only the English plural forms (``%n``).
Uses ``pyside6-lupdate`` / ``pyside6-lrelease`` from the same environment as this Python.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "resources" / "i18n"
UI = REPO / "src" / "archivist_desktop" / "ui"
#: modules outside ui/ with strings marked QT_TRANSLATE_NOOP (declarative tables)
MARKED = [REPO / "src" / "archivist_desktop" / "services" / "reminders.py"]
#: .ts file → extra lupdate options
CATALOGUES = {"archivist_zh_CN.ts": [], "archivist_en.ts": ["-pluralonly"]}


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        sys.exit(f"build_translations: {name} not found (it comes with PySide6; is the venv set up?)")
    return found


def update() -> None:
    sources = sorted(str(p.relative_to(REPO)) for p in [*UI.glob("*.py"), *MARKED])
    for ts, options in CATALOGUES.items():
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                *options,
                "-no-obsolete",
                "-locations",
                "relative",
                "-ts",
                str((I18N / ts).relative_to(REPO)),
            ],
            cwd=REPO,
            check=True,
        )


def unfinished(ts: Path) -> list[str]:
    """Messages of a .ts file without a finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            empty = translation is None or not ("".join(translation.itertext()).strip())
            if empty or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                out.append(f"{ts.name}: [{name}] {message.findtext('source')!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from the ui sources first")
    parser.add_argument("--strict", action="store_true", help="fail when a message is not translated")
    args = parser.parse_args(argv)
    if args.update:
        update()
    catalogues = sorted(I18N.glob("*.ts"))
    if not catalogues:
        print(f"build_translations: no .ts files in {I18N}", file=sys.stderr)
        return 1
    problems = [m for ts in catalogues for m in unfinished(ts)]
    for problem in problems:
        print(f"untranslated: {problem}", file=sys.stderr)
    if problems and args.strict:
        return 1
    for ts in catalogues:
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        print(f"build_translations: {qm.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
