/**
 * Generates realistic models of any size for benchmarks: groups of ten components (a client, a gateway,
 * a service, a model endpoint, an agent with two tools and memory, a vector store with a retriever, a log
 * store) inside nested boundaries (cloud > region > vpc per group), about two flows per component, and
 * flows between neighbouring groups. Deterministic: the same size always gives the same text.
 */
export function generateModel(components: number): string {
  const groups = Math.max(1, Math.ceil(components / 10));
  const regions = Math.max(1, Math.ceil(groups / 10));
  const out: string[] = [
    'threatmodel: 1',
    'system:',
    `  name: Generated system with ${components} components`,
    '  exposure: internet',
    '  tenancy: multi-tenant',
    '  criticality: high',
    'boundaries:',
    '  - id: cloud',
    '    kind: cloud-account',
  ];
  for (let r = 0; r < regions; r++) out.push(`  - id: region-${r}`, '    kind: network', '    parent: cloud');
  for (let g = 0; g < groups; g++) out.push(`  - id: vpc-${g}`, '    kind: network', `    parent: region-${Math.floor(g / 10)}`);
  out.push(
    'data:',
    '  - id: prompts', '    classification: confidential', '    categories: [prompts, personal-data]',
    '  - id: documents', '    classification: internal', '    categories: [documents]',
    '  - id: api-keys', '    classification: secret', '    categories: [credentials]',
    'providers:',
    '  - id: model-vendor', '    kind: model-vendor', '    dataRetention: limited', '    trainsOnCustomerData: false',
    'components:',
  );
  const flows: string[] = [];
  let made = 0;
  const flow = (from: string, to: string, data: string) =>
    flows.push(`  - from: ${from}`, `    to: ${to}`, `    data: [${data}]`, '    protocol: https', '    encrypted: true', '    authenticated: true');
  for (let g = 0; g < groups && made < components; g++) {
    const b = `vpc-${g}`;
    const c = (id: string, kind: string, extra: string[] = []) => {
      if (made >= components) return false;
      out.push(`  - id: ${id}-${g}`, `    kind: ${kind}`, `    boundary: ${b}`, ...extra.map((e) => `    ${e}`));
      made++;
      return true;
    };
    c('web', 'client', ['platform: web']);
    c('gateway', 'api-gateway', ['authentication: oidc', 'rateLimited: true']);
    c('app', 'service', ['authentication: oidc']);
    c('llm', 'model-endpoint', ['provider: model-vendor', 'hosting: provider-hosted']);
    c('agent', 'agent', [`model: llm-${g}`, `tools: [search-${g}, ticket-${g}]`, `memory: [memory-${g}]`, 'autonomy: supervised', 'identity: user-delegated']);
    c('search', 'tool', ['effects: [read]', 'credentialScope: least-privilege']);
    c('ticket', 'tool', ['effects: [write]', 'approvalRequired: true', 'credentialScope: user']);
    c('memory', 'memory', ['scope: user', 'persistence: persistent']);
    c('kb', 'vector-store', ['tenantIsolation: namespace', 'stores: [documents]']);
    c('retriever', 'retriever', [`store: kb-${g}`, 'accessControl: tenant-filter']);
  }
  // Flows only between components that exist (the last group may be partial).
  const exists = (id: string, g: number) => {
    const order = ['web', 'gateway', 'app', 'llm', 'agent', 'search', 'ticket', 'memory', 'kb', 'retriever'];
    return g * 10 + order.indexOf(id) < made;
  };
  for (let g = 0; g < groups; g++) {
    const pairs: Array<[string, string, string]> = [
      ['web', 'gateway', 'prompts'], ['gateway', 'app', 'prompts'], ['app', 'agent', 'prompts'], ['agent', 'app', 'prompts'],
      ['app', 'web', 'prompts'], ['retriever', 'agent', 'documents'], ['app', 'kb', 'documents'], ['agent', 'search', 'documents'],
      ['agent', 'ticket', 'prompts'], ['app', 'llm', 'prompts'], ['web', 'app', 'prompts'], ['search', 'kb', 'documents'],
    ];
    for (const [a, z, d] of pairs) if (exists(a, g) && exists(z, g)) flow(`${a}-${g}`, `${z}-${g}`, d);
    if (g + 1 < groups && exists('app', g + 1) && exists('app', g)) {
      flows.push(`  - id: app-${g}-to-app-${g + 1}`, `    from: app-${g}`, `    to: app-${g + 1}`, '    data: [documents]', '    encrypted: true', '    authenticated: true');
    }
  }
  out.push('flows:', ...flows);
  return `${out.join('\n')}\n`;
}
