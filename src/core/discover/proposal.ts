/**
 * The model elements discovery proposes, as data and as a YAML model that validates (`threatmodel: 1`,
 * `system`, `providers`, `components`), so `discover --format yaml` can be reviewed, committed or merged.
 * Ids are derived from the signature or server name and made unique against the model; a vendor's provider
 * is proposed only when the model has none naming it. Strings are written as JSON-quoted YAML scalars:
 * server names come from repository files and are untrusted.
 */
import type { ResolvedModel } from '../model/graph';
import type { Component, Provider } from '../model/types';
import { token } from './signatures';
import type { Discovery, Evidence } from './types';

export interface Proposal {
  providers: Provider[];
  components: Component[];
}

const SUFFIX: Record<string, string> = { 'model-endpoint': 'model', agent: 'agent', 'vector-store': 'store', 'mcp-server': 'mcp', guardrail: 'guardrail', 'external-service': 'service' };

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'part';
}

export function where(e: Evidence): string {
  return `${e.file}:${e.range.start.line + 1}`;
}

export function proposeElements(missing: readonly Discovery[], model?: ResolvedModel): Proposal {
  const taken = new Set<string>(model ? [...model.components.keys(), ...model.providers.keys(), ...model.data.keys(), ...model.boundaries.keys()] : []);
  const unique = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const providers: Provider[] = [];
  const providerIds = new Map<string, string>();
  const providerFor = (p: NonNullable<NonNullable<Discovery['propose']>['provider']>): string => {
    const known = providerIds.get(p.id);
    if (known) return known;
    const t = token(p.id);
    const existing = model ? [...model.providers.values()].find((x) => token(x.id).includes(t) || token(x.name ?? '').includes(t)) : undefined;
    const id = existing?.id ?? unique(p.id);
    if (!existing) providers.push({ id, name: p.name, kind: p.kind });
    providerIds.set(p.id, id);
    return id;
  };
  const components: Component[] = [];
  const agents: Array<Record<string, unknown>> = [];
  for (const d of missing) {
    if (!d.propose) continue;
    const kind = d.propose.kind;
    const base = d.mcp ? `${slug(d.mcp.name)}-mcp` : `${d.id}-${SUFFIX[kind] ?? 'part'}`;
    const evidence = d.evidence.slice(0, 3).map((e) => `${where(e)} (${e.detail})`).join('; ');
    const c: Record<string, unknown> = { id: unique(base), name: d.mcp ? d.mcp.name : d.title, kind };
    if (d.propose.provider) c.provider = providerFor(d.propose.provider);
    if (kind === 'model-endpoint' && d.propose.hosting) c.hosting = d.propose.hosting;
    if (d.mcp) c.transport = d.mcp.transport;
    if (kind === 'agent') agents.push(c);
    c.description = `Found by threatmodel discover: ${evidence}${d.evidence.length > 3 ? ` and ${d.evidence.length - 3} more` : ''}.`;
    components.push(c as unknown as Component);
  }
  // An agent must name the model it reasons with (TM-AGENT-NO-MODEL): a proposed endpoint, else one the model
  // has, else a placeholder endpoint for the user to describe.
  if (agents.length > 0) {
    let endpoint = components.find((c) => c.kind === 'model-endpoint')?.id
      ?? (model ? [...model.components.values()].filter((c) => c.kind === 'model-endpoint').map((c) => c.id).sort()[0] : undefined);
    if (!endpoint) {
      endpoint = unique('agent-model');
      components.push({ id: endpoint, name: 'The model the agent reasons with', kind: 'model-endpoint', description: 'No model SDK was found in the code: say which model this is.' });
    }
    for (const a of agents) a.model = endpoint;
  }
  return { providers, components };
}

const q = (s: string): string => JSON.stringify(s);

function itemYaml(item: Record<string, unknown>, indent: string): string[] {
  const keys = Object.keys(item);
  return keys.map((k, i) => {
    const v = item[k];
    const value = typeof v === 'string' ? (/^[a-z0-9][a-z0-9-]*$/.test(v) ? v : q(v)) : String(v);
    return `${indent}${i === 0 ? '- ' : '  '}${k}: ${value}`;
  });
}

/** The providers and components as YAML sequence items, indented for a top-level `providers:`/`components:` key. */
export function proposalItemsYaml(items: ReadonlyArray<Provider | Component>, indent = '  '): string {
  return items.flatMap((x) => itemYaml(x as unknown as Record<string, unknown>, indent)).join('\n');
}

/** A whole model holding only the proposed elements: valid on its own, and its lists merge into the model. */
export function proposalYaml(p: Proposal, systemName: string): string {
  const out = [
    '# Proposed by threatmodel discover: the AI parts the code has and the model does not declare.',
    '# Merge the providers and components into the model, then describe them (boundaries, flows, data).',
    'threatmodel: 1',
    'system:',
    `  name: ${q(systemName)}`,
  ];
  if (p.providers.length > 0) out.push('providers:', proposalItemsYaml(p.providers));
  if (p.components.length > 0) out.push('components:', proposalItemsYaml(p.components));
  return `${out.join('\n')}\n`;
}
