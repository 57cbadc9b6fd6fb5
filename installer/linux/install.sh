#!/usr/bin/env bash
# Install the bundle built by installer/build.sh system-wide on a Linux PC (as root):
#   /opt/archivist-desktop/               the program (replaced on upgrade)
#   /usr/local/bin/archivist-desktop      a link to it
#   the .desktop entry and the icon       the application menu
# The station's data stays in each user's ~/.local/share/ArchivistDesktop and is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=dist/archivist-desktop
PREFIX=${PREFIX:-/opt/archivist-desktop}
[ -x "$BUNDLE/archivist-desktop" ] || { echo "install: build first: bash installer/build.sh" >&2; exit 1; }
rm -rf "$PREFIX.new"
cp -a "$BUNDLE" "$PREFIX.new"
rm -rf "$PREFIX.old"
[ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"
ln -sf "$PREFIX/archivist-desktop" /usr/local/bin/archivist-desktop
install -Dm644 installer/linux/archivist-desktop.desktop /usr/share/applications/archivist-desktop.desktop
install -Dm644 resources/icons/archivist-desktop.svg /usr/share/icons/hicolor/scalable/apps/archivist-desktop.svg
install -Dm644 resources/icons/archivist-desktop.png /usr/share/icons/hicolor/256x256/apps/archivist-desktop.png
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
echo "install: $PREFIX ($("$PREFIX/archivist-desktop" --version))"
