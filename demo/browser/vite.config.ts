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
    // tfjs-core, tfjs-layers and the backends make chunks of about 1 MB, and h5wasm (HDF5 in
    // WebAssembly, which saveKerasModel imports when it first runs) one of 4.8 MB, 1 MB gzip, which
    // only the Keras files page loads, when it saves: all expected.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      // The demo page, and the kernel checks and Keras files pages the browser test loads.
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        kernels: fileURLToPath(new URL('./kernels.html', import.meta.url)),
        kerasFiles: fileURLToPath(new URL('./keras-files.html', import.meta.url)),
      },
    },
  },
  preview: { host: '127.0.0.1' },
});
