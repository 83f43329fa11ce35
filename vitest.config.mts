import { defineConfig } from 'vitest/config';
import { builtinCatalogVite } from './scripts/builtin-catalog.mjs';
import { discoverySignaturesVite } from './scripts/discovery-signatures.mjs';
import { templatesVite } from './scripts/templates-module.mjs';

export default defineConfig({
  plugins: [builtinCatalogVite(), templatesVite(), discoverySignaturesVite()],
  test: {
    include: ['test/**/*.test.ts'],
    // test/host runs inside a real VS Code (mocha, e2e/run.sh), not under vitest.
    exclude: ['test/host/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
