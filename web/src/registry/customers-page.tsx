// Customers (客户): the tenant's customers with their parent; customer:write creates and deletes.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { AdminTabs } from './tabs';
import type { Customer } from './types';
import { customersKey, fetchCustomers } from './users-page';

export function CustomersPage() {
  const { t } = useTranslation('registry');
  const mayRead = useCan('customer:write');
  const mayWrite = useCan('customer:write');
  const customers = useQuery({ queryKey: customersKey, enabled: mayRead, queryFn: fetchCustomers });
  const name = new Map((customers.data ?? []).map((c) => [c.id, c.name]));
  const remove = useAction(
    (c: Customer) => api.delete('/api/v1/customers/{id}', { path: { id: c.id } }),
    { success: (_r, c) => t('customers.deleted', { name: c.name }), invalidate: [customersKey] },
  );
  return (
    <section aria-labelledby="customers-title">
      <AdminTabs />
      <h1 id="customers-title">{t('customers.title')}</h1>
      <p className="muted">{t('customers.intro')}</p>
      {mayWrite && <CreateCustomer customers={customers.data ?? []} />}
      {!mayRead && <Empty>{t('common.noPermission')}</Empty>}
      {mayRead && (
        <div className="card table-wrap">
          <QueryView query={customers} isEmpty={(d) => d.length === 0} empty={t('customers.empty')}>
            {(list) => (
              <table data-testid="customers-table">
                <thead>
                  <tr>
                    <th>{t('common.name')}</th>
                    <th>{t('customers.parent')}</th>
                    <th>{t('common.createdAt')}</th>
                    {mayWrite && <th>{t('common.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td>{c.parentId ? (name.get(c.parentId) ?? c.parentId) : '—'}</td>
                      <td>{formatDateTime(c.createdAt)}</td>
                      {mayWrite && (
                        <td>
                          <button
                            type="button"
                            disabled={remove.isPending}
                            onClick={() => {
                              if (window.confirm(t('common.confirmDelete', { name: c.name })))
                                remove.mutate(c);
                            }}
                          >
                            {t('common.delete')}
                          </button>
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

function CreateCustomer({ customers }: { customers: Customer[] }) {
  const { t } = useTranslation('registry');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const create = useAction(
    () => api.post('/api/v1/customers', { name, parentId: parentId || null }),
    {
      success: (c) => {
        setOpen(false);
        setName('');
        return t('customers.created', { name: c.name });
      },
      invalidate: [customersKey],
    },
  );
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        {t('customers.create')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('customers.create')}>
      <label>
        {t('common.name')}
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('customers.parent')}
        <select value={parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">{t('customers.noParent')}</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
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
