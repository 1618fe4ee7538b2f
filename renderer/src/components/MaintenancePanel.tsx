import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAINTENANCE_TASKS,
  type DiagnosticsReport,
  type MaintenanceRun,
  type MaintenanceStatus,
} from '../../../main/core/ipc/maintenance-wire.ts';
import { formatClock, type UiLanguage } from '../format.ts';
import { errorMessage, getKiosk } from '../kiosk.ts';
import { Drawer } from './Drawer.tsx';
import { HubDashboardSection } from './HubDashboard.tsx';

const KNOWN_TRIGGERS = ['window', 'catch-up', 'memory', 'version-change', 'agent', 'it'];

/**
 * "Maintenance" in the status bar: the drawer with "run diagnostics" (pass/warn/fail per check,
 * the report saved for IT) and what maintenance did lately. Self-contained, so the status bar
 * only places the button.
 */
export function MaintenanceAction({ language, now }: { language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button type="button" className="bar-button" data-testid="open-maintenance" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('maintenance.title')}
      </button>
      {open ? (
        <Drawer title={t('maintenance.title')} onClose={close}>
          <MaintenancePanel language={language} now={now} />
        </Drawer>
      ) : null}
    </>
  );
}

type Diagnosis =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; report: DiagnosticsReport; file: string }
  | { state: 'error'; message: string };

export function MaintenancePanel({ language, now }: { language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MaintenanceStatus | null>(null);
  const [diagnosis, setDiagnosis] = useState<Diagnosis>({ state: 'idle' });

  const load = useCallback(() => {
    getKiosk()
      ?.invoke('maintenance:status', {})
      .then(setStatus, (error: unknown) => console.warn('kiosk: maintenance:status failed', error));
  }, []);
  useEffect(load, [load]);

  const diagnose = () => {
    const kiosk = getKiosk();
    if (!kiosk) return;
    setDiagnosis({ state: 'running' });
    kiosk.invoke('maintenance:diagnose', {}).then(
      ({ report, file }) => {
        setDiagnosis({ state: 'done', report, file });
        load();
      },
      (error: unknown) => setDiagnosis({ state: 'error', message: errorMessage(error) }),
    );
  };

  const memory = status?.memory.latestMb ?? null;
  return (
    <section className="maintenance" data-testid="maintenance">
      <p>
        <button
          type="button"
          className="bar-button"
          data-testid="run-diagnostics"
          disabled={diagnosis.state === 'running'}
          onClick={diagnose}
        >
          {diagnosis.state === 'running' ? t('diagnostics.running') : t('diagnostics.run')}
        </button>
      </p>
      {diagnosis.state === 'error' ? <p role="alert">{t('diagnostics.failed', { error: diagnosis.message })}</p> : null}
      {diagnosis.state === 'done' ? <DiagnosisView report={diagnosis.report} file={diagnosis.file} /> : null}
      <p className="muted" data-testid="maintenance-memory">
        {memory === null ? t('maintenance.memoryUnknown') : t('maintenance.memory', { mb: Math.round(memory) })}
      </p>
      {status?.deepResetAllowed ? <DeepReset /> : null}
      <HubDashboardSection />
      <h3>{t('maintenance.runs')}</h3>
      {status && status.runs.length > 0 ? (
        <ol data-testid="maintenance-runs">
          {status.runs.map((run) => (
            <RunItem key={run.id} run={run} language={language} now={now} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t('maintenance.none')}</p>
      )}
    </section>
  );
}

/** IT's deep reset: logs WhatsApp out, so it takes a second, explicit confirmation. */
function DeepReset() {
  const { t } = useTranslation();
  const [step, setStep] = useState<'idle' | 'confirm' | 'running' | 'done' | { error: string }>('idle');
  const reset = () => {
    setStep('running');
    getKiosk()
      ?.invoke('maintenance:deep-reset', { confirm: 'LOG OUT WHATSAPP' })
      .then(
        () => setStep('done'),
        (error: unknown) => setStep({ error: errorMessage(error) }),
      );
  };
  return (
    <div data-testid="deep-reset">
      {step === 'idle' ? (
        <button type="button" className="bar-button" onClick={() => setStep('confirm')}>
          {t('maintenance.deepReset.action')}
        </button>
      ) : null}
      {step === 'confirm' ? (
        <p role="alert">
          {t('maintenance.deepReset.warning')}{' '}
          <button type="button" className="bar-button" data-testid="deep-reset-confirm" onClick={reset}>
            {t('maintenance.deepReset.confirm')}
          </button>{' '}
          <button type="button" className="bar-button" onClick={() => setStep('idle')}>
            {t('maintenance.deepReset.cancel')}
          </button>
        </p>
      ) : null}
      {step === 'running' ? <p>{t('maintenance.deepReset.running')}</p> : null}
      {step === 'done' ? <p>{t('maintenance.deepReset.done')}</p> : null}
      {typeof step === 'object' ? <p role="alert">{t('maintenance.deepReset.failed', { error: step.error })}</p> : null}
    </div>
  );
}

function DiagnosisView({ report, file }: { report: DiagnosticsReport; file: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="diagnostics-report" data-overall={report.overall}>
      <p>
        <strong>{t('diagnostics.overall')}:</strong> {t(`diagnostics.status.${report.overall}`)}
      </p>
      <ul>
        {report.checks.map((check) => (
          <li key={check.id} data-check={check.id} data-status={check.status}>
            <strong>[{t(`diagnostics.status.${check.status}`)}]</strong> {t(`diagnostics.check.${check.id}`)}
            <span className="muted"> · {check.detail}</span>
          </li>
        ))}
      </ul>
      <p className="muted">{t('diagnostics.saved', { file })}</p>
    </div>
  );
}

function RunItem({ run, language, now }: { run: MaintenanceRun; language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const task = (MAINTENANCE_TASKS as readonly string[]).includes(run.task) ? t(`maintenance.task.${run.task}`) : run.task;
  const trigger = KNOWN_TRIGGERS.includes(run.trigger) ? t(`maintenance.trigger.${run.trigger}`) : run.trigger;
  return (
    <li data-task={run.task} data-result={run.result}>
      <time dateTime={new Date(run.startedAt).toISOString()}>{formatClock(run.startedAt, language, now)}</time> {task} · {trigger} ·{' '}
      {t(`maintenance.result.${run.result}`)}
    </li>
  );
}
