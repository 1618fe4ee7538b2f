import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account } from './api.ts';
import { Floor } from './Floor.tsx';
import { Incidents } from './Incidents.tsx';
import { Uptime } from './Uptime.tsx';
import { useLive } from './useLive.ts';

type Tab = 'floor' | 'incidents' | 'uptime';

export function App() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('floor');
  const [window, setWindow] = useState<'24h' | '30d'>('24h');
  const live = useLive(Boolean(account));
  useEffect(() => {
    api.me().then(setAccount, () => setAccount(null));
  }, []);
  useEffect(() => {
    document.title = t('title');
    document.documentElement.lang = i18n.language;
  }, [t, i18n.language]);
  if (account === undefined) return null;
  if (account === null) return <Login onSignedIn={setAccount} />;
  return (
    <main>
      <header>
        <h1>{t('title')}</h1>
        <nav>
          {(['floor', 'incidents', 'uptime'] as const).map((name) => (
            <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
              {t(`tabs.${name}`)}
            </button>
          ))}
        </nav>
        {tab !== 'floor' && (
          <select value={window} onChange={(event) => setWindow(event.target.value as '24h' | '30d')}>
            <option value="24h">{t('window.24h')}</option>
            <option value="30d">{t('window.30d')}</option>
          </select>
        )}
        <span className={live.connected ? 'live on' : 'live off'} data-testid="live">
          {live.connected ? t('live.on') : t('live.off')}
        </span>
        <select
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
  );
}
