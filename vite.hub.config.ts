import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The supervisors' dashboard, served by the hub itself (hub/server.ts) from dist/hub/.
export default defineConfig({
  root: fileURLToPath(new URL('./hub/dashboard/', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/hub/', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
  },
});
