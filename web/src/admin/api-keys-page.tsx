// API keys (API 密钥): list, create (the key is shown once), revoke. Only roles with
// apikey:write see the page's data and its buttons.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey } from '../api/types';
import { ActionTable } from '../shell/action-table';
import { CreateForm, useFields } from '../shell/create-form';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { RoleSelect, useGrantable } from '../shell/role-select';
import { useCan } from '../shell/session';
import { Empty, QueryView } from '../shell/states';

const key = ['admin', 'api-keys'];

export function ApiKeysPage() {
  const { t } = useTranslation('admin');
  const mayManage = useCan('apikey:write');
  const keys = useQuery({
    queryKey: key,
    queryFn: () => api.get<'/api/v1/api-keys', ApiKey[]>('/api/v1/api-keys'),
    enabled: mayManage,
  });
  const [created, setCreated] = useState<string | null>(null);
  const revoke = useAction(
    (k: ApiKey) => api.delete('/api/v1/api-keys/{id}', { path: { id: k.id } }),
    { success: (_r, k) => t('apiKeys.revokedDone', { name: k.name }), invalidate: [key] },
  );
  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">{t('apiKeys.title')}</h1>
      <p className="muted">{t('apiKeys.intro')}</p>
      {!mayManage ? (
        <Empty>{t('apiKeys.noPermission')}</Empty>
      ) : (
        <>
          <CreateKey onCreated={setCreated} />
          {created && (
            <div className="panel" data-testid="new-key">
              <p>{t('apiKeys.shownOnce')}</p>
              <p className="secret">{created}</p>
            </div>
          )}
          <div className="card table-wrap">
            <QueryView query={keys} isEmpty={(d) => d.length === 0} empty={t('apiKeys.empty')}>
              {(list) => (
                <ActionTable
                  rows={list}
                  rowKey={(k) => k.id}
                  columns={[
                    { header: t('apiKeys.name'), cell: (k) => k.name },
                    {
                      header: t('apiKeys.role'),
                      cell: (k) => t(`role.${k.role}`, { ns: 'shell' }),
                    },
                    { header: t('apiKeys.prefix'), cell: (k) => <code>{k.prefix}…</code> },
                    { header: t('apiKeys.createdAt'), cell: (k) => formatDateTime(k.createdAt) },
                    {
                      header: t('apiKeys.lastUsedAt'),
                      cell: (k) =>
                        k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('apiKeys.never'),
                    },
                    {
                      header: t('apiKeys.status'),
                      cell: (k) => (k.revoked ? t('apiKeys.revoked') : t('apiKeys.active')),
                    },
                  ]}
                  actionsHeader={<span className="sr-only">{t('apiKeys.revoke')}</span>}
                  actions={(k) =>
                    !k.revoked && (
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(k)}
                      >
                        {t('apiKeys.revoke')}
                      </button>
                    )
                  }
                />
              )}
            </QueryView>
          </div>
        </>
      )}
    </section>
  );
}

function CreateKey({ onCreated }: { onCreated: (key: string) => void }) {
  const { t } = useTranslation('admin');
  const { fields: f, set, reset } = useFields({ name: '', role: 'engineer' });
  const grantable = useGrantable();
  return (
    <CreateForm
      title={t('apiKeys.create')}
      submitLabel={t('apiKeys.submit')}
      submit={() =>
        api.post<'/api/v1/api-keys', { key: string; name: string }>('/api/v1/api-keys', f as never)
      }
      success={(r) => t('apiKeys.created', { name: r.name })}
      invalidate={[key]}
      onReset={reset}
      onCreated={(r) => onCreated(r.key)}
    >
      <label>
        {t('apiKeys.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <RoleSelect
        label={t('apiKeys.role')}
        value={f.role}
        onChange={set('role')}
        roles={grantable}
      />
    </CreateForm>
  );
}
