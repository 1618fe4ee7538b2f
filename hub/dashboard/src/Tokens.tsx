import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account, type EnrolmentTokenRow } from './api.ts';
import { Problem, useAction } from './useAction.tsx';
import { clock } from './useNow.ts';
import { useResource } from './useResource.ts';

/** IT's enrolment tokens: create one (shown once), see each one's scope, expiry and use, revoke. */
export function Tokens({ account }: { account: Account }) {
  const { t } = useTranslation();
  const tokens = useResource(() => api.tokens(), []);
  const action = useAction();
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const scope = {
      ...(text('team') ? { team: text('team') } : {}),
      ...(text('site') ? { site: text('site') } : {}),
      ...(text('days') ? { days: Number(text('days')) } : {}),
    };
    setCopied(false);
    action.run(async () => {
      const answer = await api.post<{ token: string }>('api/enrolment-tokens', account.csrfToken, scope);
      setCreated(answer.token);
      tokens.reload();
    });
  };
  const copy = () => {
    if (!created) return;
    // The clipboard API needs a secure page (HTTPS or loopback); elsewhere the token is selected for Ctrl+C.
    if (navigator.clipboard) {
      navigator.clipboard.writeText(created).then(() => setCopied(true), console.error);
      return;
    }
    const output = document.querySelector('[data-testid="new-token"]');
    if (output) window.getSelection()?.selectAllChildren(output);
  };
  return (
    <section className="admin">
      <h2>{t('tokens.heading')}</h2>
      <form className="row" onSubmit={submit} data-testid="create-token">
        <label>
          {t('tokens.team')} <input name="team" maxLength={64} placeholder={t('tokens.any')} />
        </label>
        <label>
          {t('tokens.site')} <input name="site" maxLength={64} placeholder={t('tokens.any')} />
        </label>
        <label>
          {t('tokens.days')} <input name="days" type="number" min={1} max={365} placeholder={t('tokens.noExpiry')} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('tokens.create')}
        </button>
      </form>
      {created && (
        <div className="once" role="status">
          <p>{t('tokens.once')}</p>
          <output data-testid="new-token">{created}</output>{' '}
          <button type="button" onClick={copy}>
            {copied ? t('tokens.copied') : t('tokens.copy')}
          </button>
        </div>
      )}
      <Problem action={action} />
      <table data-testid="tokens">
        <thead>
          <tr>
            <th>{t('tokens.id')}</th>
            <th>{t('tokens.created')}</th>
            <th>{t('tokens.scope')}</th>
            <th>{t('tokens.expires')}</th>
            <th>{t('tokens.used')}</th>
            <th>{t('tokens.status')}</th>
            <th>{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data?.tokens ?? []).map((token) => (
            <TokenRow
              key={token.id}
              token={token}
              onRevoke={() => action.run(() => api.post(`api/enrolment-tokens/${token.id}/revoke`, account.csrfToken), tokens.reload)}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TokenRow({ token, onRevoke }: { token: EnrolmentTokenRow; onRevoke: () => void }) {
  const { t } = useTranslation();
  const expired = token.expiresAt !== null && token.expiresAt <= Date.now();
  const status = token.revokedAt !== null ? t('tokens.revoked') : expired ? t('tokens.expired') : t('tokens.valid');
  return (
    <tr data-testid={`token-${token.id}`}>
      <td>#{token.id}</td>
      <td>{clock(token.createdAt)}</td>
      <td>
        {t('tokens.team')}: {token.team ?? t('tokens.any')} · {t('tokens.site')}: {token.site ?? t('tokens.any')}
      </td>
      <td>{token.expiresAt === null ? t('tokens.noExpiry') : clock(token.expiresAt)}</td>
      <td>
        {token.usedCount === 0
          ? t('tokens.unused')
          : t('tokens.usedCount', { count: token.usedCount, time: clock(token.lastUsedAt ?? token.createdAt) })}
      </td>
      <td data-testid="status">{status}</td>
      <td>
        {token.revokedAt === null && (
          <button type="button" onClick={onRevoke}>
            {t('tokens.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}
