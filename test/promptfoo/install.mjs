// promptfoo for the end-to-end test, installed on demand into the editor-test tool cache ($E2E_TOOLS/promptfoo,
// default .e2e-tools/promptfoo), never into this package's dependencies: it is ~1.4 GB with its own
// dependencies, and neither the quick start nor the extension needs it. Same rules as e2e/setup.sh: npm's own
// environment (npm_config_* from an outer `npm test`) is cleared before the nested install, and the install goes
// to a temporary folder that is renamed into place, so an interrupted install is never mistaken for a good one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanEnv } from '../../scripts/lib/clean-env.mjs';

/** The newest promptfoo that supports Node 20 (`^20.20.0 || >=22.22.0`); 0.123+ needs Node 22.22. */
export const PROMPTFOO_VERSION = '0.121.20';

/** The environment of a plain shell (no npm_* config an outer `npm test` set, no repository .bin on PATH), shared with the bash scripts. */
export { cleanEnv };

const toolsDir = () => resolve(process.env.E2E_TOOLS || '.e2e-tools');

function installedVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', 'promptfoo', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * The path of promptfoo's CLI entry, installing it first when missing. Throws an Error that says what failed
 * and what to do (never a silent skip: the caller counts it as a failed test).
 */
export function ensurePromptfoo(log = (line) => process.stderr.write(`${line}\n`)) {
  const dir = join(toolsDir(), 'promptfoo');
  const bin = join(dir, 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');
  if (installedVersion(dir) === PROMPTFOO_VERSION && existsSync(bin)) return bin;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), '{"private":true}\n');
  log(`promptfoo-e2e: installing promptfoo@${PROMPTFOO_VERSION} into ${dir} (once; a few minutes)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `promptfoo@${PROMPTFOO_VERSION}`], {
    cwd: tmp, env: cleanEnv(), stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000,
  });
  if (r.status !== 0 || installedVersion(tmp) !== PROMPTFOO_VERSION) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`could not install promptfoo@${PROMPTFOO_VERSION} with npm into ${dir} (${r.error?.message ?? `npm exit ${r.status}`}); `
      + 'the end-to-end security test needs it: check network access to the npm registry, or install it there by hand '
      + `(mkdir -p ${dir} && cd ${dir} && npm install promptfoo@${PROMPTFOO_VERSION})`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  if (!existsSync(bin)) throw new Error(`promptfoo@${PROMPTFOO_VERSION} installed into ${dir} but has no ${bin}`);
  return bin;
}
