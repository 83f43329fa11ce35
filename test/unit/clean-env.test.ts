/**
 * Nested `npm install`s (the editor toolchain, promptfoo, the fresh-clone check) run outside npm's own
 * environment, cleared by one list in scripts/lib/clean-env.mjs. The bash scripts re-run themselves through it;
 * these tests run their guard lines as written, with npm's variables set as `npm test` sets them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without types
import { cleanEnv, cleanPath, isNpmVariable } from '../../scripts/lib/clean-env.mjs';
// @ts-expect-error: a plain .mjs module without types
import { cleanEnv as promptfooCleanEnv } from '../promptfoo/install.mjs';

const repo = resolve('.');
const npmEnv = {
  npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64',
  npm_config_cache: '/tmp/elsewhere',
  npm_node_execpath: '/usr/bin/node',
  NODE: '/usr/bin/node',
  INIT_CWD: '/somewhere',
  COLOR: '1',
  NPM_TOKEN_LIKE: 'x',
  KEEP_ME: 'yes',
  PATH: `${repo}/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${process.env.PATH}`,
};

describe('cleanEnv', () => {
  it("drops npm's variables and PATH entries and keeps the rest", () => {
    const env = cleanEnv({}, npmEnv) as Record<string, string>;
    expect(Object.keys(env).filter(isNpmVariable)).toEqual([]);
    expect(env.KEEP_ME).toBe('yes');
    expect(env.PATH).toBe(cleanPath(process.env.PATH));
    expect(env.PATH).not.toMatch(/node_modules\/\.bin|node-gyp-bin/);
    expect(cleanPath('/a/node_modules/.bin:/usr/bin:/x/node-gyp-bin')).toBe('/usr/bin');
    expect((cleanEnv({ EXTRA: '1' }, npmEnv) as Record<string, string>).EXTRA).toBe('1');
  });

  it('is the function the promptfoo install uses', () => {
    expect(promptfooCleanEnv).toBe(cleanEnv);
  });

  it('runs a command with the cleaned environment and exits with its code', () => {
    const show = spawnSync('node', ['scripts/lib/clean-env.mjs', 'node', '-e', 'process.stdout.write(JSON.stringify(process.env))'], { env: { ...process.env, ...npmEnv }, encoding: 'utf8' });
    expect(show.status).toBe(0);
    const seen = JSON.parse(show.stdout) as Record<string, string>;
    expect(Object.keys(seen).filter(isNpmVariable)).toEqual([]);
    expect(seen.KEEP_ME).toBe('yes');
    expect(seen.PATH).not.toContain('node_modules/.bin');
    expect(spawnSync('node', ['scripts/lib/clean-env.mjs', 'node', '-e', 'process.exit(3)']).status).toBe(3);
  });
});

describe('the bash scripts re-run themselves through it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tm-clean-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(repo, 'scripts'), join(dir, 'scripts'));
  mkdirSync(join(dir, 'e2e'));

  /** The script's own guard line, followed by a line that prints what the rest of the script would see. */
  function runGuard(script: string, where: string): { status: number | null; stdout: string } {
    const guard = readFileSync(script, 'utf8').split('\n').find((l) => l.includes('clean-env.mjs') && l.includes('exec node'));
    expect(guard, `${script} has no clean-env guard`).toBeDefined();
    const file = join(dir, where);
    writeFileSync(file, `set -euo pipefail\n${guard}\necho "args=$*|ua=\${npm_config_user_agent:-}|node=\${NODE:-}|keep=\${KEEP_ME:-}|path=$PATH"\n`);
    const r = spawnSync('bash', [file, 'one', 'two words'], { cwd: dir, env: { ...process.env, ...npmEnv }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout };
  }

  // Each guard sits where its script does: e2e/ beside scripts/, and scripts/ holding lib/.
  mkdirSync(join(dir, 'tools'));
  symlinkSync(join(repo, 'scripts', 'lib'), join(dir, 'tools', 'lib'));
  for (const [script, where] of [['e2e/setup.sh', 'e2e/guard.sh'], ['scripts/fresh-clone-check.sh', 'tools/guard.sh']] as const) {
    it(`${script}: npm's variables are gone, the arguments kept`, () => {
      const r = runGuard(script, where);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^args=one two words\|ua=\|node=\|keep=yes\|path=/);
      expect(r.stdout).not.toContain('node_modules/.bin');
    });
  }

  it('no script keeps its own copy of the list', () => {
    for (const f of ['e2e/setup.sh', 'scripts/fresh-clone-check.sh', 'test/promptfoo/install.mjs']) {
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/npm_\*\|NPM_\*|\^\(npm_\|NPM_\)|'INIT_CWD', 'NODE'/);
    }
  });
});
