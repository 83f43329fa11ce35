import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { findTemplate, TEMPLATES } from '../../core/templates/index';
import { writeFileAtomic } from '../atomic-write';
import { flagValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';

const DEFAULT_TEMPLATE = 'rag-support-assistant';

const HELP = `Usage: threatmodel init [FILE] [options]

Starts a threat model from a template: a realistic, valid model of a common AI system to adapt.
FILE defaults to <template>.threatmodel.yaml in the current folder. An existing file is never overwritten
unless --force is given.

Options:
  --template NAME   the starter model (default ${DEFAULT_TEMPLATE}); see --list
  --list            list the templates and exit
  --force           overwrite FILE if it exists
  -h, --help        show this help

Exit codes: 0 written, 2 usage or I/O error (unknown template, file exists, cannot write).
`;

export const initCommand: Command = {
  name: 'init',
  summary: 'start a new model from a template',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--template'], booleans: ['--list', '--force'] });
    if (args.booleans.has('--list')) {
      const width = Math.max(...TEMPLATES.map((t) => t.name.length));
      for (const t of TEMPLATES) io.stdout(`${t.name.padEnd(width)}  ${t.title}\n`);
      return 0;
    }
    if (args.positional.length > 1) throw new UsageError('give at most one file');
    const name = flagValue(args, '--template') ?? DEFAULT_TEMPLATE;
    const template = findTemplate(name);
    if (!template) throw new UsageError(`unknown template '${name}'; one of: ${TEMPLATES.map((t) => t.name).join(', ')}`);
    const file = args.positional[0] ?? `${template.name}.threatmodel.yaml`;
    const abs = isAbsolute(file) ? file : resolve(io.cwd, file);
    if (existsSync(abs) && !args.booleans.has('--force')) {
      io.stderr(`threatmodel init: ${file} already exists (use --force to overwrite)\n`);
      return 2;
    }
    try {
      writeFileAtomic(abs, template.text);
    } catch (err) {
      io.stderr(`threatmodel init: cannot write ${file}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stdout(`wrote ${file} from template '${template.name}': ${template.title}\nnext: threatmodel validate ${file}\n`);
    return 0;
  },
};
