/** docs/cli.md is the commands' own --help texts; it fails when a command changes and the doc does not. */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { COMMANDS, loadAllCommands } from '../../src/cli/commands/index';
import { renderCliDocs } from '../../src/cli/docs';

it('docs/cli.md is up to date with every command\'s --help', async () => {
  const commands = await loadAllCommands();
  const expected = renderCliDocs(commands);
  if (process.env.UPDATE_GOLDEN) writeFileSync('docs/cli.md', expected);
  expect(readFileSync('docs/cli.md', 'utf8')).toBe(expected);
  // The command list (`threatmodel --help`, printed without loading any command) says what each command says.
  expect(COMMANDS.map((c) => [c.name, c.summary])).toEqual(commands.map((c) => [c.name, c.summary]));
  for (const c of commands) {
    expect(c.help, `${c.name} --help starts with its usage`).toMatch(new RegExp(`^Usage: threatmodel ${c.name}\\b`));
  }
});
