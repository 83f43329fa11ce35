/**
 * The checklist's diagram is read where the checklist is read: on GitHub, GitLab or a wiki, whose mermaid may
 * predate the `@{ shape: … }` syntax (mermaid 11.3). So it uses the classic bracket shapes, runs top to bottom
 * (a page is narrow) and collapses large models to one node per trust boundary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/core/diagram';
import { checklistMarkdown } from '../../src/core/export/checklist';
import { exportInput, modelFindings } from '../../src/core/export/pipeline';
import { generateModel } from '../../scripts/lib/generate-model';

const checklistOf = (text: string, file: string): string => {
  const r = modelFindings(text, file);
  return checklistMarkdown(exportInput({ ...r, model: r.model! }));
};
const mermaidBlock = (md: string): string => /```mermaid\n([\s\S]*?)\n```/.exec(md)![1]!;

describe('the checklist diagram draws in any mermaid', () => {
  const file = 'templates/rag-support-assistant.threatmodel.yaml';
  const md = checklistOf(readFileSync(file, 'utf8'), file);
  const diagram = mermaidBlock(md);

  it('uses classic bracket shapes only, top to bottom', () => {
    expect(diagram.startsWith('flowchart TB')).toBe(true);
    expect(diagram).not.toContain('@{');
    // a vector store is a cylinder, a model endpoint a hexagon, a user a stadium, in the classic syntax
    expect(diagram).toMatch(/\[\("[^"]*vector store[^"]*"\)\]/);
    expect(diagram).toMatch(/\{\{"[^"]*model endpoint[^"]*"\}\}/);
    expect(diagram).toMatch(/\(\["[^"]*user[^"]*"\]\)/);
  });

  it('the editor keeps the new shapes (its mermaid is bundled and current)', () => {
    const r = modelFindings(readFileSync(file, 'utf8'), file);
    expect(toMermaid(r.model!, r.findings)).toContain('@{ shape: lin-cyl }');
  });

  it('collapses a model above 40 components to its trust boundaries', () => {
    const big = mermaidBlock(checklistOf(generateModel(60), 'big.threatmodel.yaml'));
    expect(big).toContain('trust boundary (collapsed)');
    expect(big).not.toContain('@{');
  });

  it('hostile labels stay inside their quotes in the classic syntax too', () => {
    const hostile = 'threatmodel: 1\nsystem:\n  name: x\ncomponents:\n  - id: a\n    kind: datastore\n    name: "x\\")] --> evil[(\\"y"\n';
    const d = mermaidBlock(checklistOf(hostile, 'h.threatmodel.yaml'));
    const line = d.split('\n').find((l) => l.includes('c_a'))!;
    expect(line).toMatch(/^\s*c_a\[\("[^"]*"\)\]$/);
  });
});
