import { isAbsolute, resolve } from 'node:path';
import { buildDiagram } from '../../core/diagram/build';
import type { DiagramOptions } from '../../core/diagram/types';
import { LEVELS, type Level } from '../../core/catalog/types';
import { flagValue, parseArgs } from '../args';
import { writeFileAtomic } from '../atomic-write';
import { UsageError, type Command } from '../command';
import { analyzeForCommand } from './export';

const HELP = `Usage: threatmodel diagram <file> [-o OUT] [options]

Writes the model as a mermaid flowchart: trust boundaries as nested subgraphs, a shape per component kind,
flows labelled with their data classification, components styled by their worst open finding, a legend.
Large models are collapsed to one node per trust boundary, so the text always stays within mermaid's limits.
Writes to standard output unless -o is given; an OUT ending in .md gets a Markdown \`\`\`mermaid fence.

Options:
  -o, --output OUT        write to this file
  --view VIEW             auto (default), full, collapsed or focus
  --focus ID              focus view: the component, boundary, flow or data asset to centre on
  --hops N                focus view: how many steps around the focus (1-5, default 1)
  --boundary ID           only components inside this boundary (repeatable)
  --min-severity LEVEL    only components whose worst open finding is at least low, medium, high or critical
  --direction LR|TB       left to right (default) or top to bottom
  --format mermaid|md     mermaid text (default) or Markdown with a mermaid fence
  --no-findings           leave out finding colours and counts
  --catalog PATH          a rule file or folder layered over the built-in catalog (repeatable)
  -h, --help              show this help

Exit codes: 0 written, 1 the model has errors (nothing written), 2 usage or I/O error.
`;

export const diagramCommand: Command = {
  name: 'diagram',
  summary: 'write the model as a mermaid flowchart (boundaries, kinds, flows, worst findings)',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {
      values: ['-o', '--output', '--view', '--focus', '--hops', '--min-severity', '--direction', '--format'],
      repeatable: ['--boundary', '--catalog'],
      booleans: ['--no-findings'],
    });
    if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'no model file given' : 'diagram takes one model file');
    if (args.flags.has('-o') && args.flags.has('--output')) throw new UsageError('give -o or --output, not both');
    const out = flagValue(args, '-o') ?? flagValue(args, '--output');
    const view = (flagValue(args, '--view', ['auto', 'full', 'collapsed', 'focus']) ?? 'auto') as DiagramOptions['view'];
    const focus = flagValue(args, '--focus');
    if (view === 'focus' && !focus) throw new UsageError('--view focus needs --focus ID');
    const hopsText = flagValue(args, '--hops');
    const hops = hopsText === undefined ? undefined : Number(hopsText);
    if (hops !== undefined && !(Number.isInteger(hops) && hops >= 1 && hops <= 5)) throw new UsageError('--hops must be a whole number from 1 to 5');
    const minSeverity = flagValue(args, '--min-severity', LEVELS) as Level | undefined;
    const direction = (flagValue(args, '--direction', ['LR', 'TB']) ?? 'LR') as 'LR' | 'TB';
    const format = flagValue(args, '--format', ['mermaid', 'md']) ?? (out && /\.md$/i.test(out) ? 'md' : 'mermaid');
    const file = args.positional[0]!;

    const analysed = analyzeForCommand('diagram', file, args.flags.get('--catalog') ?? [], io);
    if (typeof analysed === 'number') return analysed;
    const findings = args.booleans.has('--no-findings') ? [] : analysed.findings;
    const diagram = buildDiagram(analysed.model, findings, {
      view, direction, mode: 'document',
      ...(focus ? { focus } : {}), ...(hops ? { hops } : {}), ...(minSeverity ? { minSeverity } : {}),
      ...(args.flags.has('--boundary') ? { boundaries: args.flags.get('--boundary')! } : {}),
    });
    if (diagram.notice) io.stderr(`threatmodel diagram: ${diagram.notice}\n`);
    const content = format === 'md' ? `\`\`\`mermaid\n${diagram.text}\`\`\`\n` : diagram.text;
    if (!out) {
      io.stdout(content);
      return 0;
    }
    try {
      writeFileAtomic(isAbsolute(out) ? out : resolve(io.cwd, out), content, { notOver: [isAbsolute(file) ? file : resolve(io.cwd, file)] });
    } catch (err) {
      io.stderr(`threatmodel diagram: cannot write ${out}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stderr(`threatmodel diagram: wrote ${out} (${diagram.view} view, ${diagram.nodes.length} nodes, ${diagram.edges.length} edges)\n`);
    return 0;
  },
};
