// Administrators (管理员与三权分立): the separation rule, the tenant's administrator settings
// (second factor for administrators, separation of duties; the security profile's floor
// cannot be lowered) and the accounts with their roles. A role change the server refuses
// (a second duty on one account, one after another included) shows the server's words, which
// name the rule `separation.one-duty`. Outside tenants, the platform's own administrators, each
// renamed, disabled or given a temporary password (platform-account.tsx).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from '../shell/notices';
import { RoleSelect, useGrantable } from '../shell/role-select';
import { useCan, useSession } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import {
  AccountStatus,
  PlatformAccountActions,
  platformAccountsKey,
  type PlatformAccount,
} from './platform-account';

const usersKey = platformAccountsKey;
const settingsKey = ['admin', 'security-settings'];
type Account = PlatformAccount;

export function AdministratorsPage() {
  const { t } = useTranslation('admin');
  const mayRead = useCan('user:read');
  const platform = useSession().data?.tenantId === null;
  const users = useQuery({
    queryKey: [...usersKey, platform],
    queryFn: (): Promise<Account[]> =>
      platform ? api.get('/api/v1/platform/administrators') : api.get('/api/v1/users'),
    enabled: mayRead,
  });
  return (
    <section aria-labelledby="admins-title">
      <h1 id="admins-title">{t('admins.title')}</h1>
      <div className="panel" data-testid="separation-rule">
        <h2>{t('admins.ruleTitle')}</h2>
        <ul>
          <li>{t('admins.ruleSystem')}</li>
          <li>{t('admins.ruleSecurity')}</li>
          <li>{t('admins.ruleAudit')}</li>
        </ul>
        <p>{t('admins.ruleOne')}</p>
      </div>
      {!mayRead ? (
        <Empty>{t('admins.noPermission')}</Empty>
      ) : (
        <>
          <Settings />
          <div className="card table-wrap">
            <QueryView query={users} isEmpty={(d) => d.length === 0} empty={t('admins.empty')}>
              {(list) => (
                <table>
                  <thead>
                    <tr>
                      <th>{t('admins.email')}</th>
                      <th>{t('admins.name')}</th>
                      <th>{t('admins.role')}</th>
                      {platform && <th>{t('admins.status')}</th>}
                      {platform && <th>{t('admins.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((u) => (
                      <tr key={u.id}>
                        <td>{u.email}</td>
                        <td>{u.name}</td>
                        <td>
                          {platform ? (
                            t(`role.${u.role}`, { ns: 'shell' })
                          ) : (
                            <RoleChange user={u} />
                          )}
                        </td>
                        {platform && (
                          <td>
                            <AccountStatus user={u} />
                          </td>
                        )}
                        {platform && (
                          <td>
                            <PlatformAccountActions user={u} />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </QueryView>
          </div>
        </>
      )}
    </section>
  );
}

function RoleChange({ user }: { user: Account }) {
  const { t } = useTranslation('admin');
  const grantable = useGrantable();
  const me = useSession().data;
  const [role, setRole] = useState(user.role);
  const change = useAction(
    () => api.patch('/api/v1/users/{id}', { role: role as never }, { path: { id: user.id } }),
    { success: () => t('admins.changed', { email: user.email }), invalidate: [usersKey] },
  );
  if (me?.userId === user.id || !grantable.includes(user.role as never))
    return <>{t(`role.${user.role}`, { ns: 'shell' })}</>;
  return (
    <span className="inline-form">
      <RoleSelect
        label={t('admins.roleOf', { email: user.email })}
        value={role}
        onChange={(e) => setRole(e.target.value)}
        roles={grantable}
      />
      <button
        type="button"
        disabled={role === user.role || change.isPending}
        onClick={() => change.mutate(undefined)}
      >
        {t('admins.change')}
      </button>
    </span>
  );
}

function Settings() {
  const { t } = useTranslation('admin');
  const mayWrite = useCan('security:write');
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: () => api.get('/api/v1/security/settings'),
    enabled: useCan('security:read'),
  });
  const save = useAction(
    (patch: { mfaForAdmins?: boolean; separation?: boolean }) =>
      api.put('/api/v1/security/settings', patch),
    { success: () => t('admins.saved'), invalidate: [settingsKey] },
  );
  const s = settings.data;
  if (!s) return null;
  const box = (k: 'mfaForAdmins' | 'separation') => (
    <label className="check">
      <input
        type="checkbox"
        checked={s[k]}
        disabled={!mayWrite || s.floor[k] || save.isPending}
        onChange={(e) => save.mutate({ [k]: e.target.checked })}
      />
      {t(`admins.${k}`)}
      {s.floor[k] && <span className="muted"> {t('admins.floor')}</span>}
    </label>
  );
  return (
    <fieldset className="card" data-testid="security-settings">
      <legend>{t('admins.settings')}</legend>
      {box('mfaForAdmins')}
      {box('separation')}
    </fieldset>
  );
}
