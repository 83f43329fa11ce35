import type { Command } from '../command';

/**
 * Every CLI command, in the order `threatmodel --help` lists them. Add one line per new command. The table holds only what `threatmodel --help` prints;
 * a command's code is loaded when it runs: the bundled CLI builds each command into its own file
 * (dist/cli-commands/<name>.js, one per file in this folder, scripts/build.mjs), so `validate` does not parse the catalog, the exporters or discovery.
 */
export interface CommandEntry {
  name: string;
  /** One line for the command list (the command's own `summary`; a test keeps the two equal). */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: 'start a new model from a template', load: async () => (await import('./init')).initCommand },
  { name: 'validate', summary: 'check model files for syntax, schema and reference problems', load: async () => (await import('./validate')).validateCommand },
  { name: 'analyze', summary: 'apply the threat catalog and report findings by severity', load: async () => (await import('./analyze')).analyzeCommand },
  { name: 'export', summary: 'write a risk register (csv, xlsx, json), checklist (md), SARIF or HTML report', load: async () => (await import('./export')).exportCommand },
  { name: 'diagram', summary: 'write the model as a mermaid flowchart (boundaries, kinds, flows, worst findings)', load: async () => (await import('./diagram')).diagramCommand },
  { name: 'register', summary: 'import a risk owner\'s edits to an exported risk register back into the model', load: async () => (await import('./register')).registerCommand },
  { name: 'diff', summary: 'compare the findings of two revisions of a model (for pull requests)', load: async () => (await import('./diff')).diffCommand },
  { name: 'tests', summary: 'generate a promptfoo security test suite from the findings; read its results back', load: async () => (await import('./tests')).testsCommand },
  { name: 'discover', summary: 'find the AI parts the repository declares; with --model, report drift from the model', load: async () => (await import('./discover')).discoverCommand },
];

/** Every command loaded (the docs and their test need every --help text). */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}
