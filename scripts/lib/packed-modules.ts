// What electron-builder packs from node_modules, asked of electron-builder's own collector (the
// one `npm run dist` uses: the production dependency tree from npm), not re-implemented here.
import { createRequire } from 'node:module';

interface NodeModuleInfo {
  name: string;
  version: string;
  dir: string;
  dependencies?: NodeModuleInfo[];
}

const require = createRequire(import.meta.url);

/** Every package electron-builder would copy into the app, with its folder, by name. */
export async function packedModules(projectDir: string, packageName: string): Promise<Map<string, string>> {
  const { getCollectorByPackageManager, PM } = require('app-builder-lib/out/node-module-collector/index.js') as {
    getCollectorByPackageManager(
      pm: string,
      dir: string,
      tmp: unknown,
    ): { getNodeModules(o: { packageName: string }): Promise<{ nodeModules: NodeModuleInfo[] }> };
    PM: { NPM: string };
  };
  const { TmpDir } = require('builder-util') as { TmpDir: new (name: string) => { cleanup(): Promise<void> } };
  const tmp = new TmpDir('kiosk-packed-modules');
  try {
    const { nodeModules } = await getCollectorByPackageManager(PM.NPM, projectDir, tmp).getNodeModules({ packageName });
    const found = new Map<string, string>();
    const walk = (list: NodeModuleInfo[] | undefined): void => {
      for (const module of list ?? []) {
        found.set(module.name, module.dir);
        walk(module.dependencies);
      }
    };
    walk(nodeModules);
    return found;
  } finally {
    await tmp.cleanup();
  }
}
