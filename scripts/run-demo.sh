#!/usr/bin/env bash
# Set everything up, then start Archivist Desktop on a fresh demo station
# (demo data, simulated camera, embedded SQLite).  Extra arguments go to the application.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the simulated camera at 13 MP, like the business halls' cameras (plain `sim` is 1280×960: too coarse for 200 dpi)
exec .venv/bin/archivist-desktop --demo --camera sim:4208x3120 "$@"
