// `npm start`: the main job on the bundled example. Runs the built CLI the way a user would and
// writes every result to out/. Later features add their step here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const example = 'examples/support-assistant.threatmodel.yaml';
mkdirSync('out', { recursive: true });

/** Runs `threatmodel ...args`, saves stdout to out/<file> when given, and reports the exit code. */
function step(title, args, file, okCodes = [0, 1]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  if (file) writeFileSync(`out/${file}`, r.stdout);
  if (!okCodes.includes(r.status)) {
    process.stderr.write(r.stderr);
    console.error(`✗ ${title} failed (exit ${r.status})`);
    process.exit(1);
  }
  console.log(`✓ ${title}${file ? ` → out/${file}` : ''}`);
  return r;
}

console.log(`Threat model: ${example}\n`);
step('validate', ['validate', example], 'validation.txt', [0]);
step('validate (json)', ['validate', '--format', 'json', example], 'validation.json', [0]);
step('analyze', ['analyze', '--fail-on', 'none', example], 'findings.txt', [0]);
step('analyze (json)', ['analyze', '--fail-on', 'none', '--format', 'json', example], 'findings.json', [0]);
step('export risk register (csv)', ['export', example, '--format', 'csv'], 'risk-register.csv', [0]);
step('export risk register (xlsx) → out/risk-register.xlsx', ['export', example, '--format', 'xlsx', '-o', 'out/risk-register.xlsx'], undefined, [0]);
step('export risk register (json)', ['export', example, '--format', 'json'], 'risk-register.json', [0]);
step('export design-review checklist', ['export', example, '--format', 'md'], 'checklist.md', [0]);
step('export SARIF', ['export', example, '--format', 'sarif'], 'findings.sarif', [0]);
step('export HTML report', ['export', example, '--format', 'html'], 'report.html', [0]);
step('diagram (mermaid)', ['diagram', example], 'diagram.mmd', [0]);
step('diagram (Markdown)', ['diagram', example, '--format', 'md'], 'diagram.md', [0]);
step('security tests for promptfoo (files in out/security-tests/)', ['tests', example, '-o', 'out/security-tests'], 'security-tests.txt', [0]);
console.log('\nDone. Open the files in out/.');
