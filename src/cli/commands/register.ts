import { isAbsolute, resolve } from 'node:path';
import { importRegister, readRegister, registerFormatOf } from '../../core/export/import/index';
import { EDITABLE_HEADERS } from '../../core/export/register';
import { parseArgs } from '../args';
import { writeFileAtomic } from '../atomic-write';
import { UsageError, type Command } from '../command';
import { formatProblem, InputError, oneLine, plural, readBytes } from '../io';
import { analyzeForCommand } from './export';

const HELP = `Usage: threatmodel register import <register.csv|.xlsx|.json> <model.threatmodel.yaml> [options]

Applies a risk owner's edits in an exported risk register back to the model's tracking entries:
Status, Risk Owner, Due Date, Ticket and Justification. The model stays the source of truth: other
columns are ignored, and only those tracking values change in the file; its comments, key order and
formatting are kept byte for byte.

Reported and not applied: finding ids the model does not have (with a did-you-mean), a finding on
several rows with different values, a row edited in the register whose finding also changed in the
model since the export (the register's Import Baseline column tells), and invalid values (a status
that does not exist, a due date not written YYYY-MM-DD). The other edits are applied.

Options:
  --dry-run            print what would change; write nothing
  --catalog PATH       a rule file or folder layered over the built-in catalog (repeatable)
  -h, --help           show this help

Exit codes: 0 every row applied (or nothing to do), 1 something was reported or the model has errors,
2 usage or I/O error.
`;

export const registerCommand: Command = {
  name: 'register',
  summary: 'import a risk owner\'s edits to an exported risk register back into the model',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'import') throw new UsageError(sub ? `unknown subcommand '${sub}' (expected 'import')` : "missing subcommand: 'import'");
    const args = parseArgs(rest, { booleans: ['--dry-run'], repeatable: ['--catalog'] });
    if (args.positional.length !== 2) throw new UsageError('give the register file and the model file');
    const [registerFile, modelFile] = args.positional as [string, string];
    const format = registerFormatOf(registerFile);
    if (!format) throw new UsageError(`${registerFile}: the register must be a .csv, .xlsx or .json file`);
    const dryRun = args.booleans.has('--dry-run');

    let registerBytes: Uint8Array;
    try {
      registerBytes = readBytes(registerFile, io);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.stderr(`threatmodel register: ${err.message}\n`);
      return 2;
    }
    const analysis = analyzeForCommand('register', modelFile, args.flags.get('--catalog') ?? [], io);
    if (typeof analysis === 'number') return analysis;

    const register = await readRegister(registerBytes, format, registerFile);
    const result = importRegister({
      modelText: analysis.text, modelFile, findings: analysis.findings, tracking: analysis.model.tracking, model: analysis.model, register, registerFile,
    });
    for (const p of result.problems) io.stdout(`${formatProblem(p)}\n`);
    for (const c of result.changes) {
      io.stdout(`${oneLine(c.findingId)}: ${EDITABLE_HEADERS[c.field]} ${JSON.stringify(oneLine(c.before))} → ${JSON.stringify(oneLine(c.after))}\n`);
    }
    const changed = result.text !== undefined && result.text !== analysis.text;
    if (changed && !dryRun) {
      try {
        writeFileAtomic(isAbsolute(modelFile) ? modelFile : resolve(io.cwd, modelFile), result.text!);
      } catch (err) {
        io.stderr(`threatmodel register: cannot write ${modelFile}: ${(err as Error).message}\n`);
        return 2;
      }
    }
    const verb = dryRun ? 'would change' : 'changed';
    io.stdout(changed
      ? `${plural(result.changes.length, 'value')} ${verb} in ${modelFile}${result.problems.length ? `; ${plural(result.problems.length, 'row problem')} reported` : ''}\n`
      : `no change to ${modelFile}${result.problems.length ? `; ${plural(result.problems.length, 'row problem')} reported` : ''}\n`);
    return result.problems.length > 0 ? 1 : 0;
  },
};
