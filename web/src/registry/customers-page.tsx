// Customers (客户): the tenant's customers with their parent; customer:write creates and deletes.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ActionTable, DeleteButton } from '../shell/action-table';
import { CreateForm, useFields } from '../shell/create-form';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { AdminTabs } from './tabs';
import type { Customer } from './types';
import { customersKey, fetchCustomers } from './users-page';

export function CustomersPage() {
  const { t } = useTranslation('registry');
  const mayRead = useCan('customer:read');
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
              <ActionTable
                testId="customers-table"
                rows={list}
                rowKey={(c) => c.id}
                columns={[
                  { header: t('common.name'), cell: (c) => c.name },
                  {
                    header: t('customers.parent'),
                    cell: (c) => (c.parentId ? (name.get(c.parentId) ?? c.parentId) : '—'),
                  },
                  { header: t('common.createdAt'), cell: (c) => formatDateTime(c.createdAt) },
                ]}
                actions={
                  mayWrite
                    ? (c) => (
                        <DeleteButton
                          name={c.name}
                          pending={remove.isPending}
                          onDelete={() => remove.mutate(c)}
                        />
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

function CreateCustomer({ customers }: { customers: Customer[] }) {
  const { t } = useTranslation('registry');
  const { fields: f, set, reset } = useFields({ name: '', parentId: '' });
  return (
    <CreateForm
      title={t('customers.create')}
      submit={() => api.post('/api/v1/customers', { name: f.name, parentId: f.parentId || null })}
      success={(c) => t('customers.created', { name: c.name })}
      invalidate={[customersKey]}
      onReset={reset}
    >
      <label>
        {t('common.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <label>
        {t('customers.parent')}
        <select value={f.parentId} onChange={set('parentId')}>
          <option value="">{t('customers.noParent')}</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
    </CreateForm>
  );
}
