/**
 * Walks the model's JSON Schema the way an editor needs it: what properties a mapping at a path may have, what
 * a value there may be (enum, boolean, a reference to which kind of element), and the description to show.
 * Generic over the schema (local `$ref`s, `allOf`, `anyOf`/`oneOf`, `if`/`then` on constant properties), so
 * completion and hovers follow schemas/threatmodel.schema.json without a second copy of its content.
 */

export type JsonSchema = { readonly [key: string]: unknown };

/** What a string value refers to, taken from the schema's named `$defs` (`componentRef`, `dataRef` ...). */
export type RefKind = 'component' | 'data' | 'boundary' | 'provider' | 'element' | 'rule' | 'mitigation' | 'finding';

const REF_DEFS: Record<string, RefKind> = {
  componentRef: 'component', dataRef: 'data', boundaryRef: 'boundary', providerRef: 'provider',
  elementRef: 'element', ruleId: 'rule', mitigationId: 'mitigation', findingId: 'finding',
};

/** A schema location after following `$ref`s: the concrete schemas that apply, plus what the path said about it. */
export interface SchemaNode {
  schemas: JsonSchema[];
  /** The outermost description (a property's own description wins over its definition's). */
  description?: string;
  /** The outermost title. */
  title?: string;
  refKind?: RefKind;
}

export interface PropertyInfo {
  key: string;
  node: SchemaNode;
  required: boolean;
}

type Path = ReadonlyArray<string | number>;

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class SchemaNav {
  private readonly propertyCache = new WeakMap<JsonSchema, Map<string, PropertyInfo[]>>();

  constructor(readonly root: JsonSchema) {}

  /** The node for the document root. */
  rootNode(): SchemaNode {
    return this.resolve(this.root);
  }

  /** Follows `$ref` chains (local pointers only), collecting description, title and reference kind on the way. */
  resolve(schema: unknown, into?: SchemaNode): SchemaNode {
    const node: SchemaNode = into ?? { schemas: [] };
    let s: unknown = schema;
    for (let guard = 0; isObject(s) && guard < 32; guard++) {
      if (node.description === undefined && typeof s.description === 'string') node.description = s.description;
      if (node.title === undefined && typeof s.title === 'string') node.title = s.title;
      const ref = s.$ref;
      if (typeof ref !== 'string') {
        node.schemas.push(s);
        return node;
      }
      const defName = /^#\/\$defs\/([^/]+)$/.exec(ref)?.[1];
      if (defName && node.refKind === undefined && REF_DEFS[defName]) node.refKind = REF_DEFS[defName];
      // Sibling keywords next to $ref still apply (2020-12): keep them, then continue into the target.
      const { $ref: _ref, description: _d, title: _t, examples: _e, ...rest } = s;
      if (Object.keys(rest).length > 0) node.schemas.push(rest);
      s = this.pointer(ref);
    }
    return node;
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    let cur: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      cur = isObject(cur) ? cur[seg] : undefined;
    }
    return cur;
  }

  /**
   * The schemas that apply to an object `value` at a node: the node's own, `allOf` members, `then` of each `if`
   * the value satisfies, and every `anyOf`/`oneOf` branch. When `if`s exist but none holds (a component
   * without a `kind` yet), the properties common to all `then` branches stand in.
   */
  private applicable(node: SchemaNode, value: unknown, depth = 0): { schemas: JsonSchema[]; fallbackThen: JsonSchema[][] } {
    const out: JsonSchema[] = [];
    const fallbackThen: JsonSchema[][] = [];
    const visit = (s: JsonSchema, d: number): void => {
      if (d > 8) return;
      out.push(s);
      const all = Array.isArray(s.allOf) ? s.allOf : [];
      const conditionals = all.filter((x) => isObject(x) && isObject(x.if) && x.then !== undefined) as JsonSchema[];
      let matched = false;
      for (const member of all) {
        if (!isObject(member)) continue;
        if (isObject(member.if) && member.then !== undefined) {
          if (ifHolds(member.if, value)) {
            matched = true;
            for (const t of this.resolve(member.then).schemas) visit(t, d + 1);
          }
          continue;
        }
        for (const t of this.resolve(member).schemas) visit(t, d + 1);
      }
      if (isObject(s.if) && s.then !== undefined && ifHolds(s.if, value)) {
        for (const t of this.resolve(s.then).schemas) visit(t, d + 1);
      }
      if (!matched && conditionals.length > 0) {
        fallbackThen.push(...conditionals.map((c) => this.resolve(c.then).schemas));
      }
      for (const key of ['anyOf', 'oneOf'] as const) {
        const branches = s[key];
        if (!Array.isArray(branches)) continue;
        for (const b of branches) for (const t of this.resolve(b).schemas) visit(t, d + 1);
      }
    };
    for (const s of node.schemas) visit(s, depth);
    return { schemas: out, fallbackThen };
  }

  /** Properties a mapping at this node may have, given its current value (for `if`/`then` on `kind`). */
  properties(node: SchemaNode, value: unknown): PropertyInfo[] {
    const cacheKey = discriminatorKey(value);
    const first = node.schemas[0];
    if (first && node.schemas.length === 1) {
      const hit = this.propertyCache.get(first)?.get(cacheKey);
      if (hit) return hit;
    }
    const { schemas, fallbackThen } = this.applicable(node, value);
    const byKey = new Map<string, PropertyInfo>();
    const required = new Set<string>();
    const add = (list: JsonSchema[]): void => {
      for (const s of list) {
        if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') required.add(r);
        if (!isObject(s.properties)) continue;
        for (const [key, sub] of Object.entries(s.properties)) {
          const existing = byKey.get(key);
          if (existing) this.resolve(sub, existing.node);
          else byKey.set(key, { key, node: this.resolve(sub), required: false });
        }
      }
    };
    add(schemas);
    if (fallbackThen.length > 0) {
      // Keys every branch allows (what all kinds have in common).
      const keySets = fallbackThen.map((branch) => new Set(branch.flatMap((s) => (isObject(s.properties) ? Object.keys(s.properties) : []))));
      const common = [...keySets[0]!].filter((k) => keySets.every((ks) => ks.has(k)));
      for (const branch of fallbackThen) {
        for (const s of branch) {
          if (!isObject(s.properties)) continue;
          for (const k of common) {
            const sub = s.properties[k];
            if (sub === undefined || byKey.has(k)) continue;
            byKey.set(k, { key: k, node: this.resolve(sub), required: false });
          }
        }
      }
    }
    const result = [...byKey.values()].map((p) => ({ ...p, required: required.has(p.key) }));
    if (first && node.schemas.length === 1) {
      let perSchema = this.propertyCache.get(first);
      if (!perSchema) this.propertyCache.set(first, (perSchema = new Map()));
      perSchema.set(cacheKey, result);
    }
    return result;
  }

  /** The node of property `key` of a mapping at `node` (including `patternProperties`). */
  property(node: SchemaNode, key: string, value: unknown): SchemaNode | undefined {
    const named = this.properties(node, value).find((p) => p.key === key);
    if (named) return named.node;
    const { schemas } = this.applicable(node, value);
    for (const s of schemas) {
      if (!isObject(s.patternProperties)) continue;
      for (const [pattern, sub] of Object.entries(s.patternProperties)) {
        if (safeTest(pattern, key)) return this.resolve(sub);
      }
    }
    for (const s of schemas) if (isObject(s.additionalProperties)) return this.resolve(s.additionalProperties);
    return undefined;
  }

  /** The node of a pattern-keyed mapping's values (e.g. `tracking` entries), if the node has one. */
  patternValue(node: SchemaNode): { pattern: string; node: SchemaNode } | undefined {
    for (const s of node.schemas) {
      if (!isObject(s.patternProperties)) continue;
      const [pattern, sub] = Object.entries(s.patternProperties)[0] ?? [];
      if (pattern !== undefined) return { pattern, node: this.resolve(sub) };
    }
    return undefined;
  }

  /** The node of an array's items. */
  items(node: SchemaNode): SchemaNode | undefined {
    for (const s of node.schemas) if (s.items !== undefined && !Array.isArray(s.items)) return this.resolve(s.items);
    return undefined;
  }

  /** Follows a document path from the root; `valueAt(path)` gives the plain value of each mapping on the way. */
  nodeAt(path: Path, valueAt: (prefix: Path) => unknown): SchemaNode | undefined {
    let node: SchemaNode | undefined = this.rootNode();
    for (let i = 0; i < path.length && node; i++) {
      const seg = path[i]!;
      node = typeof seg === 'number' ? this.items(node) : this.property(node, seg, valueAt(path.slice(0, i)));
    }
    return node;
  }

  /** Allowed scalar values: enum members, a const, or true/false for booleans. */
  values(node: SchemaNode): Array<string | number | boolean> {
    const out: Array<string | number | boolean> = [];
    for (const s of node.schemas) {
      if (Array.isArray(s.enum)) for (const v of s.enum) if (isScalar(v)) out.push(v);
      if (isScalar(s.const)) out.push(s.const);
      if (s.type === 'boolean') out.push(true, false);
    }
    return [...new Set(out)];
  }

  /** The JSON type(s) the node allows, for display. */
  types(node: SchemaNode): string[] {
    const out = new Set<string>();
    for (const s of node.schemas) {
      if (typeof s.type === 'string') out.add(s.type);
      else if (Array.isArray(s.type)) for (const t of s.type) if (typeof t === 'string') out.add(t);
    }
    return [...out];
  }

  /** A string pattern the value must match (ids, dates), if any. */
  pattern(node: SchemaNode): string | undefined {
    for (const s of node.schemas) if (typeof s.pattern === 'string') return s.pattern;
    return undefined;
  }
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** Evaluates the small subset of `if` schemas the model schema uses: constant/enum properties and `required`. */
function ifHolds(cond: JsonSchema, value: unknown): boolean {
  if (!isObject(value)) return false;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(cond.required) && !cond.required.every((k) => typeof k === 'string' && k in obj)) return false;
  if (isObject(cond.properties)) {
    for (const [k, sub] of Object.entries(cond.properties)) {
      if (!isObject(sub) || !(k in obj)) continue;
      if ('const' in sub && obj[k] !== sub.const) return false;
      if (Array.isArray(sub.enum) && !sub.enum.includes(obj[k])) return false;
    }
  }
  return true;
}

/** The value's `kind` (the one property the schema's `if`s test) as a cache key. */
function discriminatorKey(value: unknown): string {
  if (!isObject(value)) return '';
  const kind = (value as Record<string, unknown>).kind;
  return typeof kind === 'string' ? kind : '';
}
