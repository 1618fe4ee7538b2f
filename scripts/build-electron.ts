// Bundles the Electron shell: the main process as ESM (electron-store is ESM-only) with its npm
// dependencies left to node_modules, and each sandboxed preload as one self-contained CJS file.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

// Chunk names carry a hash: an old build's chunks would otherwise stay and be packed.
rmSync('dist/electron', { recursive: true, force: true });

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
  // What is loaded with import() (the hub a kiosk may serve: fastify, argon2, pg) stays in a chunk
  // of its own, loaded only then; chunks sit beside main.mjs, so paths relative to a module's
  // import.meta.url (the import worker's) mean the same from a chunk.
  splitting: true,
  chunkNames: '[name]-[hash]',
});
await build({
  ...common,
  entryPoints: { 'ui-preload': 'preload/ui-preload.ts', 'whatsapp-preload': 'preload/whatsapp-preload.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: 'dist/electron',
  format: 'cjs',
  external: ['electron'],
});
