#!/usr/bin/env bash
# Build Reader as a standalone folder that needs no Python: dist/reader/reader
# (double-click it, or add it to the menu with: dist/reader/reader --install-desktop).
# PyInstaller comes from the project's "build" dependency group (locked in uv.lock, not
# installed by a plain `uv sync`). Extra arguments go to PyInstaller, for example
#   scripts/build_standalone.sh --distpath /tmp/out --workpath /tmp/work
set -euo pipefail
cd "$(dirname "$0")/.."
uv run --group build pyinstaller --noconfirm reader.spec "$@"
