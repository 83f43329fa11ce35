import { loadModel } from '../../core/model/load';
import type { Problem } from '../../core/problem';
import { flagValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';
import { expandModelPaths, formatProblem, InputError, plural, readBytes } from '../io';

const HELP = `Usage: threatmodel validate <file|folder>... [options]

Checks threat model files: YAML syntax, the model schema, and meaning (references, duplicate ids,
boundary cycles ...). Every problem is printed as file:line:col: severity code message.
A folder stands for every *.threatmodel.yaml file below it.

Options:
  --format text|json   output format (default text)
  --strict             warnings also fail validation
  -h, --help           show this help

Exit codes: 0 valid, 1 problems found, 2 usage or I/O error.
`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check model files for syntax, schema and reference problems',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format'], booleans: ['--strict'] });
    const format = flagValue(args, '--format', ['text', 'json']) ?? 'text';
    if (args.positional.length === 0) throw new UsageError('no model file given');
    const strict = args.booleans.has('--strict');

    let files: string[];
    try {
      files = expandModelPaths(args.positional, io);
    } catch (err) {
      if (err instanceof InputError) { io.stderr(`threatmodel validate: ${err.message}\n`); return 2; }
      throw err;
    }
    const results: Array<{ file: string; problems: Problem[] }> = [];
    let ioFailed = false;
    for (const file of files) {
      try {
        results.push({ file, problems: loadModel(readBytes(file, io), file).problems });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr(`threatmodel validate: ${err.message}\n`);
        ioFailed = true;
      }
    }
    const failing = (p: Problem) => p.severity === 'error' || (strict && p.severity === 'warning');
    const errors = results.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'error').length, 0);
    const warnings = results.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
    const invalid = results.filter((r) => r.problems.some(failing)).length;

    if (format === 'json') {
      io.stdout(`${JSON.stringify({
        files: results.map((r) => ({ file: r.file, valid: !r.problems.some(failing), problems: r.problems })),
        summary: { files: results.length, invalid, errors, warnings },
      }, null, 2)}\n`);
    } else {
      for (const r of results) {
        for (const p of r.problems) io.stdout(`${formatProblem(p)}\n`);
      }
      io.stdout(invalid === 0 && results.length > 0
        ? `${plural(results.length, 'file')} valid${warnings ? ` (${plural(warnings, 'warning')})` : ''}\n`
        : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(results.length, 'file')}\n`);
    }
    if (ioFailed) return 2;
    return invalid > 0 ? 1 : 0;
  },
};
