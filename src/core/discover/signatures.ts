/**
 * The built-in discovery signatures (catalog/discovery/*.yaml, schema-checked and embedded at build time by
 * scripts/discovery-signatures.mjs) and the lookup from a package name to the signatures that name it.
 */
import compiled from 'virtual:discovery-signatures';
import { ECOSYSTEMS, type Ecosystem, type Signature } from './types';

export function builtinSignatures(): readonly Signature[] {
  return compiled.signatures;
}

/** Package names compared the way each ecosystem compares them (PyPI per PEP 503, Go without `/vN`). */
export function normalizePackage(eco: Ecosystem, name: string): string {
  const n = name.trim().toLowerCase();
  switch (eco) {
    case 'pypi': return n.replace(/[-_.]+/g, '-');
    case 'cargo': return n.replace(/_/g, '-');
    case 'go': return n.replace(/\/v\d+$/, '');
    default: return n;
  }
}

/** Lower-case letters and digits only: how model text is searched for a vendor's name. */
export function token(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function aliasesOf(s: Signature): string[] {
  if (s.propose?.match === 'kind') return [];
  return [...new Set(s.aliases ?? [token(s.id)])].sort();
}

export class SignatureIndex {
  private readonly exact = new Map<string, Signature[]>();
  private readonly prefixes: Array<{ key: string; signature: Signature }> = [];

  constructor(signatures: readonly Signature[]) {
    for (const s of signatures) {
      for (const eco of ECOSYSTEMS) {
        for (const p of s.packages[eco] ?? []) {
          if (p.endsWith('*')) this.prefixes.push({ key: `${eco}:${normalizePackage(eco, p.slice(0, -1))}`, signature: s });
          else {
            const key = `${eco}:${normalizePackage(eco, p)}`;
            const list = this.exact.get(key) ?? [];
            if (!list.includes(s)) list.push(s);
            this.exact.set(key, list);
          }
        }
      }
    }
  }

  /** The signatures naming a package, in signature id order. */
  match(eco: Ecosystem, name: string): Signature[] {
    const key = `${eco}:${normalizePackage(eco, name)}`;
    const found = [...(this.exact.get(key) ?? [])];
    for (const p of this.prefixes) if (key.startsWith(p.key) && !found.includes(p.signature)) found.push(p.signature);
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
