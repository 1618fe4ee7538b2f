import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMarkers, parseMarkers } from '../../main/core/health/markers.ts';

const FILE = new URL('../../resources/probe/markers.json', import.meta.url).pathname;
const raw = (): Record<string, unknown> => JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

describe('the marker pack', () => {
  it('loads, and every source names a public reference or states its assumption', () => {
    const markers = loadMarkers(FILE);
    for (const [path, source] of Object.entries(markers.sources)) {
      expect(source.refs.length > 0 || source.assumption !== undefined, path).toBe(true);
    }
  });

  it('refuses a marker without a source, and a source for a marker that does not exist', () => {
    const pack = raw();
    pack.media = { failed: '[data-icon="media-refresh"]', retry: '[data-icon="media-retry"]' };
    expect(() => parseMarkers(pack, 'test')).toThrow(/media/);
    const noSource = raw();
    delete (noSource.sources as Record<string, unknown>)['media.failed'];
    expect(() => parseMarkers(noSource, 'test')).toThrow(/marker media\.failed has no source/);
    const stray = raw();
    (stray.sources as Record<string, unknown>)['screens.conflict'] = { refs: ['somewhere'] };
    expect(() => parseMarkers(stray, 'test')).toThrow(/screens\.conflict.*names no marker|names no marker/);
  });

  it('refuses a source that neither cites nor assumes', () => {
    const pack = raw();
    (pack.sources as Record<string, unknown>)['media.failed'] = { refs: [] };
    expect(() => parseMarkers(pack, 'test')).toThrow(/reference or a stated assumption/);
  });

  it('keeps socket states and stream states apart, and never lists a state twice', () => {
    const { socketState } = loadMarkers(FILE);
    const groups = [
      socketState.connected,
      socketState.connecting,
      socketState.loggedOut,
      socketState.qrGaveUp,
      socketState.conflict,
      socketState.accountBlocked,
      socketState.versionDeprecated,
      socketState.proxyBlocked,
    ];
    const all = groups.flat();
    expect(new Set(all).size).toBe(all.length);
    // Stream names (wa-js SOCKET_STREAM) are not states.
    for (const stream of ['DISCONNECTED', 'SYNCING', 'RESUMING']) expect(all).not.toContain(stream);
  });
});
