// One platform administrator kept current (GB/T 22239-2019 8.1.4.2 d: 多余或过期账户 disabled
// at once): renamed, disabled and re-enabled, or given a temporary password that must be changed
// at the next login (PATCH /api/v1/platform/administrators/{id}). Disabling or a new password
// ends the account's sessions on the server. Its duty never changes here: one account, one duty,
// so a new duty is a new account. No one disables their own account (the server refuses it too).
// A lost authenticator is removed (POST …/{id}/mfa/reset) after a confirming second click; the
// account enrols anew at its next login. Never one's own, as for disabling.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import './admin.css';

export interface PlatformAccount {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

type Patch = { name?: string; disabled?: boolean; password?: string };

export const platformAccountsKey = ['admin', 'users'];

/** The account's state as the table shows it: enabled, disabled, or awaiting a new password. */
export function AccountStatus({ user }: { user: PlatformAccount }) {
  const { t } = useTranslation('admin');
  if (user.disabled) return <span className="account-disabled">{t('admins.disabled')}</span>;
  return (
    <>
      {t('admins.enabled')}
      {user.mustChangePassword && <span className="muted"> · {t('admins.mustChange')}</span>}
    </>
  );
}

export function PlatformAccountActions({ user }: { user: PlatformAccount }) {
  const { t } = useTranslation('admin');
  const me = useSession().data;
  const [open, setOpen] = useState<null | 'rename' | 'password' | 'mfa'>(null);
  const [name, setName] = useState(user.name);
  const [password, setPassword] = useState('');
  const patch = useAction(
    (body: Patch) =>
      api.patch('/api/v1/platform/administrators/{id}', body, { path: { id: user.id } }),
    {
      success: (_r, body) => {
        setOpen(null);
        setPassword('');
        if (body.password) return t('admins.passwordReset', { email: user.email });
        if (body.disabled !== undefined)
          return t(body.disabled ? 'admins.disabledDone' : 'admins.enabledDone', {
            email: user.email,
          });
        return t('admins.renamed', { email: user.email });
      },
      invalidate: [platformAccountsKey],
    },
  );
  const resetFactor = useAction(
    () =>
      api.post('/api/v1/platform/administrators/{id}/mfa/reset', undefined, {
        path: { id: user.id },
      }),
    {
      success: () => {
        setOpen(null);
        return t('admins.mfaResetDone', { email: user.email });
      },
      invalidate: [platformAccountsKey],
    },
  );
  if (!useCan('user:write')) return null;
  const self = me?.userId === user.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    patch.mutate(open === 'rename' ? { name: name.trim() } : { password });
  };
  if (open === 'mfa')
    return (
      <span
        className="account-actions"
        role="group"
        aria-label={t('admins.mfaResetOf', { email: user.email })}
      >
        {t('admins.mfaResetConfirm', { email: user.email })}
        <button
          type="button"
          className="primary"
          disabled={resetFactor.isPending}
          onClick={() => resetFactor.mutate(undefined)}
        >
          {t('admins.mfaResetGo')}
        </button>
        <button type="button" onClick={() => setOpen(null)}>
          {t('admins.cancel')}
        </button>
      </span>
    );
  if (open)
    return (
      <form
        className="account-actions"
        onSubmit={submit}
        aria-label={t(open === 'rename' ? 'admins.renameOf' : 'admins.resetOf', {
          email: user.email,
        })}
      >
        {open === 'rename' ? (
          <label>
            {t('admins.newName')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
            />
          </label>
        ) : (
          <label>
            {t('admins.tempPassword')}
            <input
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
        )}
        <button type="submit" className="primary" disabled={patch.isPending}>
          {t('admins.save')}
        </button>
        <button type="button" onClick={() => setOpen(null)}>
          {t('admins.cancel')}
        </button>
      </form>
    );
  return (
    <span className="account-actions">
      <button type="button" onClick={() => setOpen('rename')}>
        {t('admins.rename')}
      </button>
      {!self && (
        <button
          type="button"
          disabled={patch.isPending}
          onClick={() => patch.mutate({ disabled: !user.disabled })}
        >
          {t(user.disabled ? 'admins.enable' : 'admins.disable')}
        </button>
      )}
      {!self && (
        <button type="button" onClick={() => setOpen('password')}>
          {t('admins.resetPassword')}
        </button>
      )}
      {!self && (
        <button type="button" onClick={() => setOpen('mfa')}>
          {t('admins.mfaReset')}
        </button>
      )}
    </span>
  );
}
