"""The dependency rule of DESIGN.md §2, checked on the source."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "archivist_desktop"

#: package → archivist_desktop subpackages it may import
ALLOWED = {
    "domain": {"domain"},
    "imaging": {"imaging"},
    "camera": {"camera"},
    "store": {"store", "domain"},
    "sync": {"sync", "store", "domain"},
    "printing": {"printing", "domain"},
    "services": {"services", "domain", "imaging", "camera", "store", "sync", "printing", "paths"},
    "ui": {"ui", "services", "domain", "paths"},
}
QT_ALLOWED = {"ui", "printing"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        yield (rel.parts[0] if len(rel.parts) > 1 else None), path


@pytest.mark.parametrize("package,path", list(_modules()), ids=lambda v: str(v).rsplit("archivist_desktop/", 1)[-1])
def test_layer_rules(package, path):
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ("PySide6", "shiboken6"):
            assert package in QT_ALLOWED, f"{path}: imports {name}; only ui/ and printing/ may import PySide6"
        if top == "archivist_desktop" and package in ALLOWED and "." in name:
            target = name.split(".")[1]
            assert target in ALLOWED[package], f"{path}: {package}/ may not import archivist_desktop.{target}"


def test_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport archivist_desktop.ui.qt\n")
    assert {"PySide6.QtWidgets", "archivist_desktop.ui.qt"} <= _imports(bad)


def test_domain_store_services_import_without_qt():
    import subprocess
    import sys

    code = ("import sys; import archivist_desktop.services.orders, archivist_desktop.services.reminders, "
            "archivist_desktop.cli_store; assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide' in m)")
    subprocess.run([sys.executable, "-c", code], check=True)
