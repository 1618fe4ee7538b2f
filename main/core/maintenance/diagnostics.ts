import { lookup } from 'node:dns/promises';
import { constants } from 'node:fs';
import { access, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { whoAnswered } from '../health/classify-network.ts';
import type { HttpProbeResult } from '../health/http-probe.ts';
import type { LogFiles } from './housekeeping.ts';
import { diskStatus, logsStatus } from './housekeeping.ts';
import type { MemoryAssessment } from './memory-trend.ts';
import type { MarkerCheck } from './memory-of-versions.ts';
import { browserTooOld, type Versions } from './versions.ts';

import type { CheckStatus, DiagnosticCheck, DiagnosticCheckId, DiagnosticsReport } from '../ipc/maintenance-wire.ts';

export { DIAGNOSTIC_CHECKS } from '../ipc/maintenance-wire.ts';
export type { DiagnosticCheck, DiagnosticCheckId, DiagnosticsReport } from '../ipc/maintenance-wire.ts';

/** Everything the checks look at, gathered first (effects), so judging it is a pure step. */
export interface DiagnosticFacts {
  whatsappUrl: string;
  independentUrl: string;
  whatsapp: HttpProbeResult;
  independent: HttpProbeResult;
  slowResponseMs: number;
  /** WhatsApp's host name resolved; null: not looked up (a loopback address). */
  dns: { ok: boolean; detail: string } | null;
  proxy: string | null;
  freeMb: number | null;
  diskFloorMb: number;
  dataDirWritable: string | null;
  memory: MemoryAssessment | null;
  versions: Versions | null;
  minBrowserMajor: number;
  browserRejectedAt: number | null;
  markersVersion: string;
  markerCheck: MarkerCheck | null;
  databaseProblems: string | null;
  lastBackupAt: number | null;
  backupMaxAgeMs: number;
  logs: LogFiles | null;
  now: number;
}

const DAY_MS = 86_400_000;

export function judgeDiagnostics(facts: DiagnosticFacts, seatId: string): DiagnosticsReport {
  const checks: DiagnosticCheck[] = [
    probeCheck('network', facts.independent, facts.independentUrl, facts.slowResponseMs),
    dnsCheck(facts),
    probeCheck('whatsapp', facts.whatsapp, facts.whatsappUrl, facts.slowResponseMs),
    { id: 'proxy', status: 'pass', detail: facts.proxy ?? 'no proxy in the environment' },
    { id: 'disk', status: diskStatus(facts.freeMb, facts.diskFloorMb), detail: diskDetail(facts) },
    {
      id: 'permissions',
      status: facts.dataDirWritable === null ? 'pass' : 'fail',
      detail: facts.dataDirWritable ?? 'user-data folder writable',
    },
    memoryCheck(facts.memory),
    versionsCheck(facts),
    packCheck(facts),
    { id: 'database', status: facts.databaseProblems === null ? 'pass' : 'fail', detail: facts.databaseProblems ?? 'integrity_check ok' },
    backupCheck(facts),
    {
      id: 'logs',
      status: logsStatus(facts.logs),
      detail: facts.logs ? `${facts.logs.count} files, largest ${mb(facts.logs.largestBytes)} MB` : 'log folder unreadable',
    },
  ];
  const overall: CheckStatus = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return { at: facts.now, seatId, overall, checks };
}

function probeCheck(id: 'network' | 'whatsapp', result: HttpProbeResult, url: string, slowMs: number): DiagnosticCheck {
  const answerer = whoAnswered(result);
  const answered =
    result.status === null ? `no answer (${result.error ?? 'unknown'})` : `HTTP ${result.status} in ${result.latencyMs ?? '?'} ms`;
  const detail = `${url}: ${answered}${answerer === 'whatsapp' ? '' : `, answered by: ${answerer}`}`;
  if (answerer !== 'whatsapp') return { id, status: 'fail', detail };
  return { id, status: (result.latencyMs ?? 0) > slowMs ? 'warn' : 'pass', detail };
}

function dnsCheck(facts: DiagnosticFacts): DiagnosticCheck {
  if (facts.dns === null) return { id: 'dns', status: 'pass', detail: 'WhatsApp address is local (no lookup)' };
  // A workstation that resolves public names only through its proxy is not broken: a warning, not a failure.
  return { id: 'dns', status: facts.dns.ok ? 'pass' : 'warn', detail: facts.dns.detail };
}

function diskDetail(facts: DiagnosticFacts): string {
  return facts.freeMb === null ? 'free space unreadable' : `${Math.round(facts.freeMb)} MB free, floor ${facts.diskFloorMb} MB`;
}

function memoryCheck(memory: MemoryAssessment | null): DiagnosticCheck {
  if (memory === null || memory.state === 'unknown') return { id: 'memory', status: 'warn', detail: 'not sampled (WhatsApp not running)' };
  const slope = memory.slopeMbPerHour === null ? 'trend not yet known' : `${memory.slopeMbPerHour.toFixed(1)} MB/h`;
  return {
    id: 'memory',
    status: memory.state === 'ok' ? 'pass' : 'warn',
    detail: `${Math.round(memory.latestMb ?? 0)} MB, ${slope}, ${memory.state}`,
  };
}

function versionsCheck(facts: DiagnosticFacts): DiagnosticCheck {
  const v = facts.versions;
  if (v === null) return { id: 'versions', status: 'warn', detail: 'not recorded yet' };
  const detail = `app ${v.app}, browser ${v.browser}${v.electron ? `, Electron ${v.electron}` : ''}, WhatsApp Web ${v.whatsapp ?? 'unknown'}`;
  if (browserTooOld(v.browser, facts.minBrowserMajor))
    return { id: 'versions', status: 'fail', detail: `${detail}; browser older than ${facts.minBrowserMajor}` };
  if (facts.browserRejectedAt !== null && facts.now - facts.browserRejectedAt < 7 * DAY_MS) {
    return {
      id: 'versions',
      status: 'warn',
      detail: `${detail}; WhatsApp rejected the browser at ${new Date(facts.browserRejectedAt).toISOString()}`,
    };
  }
  return { id: 'versions', status: 'pass', detail };
}

function packCheck(facts: DiagnosticFacts): DiagnosticCheck {
  const check = facts.markerCheck;
  const pack = `marker pack ${facts.markersVersion}`;
  if (check === null) return { id: 'probe-pack', status: 'pass', detail: `${pack}; no WhatsApp build checked yet` };
  if (check.missing.length > 0)
    return { id: 'probe-pack', status: 'warn', detail: `${pack}; build ${check.build} misses: ${check.missing.join(', ')}` };
  return { id: 'probe-pack', status: 'pass', detail: `${pack}; matches build ${check.build}` };
}

function backupCheck(facts: DiagnosticFacts): DiagnosticCheck {
  if (facts.lastBackupAt === null) return { id: 'backup', status: 'warn', detail: 'no backup yet' };
  const age = facts.now - facts.lastBackupAt;
  const detail = `last backup ${new Date(facts.lastBackupAt).toISOString()} (${(age / 3_600_000).toFixed(1)} h ago)`;
  return { id: 'backup', status: age > facts.backupMaxAgeMs ? 'warn' : 'pass', detail };
}

function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

/** The proxy the environment sets, without credentials; null when none. */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): string | null {
  const found = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'].flatMap((name) => {
    const value = env[name];
    return value ? [`${name}=${withoutCredentials(value)}`] : [];
  });
  return found.length > 0 ? found.join(', ') : null;
}

function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(unparsable)';
  }
}

/** Resolves WhatsApp's host; loopback and literal addresses are not looked up. */
export async function resolveHost(url: string): Promise<{ ok: boolean; detail: string } | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':')) return null;
  try {
    const { address } = await lookup(host);
    return { ok: true, detail: `${host} -> ${address}` };
  } catch (error) {
    return { ok: false, detail: `${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/** Writes and removes a file in the user-data folder; null when that works, else why not. */
export async function writableProblem(dir: string): Promise<string | null> {
  const probe = join(dir, `.diagnose-${process.pid}`);
  try {
    await access(dir, constants.W_OK);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return null;
  } catch (error) {
    return `${dir}: ${(error as Error).message}`;
  }
}

export type DiagnosticsText = {
  title: string;
  overall: string;
  status: Record<CheckStatus, string>;
  check: Record<DiagnosticCheckId, string>;
};

/** The readable report, in the agent's language (`text` is the `diagnostics` namespace of the UI strings). */
export function reportText(report: DiagnosticsReport, text: DiagnosticsText): string {
  const lines = [
    `${text.title} — ${report.seatId} — ${new Date(report.at).toISOString()}`,
    `${text.overall}: ${text.status[report.overall]}`,
    '',
  ];
  for (const check of report.checks) lines.push(`[${text.status[check.status]}] ${text.check[check.id]}: ${check.detail}`);
  return `${lines.join('\n')}\n`;
}
