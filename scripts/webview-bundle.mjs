// How the diagram webview is bundled (used by scripts/build.mjs, the Chromium tests and the benchmark, so all
// three run the same bundle). The webview only ever draws flowcharts, but mermaid and @mermaid-js/layout-elk
// (which carries its own copy of mermaid) load every diagram type through dynamic imports, which an IIFE
// bundle inlines: about 8.5 MB minified. Other diagram types, their grammars and KaTeX (the core escapes `$`,
// so no label is ever math) are replaced by a module that throws if it is ever loaded. Parsing less script
// is most of the page's start-up time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Dynamic imports the diagram never uses. */
const UNUSED = [
  /(?<!flow)Diagram(-v2)?-[A-Z0-9]{8}(-[A-Z0-9]{8})?\.mjs$/, // sequence, class, gantt, ... (not flowDiagram)
  /-definition-[A-Z0-9]{8}(-[A-Z0-9]{8})?\.mjs$/, // mindmap, kanban, timeline
  /\/diagram-[A-Z0-9]{8}(-[A-Z0-9]{8})?\.mjs$/, // packet, radar, treemap, ...
  /mermaid-parser\.core\/[a-z-]+-[A-Z0-9]{8}\.mjs$/, // langium grammars of other diagram types
  /\/cose-bilkent-[A-Z0-9]{8}(-[A-Z0-9]{8})?\.mjs$/, // mindmap layout
];

function flowchartOnly() {
  return {
    name: 'flowchart-only',
    setup(build) {
      build.onResolve({ filter: /^katex$/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: 'katex', namespace: 'unused-diagram' } : undefined);
      build.onResolve({ filter: /\.mjs$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !/node_modules\/(mermaid|@mermaid-js)\//.test(args.importer)) return undefined;
        return UNUSED.some((re) => re.test(args.path)) ? { path: args.path, namespace: 'unused-diagram' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'unused-diagram' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`not bundled in the diagram webview: ${args.path}`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * ELK in a worker: mermaid's ELK layout imports `elkjs/lib/elk.bundled.js` (ELK on the page's own thread);
 * it gets src/webview/elk-worker.ts instead, which runs elkjs's worker script (inlined here as text) in a
 * Web Worker. See that file for why.
 */
function elkInWorker() {
  return {
    name: 'elk-in-worker',
    setup(build) {
      // Paths from the project root (the working directory of every build that uses these options).
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const require = createRequire(join(root, 'package.json'));
      build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: join(root, 'src', 'webview', 'elk-worker.ts') }));
      build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: require.resolve('elkjs/lib/elk-worker.min.js'), namespace: 'elk-worker-source' }));
      build.onLoad({ filter: /.*/, namespace: 'elk-worker-source' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
    },
  };
}

/** esbuild options for dist/webview.js (merge over the common options). */
export function webviewBuildOptions(outfile = 'dist/webview.js') {
  return {
    entryPoints: ['src/webview/main.ts'],
    outfile,
    platform: 'browser',
    format: 'iife',
    minify: true,
    plugins: [flowchartOnly(), elkInWorker()],
  };
}
