// Users and roles (用户与角色): list; tenant admins (user:write) create users, change a role
// (only to roles at or below their own, as the server enforces), disable/enable and delete.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { canGrant, isRole, roles, type Role } from '../../../src/identity/roles.ts';
import { AdminTabs } from './tabs';
import type { Customer, User } from './types';

const usersKey = ['registry', 'users'];
export const customersKey = ['registry', 'customers'];
export const fetchCustomers = () => api.get('/api/v1/customers');

function useGrantable(): Role[] {
  const me = useSession().data;
  return roles.filter((r) => me && isRole(me.role) && canGrant(me.role, r));
}

export function UsersPage() {
  const { t } = useTranslation('registry');
  const mayWrite = useCan('user:write');
  const mayRead = useCan('user:read');
  const me = useSession().data;
  const users = useQuery({
    queryKey: usersKey,
    enabled: mayRead,
    queryFn: () => api.get('/api/v1/users'),
  });
  const customers = useQuery({ queryKey: customersKey, enabled: mayRead, queryFn: fetchCustomers });
  const customerName = new Map((customers.data ?? []).map((c) => [c.id, c.name]));
  const grantable = useGrantable();
  const update = useAction(
    (a: { user: User; body: { role?: string; disabled?: boolean } }) =>
      api.patch('/api/v1/users/{id}', a.body as never, { path: { id: a.user.id } }),
    { success: (_r, a) => t('users.updated', { name: a.user.name }), invalidate: [usersKey] },
  );
  const remove = useAction((u: User) => api.delete('/api/v1/users/{id}', { path: { id: u.id } }), {
    success: (_r, u) => t('users.deleted', { name: u.name }),
    invalidate: [usersKey],
  });
  const editable = (u: User) =>
    mayWrite && u.id !== me?.userId && isRole(u.role) && grantable.includes(u.role);
  return (
    <section aria-labelledby="users-title">
      <AdminTabs />
      <h1 id="users-title">{t('users.title')}</h1>
      <p className="muted">{t('users.intro')}</p>
      {!mayRead && <Empty>{t('common.noPermission')}</Empty>}
      {mayWrite && <CreateUser customers={customers.data ?? []} grantable={grantable} />}
      {mayRead && (
        <div className="card table-wrap">
          <QueryView query={users} isEmpty={(d) => d.length === 0} empty={t('users.empty')}>
            {(list) => (
              <table data-testid="users-table">
                <thead>
                  <tr>
                    <th>{t('common.name')}</th>
                    <th>{t('users.email')}</th>
                    <th>{t('users.role')}</th>
                    <th>{t('users.customer')}</th>
                    <th>{t('users.status')}</th>
                    <th>{t('common.createdAt')}</th>
                    {mayWrite && <th>{t('common.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => (
                    <tr key={u.id}>
                      <td>{u.name}</td>
                      <td>{u.email}</td>
                      <td>
                        {editable(u) ? (
                          <select
                            aria-label={t('users.changeRole', { name: u.name })}
                            value={u.role}
                            disabled={update.isPending}
                            onChange={(e) =>
                              update.mutate({ user: u, body: { role: e.target.value } })
                            }
                          >
                            {grantable.map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`, { ns: 'shell' })}
                              </option>
                            ))}
                          </select>
                        ) : (
                          t(`role.${u.role}`, { ns: 'shell' })
                        )}
                      </td>
                      <td>
                        {u.customerId ? (customerName.get(u.customerId) ?? u.customerId) : '—'}
                      </td>
                      <td>{u.disabled ? t('users.disabled') : t('users.enabled')}</td>
                      <td>{formatDateTime(u.createdAt)}</td>
                      {mayWrite && (
                        <td className="actions">
                          {editable(u) && (
                            <>
                              <button
                                type="button"
                                disabled={update.isPending}
                                onClick={() =>
                                  update.mutate({ user: u, body: { disabled: !u.disabled } })
                                }
                              >
                                {u.disabled ? t('users.enable') : t('users.disable')}
                              </button>{' '}
                              <button
                                type="button"
                                disabled={remove.isPending}
                                onClick={() => {
                                  if (window.confirm(t('common.confirmDelete', { name: u.name })))
                                    remove.mutate(u);
                                }}
                              >
                                {t('common.delete')}
                              </button>
                            </>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </QueryView>
        </div>
      )}
    </section>
  );
}

function CreateUser({ customers, grantable }: { customers: Customer[]; grantable: Role[] }) {
  const { t } = useTranslation('registry');
  const [open, setOpen] = useState(false);
  const empty = { name: '', email: '', role: 'engineer', password: '', customerId: '' };
  const [f, setF] = useState(empty);
  const create = useAction(
    () =>
      api.post('/api/v1/users', {
        name: f.name,
        email: f.email,
        role: f.role as Role,
        password: f.password,
        customerId: f.customerId || null,
      }),
    {
      success: (u) => {
        setOpen(false);
        setF(empty);
        return t('users.created', { name: u.name });
      },
      invalidate: [usersKey],
    },
  );
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        {t('users.create')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('users.create')}>
      <label>
        {t('common.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <label>
        {t('users.email')}
        <input required type="email" maxLength={254} value={f.email} onChange={set('email')} />
      </label>
      <label>
        {t('users.role')}
        <select value={f.role} onChange={set('role')}>
          {grantable.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`, { ns: 'shell' })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('users.customer')}
        <select value={f.customerId} onChange={set('customerId')}>
          <option value="">{t('users.noCustomer')}</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('users.password')}
        <input
          required
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={200}
          value={f.password}
          onChange={set('password')}
        />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('common.submit')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
