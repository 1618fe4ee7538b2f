// Bundles the Electron shell: the main process as ESM (electron-store is ESM-only) with its npm
// dependencies left to node_modules, and each sandboxed preload as one self-contained CJS file.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node24', sourcemap: true, logLevel: 'info' } as const;

await build({
  ...common,
  // The CRM import worker is a thread's entry of its own, beside main.mjs: read-in-worker.ts finds
  // it there by this name when it runs bundled (and its .ts sibling when it runs from source).
  entryPoints: { main: 'main/shells/electron/main.ts', 'contacts-import-worker': 'main/core/contacts/import/import-worker.ts' },
  outExtension: { '.js': '.mjs' },
  outdir: 'dist/electron',
  format: 'esm',
  packages: 'external',
});
await build({
  ...common,
  entryPoints: { 'ui-preload': 'preload/ui-preload.ts', 'whatsapp-preload': 'preload/whatsapp-preload.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: 'dist/electron',
  format: 'cjs',
  external: ['electron'],
});
