import { UsageError } from './command';

export interface FlagSpec {
  /** Flags that take a value, e.g. `--format`; a value may also follow `=`. */
  values?: string[];
  /** Flags that may repeat (their values collect in order). */
  repeatable?: string[];
  /** Boolean flags. */
  booleans?: string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

/** A small, strict argv parser: unknown flags are usage errors, `--` ends flags. */
export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const repeatable = new Set(spec.repeatable ?? []);
  const booleans = new Set(spec.booleans ?? []);
  const out: ParsedArgs = { positional: [], flags: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { out.positional.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { out.positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (booleans.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      out.booleans.add(name);
      continue;
    }
    if (!values.has(name) && !repeatable.has(name)) throw new UsageError(`unknown option '${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    const list = out.flags.get(name) ?? [];
    if (list.length > 0 && !repeatable.has(name)) throw new UsageError(`${name} given twice`);
    list.push(value);
    out.flags.set(name, list);
  }
  return out;
}

/** The single value of a flag, checked against allowed values when given. */
export function flagValue(args: ParsedArgs, name: string, allowed?: readonly string[]): string | undefined {
  const v = args.flags.get(name)?.[0];
  if (v !== undefined && allowed && !allowed.includes(v)) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got '${v}')`);
  }
  return v;
}
