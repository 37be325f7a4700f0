// Vite builds the bench page; bench/run-browser.js builds it into a temporary folder and serves it,
// with the demo's Vite (so this file imports nothing from Vite).
import { fileURLToPath } from 'node:url';

/** @type {import('vite').UserConfig} */
export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  // The page imports the composite path from packages/builtin/src, outside this root.
  server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  build: { chunkSizeWarningLimit: 4000 },
  preview: { host: '127.0.0.1' },
};
