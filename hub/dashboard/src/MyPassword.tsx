import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account } from './api.ts';
import { Problem, useAction } from './useAction.tsx';

/** Anyone changes their own password, with the current one; their other sessions end. */
export function MyPassword({ account }: { account: Account }) {
  const { t } = useTranslation();
  const save = useAction();
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setDone(false);
    save.run(
      () => api.post('api/me/password', account.csrfToken, { oldPassword: data.get('oldPassword'), newPassword: data.get('newPassword') }),
      () => {
        form.reset();
        setDone(true);
      },
    );
  };
  return (
    <section className="admin">
      <h2>{t('password.heading')}</h2>
      <form className="stack" onSubmit={submit}>
        <label>
          {t('password.old')} <input name="oldPassword" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('password.new')}{' '}
          <input name="newPassword" type="password" autoComplete="new-password" minLength={12} maxLength={256} required />
        </label>
        <button type="submit" disabled={save.busy}>
          {t('password.save')}
        </button>
        {done && <p role="status">{t('password.saved')}</p>}
        <Problem action={save} />
      </form>
    </section>
  );
}
