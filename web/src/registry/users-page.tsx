// Users and roles (用户与角色): list; tenant admins (user:write) create users, change a role
// (only to roles at or below their own, as the server enforces), disable/enable and delete.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ActionTable, DeleteButton } from '../shell/action-table';
import { CreateForm, useFields } from '../shell/create-form';
import { formatDateTime } from '../shell/format';
import { RoleSelect, useGrantable } from '../shell/role-select';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { isRole, type Role } from '../../../src/identity/roles.ts';
import { AdminTabs } from './tabs';
import type { Customer, User } from './types';

const usersKey = ['registry', 'users'];
export const customersKey = ['registry', 'customers'];
export const fetchCustomers = () => api.get('/api/v1/customers');

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
              <ActionTable
                testId="users-table"
                rows={list}
                rowKey={(u) => u.id}
                columns={[
                  { header: t('common.name'), cell: (u) => u.name },
                  { header: t('users.email'), cell: (u) => u.email },
                  {
                    header: t('users.role'),
                    cell: (u) =>
                      editable(u) ? (
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
                      ),
                  },
                  {
                    header: t('users.customer'),
                    cell: (u) =>
                      u.customerId ? (customerName.get(u.customerId) ?? u.customerId) : '—',
                  },
                  {
                    header: t('users.status'),
                    cell: (u) => (u.disabled ? t('users.disabled') : t('users.enabled')),
                  },
                  { header: t('common.createdAt'), cell: (u) => formatDateTime(u.createdAt) },
                ]}
                actions={
                  mayWrite
                    ? (u) =>
                        editable(u) && (
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
                            <DeleteButton
                              name={u.name}
                              pending={remove.isPending}
                              onDelete={() => remove.mutate(u)}
                            />
                          </>
                        )
                    : undefined
                }
              />
            )}
          </QueryView>
        </div>
      )}
    </section>
  );
}

function CreateUser({ customers, grantable }: { customers: Customer[]; grantable: Role[] }) {
  const { t } = useTranslation('registry');
  const {
    fields: f,
    set,
    reset,
  } = useFields({
    name: '',
    email: '',
    role: 'engineer',
    password: '',
    customerId: '',
  });
  return (
    <CreateForm
      title={t('users.create')}
      submit={() =>
        api.post('/api/v1/users', {
          name: f.name,
          email: f.email,
          role: f.role as Role,
          password: f.password,
          customerId: f.customerId || null,
        })
      }
      success={(u) => t('users.created', { name: u.name })}
      invalidate={[usersKey]}
      onReset={reset}
    >
      <label>
        {t('common.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <label>
        {t('users.email')}
        <input required type="email" maxLength={254} value={f.email} onChange={set('email')} />
      </label>
      <RoleSelect label={t('users.role')} value={f.role} onChange={set('role')} roles={grantable} />
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
    </CreateForm>
  );
}
