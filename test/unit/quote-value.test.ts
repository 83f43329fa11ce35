/**
 * Values echoed from untrusted files into problem messages (Problems panel, terminal, SARIF) are quoted by one
 * helper: one short line, no character a terminal acts on or that reorders or hides text, and a closing quote
 * that is the real one. A hostile catalog is the case that matters: anyone who can open a pull request can
 * write one, and its problems land in CI logs.
 */
import { describe, expect, it } from 'vitest';
import { parseLayerSettings, parseRule } from '../../src/core/catalog/load';
import { quoteValue, safeMessage } from '../../src/core/text/quote';
import { rule } from './helpers/engine';

/** What must never reach a message: C0/C1 controls, DEL, bidi controls, zero-width and separator characters. */
const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u2028\u2029]/;

describe('quoteValue', () => {
  it('quotes an ordinary value as it is', () => {
    expect(quoteValue('tool')).toBe("'tool'");
    expect(quoteValue('when.all.0')).toBe("'when.all.0'");
    expect(quoteValue(42)).toBe("'42'");
    expect(quoteValue(['a', 1])).toBe('\'["a",1]\'');
  });

  it('shows control, bidi and zero-width characters as escapes', () => {
    expect(quoteValue('admin\u202Egnp.exe\u200B')).toBe("'admin\\u202Egnp.exe\\u200B'");
    expect(quoteValue('a\u001B[2Jb\nc\td\u0085')).toBe("'a\\u001B[2Jb\\nc\\td\\u0085'");
    expect(quoteValue('\u2066x\u2069\u2028')).not.toMatch(HIDDEN);
  });

  it('escapes quotes and backslashes, so the value cannot close its own quotes', () => {
    expect(quoteValue("x' is fine; 'y")).toBe("'x\\' is fine; \\'y'");
    expect(quoteValue('a\\')).toBe("'a\\\\'");
  });

  it('cuts a long value at whole characters and says how long it was', () => {
    expect(quoteValue('x'.repeat(1_000_000))).toBe(`'${'x'.repeat(48)}…' (1,000,000 characters)`);
    // 60 emoji (two UTF-16 units each): never half a surrogate pair.
    const q = quoteValue('😀'.repeat(60), 10);
    expect(q).toBe(`'${'😀'.repeat(10)}…' (60 characters)`);
    expect(quoteValue('y'.repeat(48))).toBe(`'${'y'.repeat(48)}'`);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(quoteValue(cyclic)).toBe("'[object Object]'");
    expect(quoteValue(undefined)).toBe("'undefined'");
    expect(quoteValue(10n)).toBe('\'"10"\'');
  });

  it('safeMessage makes a library message one bounded line', () => {
    expect(safeMessage('bad\u202E alias\nnext')).toBe('bad\\u202E alias\\nnext');
    expect(safeMessage('z'.repeat(500), 20)).toBe(`${'z'.repeat(20)}…`);
  });
});

describe('a hostile catalog cannot put raw text into problem messages', () => {
  const long = 'ghp_'.padEnd(5000, 'S');
  const hostile = `\u202Eevil\u001B]8;;https://evil.example\u0007<script>**x**`;

  it('enum, pattern and unknown-key echoes are quoted and cut', () => {
    // A YAML key may be at most 1,024 characters long: 900 of them.
    const text = rule('HOSTILE-RULE', JSON.stringify(hostile), `"${long.slice(0, 900)}": 1\n`).replace('stride: [tampering]', `stride: [${JSON.stringify(long)}]`);
    const { problems } = parseRule(text, 'HOSTILE-RULE.yaml');
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) {
      expect(p.message).not.toMatch(HIDDEN);
      expect(p.message.length).toBeLessThan(600);
      expect(p.message).not.toContain('S'.repeat(100));
    }
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toContain("(got '\\u202Eevil\\u001B]8;;https://evil.example\\u0007<script>**x**')");
    expect(messages).toContain(`unknown property 'ghp_${'S'.repeat(44)}…' (900 characters)`);
    expect(messages).toContain(`(got 'ghp_${'S'.repeat(44)}…' (5,000 characters))`);
  });

  it('a rule id that fails its pattern is quoted and cut, not echoed whole', () => {
    const { problems } = parseRule(rule(`bad id\u202E${'k'.repeat(300)}`, 'tool'), 'x.yaml');
    const p = problems.find((x) => x.message.includes('does not match'))!;
    expect(p.message).toMatch(/^'id': 'bad id\\u202Ek+…' \(307 characters\) does not match/);
  });

  it('settings files: unknown keys and severity values are quoted', () => {
    const { problems } = parseLayerSettings(`"${hostile}": 1\nseverity:\n  SOME-RULE: "${long}"\n`, 'settings.yaml');
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p.message).not.toMatch(HIDDEN);
    expect(problems.map((p) => p.message)).toEqual([
      "unknown property '\\u202Eevil\\u001B]8;;https://evil.example\\u0007<script>**x**' in a catalog settings file (only 'disable' and 'severity')",
      `severity of 'SOME-RULE' must be one of low, medium, high, critical (got 'ghp_${'S'.repeat(44)}…' (5,000 characters))`,
    ]);
  });
});
