import { execFileSync } from 'node:child_process';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { LEVELS, type Level } from '../../core/catalog/types';
import { diffFindings, failingAdded, newlyAccepted } from '../../core/diff/diff';
import { diffJson, diffMarkdown, diffText, type DiffLabels } from '../../core/diff/render';
import { modelFindings } from '../../core/export/pipeline';
import type { Finding } from '../../core/engine/types';
import { flagValue, parseArgs } from '../args';
import { UsageError, type CliIO, type Command } from '../command';
import { formatProblem, InputError, oneLine, plural, readBytes } from '../io';
import { analyzeForCommand, displayPath } from './export';
import { nodeCatalogHost } from '../io';

const HELP = `Usage: threatmodel diff <old.threatmodel.yaml> <new.threatmodel.yaml> [options]
       threatmodel diff --base GIT-REF <model.threatmodel.yaml> [options]

Compares the findings of two revisions of a model: findings added, resolved, and changed in severity or
status. With --base, the old revision is the file as committed at GIT-REF (e.g. origin/main) and the new
one is the file in the working tree; a file that did not exist at GIT-REF has only added findings.

Options:
  --base GIT-REF       compare the working-tree file with its version at this git revision
  --format FORMAT      text (default), json, or md (a pull-request comment)
  --fail-on LEVEL      critical, high, medium, low or none (default none): exit 1 when an added finding
                       that is open is at or above LEVEL, or when this change accepted, transferred,
                       suppressed or declared a false positive such a finding (existing debt never fails).
                       none: findings never change the exit code; the new model having errors still
                       exits 1, and a usage, I/O or git error 2
  --catalog PATH       a rule file or folder layered over the built-in catalog (repeatable)
  -h, --help           show this help

Exit codes: 0 no new or newly accepted finding at or above --fail-on, 1 such findings or the new model has errors,
2 usage, I/O or git error.
`;

const FAIL_ON = [...LEVELS, 'none'] as const;

/** The file's text at a git revision, or null when the file does not exist there. */
function gitShow(ref: string, file: string, io: CliIO): string | null {
  const abs = isAbsolute(file) ? file : resolve(io.cwd, file);
  if (ref.startsWith('-')) throw new UsageError(`--base must be a git revision, not '${ref}'`);
  const cwd = dirname(abs);
  const run = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  try {
    return run(['show', `${ref}:./${basename(abs)}`]);
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '');
    if (/does not exist|exists on disk, but not in/.test(stderr)) return null;
    throw err;
  }
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare the findings of two revisions of a model (for pull requests)',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--base', '--format', '--fail-on'], repeatable: ['--catalog'] });
    const format = flagValue(args, '--format', ['text', 'json', 'md']) ?? 'text';
    const failOn = (flagValue(args, '--fail-on', FAIL_ON) ?? 'none') as Level | 'none';
    const base = flagValue(args, '--base');
    const catalogs = args.flags.get('--catalog') ?? [];
    const expected = base ? 1 : 2;
    if (args.positional.length !== expected) throw new UsageError(base ? 'with --base, give one model file' : 'give the old and the new model file');
    const newFile = args.positional[expected - 1]!;

    const now = analyzeForCommand('diff', newFile, catalogs, io);
    if (typeof now === 'number') return now;

    let oldFindings: Finding[] = [];
    let labels: DiffLabels;
    if (base) {
      let text: string | null;
      try {
        text = gitShow(base, newFile, io);
      } catch (err) {
        if (err instanceof UsageError) throw err;
        const msg = String((err as { stderr?: unknown }).stderr ?? (err as Error).message).trim().split('\n')[0];
        io.stderr(`threatmodel diff: git could not read ${newFile} at '${base}': ${msg || 'git failed'}\n`);
        return 2;
      }
      labels = { before: `${base}:${displayPath(newFile, io)}${text === null ? ' (absent)' : ''}`, after: displayPath(newFile, io) };
      if (text !== null) oldFindings = oldSide(text, newFile, catalogs, io);
    } else {
      const oldFile = args.positional[0]!;
      let text: string;
      try {
        text = new TextDecoder().decode(readBytes(oldFile, io));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr(`threatmodel diff: ${err.message}\n`);
        return 2;
      }
      oldFindings = oldSide(text, oldFile, catalogs, io);
      labels = { before: displayPath(oldFile, io), after: displayPath(newFile, io) };
    }

    const d = diffFindings(oldFindings, now.findings);
    io.stdout(format === 'json' ? diffJson(d, labels) : format === 'md' ? diffMarkdown(d, labels) : diffText(d, labels));
    if (failOn === 'none') return 0;
    const failing = failingAdded(d, failOn);
    const accepted = newlyAccepted(d, failOn);
    if (failing.length > 0) io.stderr(`threatmodel diff: ${plural(failing.length, 'new open finding')} at or above ${failOn}\n`);
    for (const f of accepted) io.stderr(`threatmodel diff: ${oneLine(f.id)} (${f.severity}) is ${f.status} by this change\n`);
    return failing.length > 0 || accepted.length > 0 ? 1 : 0;
  },
};

/** Findings of an old revision; its errors are only reported (an old revision may well be broken). */
function oldSide(text: string, file: string, catalogs: readonly string[], io: CliIO): Finding[] {
  const r = modelFindings(text, file, { catalogs, host: nodeCatalogHost(io) });
  const errors = r.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) io.stderr(`threatmodel diff: the old revision has ${plural(errors.length, 'error')}; comparing what loaded (first: ${formatProblem(errors[0]!)})\n`);
  return r.findings;
}
