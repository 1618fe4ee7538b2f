import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Accounts } from './Accounts.tsx';
import { api, type Account } from './api.ts';
import { AuditLog } from './AuditLog.tsx';
import { EscalationSettings } from './EscalationSettings.tsx';
import { Floor } from './Floor.tsx';
import { Incidents } from './Incidents.tsx';
import { MyPassword } from './MyPassword.tsx';
import { Tokens } from './Tokens.tsx';
import { Uptime } from './Uptime.tsx';
import { useLive } from './useLive.ts';

const EVERYONE = ['floor', 'incidents', 'uptime', 'password'] as const;
const IT_ONLY = ['accounts', 'tokens', 'audit', 'escalation'] as const;
type Tab = (typeof EVERYONE)[number] | (typeof IT_ONLY)[number];

export function App() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('floor');
  const [window, setWindow] = useState<'24h' | '30d'>('24h');
  // The hub ends the stream when the session ends (signed out elsewhere, account changed): back to the sign-in.
  const live = useLive(Boolean(account), () => setAccount(null));
  useEffect(() => {
    api.me().then(setAccount, () => setAccount(null));
  }, []);
  useEffect(() => {
    document.title = t('title');
    document.documentElement.lang = i18n.language;
  }, [t, i18n.language]);
  if (account === undefined) return null;
  if (account === null)
    return (
      <Login
        onSignedIn={(signedIn) => {
          setTab('floor');
          setAccount(signedIn);
        }}
      />
    );
  const tabs: readonly Tab[] = account.role === 'it' ? [...EVERYONE, ...IT_ONLY] : EVERYONE;
  return (
    <main>
      <header>
        <h1>{t('title')}</h1>
        <nav aria-label={t('tabs.label')}>
          {tabs.map((name) => (
            <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
              {t(`tabs.${name}`)}
            </button>
          ))}
        </nav>
        {(tab === 'incidents' || tab === 'uptime') && (
          <select aria-label={t('window.label')} value={window} onChange={(event) => setWindow(event.target.value as '24h' | '30d')}>
            <option value="24h">{t('window.24h')}</option>
            <option value="30d">{t('window.30d')}</option>
          </select>
        )}
        <span className={live.connected ? 'live on' : 'live off'} data-testid="live">
          {live.connected ? t('live.on') : t('live.off')}
        </span>
        <select
          aria-label={t('language')}
          value={i18n.language}
          onChange={(event) => {
            i18n.changeLanguage(event.target.value).catch(console.error);
          }}
        >
          <option value="en">English</option>
          <option value="zh">中文</option>
        </select>
        <span>{account.username}</span>
        <button
          type="button"
          onClick={() => {
            api.post('api/logout', account.csrfToken).then(() => setAccount(null), console.error);
          }}
        >
          {t('login.logout')}
        </button>
      </header>
      {tab === 'floor' && <Floor live={live} account={account} />}
      {tab === 'incidents' && <Incidents account={account} version={live.incidentsVersion} window={window} />}
      {tab === 'uptime' && <Uptime window={window} version={live.incidentsVersion} />}
      {tab === 'password' && <MyPassword account={account} />}
      {tab === 'accounts' && <Accounts account={account} />}
      {tab === 'tokens' && <Tokens account={account} />}
      {tab === 'audit' && <AuditLog />}
      {tab === 'escalation' && <EscalationSettings account={account} />}
    </main>
  );
}

function Login({ onSignedIn }: { onSignedIn: (account: Account) => void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    api.login(String(form.get('username')), String(form.get('password'))).then(onSignedIn, () => setFailed(true));
  };
  return (
    <main>
      <form className="login" onSubmit={submit}>
        <h1>{t('login.heading')}</h1>
        <label>
          {t('login.username')} <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('login.password')} <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">{t('login.submit')}</button>
        {failed && <p role="alert">{t('login.failed')}</p>}
      </form>
    </main>
  );
}
