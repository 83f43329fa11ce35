/**
 * Drift in the editor: the same matching as the CLI, placed on the model (the Problems panel shows it on the
 * model, with the code that shows each part as related locations), and the quick fix's edits that append the
 * proposed providers and components to the model's lists (small edits: comments and layout survive, and
 * the editor undoes them as one step).
 */
import type { EditResult } from '../editor/yaml-edits';
import { appendToSection } from '../editor/yaml-edits';
import type { ModelIndex } from '../editor/yaml-index';
import type { ResolvedModel } from '../model/graph';
import { makeRange, ZERO_RANGE, type Problem, type Range } from '../problem';
import { driftOf } from './drift';
import { proposalItemsYaml, proposeElements, type Proposal } from './proposal';
import type { DiscoverResult, Discovery } from './types';

export interface ModelDrift {
  /** TM-DRIFT-MISSING (warning) and TM-DRIFT-UNTRACED (info), all in the model file. */
  problems: Problem[];
  /** The discovery behind each TM-DRIFT-MISSING problem, in the same order as they appear in `problems`. */
  missing: Array<{ problem: Problem; discovery: Discovery }>;
}

/**
 * Drift of a model against a discovery. `fileOf` turns an evidence path (as discovery reported it) into the
 * file name related locations should carry (an absolute path in the editor).
 */
export function modelDrift(model: ResolvedModel, result: DiscoverResult, fileOf: (path: string) => string, text?: string): ModelDrift {
  const drift = driftOf(model, result);
  const anchor = keyRange(text, 'components') ?? keyRange(text, 'system') ?? model.rangeAt(['components']) ?? ZERO_RANGE;
  const missing = drift.missing.map((d) => {
    const problem: Problem = {
      code: 'TM-DRIFT-MISSING',
      severity: 'warning',
      message: `the code has ${d.title}, but the model declares no ${d.propose!.kind}${d.propose!.match === 'kind' || d.aliases.length === 0 ? '' : ` naming ${d.aliases.join(' or ')}`} (drift)`,
      file: model.file,
      range: anchor,
      related: d.evidence.map((e) => ({ file: fileOf(e.file), range: e.range, message: e.detail })),
    };
    return { problem, discovery: d };
  });
  const untraced = drift.problems.filter((p) => p.code === 'TM-DRIFT-UNTRACED');
  return { problems: [...missing.map((m) => m.problem), ...untraced], missing };
}

/** The range of a top-level key (`components:`), where drift is shown: one word, not the whole list. */
function keyRange(text: string | undefined, key: string): Range | undefined {
  const m = text === undefined ? null : new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  if (!m) return undefined;
  const line = text!.slice(0, m.index).split('\n').length - 1;
  return makeRange(line, 0, line, key.length);
}

/** Edits appending a proposal's providers and components to the model text. */
export function proposalEdits(text: string, index: ModelIndex, proposal: Proposal): EditResult {
  const edits: Extract<EditResult, { edits: unknown }>['edits'] = [];
  for (const [key, items] of [['providers', proposal.providers], ['components', proposal.components]] as const) {
    if (items.length === 0) continue;
    const r = appendToSection(text, index, key, proposalItemsYaml(items, '').split('\n'));
    if ('error' in r) return r;
    edits.push(...r.edits);
  }
  return { edits };
}

/** The proposal for some of a model's missing discoveries (ids unique against the model). */
export function proposalFor(model: ResolvedModel, discoveries: readonly Discovery[]): Proposal {
  return proposeElements(discoveries, model);
}
