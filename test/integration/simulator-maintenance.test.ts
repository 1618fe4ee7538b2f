import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.ts';

/** The simulator's controls for preventive maintenance, over its HTTP API (no browser needed). */
const CHROME = (major: number) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function page(major: number): Promise<string> {
  return (await fetch(sim!.url, { headers: { 'user-agent': CHROME(major) } })).text();
}

describe('simulator: build, minimum Chrome, cached asset', () => {
  it('serves its build to new pages, with a long-cached asset per build whose fetches it counts', async () => {
    sim = await startSimulator({ build: '2.3000.1' });
    expect(await page(150)).toContain('"build":"2.3000.1"');
    expect(await page(150)).toContain('href="/static/app-asset.css?build=2.3000.1"');
    const asset = await fetch(new URL('/static/app-asset.css?build=2.3000.1', sim.url));
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(sim.control.state().assetFetches).toBe(1);

    const response = await fetch(new URL('/__sim/build', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '2.3000.2', movesMarker: true }),
    });
    expect(response.status).toBe(200);
    expect(sim.control.state().build).toEqual({ version: '2.3000.2', movesMarker: true, minChromeMajor: 120 });
    expect(await page(150)).toContain('"build":"2.3000.2","buildMovesMarker":true');
  });

  it('refuses a bad build, minimum or heap growth with 400 and changes nothing', async () => {
    sim = await startSimulator();
    const post = (path: string, body: unknown) =>
      fetch(new URL(path, sim!.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/__sim/build', { version: '<script>' })).status).toBe(400);
    expect((await post('/__sim/build', {})).status).toBe(400);
    expect((await post('/__sim/min-chrome', { major: -1 })).status).toBe(400);
    expect((await post('/__sim/heap', { mb: 1e9 })).status).toBe(400);
    expect(sim.control.state().build).toEqual({ version: '2.3000.1031000000', movesMarker: false, minChromeMajor: 120 });
  });

  it('rejects a browser older than its minimum, which can be raised', async () => {
    sim = await startSimulator();
    expect(await page(130)).toContain('id="sim-config"');
    sim.control.setMinChromeMajor(140);
    expect(await page(130)).not.toContain('id="sim-config"');
    expect(await page(140)).toContain('id="sim-config"');
  });
});
