"""The packaging files: PyInstaller spec and runtime hook, Windows installer script, Linux desktop
entry and icons.  (The bundle itself is built by ``bash installer/build.sh``, not by the suite.)"""

from __future__ import annotations

import ast
import configparser
import ctypes.util
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"
SPEC = INSTALLER / "archivist-desktop.spec"
DESKTOP = INSTALLER / "linux" / "archivist-desktop.desktop"
ISS = INSTALLER / "windows" / "archivist-desktop.iss"
ICONS = REPO / "resources" / "icons"


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _call(tree: ast.Module, name: str) -> ast.Call:
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == name)


def test_the_spec_is_python_and_names_what_the_bundle_needs():
    tree = _spec_tree()
    analysis = _call(tree, "Analysis")
    keywords = {k.arg: k.value for k in analysis.keywords}
    assert {"pathex", "binaries", "datas", "hiddenimports", "runtime_hooks"} <= set(keywords)
    source = SPEC.read_text(encoding="utf-8")
    for needed in (
        '"store/migrations"',
        '"sync/migrations"',
        "RESOURCES",
        'collect_submodules("archivist_desktop")',
        "pyi_rth_zbar.py",
        "launcher.py",
        "libzbar",
    ):
        assert needed in source, needed
    collect = _call(tree, "COLLECT")
    assert any(k.arg == "name" and k.value.value == "archivist-desktop" for k in collect.keywords)
    for name in ("launcher.py", "pyi_rth_zbar.py", "build.sh"):
        assert (INSTALLER / name).is_file(), name


def test_the_spec_collects_resources_and_migrations_where_the_code_looks_for_them(tmp_path):
    """Run the spec's own collection functions (no PyInstaller needed) and check the destinations
    match what paths.resources_dir(), store/db.py and sync/central.py compute inside a bundle."""
    tree = _spec_tree()
    wanted = {"resource_files", "migration_files"}
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    assert {f.name for f in functions} == wanted
    namespace = {"Path": Path, "ROOT": REPO, "RESOURCES": REPO / "resources", "PKG": REPO / "src" / "archivist_desktop"}
    exec(compile(ast.Module(body=functions, type_ignores=[]), str(SPEC), "exec"), namespace)
    resources = namespace["resource_files"]()
    migrations = namespace["migration_files"]()
    destinations = {(Path(src).name, dest) for src, dest in resources + migrations}
    assert ("permissions.toml", "resources") in destinations
    assert ("hv_new_connection.toml", "resources/templates") in destinations
    assert ("default.toml", "resources/profiles") in destinations
    assert ("archivist-desktop.png", "resources/icons") in destinations
    assert ("archivist_zh_CN.qm", "resources/i18n") in destinations
    assert not any(name.endswith(".ts") for name, _ in destinations)
    assert ("env.py", "archivist_desktop/store/migrations") in destinations
    assert ("env.py", "archivist_desktop/sync/migrations") in destinations
    store_versions = {p.name for p in (REPO / "src/archivist_desktop/store/migrations/versions").glob("*.py")}
    assert (
        store_versions and {(n, "archivist_desktop/store/migrations/versions") for n in store_versions} <= destinations
    )
    sync_versions = {p.name for p in (REPO / "src/archivist_desktop/sync/migrations/versions").glob("*.py")}
    assert sync_versions and {(n, "archivist_desktop/sync/migrations/versions") for n in sync_versions} <= destinations


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hook's Linux path")
def test_the_zbar_runtime_hook_makes_pyzbar_load_the_bundled_library(tmp_path):
    """A fake bundle directory holding libzbar.so.0: after the hook, pyzbar loads that file."""
    system = ctypes.util.find_library("zbar")
    assert system, "libzbar is installed by scripts/setup.sh"
    real = next(
        Path(p) / system
        for p in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")
        if (Path(p) / system).exists()
    )
    bundle = tmp_path / "_internal"
    bundle.mkdir()
    shutil.copy(real, bundle / "libzbar.so.0")
    code = f"""
import sys
sys.frozen = True
sys._MEIPASS = {str(bundle)!r}
exec(open({str(INSTALLER / "pyi_rth_zbar.py")!r}).read())
import ctypes.util
from pyzbar import zbar_library, pyzbar
lib, _ = zbar_library.load()
print(lib._name)
print(ctypes.util.find_library("c") is not None)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(bundle / "libzbar.so.0"), "True"]  # other libraries are still found the normal way
    maps = subprocess.run(
        [
            sys.executable,
            "-c",
            code
            + """
from archivist_desktop.services.doctor import check_zbar
c = check_zbar()
print(c.status, c.data["library"])
""",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert maps[-2:] == ["ok", str(bundle / "libzbar.so.0")]


def test_the_linux_desktop_entry():
    validate = shutil.which("desktop-file-validate")
    if validate:
        result = subprocess.run([validate, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Archivist Desktop" and entry["Name[zh_CN]"]
    assert entry["Exec"].split()[0].endswith("/archivist-desktop")
    assert entry["Icon"] == "archivist-desktop" and (ICONS / "archivist-desktop.svg").exists()
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    install = (INSTALLER / "linux" / "install.sh").read_text(encoding="utf-8")
    assert entry["Exec"].rsplit("/", 1)[0] in install.replace("${PREFIX:-", "").replace("}", "")


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def test_the_windows_installer_script():
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"] if "=" in line and not line.startswith("#"))
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["DefaultDirName"].startswith("{autopf}")  # Program Files
    assert setup["UsePreviousAppDir"] == "yes"  # an upgrade goes where the old version is
    assert (REPO / "resources" / "icons" / "archivist-desktop.ico").exists()
    icons = sections["Icons"]
    assert any(line.startswith('Name: "{group}\\{#AppName}"') for line in icons)  # the Start-menu entry
    assert any("{uninstallexe}" in line for line in icons)
    files = " ".join(sections["Files"])
    assert "{#Bundle}\\*" in files and "recursesubdirs" in files
    text = ISS.read_text(encoding="utf-8")
    assert '#define Bundle "..\\..\\dist\\archivist-desktop"' in text
    assert "LOCALAPPDATA" in text and "UninstallDelete]" not in text.replace("; No [UninstallDelete]", "")
    assert "archivist-desktop-cli.exe" in text and '"archivist-desktop-cli"' in SPEC.read_text(encoding="utf-8")


def test_the_icons():
    svg = ET.parse(ICONS / "archivist-desktop.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    png = (ICONS / "archivist-desktop.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256)
    ico = (ICONS / "archivist-desktop.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] >= 4  # several sizes


def test_the_window_icon_loads(qapp):
    from archivist_desktop.paths import resources_dir
    from archivist_desktop.ui.qt import QIcon

    icon = QIcon(str(resources_dir() / "icons" / "archivist-desktop.png"))
    assert not icon.isNull() and icon.availableSizes()[0].width() == 256


def test_pyinstaller_is_a_packaging_extra_not_a_dev_dependency():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert any(d.lower().startswith("pyinstaller") for d in extras["package"])
    assert not any(d.lower().startswith("pyinstaller") for d in extras["dev"] + project["dependencies"])
