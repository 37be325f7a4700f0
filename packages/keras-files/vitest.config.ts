import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Type tests (`src/**/*.test-d.ts`) run with tsc beside the unit tests. The timeout bounds a hang
// on a loaded 2-core machine, not speed (speed is `npm run bench`'s job). `#read-path` is the
// package's own import (package.json "imports"), which points at dist/; tests run the sources.
export default defineConfig({
  resolve: {
    alias: { '#read-path': fileURLToPath(new URL('./src/read-path-node.ts', import.meta.url)) },
  },
  test: { typecheck: { enabled: true }, testTimeout: 60_000 },
});
