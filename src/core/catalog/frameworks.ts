/**
 * The frameworks rules cite, with a name and a link for every id the built-in catalog knows: a risk owner
 * reads "LLM01:2025 Prompt Injection", not "LLM01:2025". Names come from the pinned id lists in
 * catalog/frameworks/*.json (the same lists test/unit/catalog-frameworks.test.ts checks every cited id
 * against); an id a custom catalog cites that is not in them shows as the bare id, with a link where the
 * framework's URL scheme allows one (ATLAS, CWE).
 */
import atlasList from '../../../catalog/frameworks/atlas.json';
import cosaiList from '../../../catalog/frameworks/cosai.json';
import cweList from '../../../catalog/frameworks/cwe.json';
import owaspList from '../../../catalog/frameworks/owasp.json';
import type { FrameworkRefs } from './types';

/** Framework keys in the order every face lists them: OWASP LLM first (what an AI reviewer looks for). */
export const FRAMEWORKS = [
  { key: 'owaspLlm', label: 'OWASP LLM Top 10' },
  { key: 'owaspAgentic', label: 'OWASP Agentic Threats' },
  { key: 'owaspAsi', label: 'OWASP Agentic Top 10' },
  { key: 'atlas', label: 'MITRE ATLAS' },
  { key: 'cosai', label: 'CoSAI' },
  { key: 'cwe', label: 'CWE' },
] as const;

export type FrameworkKey = (typeof FRAMEWORKS)[number]['key'];

export interface FrameworkRef {
  framework: FrameworkKey;
  id: string;
  /** The framework's own title for the id, when the pinned list has it. */
  name?: string;
  /** Where the framework describes the id. */
  url?: string;
}

const NAMES: Record<FrameworkKey, Record<string, string>> = {
  owaspLlm: owaspList.owaspLlm,
  owaspAgentic: owaspList.owaspAgentic,
  owaspAsi: owaspList.owaspAsi,
  atlas: { ...atlasList.techniques, ...atlasList.mitigations },
  cosai: cosaiList.risks,
  cwe: cweList.weaknesses,
};

const OWASP_AGENTIC_URL = 'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/';
const OWASP_ASI_URL = 'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/';
const COSAI_URL = 'https://github.com/cosai-oasis/secure-ai-tooling/tree/main/risk-map';

/** genai.owasp.org's page per 2025 entry: `llm0N2025-<title>`, except LLM01 which kept its 2023 address. */
function owaspLlmUrl(id: string, name: string | undefined): string {
  const m = /^LLM(\d\d):2025$/.exec(id);
  if (!m || !name) return 'https://genai.owasp.org/llm-top-10/';
  if (m[1] === '01') return 'https://genai.owasp.org/llmrisk/llm01-prompt-injection/';
  return `https://genai.owasp.org/llmrisk/llm${m[1]}2025-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}/`;
}

function urlOf(key: FrameworkKey, id: string, name: string | undefined): string | undefined {
  switch (key) {
    case 'owaspLlm': return owaspLlmUrl(id, name);
    case 'owaspAgentic': return name ? OWASP_AGENTIC_URL : undefined;
    case 'owaspAsi': return name ? OWASP_ASI_URL : undefined;
    case 'cosai': return name ? COSAI_URL : undefined;
    case 'atlas': {
      const m = /^AML\.(T\d{4}(?:\.\d{3})?|M\d{4})$/.exec(id);
      return m ? `https://atlas.mitre.org/${m[1]!.startsWith('M') ? 'mitigations' : 'techniques'}/${id}` : undefined;
    }
    case 'cwe': {
      const m = /^CWE-(\d+)$/.exec(id);
      return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
    }
  }
}

const NAME_OF = new Map<string, string>();
for (const fw of FRAMEWORKS) for (const [id, name] of Object.entries(NAMES[fw.key])) NAME_OF.set(`${fw.key}\u0000${id}`, name);

/** One cited id with its name and link (either may be missing for ids outside the pinned lists). */
export function frameworkRef(framework: FrameworkKey, id: string): FrameworkRef {
  const name = NAME_OF.get(`${framework}\u0000${id}`);
  const url = urlOf(framework, id, name);
  return { framework, id, ...(name ? { name } : {}), ...(url ? { url } : {}) };
}

/** Every id a finding or rule cites, framework by framework in FRAMEWORKS order, ids sorted within each. */
export function frameworkRefs(refs: FrameworkRefs): FrameworkRef[] {
  return FRAMEWORKS.flatMap((fw) => [...(refs[fw.key] ?? [])].sort().map((id) => frameworkRef(fw.key, id)));
}

/** "LLM01:2025 Prompt Injection", or the bare id when its name is not known. */
export function refLabel(ref: FrameworkRef): string {
  return ref.name ? `${ref.id} ${ref.name}` : ref.id;
}

/** A framework's display name from its key. */
export function frameworkLabel(key: string): string {
  return FRAMEWORKS.find((f) => f.key === key)?.label ?? key;
}
