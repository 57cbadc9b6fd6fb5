#!/usr/bin/env bash
# Set everything up, then start Archivist Desktop on a fresh demo station
# (demo data, simulated camera, embedded SQLite).  Extra arguments go to the application.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/archivist-desktop --demo "$@"
