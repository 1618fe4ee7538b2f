import { describe, expect, it } from 'vitest';
import en from '../../renderer/src/i18n/en.json' with { type: 'json' };
import zh from '../../renderer/src/i18n/zh.json' with { type: 'json' };
import { Shutdown } from '../../main/core/startup/shutdown.ts';
import { EXIT_STARTUP_FAILED, startupFailure, startupStep, StartupError } from '../../main/core/startup/startup-failure.ts';

const newerSchema = new Error('database schema version 9 is newer than this app knows (7); refusing to open it with an older app');

describe('startupStep', () => {
  it('tags what a step throws with the step, and the innermost step wins', async () => {
    await expect(startupStep('data', () => Promise.reject(newerSchema))).rejects.toMatchObject({ step: 'data', cause: newerSchema });
    const nested = startupStep('page', () => startupStep('kiosk', () => Promise.reject(new Error('status port in use'))));
    await expect(nested).rejects.toMatchObject({ step: 'kiosk' });
  });

  it('passes a value through and tags a synchronous throw too', async () => {
    expect(await startupStep('data', () => 42)).toBe(42);
    await expect(
      startupStep('browser', () => {
        throw new Error('chromium not found');
      }),
    ).rejects.toBeInstanceOf(StartupError);
  });
});

describe('startupFailure', () => {
  it("says what failed in the agent's language, with the error's own words and where the log is, and exits non-zero", () => {
    const failure = startupFailure(new StartupError('data', newerSchema), 'en', '/home/agent/.config/kiosk/logs');
    expect(failure).toMatchObject({ step: 'data', exitCode: EXIT_STARTUP_FAILED, title: en.startup.title });
    expect(EXIT_STARTUP_FAILED).not.toBe(0);
    expect(failure.message).toContain(en.startup.step.data);
    expect(failure.message).toContain(newerSchema.message);
    expect(failure.message).toContain('/home/agent/.config/kiosk/logs');
    expect(failure.message).not.toContain('{{');

    const chinese = startupFailure(new StartupError('page', new Error('ENOENT: index.html')), 'zh', 'C:\\logs');
    expect(chinese.title).toBe(zh.startup.title);
    expect(chinese.message).toContain(zh.startup.step.page);
    expect(chinese.message).toContain('ENOENT: index.html');
    expect(chinese.message).toContain('C:\\logs');
  });

  it('has a text for every step in both languages', () => {
    for (const step of ['data', 'browser', 'page', 'kiosk', 'start'] as const) {
      for (const language of ['en', 'zh'] as const) {
        const failure = startupFailure(new StartupError(step, new Error('x')), language, '/logs');
        expect(failure.message.split('\n\n')[0]).toBe((language === 'zh' ? zh : en).startup.step[step]);
      }
    }
    expect(Object.keys(zh.startup.step).sort()).toEqual(Object.keys(en.startup.step).sort());
  });

  it('copes with anything thrown: no step tag, no message, control characters, a huge message', () => {
    expect(startupFailure('boom', 'en', '/l')).toMatchObject({ step: 'start', reason: 'boom' });
    expect(startupFailure(undefined, 'en', '/l').reason).toBe('undefined');
    expect(startupFailure(new Error(''), 'en', '/l').reason).toBe('unknown error');
    expect(startupFailure(new Error('line1\nline2\u0007\u001b[31m'), 'en', '/l').reason).toBe('line1 line2 [31m');
    const long = startupFailure(new Error('x'.repeat(10_000)), 'en', '/l');
    expect(long.reason.length).toBeLessThanOrEqual(401);
    // A {{placeholder}} in the error's own words is shown as it is, never filled.
    expect(startupFailure(new Error('{{logDir}}'), 'en', '/l').message).toContain('"{{logDir}}"');
  });
});

describe('Shutdown', () => {
  it('runs every step once, the last added first, whatever quit asked how many times', async () => {
    const ran: string[] = [];
    const shutdown = new Shutdown(() => undefined);
    shutdown.add('database', () => ran.push('database'));
    shutdown.add('kiosk', async () => {
      await Promise.resolve();
      ran.push('kiosk');
    });
    expect(shutdown.finished).toBe(false);
    await Promise.all([shutdown.run(), shutdown.run()]);
    await shutdown.run();
    expect(ran).toEqual(['kiosk', 'database']);
    expect(shutdown.finished).toBe(true);
  });

  it('a step that throws or rejects is reported and the database still closes', async () => {
    const ran: string[] = [];
    const reported: string[] = [];
    const shutdown = new Shutdown((what, error) => reported.push(`${what}: ${(error as Error).message}`));
    shutdown.add('database', () => ran.push('database'));
    shutdown.add('status endpoint', () => Promise.reject(new Error('already closed')));
    shutdown.add('kiosk', () => {
      throw new Error('stop failed');
    });
    await shutdown.run();
    expect(ran).toEqual(['database']);
    expect(reported).toEqual(['kiosk: stop failed', 'status endpoint: already closed']);
    expect(shutdown.finished).toBe(true);
  });

  it('with nothing opened yet (a quit during start-up) finishes at once', async () => {
    const shutdown = new Shutdown(() => undefined);
    await shutdown.run();
    expect(shutdown.finished).toBe(true);
  });
});
