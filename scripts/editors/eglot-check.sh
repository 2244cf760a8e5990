#!/bin/sh
# Runs scripts/editors/eglot-check.el in Emacs on scratch copies of the example, twice:
#  1. in a terminal (`emacs -nw` under script(1)), with Eglot's defaults: Eglot registers the
#     file watcher the server asks for;
#  2. in `emacs --batch` with the override of docs/editors.md (the server watches itself):
#     in batch mode Emacs runs no command loop, so Eglot's file-notify events never arrive.
# Needs: Emacs 28 and Eglot (Debian 12: `apt-get install emacs-nox elpa-eglot`, Eglot 1.9)
# and a build (`npm run build`). Each copy is a git repository, as Eglot's project needs.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
init='(progn (setq package-directory-list (list "/usr/share/emacs/site-lisp/elpa")) (package-initialize))'
el="$here/scripts/editors/eglot-check.el"
copy() {
  rm -rf "$tmp/ws"
  cp -R "$here/examples/infusion-pump/." "$tmp/ws"
  git -C "$tmp/ws" init -q
}
emacs --version | head -1
export TRACESPINE_WS="$tmp/ws" TRACESPINE_BIN="$here/bin/tracespine.js"

echo "Eglot in a terminal, its own watcher:"
copy
: > "$tmp/log"
# stdin stays open and empty, a FIFO held open read-write (sit-for returns at once while
# input is pending, and at end of file)
mkfifo "$tmp/in"
exec 3<>"$tmp/in"
rc=0
TERM=xterm TRACESPINE_LOG="$tmp/log" timeout 100 \
  script -qec "emacs -nw -Q --eval '$init' -l '$el'" /dev/null <&3 > /dev/null 2>&1 || rc=$?
exec 3>&-
cat "$tmp/log"
[ "$rc" -eq 0 ] || { echo "FAIL emacs -nw exited $rc"; exit 1; }

echo "Eglot in batch mode, the server's watcher:"
copy
TRACESPINE_SERVER_WATCHES=1 emacs --batch -Q --eval "$init" -l "$el"
