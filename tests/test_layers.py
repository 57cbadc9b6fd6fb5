"""The dependency rule of DESIGN.md §2: the import-linter contracts in pyproject.toml hold for the source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "archivist_desktop"


def _lint_imports(config: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [*cmd, "--no-cache", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env=env,
        timeout=300,
    )


def test_the_import_contracts_hold():
    run = _lint_imports(ROOT / "pyproject.toml")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_the_contracts_see_a_violation(tmp_path):
    """A copy of the package with three layer breaks: lint-imports names each broken contract."""
    src = tmp_path / "src"
    shutil.copytree(PKG, src / "archivist_desktop", ignore=shutil.ignore_patterns("__pycache__"))
    (src / "archivist_desktop" / "domain" / "_bad.py").write_text(
        "from PySide6.QtWidgets import QWidget\nimport archivist_desktop.services.archive\n", encoding="utf-8"
    )
    (src / "archivist_desktop" / "cli" / "_bad.py").write_text(
        "def f():\n    from archivist_desktop.store.models import Customer\n", encoding="utf-8"
    )
    (src / "archivist_desktop" / "services" / "_bad.py").write_text("import archivist_desktop.cli\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    run = _lint_imports(tmp_path / "pyproject.toml", pythonpath=src)
    assert run.returncode != 0, run.stdout
    out = " ".join(run.stdout.split())
    for contract in (
        "Only ui/ and printing/ import Qt BROKEN",
        "domain/ and errors are stdlib only: of ours, domain/ imports only errors BROKEN",
        "The CLI goes through services/",
        "services/ import neither ui/ nor the CLI BROKEN",
        "Nothing imports the CLI but __main__ BROKEN",
    ):
        assert contract in out, out
    assert "archivist_desktop.cli._bad -> archivist_desktop.store.models" in out


def test_domain_store_services_and_the_cli_import_without_qt():
    code = (
        "import sys; import archivist_desktop.services.orders, archivist_desktop.services.reminders; "
        "from archivist_desktop.cli import build_parser; build_parser(); "
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
