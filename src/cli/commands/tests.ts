import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isOpen, type Finding } from '../../core/engine/types';
import { findingTests, generateSuite, isTestable, parsePromptfooResults, type FindingTest } from '../../core/tests/index';
import { flagValue, parseArgs } from '../args';
import { writeFileAtomic } from '../atomic-write';
import { UsageError, type Command } from '../command';
import { oneLine, plural } from '../io';
import { analyzeForCommand, displayPath } from './export';

const HELP = `Usage: threatmodel tests <file> [-o DIR] [--target URL] [--redteam] [--format promptfoo]
       threatmodel tests <file> --results RESULTS.json

Generates a must-pass LLM security test suite for promptfoo from the model's findings: for every open
(or mitigated) finding whose threat can be tested against a running system (prompt injection, system
prompt extraction, cross-tenant and personal data leakage, insecure output, tool misuse, SSRF ...), one or
more test cases with assertions that need no LLM judge (canary tokens, not-contains, regex). Each case id
is <finding id>#<probe>, stable across runs, and each test carries the finding id, rule id and frameworks.

Files written to DIR (default: security-tests/ next to the model), whole or not at all:
  threatmodel.tests.yaml         the generated cases; rewritten every time
  promptfooconfig.yaml           the target and a reference to the cases; written only when absent, then
                                 yours to edit (your own tests go here and survive regeneration)
  promptfooconfig.redteam.yaml   with --redteam: promptfoo red-team plugins mapped from the same findings
Nothing is run: run the suite with  npx promptfoo eval -c DIR/promptfooconfig.yaml -o results.json

With --results, reads promptfoo's JSON results instead and prints each finding's test state (passed,
failed, generated but not run, not testable); a mitigated finding whose tests passed says so.

Options:
  -o, --output DIR     folder for the files
  --target URL         the HTTP endpoint to test (default: a placeholder to replace); no secrets
  --redteam            also write promptfooconfig.redteam.yaml
  --format promptfoo   the test format (only promptfoo)
  --results FILE       promptfoo results (promptfoo eval -o FILE.json) to read back onto the findings
  --catalog PATH       a rule file or folder layered over the built-in catalog (repeatable)
  -h, --help           show this help

Exit codes: 0 written (or every result passed), 1 invalid model or a generated test failed,
2 usage or I/O error.
`;

export const testsCommand: Command = {
  name: 'tests',
  summary: 'generate a promptfoo security test suite from the findings; read its results back',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['-o', '--output', '--target', '--format', '--results'], booleans: ['--redteam'], repeatable: ['--catalog'] });
    flagValue(args, '--format', ['promptfoo']);
    if (args.flags.has('-o') && args.flags.has('--output')) throw new UsageError('give -o or --output, not both');
    if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'no model file given' : 'tests takes one model file');
    const target = flagValue(args, '--target');
    if (target !== undefined && !/^https?:\/\/[^\s]+$/i.test(target)) throw new UsageError('--target must be an http:// or https:// URL');
    const resultsFile = flagValue(args, '--results');
    const file = args.positional[0]!;

    const result = analyzeForCommand('tests', file, args.flags.get('--catalog') ?? [], io);
    if (typeof result === 'number') return result;
    const suite = generateSuite(result.model, result.findings, { modelPath: displayPath(file, io), redteam: args.booleans.has('--redteam'), ...(target ? { targetUrl: target } : {}) });

    if (resultsFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(isAbsolute(resultsFile) ? resultsFile : resolve(io.cwd, resultsFile), 'utf8');
      } catch (err) {
        io.stderr(`threatmodel tests: cannot read ${resultsFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
        return 2;
      }
      const parsed = parsePromptfooResults(text);
      if (parsed.error) { io.stderr(`threatmodel tests: ${resultsFile}: ${parsed.error}\n`); return 2; }
      const states = findingTests(result.findings, suite.cases, isTestable, parsed.outcomes);
      io.stdout(renderResults(result.findings, states, parsed.unmatched));
      return [...states.values()].some((s) => s.state === 'failed') ? 1 : 0;
    }

    const outArg = flagValue(args, '-o') ?? flagValue(args, '--output');
    const modelAbs = isAbsolute(file) ? file : resolve(io.cwd, file);
    const outDir = outArg ? (isAbsolute(outArg) ? outArg : resolve(io.cwd, outArg)) : join(dirname(modelAbs), 'security-tests');
    try {
      mkdirSync(outDir, { recursive: true });
      for (const f of suite.files) {
        const path = join(outDir, f.name);
        if (!f.overwrite && existsSync(path)) { io.stderr(`threatmodel tests: kept ${f.name} (yours once written)\n`); continue; }
        writeFileAtomic(path, f.content);
        io.stderr(`threatmodel tests: wrote ${f.name}\n`);
      }
    } catch (err) {
      io.stderr(`threatmodel tests: cannot write to ${outArg ?? outDir}: ${(err as Error).message}\n`);
      return 2;
    }
    const findings = new Set(suite.cases.map((c) => c.findingId)).size;
    io.stdout(`${plural(suite.cases.length, 'test case')} for ${plural(findings, 'finding')}; ${plural(suite.notTestable.length, 'open finding')} not testable against a running system (review them instead)\n`);
    if (!target) io.stdout('target: a placeholder URL; set it in promptfooconfig.yaml or pass --target URL\n');
    return 0;
  },
};

const LABEL: Record<FindingTest['state'], string> = {
  passed: 'tests passed', failed: 'TEST FAILED', generated: 'tests generated, no result', untested: 'no test', missing: 'no test in the suite', 'not-testable': 'not testable',
};

function renderResults(findings: readonly Finding[], states: ReadonlyMap<string, FindingTest>, unmatched: number): string {
  const lines: string[] = [];
  const counts: Record<string, number> = {};
  for (const f of findings) {
    const s = states.get(f.id)!;
    counts[s.state] = (counts[s.state] ?? 0) + 1;
    if (s.state === 'not-testable' && !isOpen(f)) continue;
    const evidence = f.status === 'mitigated' && s.state === 'passed' ? ` — mitigated by ${f.mitigatedBy.join(', ') || 'tracking'}, evidence: tests passed` : '';
    lines.push(`${s.state === 'failed' ? '✗' : s.state === 'passed' ? '✓' : '•'} ${oneLine(f.id)}  [${f.status}] ${LABEL[s.state]}${evidence}`);
  }
  lines.push('', Object.entries(counts).sort().map(([k, n]) => `${n} ${LABEL[k as FindingTest['state']]}`).join(', ') + (unmatched ? `; ${unmatched} result(s) of your own tests` : ''));
  return `${lines.join('\n')}\n`;
}
