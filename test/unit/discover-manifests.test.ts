/**
 * Each manifest format discovery reads, with the line of each declaration; and the signature catalog is
 * checked at build time (a broken signature fails with its file:line:col).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script (plain JavaScript), imported to prove it refuses broken signatures.
import { compileDiscoverySignatures } from '../../scripts/discovery-signatures.mjs';
import { nodeDiscoverHost } from '../../src/node/discover-host';
import { discover } from '../../src/core/discover/discover';
import { builtinSignatures } from '../../src/core/discover/signatures';

function found(files: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'tm-manifests-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const r = discover(nodeDiscoverHost(root));
  expect(r.problems).toEqual([]);
  return r.discoveries.flatMap((d) => d.evidence.map((e) => `${d.id} ${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}`)).sort();
}

describe('manifest formats', () => {
  it('pnpm-lock.yaml importers and yarn.lock entries (yarn only adds evidence to direct dependencies)', () => {
    expect(found({
      'package.json': '{\n  "dependencies": { "@anthropic-ai/sdk": "^0.27.0" }\n}\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@anthropic-ai/sdk':\n        specifier: ^0.27.0\n      openai:\n        specifier: ^4\npackages:\n  cohere-ai@7.0.0:\n    resolution: {}\n",
      'yarn.lock': '"@anthropic-ai/sdk@^0.27.0":\n  version "0.27.0"\n\nchromadb@^1.0.0:\n  version "1.0.0"\n',
    })).toEqual([
      'anthropic package.json:2:22',
      'anthropic pnpm-lock.yaml:5:8',
      'anthropic yarn.lock:1:2',
      'openai pnpm-lock.yaml:7:7',
    ]);
  });

  it('pyproject (PEP 621, dependency groups, Poetry) and Pipfile', () => {
    expect(found({
      'a/pyproject.toml': '[project]\nname = "x"\ndependencies = ["openai>=1", \'mistralai\']\n[dependency-groups]\ndev = ["ragas"]\n',
      'b/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nanthropic = "^0.30"\n"qdrant-client" = { version = "^1", extras = ["fastembed"] }\n[tool.poetry.group.eval.dependencies]\ndeepeval = "*"\n',
      'c/Pipfile': '[[source]]\nurl = "https://pypi.org/simple"\n[packages]\ncohere = "*"\n[dev-packages]\nLangChain_Core = "*"\n',
    })).toEqual([
      'anthropic b/pyproject.toml:3:1',
      'cohere c/Pipfile:4:1',
      'deepeval b/pyproject.toml:6:1',
      'langchain c/Pipfile:6:1',
      'mistral a/pyproject.toml:3:31',
      'openai a/pyproject.toml:3:18',
      'qdrant b/pyproject.toml:4:1',
      'ragas a/pyproject.toml:5:9',
    ]);
  });

  it('go.mod, Cargo.toml, pom.xml and build.gradle', () => {
    expect(found({
      'go/go.mod': 'module x\n\nrequire github.com/openai/openai-go v1.0.0\nrequire (\n\tgithub.com/qdrant/go-client v1.11.0\n)\n',
      'rs/Cargo.toml': '[package]\nname = "x"\n[dependencies]\nasync-openai = "0.23"\nserde = "1"\n[dependencies.ollama-rs]\nversion = "0.2"\n',
      'java/pom.xml': '<project>\n  <dependencies>\n    <dependency>\n      <groupId>com.anthropic</groupId>\n      <artifactId>anthropic-java</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n',
      'kt/build.gradle.kts': 'dependencies {\n    implementation("dev.langchain4j:langchain4j-ollama:0.35.0")\n}\n',
    })).toEqual([
      'anthropic java/pom.xml:5:19',
      'ollama kt/build.gradle.kts:2:21',
      'ollama rs/Cargo.toml:6:1',
      'openai go/go.mod:3:9',
      'openai rs/Cargo.toml:4:1',
      'qdrant go/go.mod:5:2',
    ]);
  });

  it('MCP configurations of Cursor and Claude Desktop; an SSE server', () => {
    const root = mkdtempSync(join(tmpdir(), 'tm-mcp-'));
    mkdirSync(join(root, '.cursor'));
    writeFileSync(join(root, '.cursor/mcp.json'), '{"mcpServers": {"browser": {"url": "http://localhost:3000/sse?token=abc", "type": "sse"}}}');
    writeFileSync(join(root, 'claude_desktop_config.json'), '{"mcpServers": {"files": {"command": "/usr/local/bin/mcp-files --root /", "env": {"B": "1", "A": "2"}}}}');
    const mcp = discover(nodeDiscoverHost(root)).discoveries.map((d) => d.mcp);
    expect(mcp).toEqual([
      { name: 'browser', transport: 'sse', url: 'http://localhost:3000/sse', env: [] },
      { name: 'files', transport: 'stdio', command: 'mcp-files', env: ['A', 'B'] },
    ]);
  });
});

describe('discovery signatures', () => {
  it('the built-in signatures load, sorted by id, every vendor-matched one with aliases to search for', () => {
    const sigs = builtinSignatures();
    expect(sigs.length).toBeGreaterThan(30);
    expect(sigs.map((s) => s.id)).toEqual([...sigs.map((s) => s.id)].sort());
    for (const cat of ['model-sdk', 'agent-framework', 'orchestration', 'vector-store', 'mcp-sdk', 'guardrail', 'evaluation']) {
      expect(sigs.some((s) => s.category === cat), cat).toBe(true);
    }
  });

  it('a broken signature file fails the build with its file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-sigs-'));
    writeFileSync(join(dir, 'a.yaml'), 'signatures:\n  - id: x\n    title: X\n    category: model-sdk\n    packages: { npm: [x] }\n    vendor: x\n');
    writeFileSync(join(dir, 'b.yaml'), 'signatures:\n  - id: y\n    title: Y\n    category: model-sdk\n    packages: { pypi: [y] }\n  - id: y\n    title: Y again\n    category: model-sdk\n    packages: { pypi: [z] }\n');
    let message = '';
    try { compileDiscoverySignatures(process.cwd(), dir); } catch (err) { message = (err as Error).message; }
    expect(message).toMatch(/a\.yaml:2:5: \/signatures\/0 must NOT have additional properties 'vendor'/);
    expect(message).toMatch(/b\.yaml:6:9: duplicate signature id 'y' \(first in .*b\.yaml:2:9\)/);
  });
});
