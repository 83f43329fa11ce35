import { isAbsolute, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { discover } from '../../core/discover/discover';
import { driftOf, type DriftReport } from '../../core/discover/drift';
import { proposeElements, proposalYaml, where } from '../../core/discover/proposal';
import { discoverySarifLog } from '../../core/discover/sarif';
import type { DiscoverResult } from '../../core/discover/types';
import type { ResolvedModel } from '../../core/model/graph';
import { loadModel } from '../../core/model/load';
import { compareProblems, type Problem } from '../../core/problem';
import { flagValue, parseArgs } from '../args';
import { UsageError, type CliIO, type Command } from '../command';
import { nodeDiscoverHost } from '../../node/discover-host';
import { formatProblem, InputError, oneLine, plural, readBytes } from '../io';

const HELP = `Usage: threatmodel discover [DIR] [options]

Finds the AI parts a repository declares, each with the file:line that shows it: model-vendor SDKs,
agent and orchestration frameworks, vector stores, MCP SDKs, guardrail and evaluation libraries (from
package.json and lockfiles, requirements*.txt, pyproject.toml, Pipfile, go.mod, Cargo.toml, pom.xml,
build.gradle) and the MCP servers of client configurations (.mcp.json, .vscode/mcp.json,
.cursor/mcp.json, claude_desktop_config.json: transport, command or URL, environment variable names,
never their values). DIR defaults to the working directory. Nothing in the repository is executed,
symbolic links are not followed, and node_modules, virtual environments, VCS and build folders are
skipped. The signatures are data: catalog/discovery/*.yaml.

With --model, discovery is matched against the model by kind and vendor: what the code has that the
model does not declare is drift (a warning at the code's file:line); model parts with no trace in the
code are listed as information.

Options:
  --model FILE                  the threat model to compare with
  --format text|json|yaml|sarif output format (default text). yaml prints the missing providers and
                                components as a model that validates (all of them without --model);
                                sarif prints drift and discovery problems for code scanning
  --fail-on-drift               exit 1 when the code has an AI part the model does not declare
                                (needs --model)
  -h, --help                    show this help

Exit codes: 0 done (and no drift with --fail-on-drift), 1 drift with --fail-on-drift or an invalid
model, 2 usage or I/O error.
`;

/** The folder as the user typed it, as a prefix for reported paths (`''` for the working directory). */
function prefixOf(dir: string): string {
  const d = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  return d === '' || d === '.' ? '' : `${d}/`;
}

/** Reads the model for --model: the resolved model, or an exit code after printing why. */
function readModel(file: string, io: CliIO): ResolvedModel | number {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(file, io);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr(`threatmodel discover: ${err.message}\n`);
    return 2;
  }
  const loaded = loadModel(bytes, file);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.model || errors.length > 0) {
    for (const p of errors) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(`threatmodel discover: ${file} has errors; fix them first (threatmodel validate ${file})\n`);
    return 1;
  }
  return loaded.model;
}

/** Runs discovery over a folder given on the command line; an exit code when it is not a folder. */
export function discoverFolder(dir: string, io: CliIO, command: string): DiscoverResult | number {
  const abs = isAbsolute(dir) ? dir : resolve(io.cwd, dir);
  try {
    if (!statSync(abs).isDirectory()) { io.stderr(`threatmodel ${command}: ${dir}: not a folder\n`); return 2; }
  } catch {
    io.stderr(`threatmodel ${command}: ${dir}: no such folder\n`);
    return 2;
  }
  return discover(nodeDiscoverHost(abs), {}, prefixOf(dir));
}

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'find the AI parts the repository declares; with --model, report drift from the model',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format', '--model'], booleans: ['--fail-on-drift'] });
    const format = flagValue(args, '--format', ['text', 'json', 'yaml', 'sarif']) ?? 'text';
    const modelFile = flagValue(args, '--model');
    const gate = args.booleans.has('--fail-on-drift');
    if (gate && !modelFile) throw new UsageError('--fail-on-drift needs --model FILE');
    if (args.positional.length > 1) throw new UsageError('discover takes one folder');
    const dir = args.positional[0] ?? '.';

    let model: ResolvedModel | undefined;
    if (modelFile) {
      const m = readModel(modelFile, io);
      if (typeof m === 'number') return m;
      model = m;
    }
    const result = discoverFolder(dir, io, 'discover');
    if (typeof result === 'number') return result;
    const drift = model ? driftOf(model, result) : undefined;
    const proposal = proposeElements(drift ? drift.missing : result.discoveries, model);
    const problems = [...result.problems, ...(drift?.problems ?? [])].sort(compareProblems);

    if (format === 'json') {
      io.stdout(`${JSON.stringify({
        stats: result.stats,
        discoveries: result.discoveries,
        problems: result.problems,
        ...(drift && model ? { drift: { model: model.file, missing: drift.missing.map((d) => d.id), untraced: drift.untraced, matched: drift.matched, problems: drift.problems } } : {}),
        proposal,
      }, null, 2)}\n`);
    } else if (format === 'yaml') {
      for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
      io.stdout(proposalYaml(proposal, model?.system.name ?? systemNameOf(dir, io)));
    } else if (format === 'sarif') {
      io.stdout(`${JSON.stringify(discoverySarifLog(problems), null, 2)}\n`);
    } else {
      io.stdout(renderText(dir, result, problems, drift, model));
    }
    return gate && drift && drift.missing.length > 0 ? 1 : 0;
  },
};

function systemNameOf(dir: string, io: CliIO): string {
  const abs = isAbsolute(dir) ? dir : resolve(io.cwd, dir);
  return abs.split(/[\\/]/).filter(Boolean).pop() ?? 'system';
}

function renderText(dir: string, r: DiscoverResult, problems: readonly Problem[], drift: DriftReport | undefined, model: ResolvedModel | undefined): string {
  const out: string[] = [];
  out.push(`${dir}: ${plural(r.discoveries.length, 'AI part')} in ${plural(r.stats.manifests, 'manifest')} (${plural(r.stats.files, 'file')}, ${plural(r.stats.directories, 'folder')} read)`);
  const proposing = r.discoveries.filter((d) => d.propose);
  const info = r.discoveries.filter((d) => !d.propose);
  const block = (title: string, list: typeof r.discoveries): void => {
    if (list.length === 0) return;
    out.push('', title);
    for (const d of list) {
      out.push(`  ${d.id}  ${oneLine(d.title)}${d.propose ? ` → ${d.propose.kind}` : ''}`);
      for (const e of d.evidence) out.push(`    ${where(e)}:${e.range.start.character + 1}  ${oneLine(e.detail)}`);
    }
  };
  block('Components the model should declare:', proposing);
  block('Information (libraries that declare no component of their own):', info);
  if (problems.length > 0) out.push('', 'Problems:', ...problems.map((p) => `  ${formatProblem(p)}`));
  if (drift && model) {
    out.push('', `Against ${model.file}: ${plural(drift.missing.length, 'part')} missing from the model, ${drift.untraced.length} model ${drift.untraced.length === 1 ? 'part' : 'parts'} with no trace in the code`);
    for (const d of drift.missing) out.push(`  ✗ ${d.id} (${d.propose!.kind}) at ${where(d.evidence[0]!)}`);
    for (const id of drift.untraced) out.push(`  ℹ ${id}: no trace in the code`);
    if (drift.missing.length > 0) out.push('', `Propose the missing parts: threatmodel discover ${dir} --model ${model.file} --format yaml`);
  }
  out.push('');
  return `${out.join('\n')}\n`;
}
