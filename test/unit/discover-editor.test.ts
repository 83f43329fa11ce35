/**
 * Drift as the editor shows it: on the model, with the code lines as related locations; and the quick fix's
 * edits, which append the proposed element so that the model validates and the drift is gone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeDiscoverHost } from '../../src/node/discover-host';
import { discover } from '../../src/core/discover/discover';
import { modelDrift, proposalEdits, proposalFor } from '../../src/core/discover/editor';
import { schemaNav } from '../../src/core/editor/model-schema';
import { indexModel } from '../../src/core/editor/yaml-index';
import { loadModel } from '../../src/core/model/load';

const REPO = 'test/fixtures/discover/mixed-repo';
const MODEL = 'test/fixtures/discover/mixed-repo.threatmodel.yaml';

function apply(text: string, edits: Array<{ start: number; end: number; newText: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('drift in the editor', () => {
  const result = discover(nodeDiscoverHost(REPO));
  const text = readFileSync(MODEL, 'utf8');

  it('puts the missing part on the model at components:, with every evidence line as a related location', () => {
    const model = loadModel(text, MODEL).model!;
    const drift = modelDrift(model, result, (p) => `/repo/${p}`, text);
    expect(drift.missing.map((m) => m.discovery.id)).toEqual(['mcp:postgres']);
    const p = drift.missing[0]!.problem;
    expect(p).toMatchObject({ code: 'TM-DRIFT-MISSING', severity: 'warning', file: MODEL, range: { start: { line: 16, character: 0 } } });
    expect(p.related).toEqual([{ file: '/repo/.vscode/mcp.json', range: { start: { line: 3, character: 5 }, end: { line: 3, character: 13 } }, message: "MCP server 'postgres' (stdio: docker; env PGPASSWORD)" }]);
    expect(drift.problems.map((x) => x.code)).toEqual(['TM-DRIFT-MISSING', 'TM-DRIFT-UNTRACED']);
  });

  it('the quick fix appends the proposed element: the model validates, keeps its comments, and has no drift left', () => {
    const model = loadModel(text, MODEL).model!;
    const drift = modelDrift(model, result, (p) => p);
    const edits = proposalEdits(text, indexModel(text, schemaNav()), proposalFor(model, drift.missing.map((m) => m.discovery)));
    if ('error' in edits) throw new Error(edits.error);
    const fixed = apply(text, edits.edits);
    expect(fixed.startsWith(text.slice(0, text.indexOf('threatmodel: 1')))).toBe(true);
    expect(fixed).toContain("  - id: postgres-mcp\n    name: postgres\n    kind: mcp-server\n    transport: stdio\n");
    const reloaded = loadModel(fixed, MODEL);
    expect(reloaded.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect(modelDrift(reloaded.model!, result, (p) => p).missing).toEqual([]);
  });

  it('adds providers the vendor needs, creating the section when the model has none', () => {
    const bare = 'threatmodel: 1\nsystem:\n  name: Bare\ncomponents:\n  - id: web\n    kind: service\n';
    const model = loadModel(bare, 'bare.threatmodel.yaml').model!;
    const missing = modelDrift(model, result, (p) => p).missing.map((m) => m.discovery);
    const edits = proposalEdits(bare, indexModel(bare, schemaNav()), proposalFor(model, missing));
    if ('error' in edits) throw new Error(edits.error);
    const fixed = apply(bare, edits.edits);
    const reloaded = loadModel(fixed, 'bare.threatmodel.yaml');
    expect(reloaded.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect([...reloaded.model!.providers.keys()]).toEqual(['anthropic', 'openai', 'pinecone']);
    expect(modelDrift(reloaded.model!, result, (p) => p).missing).toEqual([]);
  });
});
