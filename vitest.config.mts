import { defineConfig } from 'vitest/config';
import { builtinCatalogVite } from './scripts/builtin-catalog.mjs';
import { templatesVite } from './scripts/templates-module.mjs';

export default defineConfig({
  plugins: [builtinCatalogVite(), templatesVite()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
