import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('our pages, the preloads and the core', () => {
  // The contract in main/core/ipc/ is the only seam: nothing else of the core is bundled into our pages or preloads.
  for (const folder of ['../../renderer/src/', '../../preload/']) {
    it(`${folder.replace('../../', '')} imports nothing from main/core but main/core/ipc/`, () => {
      const root = new URL(folder, import.meta.url);
      const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tsx?$/.test(name));
      expect(files.length).toBeGreaterThan(5);
      const outside = files.flatMap((name) =>
        [...readFileSync(new URL(name, root), 'utf8').matchAll(/from '([^']*main\/core\/[^']*)'/g)]
          .map((match) => match[1]!)
          .filter((path) => !/main\/core\/ipc\/[^/]+$/.test(path))
          .map((path) => `${name}: ${path}`),
      );
      expect(outside).toEqual([]);
    });
  }
});
