#!/bin/sh
# Runs scripts/editors/nvim-check.lua in headless Neovim on a scratch copy of the example.
# Needs: nvim (Debian 12: `apt-get install neovim`, 0.7.2) and a build (`npm run build`).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
cp -R "$here/examples/infusion-pump/." "$ws"
nvim --version | head -1
TRACESPINE_WS="$ws" TRACESPINE_BIN="$here/bin/tracespine.js" \
  nvim --headless --clean -u NONE -c "luafile $here/scripts/editors/nvim-check.lua"
