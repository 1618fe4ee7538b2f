import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account, type EscalationPolicy } from './api.ts';
import { Problem, useAction } from './useAction.tsx';
import { clock } from './useNow.ts';
import { useResource } from './useResource.ts';

type DraftChannel = { type: 'email'; to: string } | { type: 'webhook'; url: string; format: 'json' | 'slack' | 'teams' };
interface DraftLevel {
  name: string;
  budget: 'rto' | 'mtd';
  /** Share of the budget, in percent as typed. */
  percent: string;
  channels: DraftChannel[];
}
interface Draft {
  rtoMinutes: string;
  mtdMinutes: string;
  repeatMinutes: string;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  timeZone: string;
  recoveryNotices: boolean;
  levels: DraftLevel[];
}

/** The form holds what was typed; the hub checks it against the same schema as its config file. */
/** The budgets and the repeat interval: three minute fields of one kind. */
const MINUTE_FIELDS = [
  ['rtoMinutes', 'escalation.rto'],
  ['mtdMinutes', 'escalation.mtd'],
  ['repeatMinutes', 'escalation.repeat'],
] as const;

function toDraft(policy: EscalationPolicy): Draft {
  return {
    rtoMinutes: String(policy.rtoMinutes),
    mtdMinutes: String(policy.mtdMinutes),
    repeatMinutes: String(policy.repeatMinutes),
    quiet: policy.quietHours !== null,
    quietFrom: policy.quietHours?.from ?? '22:00',
    quietTo: policy.quietHours?.to ?? '07:00',
    timeZone: policy.quietHours?.timeZone ?? 'UTC',
    recoveryNotices: policy.recoveryNotices,
    levels: policy.levels.map((level) => ({
      name: level.name,
      budget: level.budget,
      percent: String(Math.round(level.share * 10_000) / 100),
      channels: level.channels.map((channel) => (channel.type === 'email' ? { type: 'email', to: channel.to.join(', ') } : { ...channel })),
    })),
  };
}

function fromDraft(draft: Draft): unknown {
  return {
    rtoMinutes: Number(draft.rtoMinutes),
    mtdMinutes: Number(draft.mtdMinutes),
    repeatMinutes: Number(draft.repeatMinutes),
    quietHours: draft.quiet ? { from: draft.quietFrom, to: draft.quietTo, timeZone: draft.timeZone } : null,
    recoveryNotices: draft.recoveryNotices,
    levels: draft.levels.map((level) => ({
      name: level.name,
      budget: level.budget,
      share: Number(level.percent) / 100,
      channels: level.channels.map((channel) =>
        channel.type === 'email' ? { type: 'email', to: channel.to.split(/[\s,;]+/).filter(Boolean) } : channel,
      ),
    })),
  };
}

/** IT edits the escalation chain; a save is in force on every hub sharing the database. */
export function EscalationSettings({ account }: { account: Account }) {
  const { t } = useTranslation();
  const saved = useResource(() => api.escalation(), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [done, setDone] = useState(false);
  const save = useAction();
  useEffect(() => {
    if (saved.data) setDraft(toDraft(saved.data.policy));
  }, [saved.data]);
  if (!draft || !saved.data) return null;
  const set = (patch: Partial<Draft>) => {
    setDone(false);
    setDraft({ ...draft, ...patch });
  };
  const setLevel = (index: number, patch: Partial<DraftLevel>) =>
    set({ levels: draft.levels.map((level, i) => (i === index ? { ...level, ...patch } : level)) });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.run(
      () => api.put('api/settings/escalation', account.csrfToken, fromDraft(draft)),
      () => {
        setDone(true);
        saved.reload();
      },
    );
  };
  return (
    <section className="admin">
      <h2>{t('escalation.heading')}</h2>
      <p>
        {saved.data.changedBy
          ? t('escalation.changed', { who: saved.data.changedBy, time: clock(saved.data.changedAt ?? 0) })
          : t('escalation.fromConfig')}
      </p>
      <form className="stack" onSubmit={submit} data-testid="escalation-form">
        <fieldset className="row">
          <legend>{t('escalation.budgets')}</legend>
          {MINUTE_FIELDS.map(([field, label]) => (
            <label key={field}>
              {t(label)}{' '}
              <input type="number" min={0} step="any" required value={draft[field]} onChange={(e) => set({ [field]: e.target.value })} />
            </label>
          ))}
          <label>
            <input type="checkbox" checked={draft.recoveryNotices} onChange={(e) => set({ recoveryNotices: e.target.checked })} />{' '}
            {t('escalation.recovery')}
          </label>
        </fieldset>
        <fieldset className="row">
          <legend>{t('escalation.quiet')}</legend>
          <label>
            <input type="checkbox" checked={draft.quiet} onChange={(e) => set({ quiet: e.target.checked })} /> {t('escalation.quietOn')}
          </label>
          <label>
            {t('escalation.from')}{' '}
            <input type="time" disabled={!draft.quiet} value={draft.quietFrom} onChange={(e) => set({ quietFrom: e.target.value })} />
          </label>
          <label>
            {t('escalation.to')}{' '}
            <input type="time" disabled={!draft.quiet} value={draft.quietTo} onChange={(e) => set({ quietTo: e.target.value })} />
          </label>
          <label>
            {t('escalation.timeZone')}{' '}
            <input disabled={!draft.quiet} value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
          </label>
        </fieldset>
        {draft.levels.map((level, index) => (
          <fieldset key={index} className="stack" data-testid={`level-${index + 1}`}>
            <legend>{t('escalation.level', { n: index + 1 })}</legend>
            <div className="row">
              <label>
                {t('escalation.name')}{' '}
                <input required maxLength={64} value={level.name} onChange={(e) => setLevel(index, { name: e.target.value })} />
              </label>
              <label>
                {t('escalation.after')}{' '}
                <input
                  type="number"
                  min={0}
                  max={1000}
                  step="any"
                  required
                  value={level.percent}
                  onChange={(e) => setLevel(index, { percent: e.target.value })}
                />
              </label>
              <label>
                {t('escalation.of')}{' '}
                <select value={level.budget} onChange={(e) => setLevel(index, { budget: e.target.value as 'rto' | 'mtd' })}>
                  <option value="rto">{t('escalation.budgetRto')}</option>
                  <option value="mtd">{t('escalation.budgetMtd')}</option>
                </select>
              </label>
              <button type="button" onClick={() => set({ levels: draft.levels.filter((_, i) => i !== index) })}>
                {t('escalation.removeLevel', { n: index + 1 })}
              </button>
            </div>
            {level.channels.map((channel, c) => (
              <ChannelEditor
                key={c}
                channel={channel}
                label={t('escalation.channel', { n: c + 1, level: index + 1 })}
                onChange={(next) => setLevel(index, { channels: level.channels.map((old, i) => (i === c ? next : old)) })}
                onRemove={() => setLevel(index, { channels: level.channels.filter((_, i) => i !== c) })}
              />
            ))}
            <div className="row">
              <button type="button" onClick={() => setLevel(index, { channels: [...level.channels, { type: 'email', to: '' }] })}>
                {t('escalation.addEmail')}
              </button>
              <button
                type="button"
                onClick={() => setLevel(index, { channels: [...level.channels, { type: 'webhook', url: '', format: 'json' }] })}
              >
                {t('escalation.addWebhook')}
              </button>
            </div>
          </fieldset>
        ))}
        <div className="row">
          <button
            type="button"
            onClick={() =>
              set({ levels: [...draft.levels, { name: '', budget: 'rto', percent: '50', channels: [{ type: 'email', to: '' }] }] })
            }
          >
            {t('escalation.addLevel')}
          </button>
          <button type="submit" disabled={save.busy}>
            {t('escalation.save')}
          </button>
        </div>
        {done && <p role="status">{t('escalation.saved')}</p>}
        <Problem action={save} />
      </form>
    </section>
  );
}

function ChannelEditor(props: { channel: DraftChannel; label: string; onChange: (channel: DraftChannel) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const { channel } = props;
  return (
    <div className="row channel" role="group" aria-label={props.label}>
      {channel.type === 'email' ? (
        <label>
          {t('escalation.recipients')}{' '}
          <input
            required
            size={40}
            placeholder="lead@example.com, deputy@example.com"
            value={channel.to}
            onChange={(e) => props.onChange({ ...channel, to: e.target.value })}
          />
        </label>
      ) : (
        <>
          <label>
            {t('escalation.url')}{' '}
            <input
              type="url"
              required
              size={40}
              value={channel.url}
              onChange={(e) => props.onChange({ ...channel, url: e.target.value })}
            />
          </label>
          <label>
            {t('escalation.format')}{' '}
            <select
              value={channel.format}
              onChange={(e) => props.onChange({ ...channel, format: e.target.value as 'json' | 'slack' | 'teams' })}
            >
              <option value="json">JSON</option>
              <option value="slack">Slack</option>
              <option value="teams">Teams</option>
            </select>
          </label>
        </>
      )}
      <button type="button" onClick={props.onRemove}>
        {t('escalation.removeChannel')}
      </button>
    </div>
  );
}
