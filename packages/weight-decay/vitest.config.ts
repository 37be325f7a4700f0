import { defineConfig } from 'vitest/config';

// Type tests (`src/**/*.test-d.ts`) run with tsc beside the unit tests. These tests train real
// tfjs models on the CPU backend while turbo runs other packages' tests (and Chromium) beside
// them on a 2-core machine: a test that takes half a second alone can pass 5 s under that load,
// so the timeout is a bound on a hang, not a speed check (speed is `npm run bench`'s job).
export default defineConfig({ test: { typecheck: { enabled: true }, testTimeout: 60_000 } });
