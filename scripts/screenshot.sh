#!/usr/bin/env bash
# Regenerates docs/screenshot.png: Reader on a fresh sample library, on a virtual screen.
# Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick libxcb-cursor0)
# and the shared screenshot tool (../shared/tools/screenshot) beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${SCREENSHOT_TOOL:-../shared/tools/screenshot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"
"$tool" "$work/full.png" --wait "${WAIT:-8}" -- uv run reader --db "$work/library.sqlite"
# The virtual screen is larger than the window: keep the window's part.
convert "$work/full.png" -crop 1280x820+0+0 +repage docs/screenshot.png
echo "wrote docs/screenshot.png"
