import { defineConfig } from 'vitest/config';

// Type tests (`src/**/*.test-d.ts`) run with tsc beside the unit tests.
export default defineConfig({ test: { typecheck: { enabled: true } } });
