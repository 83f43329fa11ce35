// Packaging, tested for real: builds the .vsix with @vscode/vsce from the current bundles, checks what is in
// it, installs it into a second code-server with its own extensions folder (no development path, no test
// hooks), and checks that a model opened there gets its threats in the Problems panel.
// Prints `ui: N passed, M failed` like the UI files (run.sh sums it).
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const net = require('net');
const { launch, env } = require('./lib/browser');
const { freshWorkspace } = require('./lib/workspace');
const wb = require('./lib/workbench');

const N24 = process.env.E2E_NODE24;
const CS = process.env.E2E_CODE_SERVER;
const dir = path.join(env.out, 'vsix');
const results = [];

async function check(title, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✔ vsix › ${title} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`  ✗ vsix › ${title}\n    ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n    ')}`);
  }
}

function freePort() {
  return new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, ...opts });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').slice(-800)}`);
  return r.stdout;
}

async function main() {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'ud', 'User'), { recursive: true });
  fs.copyFileSync(path.join(env.out, 'ud', 'User', 'settings.json'), path.join(dir, 'ud', 'User', 'settings.json'));
  const vsix = path.join(dir, 'ai-threatmodel.vsix');
  const exts = path.join(dir, 'exts');
  let installed;

  await check('the .vsix holds the bundles, and no sources, tests or source maps', async () => {
    run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', vsix], { cwd: env.ext });
    run(path.join(N24, 'bin', 'node'), [CS, '--extensions-dir', exts, '--user-data-dir', path.join(dir, 'ud'), '--install-extension', vsix]);
    const name = fs.readdirSync(exts).find((d) => d.startsWith('tmac.ai-threatmodel-'));
    if (!name) throw new Error(`not installed: ${fs.readdirSync(exts).join(', ')}`);
    installed = path.join(exts, name);
    const files = [];
    const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else files.push(path.relative(installed, p)); } };
    walk(installed);
    for (const needed of ['package.json', 'dist/extension.js', 'dist/analysis-worker.js', 'dist/chunks/exceljs.js', 'media/threatmodel.tmLanguage.json', 'media/language-configuration.json', 'schemas/threatmodel.schema.json', 'docs/catalog.md']) {
      if (!files.includes(needed)) throw new Error(`${needed} is missing from the package`);
    }
    if (!files.some((f) => f.startsWith('templates/'))) throw new Error('no templates in the package');
    const bad = files.filter((f) => /^(src|test|e2e|scripts|catalog|node_modules)\//.test(f) || /\.map$|\.test\.|\.ts$/.test(f));
    if (bad.length > 0) throw new Error(`files that must not ship: ${bad.join(', ')}`);
  });

  await check('the installed .vsix activates in a plain VS Code and shows the threats', async () => {
    if (!installed) throw new Error('not installed (previous check failed)');
    const port = await freePort();
    const server = spawn(path.join(N24, 'bin', 'node'), [CS, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
      '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', path.join(dir, 'ud'), '--extensions-dir', exts],
    { detached: true, stdio: ['ignore', fs.openSync(path.join(dir, 'code-server.log'), 'w'), 'ignore'] });
    const browser = await launch();
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 300; i++) {
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      page.setDefaultTimeout(20000);
      const folder = freshWorkspace('vsix');
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
      await wb.openFile(page, 'support-assistant.threatmodel.yaml');
      await wb.problemRows(page);
      await wb.waitForProblem(page, 'AGENT-TOOL-EXFILTRATION-CHAIN', 30000);
      if (await page.locator('text=[Extension Development Host]').count() > 0) throw new Error('this is a development host, not the installed extension');
      await wb.screenshot(page, 'vsix-installed');
    } finally {
      await browser.close().catch(() => {});
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  });
}

main().then(
  () => { const failed = results.filter((r) => !r).length; console.log(`ui: ${results.length - failed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); },
  (e) => { console.log(`✗ vsix: ${e && e.stack || e}`); console.log('ui: 0 passed, 1 failed'); process.exit(1); },
);
