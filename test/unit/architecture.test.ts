/**
 * The architecture's promises, checked on the source: the engine never imports `vscode` or Node's I/O
 * modules, and nothing anywhere evaluates text as code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

const IMPORT = (mod: string) => new RegExp(`(from\\s+|require\\(\\s*|import\\(\\s*)['"]${mod}['"]`);

describe('architecture', () => {
  it('src/core never imports vscode, the DOM-only webview code, or Node I/O and network modules', () => {
    const offenders: string[] = [];
    for (const f of sources('src/core')) {
      const text = readFileSync(f, 'utf8');
      for (const mod of ['vscode', '(node:)?fs', '(node:)?fs/promises', '(node:)?child_process', '(node:)?net', '(node:)?http', '(node:)?https', '(node:)?worker_threads']) {
        if (IMPORT(mod).test(text)) offenders.push(`${f} imports ${mod}`);
      }
      if (/from\s+['"](\.\.\/)+(extension|webview|cli)\//.test(text)) offenders.push(`${f} imports from a face of the product`);
    }
    expect(offenders).toEqual([]);
  });

  it('only src/extension imports vscode', () => {
    const offenders = ['src/core', 'src/cli', 'src/webview', 'src/shared']
      .flatMap((d) => { try { return sources(d); } catch { return []; } })
      .filter((f) => IMPORT('vscode').test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no source evaluates strings as code', () => {
    const offenders = sources('src').filter((f) => /\beval\s*\(|new\s+Function\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
