/**
 * Discovery and drift problems as SARIF 2.1.0 results, shaped like the findings of export/sarif.ts: one
 * result per problem at its file:line (a drift result points at the code that shows the undeclared part,
 * with the model as a related location), one rule per problem code, stable fingerprints.
 */
import { pathToUri, TOOL_NAME, TOOL_VERSION } from '../export/sarif';
import { stripControl } from '../export/escape';
import type { Problem, Range } from '../problem';

const RULES: Record<string, { name: string; text: string; level: 'error' | 'warning' | 'note'; severity: string }> = {
  'TM-DRIFT-MISSING': { name: 'ModelDriftMissingComponent', text: 'The code has an AI component the threat model does not declare', level: 'warning', severity: '7.0' },
  'TM-DRIFT-UNTRACED': { name: 'ModelDriftUntracedComponent', text: 'A threat model component has no trace in the code', level: 'note', severity: '1.0' },
};

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function region(r: Range): Record<string, number> {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: Math.max(r.end.line, r.start.line) + 1,
    endColumn: (r.end.line > r.start.line || r.end.character > r.start.character ? r.end.character : r.start.character) + 1,
  };
}

const location = (file: string, r: Range): Record<string, unknown> => ({
  physicalLocation: { artifactLocation: { uri: pathToUri(file), uriBaseId: '%SRCROOT%' }, region: region(r) },
});

export function discoverySarifLog(problems: readonly Problem[]): Record<string, unknown> {
  const codes = [...new Set(problems.map((p) => p.code))].sort();
  const rules = codes.map((id) => {
    const r = RULES[id];
    return {
      id,
      name: r?.name ?? id.split('-').map((w) => w[0] + w.slice(1).toLowerCase()).join(''),
      shortDescription: { text: r?.text ?? id },
      help: { text: `${r?.text ?? id}. See docs/problems.md#${id} and docs/discover.md.` },
      defaultConfiguration: { level: r?.level ?? 'warning' },
      properties: { tags: ['security', 'threat-model', 'drift'], precision: 'high', 'security-severity': r?.severity ?? '3.0' },
    };
  });
  const results = problems.map((p) => ({
    ruleId: p.code,
    ruleIndex: codes.indexOf(p.code),
    level: LEVEL[p.severity],
    message: { text: stripControl(p.message) },
    locations: [location(p.file, p.range)],
    ...(p.related?.length ? { relatedLocations: p.related.map((x, i) => ({ id: i + 1, ...location(x.file, x.range), message: { text: stripControl(x.message) } })) } : {}),
    partialFingerprints: { 'threatmodelDrift/v1': `${p.code}@${p.file}:${p.range.start.line + 1}` },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root (paths are relative to where threatmodel ran).' } } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}
