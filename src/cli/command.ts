/**
 * The shape of a CLI command. Each command lives in `src/cli/commands/<name>.ts` and is listed in
 * `src/cli/commands/index.ts`. Commands never call `process.exit`: they return an exit code
 * (0 clean, 1 findings or invalid model, 2 usage or I/O error) so they can be tested in-process.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The working directory that relative paths are resolved against. */
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

const USAGE_ERROR = Symbol.for('threatmodel.usage-error');

/**
 * Thrown for bad arguments; main prints the message and the command's usage and exits 2.
 * Each command is its own bundle with its own copy of this class, so `dist/cli.js` cannot use `instanceof`
 * on an error thrown by a command: `UsageError.is` checks a brand that every copy shares.
 */
export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;

  static is(err: unknown): err is UsageError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[USAGE_ERROR] === true;
  }
}
