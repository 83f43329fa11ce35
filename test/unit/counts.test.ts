/**
 * One count of findings everywhere: the diagram's badges, the HTML report and the checklist print the same
 * open count for every element of the same model, and accepted risks are counted as accepted, never closed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/core/diagram/build';
import { mermaidId } from '../../src/core/diagram/escape';
import { countThreats, countThreatsByElement, countsSentence, mergeCounts } from '../../src/core/engine/counts';
import type { Finding } from '../../src/core/engine/types';
import { checklistMarkdown } from '../../src/core/export/checklist';
import { htmlReport } from '../../src/core/export/html';
import { exportInput, modelFindings } from '../../src/core/export/pipeline';

const f = (elementId: string, severity: Finding['severity'], status: Finding['status']) => ({ elementId, severity, status });

describe('countThreats', () => {
  it('counts open and in-progress as open, and every other status under its own name', () => {
    const c = countThreats([
      f('a', 'critical', 'open'), f('a', 'high', 'in-progress'), f('b', 'critical', 'accepted'),
      f('b', 'low', 'mitigated'), f('c', 'medium', 'suppressed'), f('c', 'medium', 'false-positive'), f('c', 'high', 'transferred'),
    ]);
    expect(c.total).toBe(7);
    expect(c.open).toBe(2);
    expect(c.handled).toBe(5);
    expect(c.openBySeverity).toEqual({ low: 0, medium: 0, high: 1, critical: 1 });
    expect(c.worstOpen).toBe('critical');
    expect(c.byStatus).toEqual({ 'open': 1, 'in-progress': 1, 'accepted': 1, 'transferred': 1, 'mitigated': 1, 'false-positive': 1, 'suppressed': 1 });
    expect(countsSentence(c)).toBe('2 open (1 critical, 1 high; 1 in progress) · 1 accepted · 1 transferred · 1 mitigated · 1 false-positive · 1 suppressed');
  });

  it('an accepted critical is not open and does not raise the severity breakdown', () => {
    const c = countThreats([f('a', 'critical', 'accepted'), f('a', 'medium', 'open')]);
    expect(c.openBySeverity.critical).toBe(0);
    expect(c.worstOpen).toBe('medium');
    expect(countsSentence(c)).toBe('1 open (1 medium) · 1 accepted');
  });

  it('counts per element, on the element the finding is on, and merges parts back to the total', () => {
    const list = [f('web', 'high', 'open'), f('web->api', 'critical', 'open'), f('api', 'low', 'accepted')];
    const per = countThreatsByElement(list);
    expect([...per.keys()]).toEqual(['api', 'web', 'web->api']);
    expect(per.get('web')!.open).toBe(1);
    expect(per.get('web->api')!.worstOpen).toBe('critical');
    expect(mergeCounts(per.values())).toEqual(countThreats(list));
    expect(countsSentence(countThreats([]))).toBe('0 open');
  });
});

describe('the same model gives the same open counts in the diagram, the report and the checklist', () => {
  const file = 'examples/support-assistant.threatmodel.yaml';
  const original = readFileSync(file, 'utf8');
  // Accept one open critical (tracking is the file's last section), so handled findings are in the mix.
  const critical = modelFindings(original, file).findings.find((x) => x.status === 'open' && x.severity === 'critical' && !x.flowId)!;
  const text = `${original.trimEnd()}\n  ${critical.id}:\n    status: accepted\n    justification: accepted for the test\n`;
  const result = modelFindings(text, file);
  const model = result.model!;
  const input = exportInput({ ...result, model });
  const per = countThreatsByElement(result.findings);
  const components = [...model.components.keys()].filter((id) => (per.get(id)?.open ?? 0) > 0);

  it('the example has open findings on components and on flows, and handled ones', () => {
    expect(components.length).toBeGreaterThan(2);
    expect(model.flows.some((fl) => (per.get(fl.id)?.open ?? 0) > 0)).toBe(true);
    expect(countThreats(result.findings).byStatus.accepted).toBeGreaterThan(0);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('per component', async () => {
    const mermaid = toMermaid(model, result.findings);
    const checklist = checklistMarkdown(input);
    const report = await htmlReport(input);
    for (const id of components) {
      const c = model.components.get(id)!;
      const open = per.get(id)!.open;
      // Diagram text: the node's label says "⚠ N open".
      const node = mermaid.split('\n').find((l) => l.trimStart().startsWith(`${mermaidId('c', id)}[`));
      expect(node, id).toMatch(new RegExp(`⚠ ${open} open`));
      // Checklist: the element's heading.
      expect(checklist, id).toContain(`(\`${id}\`, ${c.kind}) · ${open} open`);
      // Report: the node's badge in the SVG.
      expect(report, id).toMatch(new RegExp(`data-element="${id}"[^>]*data-open="${open}"`));
    }
  });

  it('in total', async () => {
    const total = countThreats(result.findings);
    expect(checklistMarkdown(input)).toContain(`| Findings | ${countsSentence(total)} |`);
    const report = await htmlReport(input);
    expect(report).toContain(`<div class="card"><b>${total.open}</b>open</div>`);
    expect(report).toContain(`<div class="card"><b>${total.byStatus.accepted}</b>accepted</div>`);
  });
});
