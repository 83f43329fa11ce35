// The environment of a plain shell, for a nested `npm install` started from inside npm (`npm test`,
// `npm run ...`). npm's own environment misleads the nested install: npm_config_* variables are read as its
// config, and code-server's postinstall reads the Node version from npm_config_user_agent ("requires node v24,
// you are on node v20"); npm_node_execpath, NODE, INIT_CWD and COLOR come from the outer npm; PATH has this
// repository's node_modules/.bin and npm's node-gyp-bin. The one list, used by e2e/setup.sh and
// scripts/fresh-clone-check.sh (bash: they re-run themselves through this file) and test/promptfoo/install.mjs.
//
//   node scripts/lib/clean-env.mjs COMMAND [ARG...]   runs COMMAND with the cleaned environment, exits with its code
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Set (to the runner's pid) in the environment of a command this file runs, so a script can tell it was cleaned. */
export const CLEANED_MARK = 'TMAC_CLEAN_ENV_PARENT';

/** Whether a variable comes from npm's environment. */
export function isNpmVariable(name) {
  return /^(npm_|NPM_)/.test(name) || name === 'INIT_CWD' || name === 'NODE' || name === 'COLOR';
}

/** PATH without node_modules/.bin folders and npm's node-gyp-bin. */
export function cleanPath(path) {
  return (path ?? '').split(':').filter((p) => !/\/node_modules\/\.bin\/?$/.test(p) && !/node-gyp-bin\/?$/.test(p)).join(':');
}

/** `env` (default: this process's) without npm's variables and PATH entries, plus `extra`. */
export function cleanEnv(extra = {}, env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!isNpmVariable(k) && k !== CLEANED_MARK && v !== undefined) out[k] = v;
  out.PATH = cleanPath(env.PATH);
  return { ...out, ...extra };
}

function main(argv) {
  if (argv.length === 0) {
    process.stderr.write('usage: node scripts/lib/clean-env.mjs COMMAND [ARG...]\n');
    return 2;
  }
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env: cleanEnv({ [CLEANED_MARK]: String(process.pid) }) });
  if (r.error) {
    process.stderr.write(`clean-env: cannot run ${argv[0]}: ${r.error.message}\n`);
    return 127;
  }
  if (r.signal) {
    process.kill(process.pid, r.signal); // die the same way, so a caller sees the signal
    return 128;
  }
  return r.status ?? 1;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(self)) process.exitCode = main(process.argv.slice(2));
