import { describe, expect, it } from 'vitest';
import { hostPlatform, missingSigningCredentials, signingDecision } from '../../scripts/lib/signing-rule.ts';

const WIN = { WIN_CSC_LINK: 'file:///secure/cert.pfx', WIN_CSC_KEY_PASSWORD: 'x' };
const MAC = {
  CSC_LINK: 'file:///secure/devid.p12',
  CSC_KEY_PASSWORD: 'x',
  APPLE_API_KEY: '/k.p8',
  APPLE_API_KEY_ID: 'K',
  APPLE_API_ISSUER: 'I',
};

describe('signingDecision: a release build without signing credentials fails', () => {
  it('builds signed when the environment has the credentials', () => {
    expect(signingDecision('win', WIN)).toEqual({ action: 'release', missing: [], builderArgs: [] });
    expect(signingDecision('win', { CSC_LINK: 'a', CSC_KEY_PASSWORD: 'b' }).action).toBe('release');
    expect(signingDecision('mac', MAC).action).toBe('release');
    expect(
      signingDecision('mac', {
        CSC_NAME: 'Developer ID Application: Example',
        APPLE_ID: 'a',
        APPLE_APP_SPECIFIC_PASSWORD: 'b',
        APPLE_TEAM_ID: 'c',
      }).action,
    ).toBe('release');
  });

  it('refuses without them, naming what is missing (names only, never values)', () => {
    const win = signingDecision('win', { WIN_CSC_LINK: 'file:///secure/cert.pfx' });
    expect(win).toMatchObject({ action: 'refuse', missing: ['WIN_CSC_KEY_PASSWORD or CSC_KEY_PASSWORD'] });
    expect(signingDecision('win', {}).missing).toHaveLength(2);
    // Signed but not notarizable is refused too: Gatekeeper would block the app on the desks.
    const mac = signingDecision('mac', { CSC_LINK: 'a', CSC_KEY_PASSWORD: 'b', APPLE_ID: 'a' });
    expect(mac.action).toBe('refuse');
    expect(mac.missing.join()).toContain('APPLE_API_KEY');
    expect(JSON.stringify(signingDecision('mac', { CSC_LINK: 'secret-value' }))).not.toContain('secret-value');
  });

  it('takes blank variables for missing ones', () => {
    expect(signingDecision('win', { WIN_CSC_LINK: ' ', WIN_CSC_KEY_PASSWORD: '' }).action).toBe('refuse');
  });

  it('builds unsigned only when asked explicitly, and then tells electron-builder not to sign, notarize or insist', () => {
    expect(signingDecision('win', { KIOSK_UNSIGNED_OK: '1' })).toEqual({
      action: 'unsigned-test-build',
      missing: expect.any(Array) as unknown,
      builderArgs: ['-c.forceCodeSigning=false'],
    });
    expect(signingDecision('mac', { KIOSK_UNSIGNED_OK: '1' }).builderArgs).toEqual([
      '-c.forceCodeSigning=false',
      '-c.mac.identity=null',
      '-c.mac.notarize=false',
    ]);
    for (const value of ['true', 'yes', '0', '']) expect(signingDecision('win', { KIOSK_UNSIGNED_OK: value }).action).toBe('refuse');
    // With credentials there is nothing to opt out of.
    expect(signingDecision('win', { ...WIN, KIOSK_UNSIGNED_OK: '1' }).action).toBe('release');
  });

  it('needs nothing for Linux (electron-builder does not sign deb or AppImage)', () => {
    expect(missingSigningCredentials('linux', {})).toEqual([]);
    expect(signingDecision('linux', {}).action).toBe('release');
  });

  it("builds for this machine's platform by default", () => {
    expect([hostPlatform('win32'), hostPlatform('darwin'), hostPlatform('linux'), hostPlatform('freebsd')]).toEqual([
      'win',
      'mac',
      'linux',
      'linux',
    ]);
  });
});
