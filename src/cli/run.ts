import { COMMANDS } from './commands/index';
import { UsageError, type CliIO } from './command';

const VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: threatmodel <command> [options]',
    '',
    'Threat-model AI systems as code.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `threatmodel <command> --help` for a command\'s options.',
    'Exit codes: 0 clean, 1 findings or invalid model, 2 usage or I/O error.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation in-process and returns its exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? (await target.load()).help : usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`threatmodel: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (UsageError.is(err)) {
      io.stderr(`threatmodel ${command.name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    throw err;
  }
}
