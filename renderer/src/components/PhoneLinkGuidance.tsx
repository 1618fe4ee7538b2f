import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskStatus } from '../../../main/core/ipc/contract.ts';

const STEP_KEYS = ['guidance.step1', 'guidance.step2', 'guidance.step3', 'guidance.step4'] as const;

interface PhoneLinkGuidanceProps {
  /**
   * `bar`: one step at a time inside the status bar, so it never covers the WhatsApp view the
   * steps refer to. `full`: every step at once, in the failover pane.
   */
  variant: 'bar' | 'full';
}

/** How to link WhatsApp with a phone number when the QR code does not work. */
export function PhoneLinkGuidance({ variant }: PhoneLinkGuidanceProps) {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const steps = STEP_KEYS.map((key) => t(key));

  if (variant === 'full') {
    return (
      <section className="guidance guidance--full" data-testid="phone-link-guidance" aria-labelledby="guidance-title">
        <h2 id="guidance-title">{t('guidance.title')}</h2>
        <p>{t('guidance.intro')}</p>
        <ol className="guidance__steps">
          {steps.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ol>
        <p className="guidance__note">{t('guidance.failoverNote')}</p>
        <p className="guidance__it">{t('guidance.itTold')}</p>
      </section>
    );
  }

  const last = steps.length - 1;
  return (
    <section
      className="guidance guidance--bar"
      data-testid="phone-link-guidance"
      data-step={step + 1}
      aria-label={t('guidance.title')}
      title={`${t('guidance.title')}\n${steps.map((text, i) => `${i + 1}. ${text}`).join('\n')}\n${t('guidance.itTold')}`}
    >
      <div className="guidance__label">
        <div className="bar-primary">{t('guidance.short')}</div>
        <div className="bar-secondary">
          <span className="guidance__count">{t('guidance.stepOf', { n: step + 1, total: steps.length })}</span> {t('guidance.itTold')}
        </div>
      </div>
      <div className="guidance__step" aria-live="polite">
        {steps[step]}
      </div>
      <div className="guidance__nav">
        <button
          type="button"
          aria-label={t('guidance.previous')}
          title={t('guidance.previous')}
          disabled={step === 0}
          onClick={() => setStep((s) => Math.max(0, s - 1))}
        >
          ‹
        </button>
        <button
          type="button"
          aria-label={t('guidance.next')}
          title={t('guidance.next')}
          disabled={step === last}
          onClick={() => setStep((s) => Math.min(last, s + 1))}
        >
          ›
        </button>
      </div>
    </section>
  );
}

type Guidance = NonNullable<KioskStatus['guidance']>;

/**
 * The failover pane's guidance for whatever only a person can end: the phone link's steps, or
 * what to do when WhatsApp is open elsewhere, the account is blocked or the network intercepts
 * WhatsApp (texts under `advice.<guidance>` in both languages).
 */
export function AgentGuidance({ guidance }: { guidance: Guidance }) {
  const { t } = useTranslation();
  if (guidance === 'link-with-phone-number') return <PhoneLinkGuidance variant="full" />;
  return (
    <section className="guidance guidance--full" data-testid="agent-guidance" data-guidance={guidance} aria-labelledby="advice-title">
      <h2 id="advice-title">{t(`advice.${guidance}.title`)}</h2>
      <p>{t(`advice.${guidance}.text`)}</p>
      <ol className="guidance__steps">
        <li>{t(`advice.${guidance}.step1`)}</li>
        <li>{t(`advice.${guidance}.step2`)}</li>
      </ol>
    </section>
  );
}
