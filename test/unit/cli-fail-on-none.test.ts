/**
 * `analyze --fail-on none` (as its --help and docs/cli.md say): findings never change the exit code, but an
 * invalid model still exits 1 and a usage or I/O error 2, so a report-only CI step still catches a broken run.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';

const example = 'examples/support-assistant.threatmodel.yaml';

describe('analyze --fail-on none', () => {
  it('exits 0 on a model with open critical and high findings', async () => {
    const strict = await cli(['analyze', '--fail-on', 'low', example]);
    expect(strict.code).toBe(1);
    const none = await cli(['analyze', '--fail-on', 'none', example]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('fail-on none: findings never fail the run');
  });

  it('still exits 2 on a model file that cannot be read or a --catalog path that does not exist', async () => {
    expect((await cli(['analyze', '--fail-on', 'none', 'no-such.threatmodel.yaml'])).code).toBe(2);
    expect((await cli(['analyze', '--fail-on', 'none', '--catalog', 'no-such-catalog', example])).code).toBe(2);
    expect((await cli(['analyze', '--fail-on', 'none', '--test-results', 'no-such.json', example])).code).toBe(2);
  });
});
