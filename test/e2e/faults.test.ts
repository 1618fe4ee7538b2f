import { afterEach, describe, expect, it } from 'vitest';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { mergeLayer } from '../../main/core/config/policy.ts';
import { SCENARIOS, stopCrashLoops } from './fault-scenarios.ts';
import { fastThresholds, startKiosk, type KioskUnderTest } from './harness.ts';

for (const lang of ['en', 'zh'] as const) {
  describe(`faults with WhatsApp in ${lang === 'en' ? 'English' : 'Chinese'}`, () => {
    let sim: Simulator | undefined;
    let kiosk: KioskUnderTest | undefined;
    afterEach(async () => {
      stopCrashLoops();
      await kiosk?.close();
      await sim?.close();
      kiosk = undefined;
      sim = undefined;
    });

    for (const scenario of SCENARIOS) {
      it(`${scenario.fault}: ${scenario.name}`, async () => {
        sim = await startSimulator({ lang, qrRefreshMs: 1_500, ackDelayMs: 100 });
        if (!scenario.paired) await scenario.inject(sim);
        const settings = mergeLayer(fastThresholds(sim.independentUrl), scenario.settings ?? {});
        kiosk = await startKiosk({ whatsappUrl: sim.url, settings, systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US' });
        const k = kiosk;
        if (scenario.paired) {
          await k.waitForStatus((s) => s.whatsapp.screen === 'pairing');
          await sim.control.scanQr();
          await k.waitForStatus((s) => s.whatsapp.screen === 'chats' && s.health.level === 'healthy');
          await scenario.inject(sim, k);
        }

        const detected = await k.waitForStatus((s) => s.health.fault === scenario.fault, 30_000);
        expect(detected.health.level).not.toBe('healthy');
        if (scenario.clearOnDetection) sim.control.clear();

        let seen: KioskStatus = detected;
        if (scenario.heals) {
          seen = await k.waitForStatus((s) => s.lastHealing !== null, 30_000);
          expect(seen.lastHealing).toMatchObject({ action: scenario.heals, fault: scenario.fault });
        }
        if (scenario.failsOver) {
          seen = await k.waitForStatus((s) => s.mode === 'failover', 60_000);
          expect(seen).toMatchObject({ modeReason: 'auto', forced: false });
          const reason = k.uiPage.getByTestId('failover-reason');
          await reason.waitFor();
          expect(await reason.getAttribute('data-fault')).toBe(scenario.fault);
          const text = (await reason.textContent()) ?? '';
          expect(/[\u4e00-\u9fff]/.test(text)).toBe(lang === 'zh');
          await k.screenshot(k.uiPage, `failover-${lang}-${scenario.fault}`);
        }
        if (scenario.guidance) {
          expect(seen.guidance).toBe('link-with-phone-number');
          await k.uiPage.getByTestId('phone-link-guidance').waitFor();
        }
        if (!scenario.heals) expect(k.kiosk.status.lastHealing).toBeNull();

        if (scenario.recover) await scenario.recover(sim, k);
        if (scenario.recover || scenario.clearOnDetection || scenario.healsByItself) {
          const back = await k.waitForStatus((s) => s.health.level === 'healthy' && s.mode === 'whatsapp', 60_000);
          expect(back.guidance).toBeNull();
          if (scenario.failsOver) expect(back.modeReason).toBe('auto');
        } else {
          // A warning alone never takes the agent away from WhatsApp.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          expect(k.kiosk.status).toMatchObject({ mode: 'whatsapp', health: { level: 'degraded', fault: scenario.fault } });
        }

        // Recovery can bring a blip of its own (a socket reconnecting): look at this fault's episode.
        const incident = (await k.invoke('incidents:list', { limit: 10 })).find((candidate) =>
          candidate.events.some((event) => event.kind === 'first-signal' || event.kind === 'detected' ? event.detail === scenario.fault : false),
        );
        expect(incident).toBeDefined();
        const kinds = incident!.events.map((event) => event.kind);
        expect(kinds[0]).toBe('first-signal');
        if (scenario.heals) expect(kinds).toContain('healing');
        if (scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['detected', 'failover']));
        if (scenario.recover && scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['failback', 'recovered']));
        if (!scenario.failsOver) expect(kinds).not.toContain('failover');
      });
    }
  });
}
