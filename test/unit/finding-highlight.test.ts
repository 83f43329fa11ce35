/**
 * What the diagram highlights when a finding is selected in the Threats view (src/core/editor/finding-highlight.ts):
 * a merged finding's every path and flow, not only its primary one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { findingHighlight } from '../../src/core/editor/finding-highlight';
import { analyze } from '../../src/core/engine/analyze';
import { loadModel } from '../../src/core/model/load';

const findings = (file: string) => analyze(loadModel(readFileSync(file, 'utf8'), file).model!, builtinCatalog().catalog).findings;

describe('finding highlight', () => {
  it('a merged finding carries the paths of the findings merged into it, primary first, each once', () => {
    const f = findings('templates/coding-agent.threatmodel.yaml').find((x) => x.id === 'PROMPT-INJECTION-INDIRECT-TOOL-OUTPUT@forge-agent')!;
    expect(findingHighlight(f)).toEqual({
      ids: ['forge-agent'],
      paths: [['web-fetch', 'forge-agent'], ['public-web', 'web-fetch', 'forge-agent']],
    });
    // Identical paths are sent once.
    const same = findings('examples/chatops-release-agent.threatmodel.yaml').find((x) => x.id === 'AGENT-GOAL-HIJACK-UNTRUSTED-TRIGGER@release-bot')!;
    expect(same.merged?.length).toBe(2);
    expect(findingHighlight(same).paths).toEqual([['chat', 'release-bot']]);
  });

  it('both directions of one link: the merged reply flow is highlighted with the request flow', () => {
    const f = findings('examples/chatops-release-agent.threatmodel.yaml').find((x) => x.id === 'INTER-AGENT-CHANNEL-INSECURE@release-bot@handoff')!;
    expect(f.merged?.map((m) => m.id)).toEqual(['INTER-AGENT-CHANNEL-INSECURE@deployer@report']);
    expect(findingHighlight(f)).toEqual({ ids: ['handoff', 'report'], paths: [] });
  });

  it('an unmerged finding: its element, flow and path', () => {
    expect(findingHighlight({ elementId: 'a', flowId: 'f', why: { factors: [], path: ['x', 'a'] } })).toEqual({ ids: ['a', 'f'], paths: [['x', 'a']] });
    expect(findingHighlight({ elementId: 'a', why: { factors: [] } })).toEqual({ ids: ['a'], paths: [] });
  });
});
