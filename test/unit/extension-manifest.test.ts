/**
 * Promises the extension makes through its manifest and sources: lazy activation, untrusted workspaces,
 * no network, every referenced file present, and every contributed command registered.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('extension manifest', () => {
  it('activates lazily: on the language or a model file in the workspace, never on startup', () => {
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:threatmodel', 'workspaceContains:**/*.threatmodel.yaml']));
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).not.toContain('onStartupFinished');
    expect(pkg.main).toBe('./dist/extension.js');
  });

  it('supports untrusted workspaces without restricting any setting', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations).toBeUndefined();
  });

  it('references only files that exist', () => {
    const c = pkg.contributes;
    const files = [
      ...c.languages.map((l: { configuration: string }) => l.configuration),
      ...c.languages.flatMap((l: { icon?: { light: string; dark: string } }) => (l.icon ? [l.icon.light, l.icon.dark] : [])),
      ...c.grammars.map((g: { path: string }) => g.path),
      ...c.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
      ...c.walkthroughs.flatMap((w: { steps: Array<{ media: { markdown?: string; image?: string } }> }) => w.steps.map((s) => s.media.markdown ?? s.media.image)),
      ...c.yamlValidation.map((y: { url: string }) => y.url),
    ];
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(() => JSON.parse(readFileSync('media/threatmodel.tmLanguage.json', 'utf8'))).not.toThrow();
    expect(() => JSON.parse(readFileSync('media/language-configuration.json', 'utf8'))).not.toThrow();
  });

  it('registers every command it contributes', () => {
    const registered = sources('src/extension').map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const { command } of pkg.contributes.commands) expect(registered, command).toContain(`'${command}'`);
  });

  it('makes no network requests and starts no processes', () => {
    const offenders = sources('src/extension').filter((f) =>
      /(from\s+|require\(\s*)['"](node:)?(http|https|http2|net|tls|dgram|child_process)['"]|\bfetch\s*\(|XMLHttpRequest|WebSocket\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
