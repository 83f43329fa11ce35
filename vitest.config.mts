import { defineConfig } from 'vitest/config';
import { builtinCatalogVite } from './scripts/builtin-catalog.mjs';

export default defineConfig({
  plugins: [builtinCatalogVite()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
