import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/core/editor/analyze-document';
import {
  applyFindingSettings, code, diagnosticLevel, diagnosticMessage, escapeMarkdown, findingMarkdown, lensTitle, relatedElements,
  severityCounts, statusText,
} from '../../src/core/editor/findings-view';
import { hoverAt } from '../../src/core/editor/hover';
import { schemaNav } from '../../src/core/editor/model-schema';
import { groupFindings } from '../../src/core/editor/threat-groups';
import type { Finding } from '../../src/core/engine/types';

const text = readFileSync('e2e/workspace/support-assistant.threatmodel.yaml', 'utf8');
const result = analyzeDocument({ text, file: 'support-assistant.threatmodel.yaml' });
const findings = result.findings;
const byId = (id: string) => findings.find((f) => f.id === id)!;
const withStatus = (f: Finding, status: Finding['status']): Finding => ({ ...f, status });

describe('analysis of an editor document', () => {
  it('returns problems, findings, the index and the catalog summary, with timings', () => {
    expect(result.problems).toEqual([]);
    expect(findings.map((f) => f.id)).toContain('AGENT-TOOL-EXFILTRATION-CHAIN@assistant');
    expect(result.index.declarations.length).toBeGreaterThan(10);
    expect(result.catalog.rules.length).toBeGreaterThan(10);
    expect(result.catalog.mitigations.map((m) => m.id)).toContain('M-AUDIT-LOGGING');
    expect(result.timings.total).toBeGreaterThanOrEqual(result.timings.load);
  });

  it('layers a user catalog read through the host, and reports a missing one at its entry', () => {
    const rule = readFileSync('catalog/rules/AGENT-ACTIONS-UNAUDITED.yaml', 'utf8').replace(/^id: .*$/m, 'id: ORG-AUDIT').replace(/^title: .*$/m, 'title: Org audit rule');
    const host = { readFile: (p: string) => (p === '/org/ORG-AUDIT.yaml' ? rule : undefined), listDir: (p: string) => (p === '/org' ? ['ORG-AUDIT.yaml'] : undefined) };
    const r = analyzeDocument({ text, file: '/ws/m.threatmodel.yaml', catalogs: ['/org'] }, host);
    expect(r.findings.map((f) => f.id)).toContain('ORG-AUDIT@assistant');
    expect(r.catalog.rules.map((x) => x.id)).toContain('ORG-AUDIT');
    const missing = analyzeDocument({ text: `${text}analysis:\n  catalogs: [./nowhere]\n`, file: '/ws/m.threatmodel.yaml' }, host);
    const p = missing.problems.find((x) => x.code === 'TM-CATALOG-NOT-FOUND')!;
    expect(p.range.start.line).toBe(text.split('\n').length); // the `catalogs` entry's line
  });

  it('honours rules switched off by the editor and never throws on garbage', () => {
    const off = analyzeDocument({ text, file: 'm.threatmodel.yaml', disable: ['AGENT-TOOL-EXFILTRATION-CHAIN'] });
    expect(off.findings.map((f) => f.ruleId)).not.toContain('AGENT-TOOL-EXFILTRATION-CHAIN');
    for (const bad of ['', '\u0000', '- x', 'threatmodel: 1\ncomponents: [[[']) expect(() => analyzeDocument({ text: bad, file: 'x' })).not.toThrow();
  });
});

describe('findings in the editor', () => {
  it('applies the minimum severity and per-rule overrides', () => {
    const f = byId('MODEL-DIRECT-PROMPT-INJECTION@llm');
    expect(applyFindingSettings([f], { minimumSeverity: 'critical', severityOverrides: {} })).toEqual(f.severity === 'critical' ? [f] : []);
    expect(applyFindingSettings([f], { minimumSeverity: 'low', severityOverrides: { [f.ruleId]: 'low' } })[0]!.severity).toBe('low');
    expect(applyFindingSettings([f], { minimumSeverity: 'low', severityOverrides: { [f.ruleId]: 'off' } })).toEqual([]);
  });

  it('words lenses, status bar and diagnostics', () => {
    const a = findings.filter((f) => f.elementId === 'assistant');
    expect(lensTitle(a)).toMatch(/^\d+ open threats \(\d+ (critical|high)/);
    expect(lensTitle([])).toBe('no open threats');
    expect(lensTitle([withStatus(a[0]!, 'accepted')])).toBe('no open threats (1 handled)');
    expect(lensTitle([{ ...a[0]!, severity: 'medium' }])).toBe('1 open threat');
    const c = severityCounts(findings);
    expect(statusText(findings)).toBe((['critical', 'high', 'medium', 'low'] as const).filter((l) => c[l] > 0).map((l) => `${c[l]} ${l}`).join(' · '));
    expect(statusText([])).toBe('no open threats');
    expect(diagnosticLevel('critical')).toBe('error');
    expect(diagnosticLevel('high')).toBe('warning');
    expect(diagnosticLevel('low')).toBe('info');
    const exfil = byId('AGENT-TOOL-EXFILTRATION-CHAIN@assistant');
    expect(diagnosticMessage(exfil)).toBe(`${exfil.severity.toUpperCase()}: ${exfil.title}`);
    expect(relatedElements(byId('AGENT-TOOL-EXFILTRATION-CHAIN@assistant'))).toEqual(['customer', 'web-app', 'api']);
  });

  it('escapes untrusted text in Markdown', () => {
    expect(escapeMarkdown('[click](command:evil) <img src=x> *b*')).toBe('\\[click\\]\\(command:evil\\) \\<img src=x\\> \\*b\\*');
    expect(code('a`b')).toBe('`` a`b ``');
    const evil = { ...byId('AGENT-ACTIONS-UNAUDITED@assistant'), title: '[x](http://evil)', description: '<script>alert(1)</script>' };
    const md = findingMarkdown(evil);
    expect(md).not.toMatch(/(^|[^\\])\[x\]/);
    expect(md).not.toMatch(/(^|[^\\])<script>/);
  });

  it('groups for the Threats view by severity, component and framework', () => {
    const handled = findings.map((f, i) => (i === 0 ? withStatus(f, 'mitigated') : f));
    const sev = groupFindings(handled, 'severity');
    const order = ['critical', 'high', 'medium', 'low'];
    const openLevels = [...new Set(handled.filter((f) => f.status === 'open').map((f) => f.severity as string))];
    expect(sev.map((g) => g.key)).toEqual([...openLevels.sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'handled']);
    const comp = groupFindings(findings, 'component');
    expect(comp[0]!.label).toMatch(/^assistant \(\d+ open of \d+\)$/);
    const fw = groupFindings(findings, 'framework');
    // OWASP LLM Top 10 first, each id with its title, the framework named once; CWE after the OWASP and ATLAS groups.
    const labels = fw.map((g) => g.label);
    expect(labels[0]).toMatch(/^OWASP LLM\d\d:2025 [A-Z][a-z]+.* \(\d+ open\)$/);
    expect(labels.some((l) => /^CWE-\d+ [A-Z]/.test(l))).toBe(true);
    expect(labels.some((l) => l.startsWith('CWE CWE-'))).toBe(false);
    const rank = (l: string) => (l.startsWith('OWASP LLM') ? 0 : l.startsWith('OWASP') ? 1 : l.startsWith('AML.') ? 3 : l.startsWith('CoSAI') ? 4 : l.startsWith('CWE') ? 5 : 6);
    expect(labels.map(rank)).toEqual([...labels.map(rank)].sort((a, b) => a - b));
  });
});

describe('hovers (editor)', () => {
  const data = { nav: schemaNav(), index: result.index, findings };
  const hover = (needle: string, delta: number) => hoverAt(text, text.indexOf(needle) + delta, data)?.markdown ?? '';

  it('a key: its schema description', () => {
    expect(hover('approvalRequired', 3)).toMatch(/^\*\*approvalRequired\*\* — true \\\| false\n\n.*approves/s);
  });

  it('an element: kind, flows in and out, and each finding with why, frameworks and mitigations', () => {
    const md = hover('- id: assistant', 8);
    expect(md).toMatch(/^\*\*agent\*\* `assistant`/);
    expect(md).toContain('*Flows in:* `api` (`prompts`)');
    expect(md).toContain('AGENT-TOOL-EXFILTRATION-CHAIN');
    expect(md).toContain('*Why:*');
    expect(md).toContain('*Frameworks:*');
    expect(md).toContain('*Mitigations:*');
    expect(md).toContain('*Path:* `customer` → `web-app` → `api` → `assistant`');
  });

  it('a tracking key: the finding in full; an unknown key says so', () => {
    const t = `${text}tracking:\n  AGENT-UNBOUNDED-ITERATIONS@assistant:\n    status: accepted\n  GONE-RULE@assistant:\n    status: open\n`;
    const r = analyzeDocument({ text: t, file: 'x.threatmodel.yaml' });
    const d = { nav: schemaNav(), index: r.index, findings: r.findings };
    expect(hoverAt(t, t.indexOf('AGENT-UNBOUNDED-ITERATIONS@') + 2, d)!.markdown).toMatch(/accepted — \*\*Agent loop has no iteration bound\*\*/);
    expect(hoverAt(t, t.indexOf('GONE-RULE@') + 2, d)!.markdown).toMatch(/No finding/);
  });
});
