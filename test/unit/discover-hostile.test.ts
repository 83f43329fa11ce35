/**
 * Discovery on hostile and broken repositories: malformed JSON, TOML, go.mod and XML, a binary file named
 * like a manifest, a huge manifest, a symlink out of the repository, installed dependencies. Each gets a
 * clear problem with its place, the rest of the repository is still read, and nothing throws.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDiscoverHost } from '../../src/node/discover-host';
import { discover } from '../../src/core/discover/discover';
import { parseJsonWithPositions } from '../../src/core/discover/json-positions';
import { parseTomlLite } from '../../src/core/discover/toml-lite';
import type { DiscoverHost } from '../../src/core/discover/types';
import { cli } from './helpers/cli';

function repo(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'tm-discover-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const where = (r: ReturnType<typeof discover>) => r.problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code}`);
const ids = (r: ReturnType<typeof discover>) => r.discoveries.map((d) => d.id);

describe('discover on hostile input', () => {
  it('malformed JSON, TOML, go.mod and XML: a problem at the first error each, the good files still read', () => {
    const root = repo({
      'a/package.json': '{\n  "dependencies": {\n    "openai": "^4"\n    "zod": "^3"\n  }\n}\n',
      'b/pyproject.toml': '[project]\ndependencies = [\n  "anthropic",\n',
      'c/Pipfile': '[packages\nopenai = "*"\n',
      'd/go.mod': 'module x\n\nrequire (\n\tgithub.com/sashabaranov/go-openai v1.0.0\n',
      'e/pom.xml': '<project><dependencies><dependency><groupId>com.openai</groupId>',
      'f/.mcp.json': '{"mcpServers": {"x": {"command": npx}}}',
      'g/requirements.txt': 'qdrant-client==1.0\n!!!not a requirement\n',
    });
    const r = discover(nodeDiscoverHost(root));
    expect(where(r)).toEqual([
      'a/package.json:4:5 TM-DISCOVER-MALFORMED',
      'b/pyproject.toml:4:1 TM-DISCOVER-MALFORMED',
      'c/Pipfile:1:10 TM-DISCOVER-MALFORMED',
      'd/go.mod:3:1 TM-DISCOVER-MALFORMED',
      'e/pom.xml:1:24 TM-DISCOVER-MALFORMED',
      'f/.mcp.json:1:34 TM-DISCOVER-MALFORMED',
      'g/requirements.txt:2:1 TM-DISCOVER-MALFORMED',
    ]);
    expect(r.problems[0]!.message).toBe("malformed JSON: expected ',' or '}'; nothing in it was read");
    // go.mod's lines before the missing ')' still count; the good requirement line too.
    expect(ids(r)).toEqual(['openai', 'qdrant']);
  });

  it('a binary file and a huge file named like manifests: skipped with a problem each', () => {
    const root = repo({
      'bin/package.json': new Uint8Array([0x7b, 0x00, 0xff, 0xfe, 0x00, 0x01]),
      'latin1/requirements.txt': new Uint8Array([0x6f, 0x70, 0x65, 0x6e, 0x61, 0x69, 0xe9, 0x0a]),
      'huge/requirements.txt': `openai\n${'# padding\n'.repeat(1_000_000)}`,
      'ok/requirements.txt': 'anthropic\n',
    });
    const r = discover(nodeDiscoverHost(root));
    expect(where(r)).toEqual(['bin/package.json:1:1 TM-DISCOVER-BINARY', 'huge/requirements.txt:1:1 TM-DISCOVER-TOO-LARGE', 'latin1/requirements.txt:1:1 TM-DISCOVER-BINARY']);
    expect(ids(discover(nodeDiscoverHost(root), { maxFileBytes: 8 * 1024 * 1024 }))).toEqual(['anthropic']);
    // The same file under a larger bound is read.
    expect(ids(discover(nodeDiscoverHost(root), { maxFileBytes: 20 * 1024 * 1024 }))).toEqual(['anthropic', 'openai']);
  });

  it('never follows a symlink: one out of the repository is reported, one inside is not read twice', () => {
    const outside = repo({ 'package.json': '{"dependencies": {"openai": "1"}}' });
    const root = repo({ 'app/package.json': '{"dependencies": {"@anthropic-ai/sdk": "1"}}' });
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(outside, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(root, 'app'), join(root, 'app-link'));
    const r = discover(nodeDiscoverHost(root));
    expect(ids(r)).toEqual(['anthropic']);
    expect(where(r)).toEqual(['escape:1:1 TM-DISCOVER-SYMLINK-OUTSIDE', 'package.json:1:1 TM-DISCOVER-SYMLINK-OUTSIDE']);
    expect(r.discoveries[0]!.evidence.map((e) => e.file)).toEqual(['app/package.json']);
  });

  it('a FIFO named like a manifest is not read (discovery does not hang on it)', () => {
    const root = repo({ 'ok/requirements.txt': 'openai\n' });
    expect(spawnSync('mkfifo', [join(root, 'package.json')]).status).toBe(0);
    const r = discover(nodeDiscoverHost(root));
    expect(ids(r)).toEqual(['openai']);
    expect(r.stats.files).toBe(1);
  });

  it('skips node_modules, virtual environments (by name or pyvenv.cfg), VCS and build folders', () => {
    const root = repo({
      'node_modules/x/package.json': '{"dependencies": {"openai": "1"}}',
      'venv/requirements.txt': 'openai\n',
      'py-env/pyvenv.cfg': 'home = /usr\n',
      'py-env/lib/requirements.txt': 'cohere\n',
      '.git/package.json': '{"dependencies": {"openai": "1"}}',
      'dist/package.json': '{"dependencies": {"openai": "1"}}',
      'src/requirements-dev.txt': 'ragas\n',
    });
    const r = discover(nodeDiscoverHost(root));
    expect(ids(r)).toEqual(['ragas']);
    expect(r.problems).toEqual([]);
  });

  it('bounds the walk: past the entry limit it stops with a problem and reports what it read', () => {
    const files: Record<string, string> = { 'a/requirements.txt': 'openai\n' };
    for (let i = 0; i < 50; i++) files[`z/f${i}.txt`] = '';
    const r = discover(nodeDiscoverHost(repo(files)), { maxEntries: 20 });
    expect(where(r)).toEqual(['z:1:1 TM-DISCOVER-TOO-MANY-FILES']);
    expect(ids(r)).toEqual(['openai']);
  });

  it('a host that throws becomes TM-INTERNAL, not a crash', () => {
    const host: DiscoverHost = { list: () => { throw new Error('boom'); }, read: () => undefined, linkTarget: () => 'broken' };
    const r = discover(host);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INTERNAL']);
  });

  it('parsers bound nesting and never throw', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const json = parseJsonWithPositions(deep, false);
    expect('error' in json && json.error.message).toBe('nested deeper than 128 levels');
    const toml = parseTomlLite(`x = ${deep}`);
    expect('error' in toml && toml.error.message).toBe('nested deeper than 64 levels');
    expect('error' in parseJsonWithPositions('{"__proto__": {"polluted": true}}', false)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const text of ['', '"', '{', '[1,', '{"a":}', '/* x', 'nul', '"\\u12"', '\u0000']) {
      expect(() => parseJsonWithPositions(text, true)).not.toThrow();
      expect(() => parseTomlLite(text)).not.toThrow();
    }
  });

  it('the CLI prints discovery problems as file:line:col lines and still exits 0', async () => {
    const root = repo({ 'package.json': '{"dependencies": {"openai": 1,,}}' });
    const r = await cli(['discover', '.'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('package.json:1:31: warning TM-DISCOVER-MALFORMED malformed JSON');
  });
});
