/**
 * Every problem code the model pipeline reports, each at its exact range (marked ⟦…⟧ in the test model).
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';
import { codes, expectProblemAt, HEADER } from './helpers/marked';

describe('YAML problems', () => {
  it('TM-YAML-SYNTAX: an unclosed flow sequence', () => {
    // yaml notices at the end of the file; the problem points at the bracket left open.
    const p = expectProblemAt(`${HEADER}components: ⟦[⟧\n`, 'TM-YAML-SYNTAX');
    expect(p.severity).toBe('error');
    expect(p.message).toMatch(/the '\[' on line 4 is not closed/);
  });

  it('TM-YAML-SYNTAX: a tab used as indentation', () => {
    const p = expectProblemAt(`${HEADER}boundaries:\n⟦\t⟧- id: x\n`, 'TM-YAML-SYNTAX');
    expect(p.message).toMatch(/tab/i);
  });

  it('TM-YAML-DUPLICATE-KEY: the second occurrence of a key', () => {
    expectProblemAt(`${HEADER}boundaries: []\n⟦boundaries⟧: []\n`, 'TM-YAML-DUPLICATE-KEY');
  });

  it('TM-YAML-MULTIPLE-DOCUMENTS: a second document in one file', () => {
    const p = expectProblemAt(`${HEADER}⟦---⟧\nthreatmodel: 1\n`, 'TM-YAML-MULTIPLE-DOCUMENTS');
    expect(p.message).toMatch(/only the first document is read/);
    expect(loadModel(`${HEADER}---\nthreatmodel: 1\n`, 'f').model?.system.name).toBe('Test system');
  });

  it('TM-YAML-WARNING: an unresolved tag is a warning, not an error', () => {
    const p = expectProblemAt(`${HEADER}boundaries: ⟦!custom⟧ []\n`, 'TM-YAML-WARNING');
    expect(p.severity).toBe('warning');
  });

  it('TM-YAML-NOT-A-MAPPING: a list at the top level', () => {
    expectProblemAt('⟦⟧- threatmodel: 1\n', 'TM-YAML-NOT-A-MAPPING');
  });

  it('TM-MODEL-EMPTY: an empty file or only comments', () => {
    expectProblemAt('⟦⟧# nothing here yet\n', 'TM-MODEL-EMPTY');
    expect(codes('')).toEqual(['TM-MODEL-EMPTY']);
  });
});

describe('schema problems', () => {
  it('TM-SCHEMA-UNKNOWN-PROPERTY: a misspelt key, with did-you-mean and a suggestion', () => {
    const p = expectProblemAt(`${HEADER}components:\n  - id: create-ticket\n    kind: tool\n    ⟦efects⟧: [write]\n`, 'TM-SCHEMA-UNKNOWN-PROPERTY');
    expect(p.message).toBe("unknown property 'efects' on tool 'create-ticket' (did you mean 'effects'?)");
    expect(p.suggestion?.text).toBe('effects');
  });

  it('TM-SCHEMA-UNKNOWN-PROPERTY: an unknown top-level section', () => {
    const p = expectProblemAt(`${HEADER}⟦componets⟧: []\n`, 'TM-SCHEMA-UNKNOWN-PROPERTY');
    expect(p.message).toBe("unknown property 'componets' at the top level (did you mean 'components'?)");
  });

  it('TM-SCHEMA-MISSING-PROPERTY: a data asset without classification', () => {
    const p = expectProblemAt(`${HEADER}data:\n  - ⟦i⟧d: prompts\n    name: User prompts\n`, 'TM-SCHEMA-MISSING-PROPERTY');
    expect(p.message).toBe("data asset 'prompts' is missing required property 'classification'");
  });

  it('TM-SCHEMA-MISSING-PROPERTY: no system block', () => {
    const p = expectProblemAt('⟦t⟧hreatmodel: 1\nboundaries: []\n', 'TM-SCHEMA-MISSING-PROPERTY');
    expect(p.message).toBe("missing required top-level property 'system'");
  });

  it('TM-SCHEMA-ENUM: a wrong enum value, with the allowed values and did-you-mean', () => {
    const p = expectProblemAt(`${HEADER}components:\n  - id: t\n    kind: tool\n    effects: [read, ⟦writee⟧]\n`, 'TM-SCHEMA-ENUM');
    expect(p.message).toContain("'writee' is not a valid value of 'effects' on tool 't'");
    expect(p.message).toContain("(did you mean 'write'?)");
    expect(p.suggestion?.text).toBe('write');
  });

  it('TM-SCHEMA-ENUM: an unknown component kind is one problem on the kind', () => {
    const text = `${HEADER}components:\n  - id: x\n    kind: ⟦vectorstore⟧\n`;
    const p = expectProblemAt(text, 'TM-SCHEMA-ENUM');
    expect(p.message).toContain("(did you mean 'vector-store'?)");
  });

  it('a misspelt agent kind is one problem, not a cascade over its model, tools and flows', () => {
    const text = `${HEADER}components:\n  - id: llm\n    kind: model-endpoint\n  - id: t\n    kind: tool\n  - id: bot\n    kind: ⟦agnt⟧\n    model: llm\n    tools: [t]\nflows:\n  - from: bot\n    to: llm\n`;
    const p = expectProblemAt(text, 'TM-SCHEMA-ENUM');
    expect(p.message).toContain("on component 'bot'");
    expect(codes(text.replace(/[⟦⟧]/g, ''))).toEqual(['TM-SCHEMA-ENUM']);
  });

  it('TM-SCHEMA-VERSION: an unsupported format version', () => {
    const p = expectProblemAt('threatmodel: ⟦2⟧\nsystem:\n  name: x\n', 'TM-SCHEMA-VERSION');
    expect(p.message).toContain("'threatmodel: 1'");
  });

  it('TM-SCHEMA-TYPE: a scalar where a list belongs', () => {
    const p = expectProblemAt(`${HEADER}components:\n  - id: t\n    kind: tool\n    effects: ⟦write⟧\n`, 'TM-SCHEMA-TYPE');
    expect(p.message).toBe("'effects' on tool 't' must be a list, not text 'write'");
  });

  it('TM-SCHEMA-PATTERN: an id with spaces', () => {
    const p = expectProblemAt(`${HEADER}boundaries:\n  - id: ⟦my cloud⟧\n    kind: cloud-account\n`, 'TM-SCHEMA-PATTERN');
    expect(p.message).toContain("'my cloud' is not a valid id");
  });

  it('TM-SCHEMA-PATTERN: a due date that is not YYYY-MM-DD', () => {
    const p = expectProblemAt(`${HEADER}tracking:\n  R-1@x:\n    status: accepted\n    due: ⟦31/12/2026⟧\n`, 'TM-SCHEMA-PATTERN');
    expect(p.message).toContain('YYYY-MM-DD');
  });

  it('TM-SCHEMA-PATTERN: a tracking key that is not a finding id says what one looks like', () => {
    const p = expectProblemAt(`${HEADER}tracking:\n  ⟦prompt injection on bot⟧:\n    status: accepted\n`, 'TM-SCHEMA-PATTERN');
    expect(p.message).toBe("'prompt injection on bot' is not a finding id: tracking keys are RULE-ID@element-id (RULE-ID@from-id@flow-id for flows)");
  });

  it('TM-SCHEMA-VALUE: a number out of range', () => {
    const p = expectProblemAt(`${HEADER}components:\n  - id: a\n    kind: agent\n    model: m\n    maxIterations: ⟦-1⟧\n  - id: m\n    kind: model-endpoint\n`, 'TM-SCHEMA-VALUE');
    expect(p.message).toMatch(/maxIterations on agent 'a'/);
  });
});

describe('meaning problems', () => {
  const parts = `${HEADER}components:\n  - id: chat-api\n    kind: service\n  - id: llm\n    kind: model-endpoint\n`;

  it('TM-REF-UNKNOWN: a flow to a misspelt component, with did-you-mean', () => {
    const p = expectProblemAt(`${parts}flows:\n  - from: chat-api\n    to: ⟦llmm⟧\n`, 'TM-REF-UNKNOWN');
    expect(p.message).toBe("flow 'chat-api->llmm' refers to unknown component 'llmm' in 'to' (did you mean 'llm'?)");
    expect(p.suggestion?.text).toBe('llm');
  });

  it('TM-REF-UNKNOWN: data, providers and boundaries never defined', () => {
    const text = `${HEADER}components:\n  - id: a\n    kind: service\n    boundary: vpc\n    provider: acme\n    stores: [secrets]\n`;
    expect(codes(text)).toEqual(['TM-REF-UNKNOWN', 'TM-REF-UNKNOWN', 'TM-REF-UNKNOWN']);
    const messages = loadModel(text, 'f').problems.map((p) => p.message);
    expect(messages).toEqual([
      "service 'a' refers to unknown boundary 'vpc' in 'boundary'",
      "service 'a' refers to unknown provider 'acme' in 'provider'",
      "service 'a' refers to unknown data asset 'secrets' in 'stores'",
    ]);
  });

  it('TM-REF-WRONG-KIND: an agent whose model is a tool', () => {
    const text = `${HEADER}components:\n  - id: t\n    kind: tool\n  - id: a\n    kind: agent\n    model: ⟦t⟧\n    tools: [t]\n`;
    const p = expectProblemAt(text, 'TM-REF-WRONG-KIND');
    expect(p.message).toBe("agent 'a': 'model' must name a model endpoint, but 't' is a tool");
    expect(p.related?.[0]?.range.start.line).toBe(4);
  });

  it('TM-ID-DUPLICATE: the same id in two sections, pointing back at the first', () => {
    const text = `${HEADER}data:\n  - id: llm\n    classification: internal\ncomponents:\n  - id: ⟦llm⟧\n    kind: model-endpoint\n`;
    const p = expectProblemAt(text, 'TM-ID-DUPLICATE');
    expect(p.message).toContain("already used by data asset 'llm'");
    expect(p.related?.[0]?.range.start).toEqual({ line: 4, character: 8 });
  });

  it('TM-FLOW-SELF: a flow from a component to itself', () => {
    expectProblemAt(`${parts}flows:\n  - from: llm\n    to: ⟦llm⟧\n`, 'TM-FLOW-SELF');
  });

  it('TM-FLOW-ID-AMBIGUOUS: two flows between the same pair without ids', () => {
    const text = `${parts}flows:\n  - from: chat-api\n    to: llm\n  - ⟦f⟧rom: chat-api\n    to: llm\n`;
    expectProblemAt(text, 'TM-FLOW-ID-AMBIGUOUS');
    expect(codes(`${parts}flows:\n  - id: a\n    from: chat-api\n    to: llm\n  - id: b\n    from: chat-api\n    to: llm\n`)).toEqual([]);
  });

  it('TM-BOUNDARY-CYCLE: every boundary in the cycle is reported at its parent', () => {
    const text = `${HEADER}boundaries:\n  - id: a\n    kind: network\n    parent: b\n  - id: b\n    kind: network\n    parent: a\n  - id: c\n    kind: container\n    parent: a\n`;
    const cycles = loadModel(text, 'f').problems.filter((p) => p.code === 'TM-BOUNDARY-CYCLE');
    expect(cycles.map((p) => p.range)).toEqual([
      { start: { line: 6, character: 12 }, end: { line: 6, character: 13 } },
      { start: { line: 9, character: 12 }, end: { line: 9, character: 13 } },
    ]);
    expect(cycles[0]!.message).toBe("boundary 'a' is inside itself: a → b → a; boundaries must nest as a tree");
  });

  it('TM-AGENT-NO-MODEL: an agent without a model', () => {
    expectProblemAt(`${HEADER}components:\n  - id: ⟦helper⟧\n    kind: agent\n`, 'TM-AGENT-NO-MODEL');
  });

  it('a misspelt tool reference does not also call the tool it meant unused', () => {
    expect(codes(`${parts}  - id: search\n    kind: tool\n  - id: a\n    kind: agent\n    model: llm\n    tools: [serach]\n`)).toEqual(['TM-REF-UNKNOWN']);
  });

  it('TM-TOOL-UNUSED: a tool no agent uses is a warning; one used through an MCP server is fine', () => {
    const p = expectProblemAt(`${parts}  - id: ⟦orphan⟧\n    kind: tool\n`, 'TM-TOOL-UNUSED');
    expect(p.severity).toBe('warning');
    const viaMcp = `${parts}  - id: t\n    kind: tool\n  - id: srv\n    kind: mcp-server\n    tools: [t]\n  - id: a\n    kind: agent\n    model: llm\n    tools: [srv]\n`;
    expect(codes(viaMcp)).toEqual([]);
  });
});

describe('input problems', () => {
  it('TM-INPUT-CONTROL-CHARACTER: a stray control character', () => {
    const p = expectProblemAt(`${HEADER}boundaries: []⟦\u0007⟧\n`, 'TM-INPUT-CONTROL-CHARACTER');
    expect(p.message).toContain('U+0007');
  });

  it('TM-INTERNAL: an unexpected failure becomes a problem, not an exception', () => {
    const evil = { get length(): number { throw new Error('boom'); } } as unknown as string;
    const r = loadModel(evil, 'x.threatmodel.yaml');
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INTERNAL']);
    expect(r.problems[0]!.message).toContain('boom');
  });
});
