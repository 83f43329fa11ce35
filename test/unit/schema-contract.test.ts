/**
 * The model format lives twice: schemas/threatmodel.schema.json (what ajv and editors enforce) and
 * src/core/model/types.ts (what the engine's code reads). These tests keep them the same vocabulary, read
 * types.ts as text (interfaces and string-literal unions), and pin the error shapes the validator relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import schemaJson from '../../schemas/threatmodel.schema.json';
import { CLASSIFICATIONS, COMPONENT_KINDS } from '../../src/core/model/types';

interface Schema {
  $ref?: string; type?: string; enum?: string[]; const?: unknown; description?: string; required?: string[];
  properties?: Record<string, Schema>; patternProperties?: Record<string, Schema>; items?: Schema;
  allOf?: Array<{ if: Schema; then: Schema }>; additionalProperties?: boolean;
}
const schema = schemaJson as unknown as Schema & { $defs: Record<string, Schema> };
const defs = schema.$defs;

function resolve(node: Schema): Schema {
  let n = node;
  for (let hops = 0; n.$ref; hops++) {
    if (hops > 10) throw new Error(`$ref loop at ${n.$ref}`);
    n = n.$ref.slice(2).split('/').reduce<any>((o, k) => o?.[k], schema);
    if (!n) throw new Error(`unresolvable $ref ${node.$ref}`);
  }
  return n;
}

// ------------------------------------------------------------------ types.ts, read as text

const source = readFileSync(join(__dirname, '..', '..', 'src', 'core', 'model', 'types.ts'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** `export type X = 'a' | 'b';` → X → [a, b] (only unions of string literals). */
const aliases = new Map<string, string[]>();
for (const m of source.matchAll(/export type (\w+) =([^;]+);/g)) {
  if (m[2]!.replace(/'[^']*'|\|/g, '').trim() === '') aliases.set(m[1]!, [...m[2]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!));
}

interface TsProp { name: string; optional: boolean; type: string }
/** `export interface X extends Y { ... }` → X → its own properties (brace-matched body). */
const interfaces = new Map<string, { base?: string; props: TsProp[] }>();
for (const m of source.matchAll(/export interface (\w+)(?: extends (\w+))?\s*\{/g)) {
  let depth = 1;
  let i = m.index! + m[0].length;
  const start = i;
  for (; depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0;
  const body = source.slice(start, i - 1);
  const props = [...body.matchAll(/(?:^|[;\n])\s*(\w+)(\??):\s*([^;\n]+)/g)]
    .map((p) => ({ name: p[1]!, optional: p[2] === '?', type: p[3]!.trim() }));
  interfaces.set(m[1]!, { base: m[2], props });
}

/** Interface → the schema object that mirrors it. Component interfaces map through their `kind` literal. */
const MIRRORS: Record<string, Schema> = {
  ThreatModelDocument: schema, SystemInfo: defs.system!, TrustBoundary: defs.boundary!, DataAsset: defs.dataAsset!,
  Provider: defs.provider!, IngestionSource: defs.ingestionSource!, ComponentBase: defs.componentBase!,
  RagPipeline: defs.ragPipeline!, Flow: defs.flow!, Control: defs.control!, TrackingEntry: defs.trackingEntry!,
  Suppression: defs.suppression!, AnalysisSettings: defs.analysis!,
};

function mirrors(): Array<[string, Schema, TsProp[]]> {
  const out: Array<[string, Schema, TsProp[]]> = [];
  for (const [name, { base, props }] of interfaces) {
    const kind = props.find((p) => p.name === 'kind' && /^'[^']+'$/.test(p.type))?.type.slice(1, -1);
    if (kind !== undefined) {
      const all = [...interfaces.get(base!)!.props.filter((p) => p.name !== 'kind'), ...props];
      out.push([name, defs[kind] ?? {}, all]);
    } else {
      out.push([name, MIRRORS[name] ?? {}, props]);
    }
  }
  return out;
}

/** The string values a TS type allows, when it is a literal union, an alias of one, or a list/record of those. */
function literals(type: string): string[] | undefined {
  const t = type.replace(/^Array<(.+)>$/, '$1').replace(/^(\w+)\[\]$/, '$1').replace(/^Record<string,\s*(.+)>$/, '$1');
  if (aliases.has(t)) return aliases.get(t);
  if (t.replace(/'[^']*'|\|/g, '').trim() === '' && t.includes("'")) return [...t.matchAll(/'([^']*)'/g)].map((x) => x[1]!);
  return undefined;
}

/** The enum the schema allows for a property (through $refs, list items and record values). */
function schemaEnum(node: Schema): string[] | undefined {
  const n = resolve(node);
  if (n.enum) return n.enum;
  if (n.items) return schemaEnum(n.items);
  if (n.patternProperties) return schemaEnum(Object.values(n.patternProperties)[0]!);
  return undefined;
}

/** The JSON type a TS type needs: boolean, number, string, list, object. */
function jsonType(type: string): string {
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || /^\d+$/.test(type)) return 'number';
  if (/\[\]$|^Array</.test(type)) return 'array';
  if (/^Record</.test(type) || interfaces.has(type)) return 'object';
  return 'string';
}

function schemaType(node: Schema): string | undefined {
  const n = resolve(node);
  if (n.const !== undefined) return typeof n.const === 'number' ? 'number' : 'string';
  return n.type === 'integer' ? 'number' : n.type;
}

// ------------------------------------------------------------------ the tests

describe('schema and types.ts agree', () => {
  it('reads types.ts (the parser still understands the file)', () => {
    expect(interfaces.size).toBeGreaterThan(30);
    expect(aliases.get('ToolEffect')).toContain('payment');
  });

  it('has one definition per component kind, selected by kind', () => {
    expect(defs.componentKind!.enum).toEqual([...COMPONENT_KINDS]);
    const branches = defs.component!.allOf!.map((b) => [b.if.properties!.kind!.const, b.then.$ref]);
    expect(branches).toEqual(COMPONENT_KINDS.map((k) => [k, `#/$defs/${k}`]));
    for (const k of COMPONENT_KINDS) expect(defs[k]?.additionalProperties, k).toBe(false);
  });

  it('maps every interface of types.ts to a schema object', () => {
    const unmapped = mirrors().filter(([, s]) => !s.properties).map(([name]) => name);
    expect(unmapped).toEqual([]);
  });

  it.each(mirrors())('%s: same properties, same required ones', (_name, node, props) => {
    expect(Object.keys(node.properties ?? {}).sort()).toEqual(props.map((p) => p.name).sort());
    expect([...(node.required ?? [])].sort()).toEqual(props.filter((p) => !p.optional).map((p) => p.name).sort());
  });

  it.each(mirrors())('%s: same value types and allowed values', (_name, node, props) => {
    for (const p of props) {
      const s = node.properties?.[p.name];
      if (!s) continue; // reported by the property test
      expect(schemaType(s), `${p.name}: ${p.type}`).toBe(jsonType(p.type));
      const allowed = literals(p.type);
      // A kind interface pins `kind` to its literal; the kind's definition is selected by that value.
      if (allowed && p.name === 'kind' && allowed.length === 1) expect(schemaEnum(s)).toContain(allowed[0]);
      else if (allowed) expect(schemaEnum(s), `${p.name}: ${p.type}`).toEqual(allowed);
    }
  });

  it('has a definition with the same values for every string-literal union in types.ts', () => {
    const camel = (s: string) => s[0]!.toLowerCase() + s.slice(1);
    for (const [alias, values] of aliases) expect(defs[camel(alias)]?.enum, alias).toEqual(values);
    expect(defs.classification!.enum).toEqual([...CLASSIFICATIONS]);
  });
});

describe('the schema itself', () => {
  it('compiles under ajv 2020 strict mode', () => {
    expect(() => new Ajv2020({ strict: true, allErrors: true }).compile(schemaJson)).not.toThrow();
  });

  it('describes every property and definition (hovers and docs are generated from them)', () => {
    const missing: string[] = [];
    const check = (node: Schema, where: string) => {
      if (!node.description && !(node.$ref && resolve(node).description)) missing.push(where);
      for (const [k, p] of Object.entries(node.properties ?? {})) check(p, `${where}.${k}`);
      for (const [k, p] of Object.entries(node.patternProperties ?? {})) check(p, `${where}[${k}]`);
    };
    check(schema, '#');
    for (const [name, d] of Object.entries(defs)) check(d, name);
    expect(missing).toEqual([]);
  });

  it('closes every object against unknown keys', () => {
    const open = Object.entries({ root: schema, ...defs })
      .filter(([name, d]) => d.type === 'object' && !['component', 'componentBase'].includes(name) && d.additionalProperties !== false)
      .map(([name]) => name);
    expect(open).toEqual([]);
  });
});

describe('errors ajv (allErrors) reports, as the validator sees them', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schemaJson);
  /** Errors minus `if` wrappers, which only echo the failing `then` (the validator drops them too). */
  function errorsFor(components: unknown[]): ErrorObject[] {
    validate({ threatmodel: 1, system: { name: 'Shop' }, components });
    const all = validate.errors ?? [];
    const wrappers = all.filter((e) => e.keyword === 'if');
    const precise = all.filter((e) => e.keyword !== 'if');
    for (const w of wrappers) expect(precise.some((e) => e.instancePath.startsWith(w.instancePath))).toBe(true);
    return precise;
  }

  it('a misspelt property of a tool: one additionalProperties error on that component', () => {
    const errors = errorsFor([{ id: 'a', kind: 'agent', model: 'm' }, { id: 'send-mail', kind: 'tool', efects: ['send'] }]);
    expect(errors.map((e) => [e.keyword, e.instancePath, e.params])).toEqual([
      ['additionalProperties', '/components/1', { additionalProperty: 'efects' }],
    ]);
  });

  it('a property of another kind is unknown on this kind', () => {
    const errors = errorsFor([{ id: 'kb', kind: 'vector-store', topK: 5 }]);
    expect(errors.map((e) => [e.keyword, e.instancePath, e.params])).toEqual([
      ['additionalProperties', '/components/0', { additionalProperty: 'topK' }],
    ]);
  });

  it('a wrong enum value: one enum error on the value', () => {
    const errors = errorsFor([{ id: 'run', kind: 'tool', sandbox: 'docker' }]);
    expect(errors.map((e) => [e.keyword, e.instancePath])).toEqual([['enum', '/components/0/sandbox']]);
  });

  it('an unknown kind: one enum error on kind, and nothing else about the component', () => {
    validate({ threatmodel: 1, system: { name: 'Shop' }, components: [{ id: 'x', kind: 'toool', efects: [] }] });
    expect(validate.errors!.map((e) => [e.keyword, e.instancePath])).toEqual([['enum', '/components/0/kind']]);
  });

  it('a missing kind or a component that is not a mapping: one error', () => {
    expect(errorsFor([{ id: 'x' }]).map((e) => [e.keyword, e.instancePath])).toEqual([['required', '/components/0']]);
    expect(errorsFor(['x']).map((e) => [e.keyword, e.instancePath])).toEqual([['type', '/components/0']]);
  });

  it('accepts finding ids as tracking keys, including derived flow ids, and rejects other keys', () => {
    const ok = validate({
      threatmodel: 1, system: { name: 'Shop' },
      tracking: { 'LLM-X@agent': { status: 'open' }, 'FLOW-X@api@api->llm': { status: 'accepted', reviewedOn: '2026-11-30' } },
    });
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    validate({ threatmodel: 1, system: { name: 'Shop' }, tracking: { 'not a finding': { status: 'open' } } });
    expect(validate.errors!.map((e) => [e.keyword, e.instancePath])).toEqual([['additionalProperties', '/tracking']]);
  });

  it('checks ids and dates by pattern', () => {
    validate({
      threatmodel: 1, system: { name: 'Shop' }, boundaries: [{ id: '-vpc', kind: 'network' }],
      tracking: { 'R-1@x': { status: 'open', due: '2026-13-01' } },
    });
    expect(validate.errors!.map((e) => [e.keyword, e.instancePath])).toEqual([
      ['pattern', '/boundaries/0/id'], ['pattern', '/tracking/R-1@x/due'],
    ]);
  });
});
