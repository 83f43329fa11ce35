// Generates docs/catalog.md from the built-in catalog (catalog/index.yaml + catalog/rules/*.yaml):
// framework coverage, then per rule its id, title, frameworks, condition in words, scoring and mitigations.
// `node scripts/gen-catalog-docs.mjs` writes the file; `--check` exits 1 when the file is out of date
// (test/unit/catalog-completeness.test.ts runs that). Deterministic: index order, no dates.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readBuiltinCatalog } from './builtin-catalog.mjs';

const OUT = 'docs/catalog.md';

const md = (s) => String(s).replace(/[|<>]/g, (c) => ({ '|': '\\|', '<': '&lt;', '>': '&gt;' })[c]).replace(/\s+/g, ' ').trim();
const code = (s) => `\`${String(s).replace(/`/g, "'")}\``;
const list = (xs) => xs.map(code).join(', ');
const anchor = (id) => id.toLowerCase();

function propertyTest(t) {
  const p = code(t.property);
  if ('equals' in t) return `${p} is ${code(t.equals)}`;
  if ('notEquals' in t) return `${p} is not ${code(t.notEquals)} (or absent)`;
  if ('in' in t) return `${p} is one of ${list(t.in)}`;
  if ('notIn' in t) return `${p} is none of ${list(t.notIn)} (or absent)`;
  if ('exists' in t) return t.exists ? `${p} is set` : `${p} is not set`;
  if ('includes' in t) return `${p} includes ${code(t.includes)}`;
  if ('includesAny' in t) return `${p} includes any of ${list(t.includesAny)}`;
  if ('excludes' in t) return `${p} includes none of ${list(t.excludes)}`;
  if ('atLeast' in t) return `${p} is at least ${t.atLeast}`;
  if ('atMost' in t) return `${p} is at most ${t.atMost}`;
  return `${p} (unknown test)`;
}

function dataTest(t) {
  const parts = [];
  if (t.classificationAtLeast) parts.push(`classified ${code(t.classificationAtLeast)} or above`);
  if (t.categoriesAny) parts.push(`in a category of ${list(t.categoriesAny)}`);
  return `data ${parts.join(' and ')}`;
}

function flowTest(t, depth) {
  const parts = [];
  if ('encrypted' in t) parts.push(t.encrypted ? 'encrypted' : 'not encrypted');
  if ('authenticated' in t) parts.push(t.authenticated ? 'authenticated' : 'not authenticated');
  if ('crossesBoundary' in t) parts.push(t.crossesBoundary ? 'crossing a trust boundary' : 'inside one trust boundary');
  if (t.carries) parts.push(`carrying ${dataTest(t.carries)}`);
  const head = parts.length ? parts.join(', ') : 'any';
  return t.peer ? [`${head}, where the other end:`, ...words(t.peer, depth + 1)] : [head];
}

/** A condition as nested Markdown bullet lines (first line is the head, further lines are indented children). */
function words(c, depth = 0) {
  const pad = '  '.repeat(depth);
  const nest = (head, sub) => [`${pad}- ${head}`, ...sub];
  const one = (text) => [`${pad}- ${text}`];
  const child = (head, cond) => nest(head, words(cond, depth + 1));
  if ('property' in c) return one(propertyTest(c));
  if ('all' in c) return nest('all of:', c.all.flatMap((x) => words(x, depth + 1)));
  if ('any' in c) return nest('any of:', c.any.flatMap((x) => words(x, depth + 1)));
  if ('not' in c) return child('not:', c.not);
  if ('kind' in c) return one(`the element is ${[].concat(c.kind).map(code).join(' or ')}`);
  if ('system' in c) return one(`the system's ${propertyTest(c.system)}`);
  if ('provider' in c) {
    const p = c.provider;
    const tests = p.all ? p.all.map(propertyTest).join(' and ') : p.any ? p.any.map(propertyTest).join(' or ') : propertyTest(p);
    return one(`its provider's ${tests}`);
  }
  if ('inBoundary' in c) return one(`it sits in a ${list(c.inBoundary)} boundary`);
  if ('flowsIn' in c || 'flowsOut' in c || 'flow' in c) {
    const [head, ...rest] = flowTest(c.flowsIn ?? c.flowsOut ?? c.flow, depth);
    const what = 'flowsIn' in c ? 'a flow into it is' : 'flowsOut' in c ? 'a flow out of it is' : 'the flow is';
    return [`${pad}- ${what} ${head}`, ...rest];
  }
  if ('linksTo' in c) return c.linksTo.to ? child(`it has a ${code(c.linksTo.kind)} link to an element where:`, c.linksTo.to) : one(`it has a ${code(c.linksTo.kind)} link`);
  if ('linkedFrom' in c) return c.linkedFrom.from ? child(`a ${code(c.linkedFrom.kind)} link comes from an element where:`, c.linkedFrom.from) : one(`a ${code(c.linkedFrom.kind)} link points to it`);
  if ('carries' in c) return one(`it stores, receives or sends ${dataTest(c.carries)}`);
  if ('reachableFrom' in c) return child('information can reach it from a component where:', c.reachableFrom);
  if ('reaches' in c) return child('it can send information to a component where:', c.reaches);
  if ('reachableThrough' in c) return nest('information can reach it from a component where:', [...words(c.reachableThrough.from, depth + 1), `${pad}  - passing only through components where:`, ...words(c.reachableThrough.through, depth + 2)]);
  if ('reachesThrough' in c) return nest('it can send information to a component where:', [...words(c.reachesThrough.to, depth + 1), `${pad}  - passing only through components where:`, ...words(c.reachesThrough.through, depth + 2)]);
  if ('dataReachable' in c) return one(`${dataTest(c.dataReachable)} is at it or can reach it`);
  if ('is' in c) return one(`it is ${code(c.is)}`);
  if ('from' in c) return child("the flow's source:", c.from);
  if ('to' in c) return child("the flow's destination:", c.to);
  if ('inRag' in c) return one(`it takes part in a RAG pipeline whose ${propertyTest(c.inRag)}`);
  if ('guardedBy' in c) return one(`a guardrail checking ${list(c.guardedBy)} protects it`);
  return one('(unknown operator)');
}

const FRAMEWORKS = [
  ['owaspLlm', 'OWASP Top 10 for LLM Applications 2025', Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`)],
  ['owaspAgentic', 'OWASP Agentic AI Threats & Mitigations', Array.from({ length: 17 }, (_, i) => `T${i + 1}`)],
  ['owaspAsi', 'OWASP Top 10 for Agentic Applications', Array.from({ length: 10 }, (_, i) => `ASI${String(i + 1).padStart(2, '0')}`)],
];

const VERSION_LABELS = [['owaspLlm', 'OWASP LLM'], ['owaspAgentic', 'OWASP Agentic T&M'], ['owaspAsi', 'OWASP ASI'], ['atlas', 'MITRE ATLAS'], ['cosai', 'CoSAI'], ['cwe', 'CWE']];

/** The framework versions recorded in catalog/index.yaml (`frameworks:`), as a table. */
function versions(indexText) {
  let recorded = {};
  try { recorded = parse(indexText)?.frameworks ?? {}; } catch { /* a broken index is reported by core */ }
  const lines = ['## Framework versions', '', 'The references were checked against these versions (recorded in `catalog/index.yaml`; the ids',
    'are pinned in `catalog/frameworks/`, and a test fails on any cited id that is not there).', '', '| framework | version |', '|---|---|'];
  for (const [key, label] of VERSION_LABELS) if (recorded[key]) lines.push(`| ${label} | ${md(recorded[key])} |`);
  lines.push('');
  return lines;
}

/** Framework names from the pinned id lists (catalog/frameworks/*.json), for the coverage tables. */
const pinned = (f) => JSON.parse(readFileSync(`catalog/frameworks/${f}`, 'utf8'));
const NAMES = { ...pinned('owasp.json'), cosai: pinned('cosai.json').risks };
const ruleLinks = (ids) => ids.map((id) => `[${id}](#${anchor(id)})`).join(', ');

function coverage(rules) {
  const lines = ['## Framework coverage', '',
    'Each framework entry with the rules that reference it (a rule may reference several); the rule\'s condition',
    'is what expresses the entry for a given design.', ''];
  const citing = (key, id) => rules.filter((r) => (r.frameworks?.[key] ?? []).includes(id)).map((r) => r.id);
  const table = (key, ids) => {
    const rows = ['| id | name | rules | referenced by |', '|---|---|---|---|'];
    for (const id of ids) {
      const by = citing(key, id);
      rows.push(`| ${id} | ${md(NAMES[key]?.[id] ?? '')} | ${by.length === 0 ? '**0**' : by.length} | ${ruleLinks(by)} |`);
    }
    return rows;
  };
  for (const [key, title, ids] of FRAMEWORKS) {
    const covered = ids.filter((id) => citing(key, id).length > 0).length;
    lines.push(`### ${title}`, '', `${covered} of ${ids.length} entries referenced.`, '', ...table(key, ids), '');
  }
  const cosaiIds = Object.keys(NAMES.cosai).sort();
  const cosaiCovered = cosaiIds.filter((id) => citing('cosai', id).length > 0).length;
  lines.push('### CoSAI Risk Map', '', `${cosaiCovered} of ${cosaiIds.length} risks referenced.`, '', ...table('cosai', cosaiIds), '');
  const distinct = (key) => [...new Set(rules.flatMap((r) => r.frameworks?.[key] ?? []))].sort();
  const atlas = distinct('atlas');
  const cwe = distinct('cwe');
  const mitigationAtlas = [...new Set(rules.flatMap((r) => r.mitigations.flatMap((m) => m.atlas ?? [])))].sort();
  lines.push('### Other frameworks', '', '| framework | distinct ids | ids |', '|---|---|---|');
  lines.push(`| MITRE ATLAS techniques | ${atlas.length} | ${atlas.join(', ')} |`);
  lines.push(`| MITRE ATLAS mitigations (in rule mitigations) | ${mitigationAtlas.length} | ${mitigationAtlas.join(', ')} |`);
  lines.push(`| CWE | ${cwe.length} | ${cwe.join(', ')} |`, '');
  return lines;
}

function ruleSection(r) {
  const lines = [`### ${r.id}`, '', `**${md(r.title)}**`, '', md(r.description), ''];
  const fw = [];
  for (const [key, label] of [['owaspLlm', 'OWASP LLM'], ['owaspAgentic', 'OWASP Agentic'], ['owaspAsi', 'OWASP ASI'], ['atlas', 'ATLAS'], ['cosai', 'CoSAI'], ['cwe', 'CWE']]) {
    if (r.frameworks?.[key]?.length) fw.push(`${label} ${r.frameworks[key].join(', ')}`);
  }
  lines.push(`- Frameworks: ${fw.join('; ')}`);
  lines.push(`- STRIDE: ${r.stride.join(', ')}`);
  lines.push(`- Applies to: ${list(r.appliesTo)}`);
  const score = (s) => `${s.base}${s.factors?.length ? ` + ${s.factors.map(code).join(', ')}` : ''}`;
  lines.push(`- Likelihood: ${score(r.likelihood)}; impact: ${score(r.impact)}`);
  if (r.when) lines.push('- When:', ...words(r.when, 1));
  else lines.push('- When: always (every element it applies to)');
  lines.push('- Mitigations:');
  for (const m of r.mitigations) lines.push(`  - ${code(m.id)} ${md(m.title)}${m.atlas?.length ? ` (ATLAS ${m.atlas.join(', ')})` : ''}`);
  if (r.references?.length) {
    lines.push('- References:');
    for (const ref of r.references) lines.push(`  - ${ref.url ? `[${md(ref.title)}](${ref.url})` : md(ref.title)}`);
  }
  if (r.falsePositives) lines.push(`- False positives: ${md(r.falsePositives)}`);
  if (r.merge) lines.push(`- Merge group: ${code(r.merge.group)}, rank ${r.merge.rank}: on one element, the findings of this group are one finding, kept under the lowest rank's id ([tracking.md](tracking.md#merged-findings))`);
  lines.push('');
  return lines;
}

/** The whole document as a string. */
export function renderCatalogDocs(root = process.cwd()) {
  const bundle = readBuiltinCatalog(root);
  const rules = bundle.rules.filter((r) => r.text !== undefined).map((r) => parse(r.text)).filter((r) => r && typeof r === 'object' && r.id);
  const lines = [
    '# Threat catalog',
    '',
    '<!-- Generated by `npm run docs:catalog` (scripts/gen-catalog-docs.mjs) from catalog/. Do not edit by hand. -->',
    '',
    `${rules.length} built-in rules. Conditions are explained in [conditions.md](conditions.md), likelihood, impact and`,
    'their factors in [severity.md](severity.md), controls, tracking and suppressions in [tracking.md](tracking.md).',
    '',
    ...versions(bundle.index.text),
    ...coverage(rules),
    '## Rules',
    '',
    '| id | title | applies to |',
    '|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${anchor(r.id)}) | ${md(r.title)} | ${r.appliesTo.join(', ')} |`),
    '',
    ...rules.flatMap(ruleSection),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = renderCatalogDocs();
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(OUT, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      console.error(`${OUT} is out of date: run npm run docs:catalog`);
      process.exit(1);
    }
    console.log(`${OUT} is up to date`);
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
