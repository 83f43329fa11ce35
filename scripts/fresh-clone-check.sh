#!/usr/bin/env bash
# The newcomer's path, proved: clones this repository's HEAD into a new folder and runs exactly the README's
# quick start there, `npm install && npm start` and then `npm test`, with an empty editor-toolchain cache
# (E2E_TOOLS unset: the clone's own, empty .e2e-tools/). Passes when both succeed and the test output ends
# with `N passed, 0 failed`.
#   --no-browser  first remove Debian's chromium (root only), as on a machine that never had one: npm test
#                 must install it again by itself
#   --keep        keep the clone (printed at the end) instead of deleting it
# Usage: npm run test:fresh [-- --no-browser] [-- --keep]     (takes 10 to 20 minutes: downloads, editor tests)
set -euo pipefail
# Run outside npm's environment (npm run test:fresh): the clone's commands must see what a newcomer's shell has.
# This script runs itself again through scripts/lib/clean-env.mjs (the one list of npm's variables and PATH
# entries), which is then this shell's parent.
[ "${TMAC_CLEAN_ENV_PARENT:-}" = "$PPID" ] || exec node "$(dirname "$0")/lib/clean-env.mjs" bash "$0" "$@"
cd "$(dirname "$0")/.."
SRC="$PWD"
KEEP=0; NO_BROWSER=0
for a in "$@"; do
  case "$a" in --keep) KEEP=1 ;; --no-browser) NO_BROWSER=1 ;; *) echo "unknown option $a" >&2; exit 2 ;; esac
done
unset E2E_TOOLS CHROME_PATH E2E_CHROMIUM

if [ "$NO_BROWSER" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "--no-browser removes chromium with apt-get: run as root" >&2; exit 2; }
  if dpkg -s chromium >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq chromium >/dev/null; fi
  if node -e "process.exit(require('$SRC/scripts/lib/find-browser.cjs').findBrowser().path ? 1 : 0)"; then
    echo "fresh-clone: no browser on this machine now"
  else
    echo "fresh-clone: a browser is still installed outside Debian's chromium package; the check goes on with it" >&2
  fi
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/tm-fresh-XXXXXX")"
cleanup() { if [ "$KEEP" = 1 ]; then echo "fresh-clone: kept $DIR"; else rm -rf "$DIR"; fi; }
trap cleanup EXIT
git clone -q "$SRC" "$DIR/repo"
cd "$DIR/repo"
echo "fresh-clone: $(git log --oneline -1) in $DIR/repo"
start=$(date +%s)
npm install && npm start
echo "fresh-clone: npm install && npm start took $(( $(date +%s) - start )) s"
start=$(date +%s)
set +e
npm test 2>&1 | tee "$DIR/test.log"
status=${PIPESTATUS[0]}
set -e
echo "fresh-clone: npm test took $(( $(date +%s) - start )) s, exit $status"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$DIR/test.log" | tail -1)
[ "$status" = 0 ] && [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]] || { echo "fresh-clone: FAILED ($last)"; exit 1; }
echo "fresh-clone: passed ($last)"
