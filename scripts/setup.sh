#!/usr/bin/env bash
# Set up everything Archivist Desktop needs on a fresh Debian/Ubuntu machine:
# system packages (zbar, Qt's X11 libraries, PostgreSQL, CJK fonts, poppler, Xvfb)
# and a virtual environment at .venv/ with the package and its test tools.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  libzbar0                      # pyzbar
  libgl1 libglib2.0-0           # OpenCV / Qt runtime
  libpulse0                     # Qt Multimedia (in-app playback of attached recordings, #19)
  libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1
  fonts-noto-cjk                # Chinese text in the GUI, labels and PDFs
  postgresql                    # central database for the sync tests
  poppler-utils                 # pdftoppm / pdfinfo to check PDFs
  qpdf                          # qpdf --check on exported volume PDFs
  xvfb xauth                    # screenshots of the real window
)

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev,bench]"  # known-good versions
  # OCR engine without its opencv-python requirement (we ship opencv-python-headless, same cv2)
  .venv/bin/python -m pip install -q -c constraints.txt --no-deps rapidocr-onnxruntime
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# compiled translations (.qm) are build outputs
.venv/bin/python scripts/build_translations.py
echo "setup: ready (.venv)"
