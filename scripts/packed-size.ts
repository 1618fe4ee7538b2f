// `node scripts/packed-size.ts [linux|win|mac]`: how big the app payload electron-builder packs
// (app.asar + app.asar.unpacked) is, from the files themselves: our bundles and pages, the marker
// pack, and the production modules electron-builder's own collector returns, minus what
// electron-builder.yml excludes. An upper bound: electron-builder also drops readmes, tests and
// typings of modules by default. The Electron runtime itself comes on top (it cannot be
// downloaded on machines like our CI). Needs `npm run build` first.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { packedModules } from './lib/packed-modules.ts';

const target = process.argv[2] ?? 'linux';
const OTHER_PREBUILDS: Readonly<Record<string, RegExp>> = {
  linux: /^(win32|darwin)-/,
  win: /^(darwin|linux|linuxmusl)-/,
  mac: /^(win32|linux|linuxmusl)-/,
};
const found = OTHER_PREBUILDS[target];
if (!found) throw new Error(`unknown target ${target}: linux, win or mac`);
const otherPrebuilds: RegExp = found;

/** electron-builder.yml's exclusions, as a test on a path relative to a module's folder. */
function excluded(module: string, path: string): boolean {
  if (path.endsWith('.map')) return true;
  if (module !== 'better-sqlite3') return false;
  const [top, name] = path.split(sep);
  return ['deps', 'src', 'build', 'binding.gyp'].includes(top ?? '') || (top === 'prebuilds' && otherPrebuilds.test(name ?? ''));
}

function sizeOf(dir: string, module = ''): number {
  let total = 0;
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile() && !excluded(module, relative(dir, path))) total += statSync(path).size;
    }
  };
  walk(dir);
  return total;
}

const root = process.cwd();
const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name;
const ours = ['dist/electron', 'dist/renderer', 'resources'].reduce((sum, dir) => sum + sizeOf(join(root, dir)), 0);
const modules = await packedModules(root, name);
let dependencies = 0;
for (const [module, dir] of modules) dependencies += sizeOf(dir, module);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
console.log(
  `target ${target}: our bundles, pages and marker pack ${mb(ours)} MB; ${modules.size} production modules ${mb(dependencies)} MB;`,
);
console.log(`app payload (upper bound) ${mb(ours + dependencies)} MB, plus the Electron runtime`);
