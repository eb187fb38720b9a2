import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be an inline script, which the CSP refuses.
    modulePreload: { polyfill: false },
    // Source maps would put the app's source on the laptop for no gain.
    sourcemap: false,
    target: 'chrome140',
    // The passphrase-strength dictionaries (zxcvbn-ts, ~1.2 MB) load lazily on the create-vault form.
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
});
