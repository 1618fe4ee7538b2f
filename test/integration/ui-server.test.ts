import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_CONTENT_SECURITY_POLICY } from '../../main/core/security/app-protocol.ts';
import { startUiServer } from '../../main/shells/chromium/ui-server.ts';

let base: string;
let server: { url: string; close(): Promise<void> };
let port: number;

/** A GET whose path goes out exactly as written (fetch would normalise `..` away first). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

beforeAll(async () => {
  // The page root sits beside a secret: traversal out of the root would reach it.
  base = mkdtempSync(join(tmpdir(), 'kiosk-ui-server-'));
  mkdirSync(join(base, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(base, 'renderer', 'index.html'), '<!doctype html><title>ours</title>');
  writeFileSync(join(base, 'renderer', 'assets', 'app.js'), 'export {};');
  writeFileSync(join(base, 'renderer', '.env'), 'SECRET=1');
  writeFileSync(join(base, 'secret.html'), 'SECRET');
  server = await startUiServer(join(base, 'renderer'));
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

describe("the Chromium shell's page server: the same resolver as the app:// protocol", () => {
  it('serves our page and its assets with the Content-Security-Policy header', async () => {
    const page = await rawGet('/index.html');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>ours</title>' });
    expect(page.headers['content-security-policy']).toBe(UI_CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawGet('/assets/app.js')).headers['content-type']).toContain('text/javascript');
    expect((await rawGet('/')).body).toContain('ours');
  });

  it.each([
    '/../secret.html',
    '/assets/../../secret.html',
    '/%2e%2e/secret.html',
    '/assets%2f..%2f..%2fsecret.html',
    '/..%5csecret.html',
    '/.env',
    '/index.html%00',
  ])('refuses %s and never hands out what lies outside', async (path) => {
    const answer = await rawGet(path);
    expect([400, 404]).toContain(answer.status);
    expect(answer.body).not.toContain('SECRET');
  });
});
