import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account, type AccountRow } from './api.ts';
import { Problem, useAction, type Action } from './useAction.tsx';
import { clock } from './useNow.ts';
import { useResource } from './useResource.ts';

/** IT's accounts screen: who may sign in, with which role; add, change, reset, disable, remove. */
export function Accounts({ account }: { account: Account }) {
  const { t } = useTranslation();
  const users = useResource(() => api.users(), []);
  const action = useAction();
  return (
    <section className="admin">
      <h2>{t('accounts.heading')}</h2>
      <AddUser account={account} action={action} onAdded={users.reload} />
      <Problem action={action} />
      <table data-testid="users">
        <thead>
          <tr>
            <th>{t('accounts.username')}</th>
            <th>{t('accounts.role')}</th>
            <th>{t('accounts.created')}</th>
            <th>{t('accounts.lastLogin')}</th>
            <th>{t('accounts.status')}</th>
            <th>{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.users ?? []).map((user) => (
            <UserRow key={user.username} user={user} account={account} action={action} onChanged={users.reload} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AddUser({ account, action, onAdded }: { account: Account; action: Action; onAdded: () => void }) {
  const { t } = useTranslation();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const user = { username: data.get('username'), password: data.get('password'), role: data.get('role') };
    action.run(
      () => api.post('api/users', account.csrfToken, user),
      () => {
        form.reset();
        onAdded();
      },
    );
  };
  return (
    <form className="row" onSubmit={submit} data-testid="add-user">
      <h3>{t('accounts.add')}</h3>
      <label>
        {t('accounts.username')} <input name="username" required pattern="[0-9A-Za-z._@\-]{1,64}" autoComplete="off" />
      </label>
      <label>
        {t('accounts.password')}{' '}
        <input name="password" type="password" minLength={12} maxLength={256} required autoComplete="new-password" />
      </label>
      <label>
        {t('accounts.role')}{' '}
        <select name="role" defaultValue="supervisor">
          <option value="supervisor">{t('roles.supervisor')}</option>
          <option value="it">{t('roles.it')}</option>
        </select>
      </label>
      <button type="submit" disabled={action.busy}>
        {t('accounts.addButton')}
      </button>
    </form>
  );
}

function UserRow({ user, account, action, onChanged }: { user: AccountRow; account: Account; action: Action; onChanged: () => void }) {
  const { t } = useTranslation();
  const [resetting, setResetting] = useState(false);
  const path = `api/users/${encodeURIComponent(user.username)}`;
  const run = (work: () => Promise<unknown>) => action.run(work, onChanged);
  return (
    <tr data-testid={`user-${user.username}`}>
      <td>{user.username}</td>
      <td>
        <select
          aria-label={t('accounts.roleOf', { name: user.username })}
          value={user.role}
          disabled={action.busy}
          onChange={(event) => run(() => api.post(`${path}/role`, account.csrfToken, { role: event.target.value }))}
        >
          <option value="supervisor">{t('roles.supervisor')}</option>
          <option value="it">{t('roles.it')}</option>
        </select>
      </td>
      <td>{clock(user.createdAt)}</td>
      <td>{user.lastLoginAt === null ? t('accounts.never') : clock(user.lastLoginAt)}</td>
      <td>{user.disabledAt === null ? t('accounts.enabled') : t('accounts.disabled')}</td>
      <td className="actions">
        {resetting ? (
          <form
            className="inline"
            onSubmit={(event) => {
              event.preventDefault();
              const password = new FormData(event.currentTarget).get('password');
              action.run(
                () => api.post(`${path}/password`, account.csrfToken, { password }),
                () => {
                  setResetting(false);
                  onChanged();
                },
              );
            }}
          >
            <label>
              {t('accounts.newPassword', { name: user.username })}{' '}
              <input name="password" type="password" minLength={12} maxLength={256} required autoComplete="new-password" />
            </label>
            <button type="submit">{t('accounts.setPassword')}</button>
            <button type="button" onClick={() => setResetting(false)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setResetting(true)}>
            {t('accounts.reset')}
          </button>
        )}
        <button
          type="button"
          disabled={action.busy}
          onClick={() => run(() => api.post(`${path}/disabled`, account.csrfToken, { disabled: user.disabledAt === null }))}
        >
          {user.disabledAt === null ? t('accounts.disable') : t('accounts.enable')}
        </button>
        <button
          type="button"
          disabled={action.busy || user.username === account.username}
          onClick={() => {
            if (window.confirm(t('accounts.confirmRemove', { name: user.username }))) run(() => api.delete(path, account.csrfToken));
          }}
        >
          {t('accounts.remove')}
        </button>
      </td>
    </tr>
  );
}
