import type { Command } from './command';

/** docs/cli.md, rendered from the commands' own help texts so the two can never disagree. */
export function renderCliDocs(commands: readonly Command[]): string {
  const out = [
    '# The `threatmodel` command',
    '',
    '<!-- Generated from each command\'s --help by test/unit/cli-docs.test.ts: UPDATE_GOLDEN=1 npx vitest run test/unit/cli-docs.test.ts -->',
    '',
    'One engine behind the editor and CI. Install the package (or run `node dist/cli.js` in this repository after',
    '`npm run build`) and call `threatmodel <command> --help` for the text below.',
    '',
    'Problems print as `file:line:col: severity code message` (1-based), so terminals and CI logs link to the line.',
    'Exit codes are the same for every command: **0** clean, **1** findings at or above the threshold or an invalid',
    'model, **2** usage or I/O error.',
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => `| [\`${c.name}\`](#${c.name}) | ${c.summary} |`),
    '',
  ];
  for (const c of commands) {
    out.push(`## ${c.name}`, '', '```text', c.help.trimEnd(), '```', '');
  }
  return out.join('\n');
}
