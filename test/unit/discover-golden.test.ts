/**
 * `threatmodel discover` on the fixture repository (TypeScript + Python + Go, two MCP configurations):
 * every planted part at its file:line, nothing from node_modules or the virtual environment, no secret
 * value in any output, and the output pinned (UPDATE_GOLDEN=1 npx vitest run test/unit/discover-golden.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';

const REPO = 'test/fixtures/discover/mixed-repo';
const SECRETS = ['ghp_fixtureSecretValue', 'fixture-secret-key', 'fixture-db-password', 'user:pw'];

function golden(name: string, actual: string): void {
  const path = `test/golden/discover/${name}`;
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('threatmodel discover on the fixture repository', () => {
  it('finds every planted part with the file:line that shows it', async () => {
    const r = await cli(['discover', REPO, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const at = (id: string): string[] => json.discoveries.find((d: { id: string }) => d.id === id)?.evidence
      .map((e: { file: string; range: { start: { line: number; character: number } } }) => `${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}`) ?? [];
    expect(at('openai')).toEqual([`${REPO}/web/package-lock.json:9:10`, `${REPO}/web/package.json:5:6`]);
    expect(at('anthropic')).toEqual([`${REPO}/services/rag/pyproject.toml:5:4`, `${REPO}/services/rag/requirements.txt:3:1`]);
    expect(at('langgraph')).toEqual([`${REPO}/web/package-lock.json:10:10`, `${REPO}/web/package.json:6:6`]);
    expect(at('pinecone')).toEqual([`${REPO}/web/package-lock.json:11:10`, `${REPO}/web/package.json:7:6`]);
    expect(at('qdrant')).toEqual([`${REPO}/services/rag/requirements.txt:4:1`]);
    expect(at('pgvector')).toEqual([`${REPO}/services/indexer/go.mod:6:2`]);
    expect(at('nemo-guardrails')).toEqual([`${REPO}/services/rag/pyproject.toml:11:12`]);
    expect(at('mcp:github')).toEqual([`${REPO}/.mcp.json:3:6`]);
    expect(at('mcp:docs-search')).toEqual([`${REPO}/.mcp.json:8:6`]);
    expect(at('mcp:postgres')).toEqual([`${REPO}/.vscode/mcp.json:4:6`]);
    // Information only: frameworks and libraries that declare no component of their own.
    for (const id of ['langchain', 'llamaindex', 'mcp-sdk', 'promptfoo']) {
      expect(json.discoveries.find((d: { id: string }) => d.id === id)?.propose, id).toBeUndefined();
    }
    // An indirect go dependency (ollama) and a transitive lockfile entry (@anthropic-ai/sdk under web/) add nothing.
    expect(at('ollama')).toEqual([]);
    expect(json.discoveries.map((d: { id: string }) => d.id)).toHaveLength(14);
  });

  it('reads MCP servers with transport, command or URL and env names, never values', async () => {
    const r = await cli(['discover', REPO, '--format', 'json']);
    const mcp = JSON.parse(r.stdout).discoveries.filter((d: { mcp?: unknown }) => d.mcp).map((d: { mcp: unknown }) => d.mcp);
    expect(mcp).toEqual([
      { name: 'docs-search', transport: 'streamable-http', url: 'https://search.example.com/mcp', env: [] },
      { name: 'github', transport: 'stdio', command: 'npx', env: ['GITHUB_PERSONAL_ACCESS_TOKEN'] },
      { name: 'postgres', transport: 'stdio', command: 'docker', env: ['PGPASSWORD'] },
    ]);
  });

  it('skips node_modules and virtual environments, and prints no secret in any format', async () => {
    for (const format of ['text', 'json', 'yaml', 'sarif']) {
      const r = await cli(['discover', REPO, '--format', format, '--model', 'test/fixtures/discover/mixed-repo.threatmodel.yaml']);
      const all = r.stdout + r.stderr;
      for (const s of SECRETS) expect(all, `${format} leaks ${s}`).not.toContain(s);
      expect(all, format).not.toMatch(/node_modules|\.venv|cohere|mistral/);
    }
  });

  it('pins the text and JSON output', async () => {
    golden('mixed-repo.txt', (await cli(['discover', REPO])).stdout);
    golden('mixed-repo.json', (await cli(['discover', REPO, '--format', 'json'])).stdout);
    golden('mixed-repo-drift.txt', (await cli(['discover', REPO, '--model', 'test/fixtures/discover/mixed-repo.threatmodel.yaml'])).stdout);
  });

  it('paths are relative to the folder given, and the working directory is the default', async () => {
    const r = await cli(['discover', '--format', 'json'], REPO);
    const files = JSON.parse(r.stdout).discoveries.flatMap((d: { evidence: Array<{ file: string }> }) => d.evidence.map((e) => e.file));
    expect(files).toContain('web/package.json');
    expect(files).toContain('.vscode/mcp.json');
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['discover', 'no/such/folder'])).code).toBe(2);
    expect((await cli(['discover', REPO, '--fail-on-drift'])).code).toBe(2);
    expect((await cli(['discover', REPO, '--format', 'xml'])).code).toBe(2);
    expect((await cli(['discover', `${REPO}/web/package.json`])).code).toBe(2);
  });
});
