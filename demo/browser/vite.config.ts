// Vite builds this page into demo/dist/browser. From demo/: `npx vite build browser`, then
// `npx vite preview browser`, or `npx vite browser` to develop it. The browser test builds it so too.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/browser', import.meta.url)),
    emptyOutDir: true,
    // tfjs-core, tfjs-layers and the CPU backend make one chunk of about 0.5 MB; that is expected.
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1' },
});
