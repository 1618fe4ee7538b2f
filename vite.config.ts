import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('./renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer/', import.meta.url));

/**
 * The dev server (`npx vite`) injects inline scripts (React refresh preamble, HMR client), which
 * the strict Content-Security-Policy in index.html forbids. Drop the CSP meta only when serving;
 * the build keeps it untouched.
 */
function relaxCspWhenServing(): Plugin {
  return {
    name: 'kiosk:relax-csp-when-serving',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
    },
  };
}

// Our own pages (status bar, failover pane). `base: './'` because the built page is loaded from
// app://kiosk/ in Electron and from a loopback HTTP server in the Chromium shell.
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), relaxCspWhenServing()],
  build: {
    outDir,
    emptyOutDir: true,
    // The polyfill is not needed by Chromium/Electron; leaving it out keeps the entry minimal.
    modulePreload: { polyfill: false },
  },
});
