import { join } from 'node:path';
import type { Settings } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import type { KeyValueStore } from '../db/kv.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { HttpProbeResult } from '../health/http-probe.ts';
import type { ProbeFacts } from '../health/probe-facts.ts';
import type { UiLanguage } from '../ipc/contract.ts';
import type { MaintenanceStatus } from '../ipc/maintenance-wire.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock, SystemSignals, WhatsAppSurface } from '../ports.ts';
import { Timers, guarded } from '../runtime/guarded.ts';
import { BusyFlag, busyNow, RecentActivity, type BusySource } from './busy.ts';
import { diagnose, writeReport } from './diagnose.ts';
import type { DiagnosticsReport } from './diagnostics.ts';
import { runHousekeeping } from './housekeeping.ts';
import { VersionMemory } from './memory-of-versions.ts';
import { addSample, assessMemory, decideMemoryReload, type MemoryAssessment, type MemorySample } from './memory-trend.ts';
import { planPurge, type PurgeReason } from './purge.ts';
import { MaintenanceRuns, type MaintenanceTask, type RunResult } from './runs-store.ts';
import { decideSchedule } from './schedule.ts';
import { browserTooOld, markerEvidence, shellChanged, type MarkerEvidence, type Versions } from './versions.ts';

/** Where maintenance works and what the shell runs on. */
export interface MaintenanceEnvironment {
  dataDir: string;
  logsDir: string;
  versions: Pick<Versions, 'app' | 'browser' | 'electron'>;
}

export interface MaintenanceDeps {
  settings: Settings;
  clock: Clock;
  log: Logger;
  db: Db;
  writeGate: WriteGate;
  kv: KeyValueStore;
  surface: WhatsAppSurface;
  system: SystemSignals;
  environment: MaintenanceEnvironment;
  backupsDir: string;
  markersVersion: string;
  language: UiLanguage;
  /** Whether the network probes reach WhatsApp itself now. */
  whatsappReachable(): boolean;
  /** Further signs that the agent is at work (offline queue replay, a call in progress). */
  busySources?: readonly BusySource[];
  probe?: (url: string, timeoutMs: number) => Promise<HttpProbeResult>;
}

export type { MaintenanceStatus } from '../ipc/maintenance-wire.ts';

/** A new WhatsApp build is checked once its page has settled on the chat screen. */
const MARKER_CHECK_SETTLE_MS = 5_000;
/** Markers with nothing on screen to match are waited for this long, then the check is recorded without them. */
const MARKER_CHECK_MAX_WAIT_MS = 30 * 60_000;
const WINDOWED_TASKS = ['purge', 'housekeeping'] as const;

/**
 * Preventive maintenance: the windowed tasks (cache purge, housekeeping), the memory watch with
 * its reload at an idle moment, version checks and diagnostics. Every decision is a pure function
 * (schedule.ts, memory-trend.ts, purge.ts, versions.ts); this class gathers their inputs, carries
 * them out, and records every run.
 */
export class Maintenance {
  readonly #deps: MaintenanceDeps;
  readonly #timers: Timers;
  readonly #runs: MaintenanceRuns;
  readonly #versions: VersionMemory;
  readonly #typing: RecentActivity;
  readonly #unsent = new BusyFlag('unsent-messages');
  readonly #busy: BusySource[];
  #samples: MemorySample[] = [];
  #catchUpFrom: number;
  #running = false;
  #lastTickAt: number;
  #gpuPurgeDue = false;
  #markerCheckDue: { build: string; notBefore: number; giveUpAt: number } | null = null;
  /** Kept here too, so a probe beat does not read the database. */
  #whatsappBuild: string | null = null;
  #onRejectedPage = false;
  /** Tasks waiting for the agent, so the wait is logged once, not every check. */
  readonly #waiting = new Set<string>();

  constructor(deps: MaintenanceDeps) {
    this.#deps = deps;
    this.#timers = new Timers(deps.clock, deps.log);
    this.#runs = new MaintenanceRuns(deps.db, deps.writeGate);
    this.#versions = new VersionMemory(deps.kv);
    const { maintenance } = deps.settings;
    this.#typing = new RecentActivity('typing', maintenance.idleAfterMs);
    this.#busy = [this.#typing, this.#unsent, ...(deps.busySources ?? [])];
    this.#catchUpFrom = deps.clock.now() + maintenance.catchUpDelayMs;
    this.#lastTickAt = deps.clock.now();
  }

  start(): void {
    const { settings, clock, log, system } = this.#deps;
    this.#recordShellVersions();
    if (!settings.maintenance.enabled) {
      log.info('maintenance is off (maintenance.enabled)');
      return;
    }
    system.onWake(() => {
      this.#settleFrom(clock.now());
      guarded(log, 'maintenance after wake-up', () => this.tick());
    });
    this.#timers.every(settings.maintenance.checkIntervalMs, 'maintenance tick', () => this.tick());
    this.#timers.every(settings.maintenance.memorySampleMs, 'memory sample', () => this.#sampleMemory());
  }

  stop(): void {
    this.#timers.stop();
  }

  /** The agent typed (WhatsApp or our pane): maintenance that would interrupt waits. */
  agentTyped(): void {
    this.#typing.mark(this.#deps.clock.now());
  }

  /** A probe report: unsent messages hold maintenance; a new WhatsApp build gets its markers checked. */
  onFacts(facts: ProbeFacts): void {
    const now = this.#deps.clock.now();
    this.#unsent.set(facts.messages.pending > 0 || (facts.models?.pending?.count ?? 0) > 0);
    const rejected = facts.screen === 'browser-rejected';
    if (rejected && !this.#onRejectedPage) this.#versions.setBrowserRejected(now);
    this.#onRejectedPage = rejected;
    const build = facts.models?.version ?? null;
    if (build !== null && build !== this.#whatsappBuild) {
      this.#whatsappBuild = build;
      const known = this.#versions.versions();
      if (known !== null && known.whatsapp !== build) {
        this.#deps.log.warn({ from: known.whatsapp, to: build }, 'WhatsApp Web changed its build: checking the probe markers');
        this.#versions.setVersions({ ...known, whatsapp: build }, now);
        this.#markerCheckDue = { build, notBefore: now + MARKER_CHECK_SETTLE_MS, giveUpAt: now + MARKER_CHECK_MAX_WAIT_MS };
      }
    }
    const due = this.#markerCheckDue;
    if (due === null || facts.screen !== 'chats' || now < due.notBefore) return;
    const evidence = markerEvidence(facts);
    // A moved marker is told at once; a clean result waits until every marker had something to match.
    if (evidence.missing.length === 0 && evidence.unverified.length > 0 && now < due.giveUpAt) return;
    this.#markerCheckDue = null;
    this.#recordMarkerCheck(due.build, evidence, now);
  }

  /** Looks whether a task is due and runs it; called on the check interval and after a wake-up. */
  async tick(): Promise<void> {
    if (this.#running || !this.#deps.settings.maintenance.enabled) return;
    this.#running = true;
    try {
      const now = this.#deps.clock.now();
      // Timers fire late after a sleep, often before the shell's wake-up signal: a beat that came
      // far too late is a wake-up too.
      if (now - this.#lastTickAt > this.#deps.settings.maintenance.checkIntervalMs * 3) this.#settleFrom(now);
      this.#lastTickAt = now;
      const busy = busyNow(this.#busy, now);
      if (this.#gpuPurgeDue && busy.length === 0) {
        this.#gpuPurgeDue = false;
        await this.#purge('version-change', 'version-change');
      }
      const { maintenance } = this.#deps.settings;
      for (const task of WINDOWED_TASKS) {
        const decision = decideSchedule({
          now: this.#deps.clock.now(),
          windows: maintenance.windows,
          lastRunAt: this.#runs.lastRunAt(task),
          minIntervalMs: maintenance.purgeMinIntervalHours * 3_600_000,
          busy: busyNow(this.#busy, this.#deps.clock.now()),
          catchUpFrom: this.#catchUpFrom,
        });
        const waiting = decision.kind === 'wait' && decision.reason === 'busy';
        if (waiting && !this.#waiting.has(task))
          this.#deps.log.info({ task, busy: decision.busy }, 'maintenance due, waiting: the agent is active');
        if (waiting) this.#waiting.add(task);
        else this.#waiting.delete(task);
        if (decision.kind !== 'run') continue;
        if (task === 'purge') await this.#purge('scheduled', decision.trigger);
        else await this.#housekeeping(decision.trigger);
      }
    } finally {
      this.#running = false;
    }
  }

  /** Windows missed while asleep are caught up once the machine has settled. */
  #settleFrom(now: number): void {
    this.#catchUpFrom = Math.max(this.#catchUpFrom, now + this.#deps.settings.maintenance.catchUpDelayMs);
  }

  /** WhatsApp Web's build as last read from the page, null before the first read. */
  whatsappBuild(): string | null {
    return this.#versions.versions()?.whatsapp ?? null;
  }

  status(): MaintenanceStatus {
    const now = this.#deps.clock.now();
    return {
      runs: this.#runs.list(20),
      memory: this.#assessment(now),
      samples: this.#samples.slice(-120),
      versions: this.#versions.versions(),
      markerCheck: this.#versions.markerCheck(),
      busy: busyNow(this.#busy, now),
      deepResetAllowed: this.#deps.settings.maintenance.deepResetAllowed,
    };
  }

  /** Runs every check, writes the report (JSON and text in the agent's language) and records the run. */
  async diagnose(trigger: 'agent' | 'it'): Promise<{ report: DiagnosticsReport; files: { json: string; text: string } }> {
    const deps = this.#deps;
    const startedAt = deps.clock.now();
    const report = await diagnose({
      settings: deps.settings,
      db: deps.db,
      dataDir: deps.environment.dataDir,
      logsDir: deps.environment.logsDir,
      backupsDir: deps.backupsDir,
      versions: this.#versions,
      markersVersion: deps.markersVersion,
      memory: this.#assessment(startedAt),
      now: () => deps.clock.now(),
      env: process.env,
      ...(deps.probe ? { probe: deps.probe } : {}),
    });
    const files = await writeReport(report, join(deps.environment.dataDir, 'diagnostics'), deps.language);
    const failing = report.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.status}`);
    this.#record('diagnostics', trigger, startedAt, report.overall === 'pass' ? 'ok' : report.overall === 'warn' ? 'warn' : 'failed', {
      file: files.json,
      failing,
    });
    return { report, files };
  }

  /** IT's deep reset: clears all of WhatsApp's storage (this logs the agent out) and loads WhatsApp again. */
  async deepReset(): Promise<void> {
    const startedAt = this.#deps.clock.now();
    this.#deps.log.warn({ it: true }, 'deep reset asked by IT: WhatsApp will be logged out');
    await this.#deps.surface.clearAllData();
    await this.#deps.surface.load(this.#deps.settings.general.whatsappUrl);
    this.#record('purge', 'it', startedAt, 'ok', { deepReset: true });
  }

  #assessment(now: number): MemoryAssessment {
    const { maintenance } = this.#deps.settings;
    return assessMemory(this.#samples, now, {
      reloadMb: maintenance.memoryReloadMb,
      growthMbPerHour: maintenance.memoryGrowthMbPerHour,
      growthWindowMs: maintenance.memoryGrowthWindowMs,
    });
  }

  async #sampleMemory(): Promise<void> {
    const { surface, settings, clock, log } = this.#deps;
    const mb = await surface.memoryUsageMb();
    const now = clock.now();
    if (mb !== null) this.#samples = addSample(this.#samples, { at: now, mb }, settings.maintenance.memoryGrowthWindowMs * 2);
    const assessment = this.#assessment(now);
    const decision = decideMemoryReload({
      assessment,
      now,
      lastReloadAt: this.#runs.lastRunAt('memory-reload'),
      minIntervalMs: settings.maintenance.memoryReloadMinIntervalMs,
      busy: busyNow(this.#busy, now),
    });
    if (decision.kind !== 'reload') return;
    log.warn(
      { mb: assessment.latestMb, slope: assessment.slopeMbPerHour, state: assessment.state },
      'WhatsApp memory: reloading while the agent is idle',
    );
    const outcome = await this.#attempt(() => surface.reload());
    // The reload starts a new renderer: the old trend says nothing about it.
    this.#samples = [];
    this.#record('memory-reload', 'memory', now, outcome.result, {
      mb: assessment.latestMb,
      state: assessment.state,
      error: outcome.error,
    });
  }

  async #purge(reason: PurgeReason, trigger: string): Promise<void> {
    const { surface, clock } = this.#deps;
    const startedAt = clock.now();
    const plan = planPurge(reason, this.#deps.whatsappReachable());
    let cleared: string[] = [];
    const outcome = await this.#attempt(async () => {
      await surface.flushStorage();
      cleared = await surface.clearCaches(plan.parts);
    });
    const unsupported = plan.parts.filter((part) => !cleared.includes(part));
    this.#record(reason === 'scheduled' ? 'purge' : 'gpu-purge', trigger, startedAt, outcome.result, {
      cleared,
      kept: plan.kept,
      unsupported,
      error: outcome.error,
    });
  }

  async #housekeeping(trigger: string): Promise<void> {
    const deps = this.#deps;
    const startedAt = deps.clock.now();
    const { maintenance } = deps.settings;
    try {
      const outcome = await runHousekeeping({
        db: deps.db,
        gate: deps.writeGate,
        dataDir: deps.environment.dataDir,
        logsDir: deps.environment.logsDir,
        now: startedAt,
        diskFloorMb: maintenance.diskFloorMb,
        incidentRetentionDays: maintenance.incidentRetentionDays,
        runRetentionDays: maintenance.runRetentionDays,
      });
      if (outcome.result !== 'ok') deps.log.error({ it: true, ...outcome.detail }, 'housekeeping found a problem');
      this.#record('housekeeping', trigger, startedAt, outcome.result, outcome.detail);
    } catch (error) {
      this.#record('housekeeping', trigger, startedAt, 'failed', { error: (error as Error).message });
    }
  }

  #recordMarkerCheck(build: string, { missing, unverified }: MarkerEvidence, at: number): void {
    this.#versions.setMarkerCheck({ build, at, missing });
    if (missing.length > 0) {
      this.#deps.log.error({ it: true, build, missing }, 'the probe marker pack no longer matches this WhatsApp Web build');
    }
    this.#record('version-check', 'version-change', at, missing.length > 0 ? 'warn' : 'ok', { build, missing, unverified });
  }

  /** App, browser and Electron versions as of this start; a change since the last start gets the GPU cache cleared. */
  #recordShellVersions(): void {
    const { environment, settings, clock, log } = this.#deps;
    const now = clock.now();
    const previous = this.#versions.versions();
    const current: Versions = { ...environment.versions, whatsapp: previous?.whatsapp ?? null };
    if (shellChanged(previous, current)) {
      log.info({ from: previous, to: current }, 'app or browser version changed: the GPU and code caches will be cleared');
      this.#gpuPurgeDue = true;
    }
    this.#versions.setVersions(current, now);
    if (browserTooOld(current.browser, settings.maintenance.minBrowserMajor)) {
      log.error(
        { it: true, browser: current.browser, minimum: settings.maintenance.minBrowserMajor },
        'the browser is older than WhatsApp Web accepts',
      );
    }
  }

  async #attempt(action: () => Promise<void>): Promise<{ result: RunResult; error: string | null }> {
    try {
      await action();
      return { result: 'ok', error: null };
    } catch (error) {
      return { result: 'failed', error: (error as Error).message };
    }
  }

  #record(task: MaintenanceTask, trigger: string, startedAt: number, result: RunResult, detail: Record<string, unknown>): void {
    const finishedAt = this.#deps.clock.now();
    this.#runs.record({ task, trigger, startedAt, finishedAt, result, detail: JSON.stringify(detail) });
    this.#deps.log.info({ task, trigger, result, ms: finishedAt - startedAt, ...detail }, 'maintenance run');
  }
}
