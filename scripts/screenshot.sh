#!/usr/bin/env bash
# Regenerates docs/screenshot-light.png and docs/screenshot-dark.png: Reader on a fresh
# sample library, in its light and its dark theme, on a virtual screen.
# Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick libxcb-cursor0)
# and the shared screenshot tool (../shared/tools/screenshot) beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${SCREENSHOT_TOOL:-../shared/tools/screenshot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/Reader"
db="$work/library.sqlite"
# A sample library with a few annotations, as a reader would have it after a while.
uv run reader-cli --db "$db" import resources/samples/*.txt >/dev/null 2>&1
uv run reader-cli --db "$db" highlight 3 --quote "nearly twice as much carbon" \
  --note "Compare with the 2019 survey." --tag carbon >/dev/null
uv run reader-cli --db "$db" highlight 3 --quote "thick layer of organic material" \
  --color green >/dev/null
uv run reader-cli --db "$db" tag 3 arctic science >/dev/null
uv run reader-cli --db "$db" analyze --all >/dev/null 2>&1 || true
for theme in light dark; do
  # The theme is a preference (Edit › Preferences › Theme), kept in Reader's settings file.
  printf '[view]\ntheme=%s\n' "$theme" >"$XDG_CONFIG_HOME/Reader/Reader.conf"
  "$tool" "$work/full.png" --wait "${WAIT:-6}" -- uv run reader --db "$db"
  # The virtual screen is larger than the window: keep the window's part.
  convert "$work/full.png" -crop 1280x820+0+0 +repage "docs/screenshot-$theme.png"
  echo "wrote docs/screenshot-$theme.png"
done
