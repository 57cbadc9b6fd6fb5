#!/usr/bin/env bash
# Build the one-folder bundle dist/archivist-desktop/ with PyInstaller, then smoke-test it.
#
#   bash installer/build.sh
#
# Installs PyInstaller into .venv (the `package` extra) when it is missing, compiles the
# translations, builds from installer/archivist-desktop.spec, runs the bundle's `--version`,
# `seed-demo`, `verify` and `doctor --json` (Qt offscreen, a throw-away data directory) and
# prints the bundle's size.  Windows: run the same steps from Git Bash, then
# `iscc installer/windows/archivist-desktop.iss` makes the installer.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[ -x "$PY" ] || PY=.venv/Scripts/python.exe
if [ ! -x "$PY" ]; then
  bash scripts/setup.sh
  PY=.venv/bin/python
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: installing PyInstaller (the 'package' extra)"
  "$PY" -m pip install -q -c constraints.txt -e ".[package]"
fi
if ! "$PY" -c "import rapidocr_onnxruntime" 2>/dev/null; then
  echo "build: installing rapidocr-onnxruntime (--no-deps: it requires opencv-python; we ship the headless build)"
  "$PY" -m pip install -q -c constraints.txt --no-deps rapidocr-onnxruntime
fi

echo "build: compiling translations"
"$PY" scripts/build_translations.py

echo "build: PyInstaller $("$PY" -m PyInstaller --version)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/archivist-desktop.spec

BUNDLE=dist/archivist-desktop
EXE="$BUNDLE/archivist-desktop"
[ -x "$EXE" ] || EXE="$BUNDLE/archivist-desktop-cli.exe"

echo "build: smoke test"
export QT_QPA_PLATFORM=offscreen
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
unset ARCHIVIST_DATA_DIR ARCHIVIST_RESOURCES
"$EXE" --version
"$EXE" seed-demo --customers 2 --data-dir "$SMOKE/station" >/dev/null   # creates the database: frozen migrations
"$EXE" verify --data-dir "$SMOKE/station"
# a command acting for a person signs in (demo accounts: password "demo")
printf 'demo\n' | "$EXE" reminders --user admin --password-stdin --json --data-dir "$SMOKE/station" >/dev/null
status=0
"$EXE" doctor --json --data-dir "$SMOKE/station" >"$SMOKE/doctor.json" || status=$?
"$PY" - "$SMOKE/doctor.json" "$status" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
status = int(sys.argv[2])
checks = report["checks"]
for name, check in checks.items():
    print(f"  {check['status']:14} {name:13} {check['detail']}")
problems = []
if not report["frozen"]:
    problems.append("the bundle does not report itself as frozen")
for name in ("resources", "migrations", "database", "zbar", "zxing", "qt", "translations"):
    if checks[name]["status"] != "ok":
        problems.append(f"{name}: {checks[name]['detail']}")
if not report["ok"] or status != 0:
    problems.append(f"doctor exit status {status}, ok={report['ok']}")
if problems:
    sys.exit("build: smoke test FAILED:\n  " + "\n  ".join(problems))
print("build: smoke test passed (frozen, database migrated, zbar and zxing-cpp decode, Qt plugins present)")
PYEOF

echo "build: GUI smoke test (offscreen: demo station, sign-in, main window, one capture, clean exit)"
gui_status=0
ARCHIVIST_AUTOLOGIN_USER=clerk ARCHIVIST_AUTOLOGIN_PASSWORD=demo ARCHIVIST_E2E_CAPTURE_AFTER_S=2 \
  timeout 180 "$EXE" --demo --data-dir "$SMOKE/demo" --camera sim:2592x1944 >"$SMOKE/gui.log" 2>&1 || gui_status=$?
if [ "$gui_status" -ne 0 ] || grep -q "Traceback" "$SMOKE/gui.log"; then
  tail -40 "$SMOKE/gui.log" >&2
  echo "build: GUI smoke test FAILED (exit status $gui_status)" >&2
  exit 1
fi
echo "build: GUI smoke test passed"

echo "build: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE ($(find "$BUNDLE" -type f | wc -l) files)"
