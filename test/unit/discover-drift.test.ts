/**
 * The drift gate: a model missing one of the fixture repository's parts fails `discover --fail-on-drift`
 * with exit 1 and the code's file:line; adding the proposed fragment makes it pass. The fragment validates
 * on its own, and drift appears in SARIF like findings do.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import { cli } from './helpers/cli';

const REPO = 'test/fixtures/discover/mixed-repo';
const MODEL = 'test/fixtures/discover/mixed-repo.threatmodel.yaml';

/** Appends the fragment's providers and components to the model's lists, as a user merging it would. */
function merge(modelText: string, fragmentText: string): string {
  const model = parseDocument(modelText);
  const fragment = parseDocument(fragmentText);
  for (const key of ['providers', 'components']) {
    const add = fragment.get(key);
    if (!isSeq(add)) continue;
    const into = model.get(key);
    if (isSeq(into)) for (const item of add.items) into.items.push(item);
    else model.set(key, add);
  }
  return model.toString();
}

describe('drift gate', () => {
  it('exits 1 at the MCP server the model lacks, then 0 once the proposed fragment is merged', async () => {
    const failing = await cli(['discover', REPO, '--model', MODEL, '--fail-on-drift']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(`${REPO}/.vscode/mcp.json:4:6: warning TM-DRIFT-MISSING the code has MCP server 'postgres'`);

    const proposed = await cli(['discover', REPO, '--model', MODEL, '--format', 'yaml']);
    expect(proposed.code).toBe(0);
    const doc = parseDocument(proposed.stdout);
    const components = doc.get('components');
    expect(isSeq(components) && components.items.map((c) => (isMap(c) ? c.get('id') : undefined))).toEqual(['postgres-mcp']);

    const dir = mkdtempSync(join(tmpdir(), 'tm-drift-'));
    const fixed = join(dir, 'fixed.threatmodel.yaml');
    writeFileSync(fixed, merge(readFileSync(MODEL, 'utf8'), proposed.stdout));
    expect((await cli(['validate', fixed])).code).toBe(0);
    const passing = await cli(['discover', REPO, '--model', fixed, '--fail-on-drift']);
    expect(passing.stdout).toContain('0 parts missing from the model');
    expect(passing.code).toBe(0);

    // The same gate through analyze --discover (the repository is the working directory).
    const analyzeFailing = await cli(['analyze', '--discover', '--fail-on', 'none', '../mixed-repo.threatmodel.yaml'], REPO);
    expect(analyzeFailing.code).toBe(1);
    expect(analyzeFailing.stdout).toContain(".vscode/mcp.json:4:6: warning TM-DRIFT-MISSING the code has MCP server 'postgres'");
    expect(analyzeFailing.stdout).toContain('drift: 1 AI part in the code the model does not declare (mcp:postgres)');
    const analyzePassing = await cli(['analyze', '--discover', '--fail-on', 'none', '--format', 'json', fixed], REPO);
    expect(JSON.parse(analyzePassing.stdout).summary.drifting).toBe(0);
    expect(analyzePassing.code).toBe(0);
  });

  it('without --model, the yaml proposal is a whole model that validates, with providers for the vendors', async () => {
    const r = await cli(['discover', REPO, '--format', 'yaml']);
    const dir = mkdtempSync(join(tmpdir(), 'tm-drift-'));
    const file = join(dir, 'proposed.threatmodel.yaml');
    writeFileSync(file, r.stdout);
    const v = await cli(['validate', '--format', 'json', file]);
    expect(JSON.parse(v.stdout).files[0].problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const doc = parseDocument(r.stdout).toJS();
    expect(doc.providers.map((p: { id: string }) => p.id)).toEqual(['anthropic', 'openai', 'pinecone']);
    expect(doc.components.map((c: { id: string; kind: string }) => `${c.id}:${c.kind}`)).toEqual([
      'anthropic-model:model-endpoint', 'langgraph-agent:agent', 'docs-search-mcp:mcp-server', 'github-mcp:mcp-server',
      'postgres-mcp:mcp-server', 'nemo-guardrails-guardrail:guardrail', 'openai-model:model-endpoint',
      'pgvector-store:vector-store', 'pinecone-store:vector-store', 'qdrant-store:vector-store',
    ]);
    // The proposal feeds matching: a model made of it has no drift.
    expect((await cli(['discover', REPO, '--model', file, '--fail-on-drift'])).code).toBe(0);
  });

  it('lists model parts with no trace in the code as information, without failing the gate', async () => {
    const r = await cli(['discover', REPO, '--model', MODEL, '--format', 'json']);
    const drift = JSON.parse(r.stdout).drift;
    expect(drift.missing).toEqual(['mcp:postgres']);
    expect(drift.untraced).toEqual(['local-reranker']);
    expect(drift.matched).toContainEqual({ discovery: 'qdrant', elements: ['kb-store'] });
    expect(drift.matched).toContainEqual({ discovery: 'pgvector', elements: ['code-embeddings'] });
    expect(drift.matched).toContainEqual({ discovery: 'langgraph', elements: ['support-agent'] });
  });

  it('SARIF carries drift like findings: rule, level, code location, the model as a related location', async () => {
    const r = await cli(['discover', REPO, '--model', MODEL, '--format', 'sarif']);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['TM-DRIFT-MISSING', 'TM-DRIFT-UNTRACED']);
    const missing = run.results.find((x: { ruleId: string }) => x.ruleId === 'TM-DRIFT-MISSING');
    expect(missing.level).toBe('warning');
    expect(missing.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${REPO}/.vscode/mcp.json`, uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 6, endLine: 4, endColumn: 14 },
    });
    expect(missing.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(MODEL);
  });

  it('an invalid model exits 1 before discovery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-drift-'));
    writeFileSync(join(dir, 'bad.threatmodel.yaml'), 'threatmodel: 1\nsystem: {}\n');
    expect((await cli(['discover', REPO, '--model', join(dir, 'bad.threatmodel.yaml')])).code).toBe(1);
  });
});
