// `npm run package`: a production build, then the .vsix with @vscode/vsce (dependencies are bundled, so
// --no-dependencies). `npm run package -- --sourcemap` builds with source maps and ships them too.
// Prints the files in the package, so what ships is visible.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';

const withMaps = process.argv.includes('--sourcemap');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
rmSync('dist', { recursive: true, force: true });
run(process.execPath, ['scripts/build.mjs', ...(withMaps ? ['--sourcemap'] : [])]);
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${name}-${version}.vsix`;
let ignoreFile = '.vscodeignore';
if (withMaps) {
  ignoreFile = '.vscodeignore.sourcemap';
  writeFileSync(ignoreFile, `${readFileSync('.vscodeignore', 'utf8')}!dist/extension.js.map\n!dist/analysis-worker.js.map\n!dist/webview.js.map\n`);
}
try {
  run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links',
    '--ignoreFile', ignoreFile, '--out', out]);
  run('npx', ['vsce', 'ls', '--no-dependencies', '--ignoreFile', ignoreFile]);
} finally {
  if (withMaps) rmSync(ignoreFile, { force: true });
}
console.log(`packaged ${out}`);
