// Devices and device tokens (设备令牌): each device writes telemetry for its one asset with a
// token shown once at creation or rotation (rotation revokes the old token at once).
import { useState } from 'react';
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
import type { Device } from './types';

const devicesKey = ['registry', 'devices'];
type AssetRef = { id: string; name: string; serial: string };

export function DevicesPage() {
  const { t } = useTranslation('registry');
  const mayRead = useCan('device:read');
  const mayWrite = useCan('device:write');
  const devices = useQuery({
    enabled: mayRead,
    queryKey: devicesKey,
    queryFn: () => api.get<'/api/v1/devices', Device[]>('/api/v1/devices'),
  });
  const assets = useQuery({
    queryKey: ['registry', 'assets'],
    queryFn: async () =>
      (await api.get('/api/v1/assets', { query: { level: 'asset', pageSize: 500 } }))
        .items as AssetRef[],
  });
  const assetName = new Map((assets.data ?? []).map((a) => [a.id, `${a.name} (${a.serial})`]));
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const rotate = useAction(
    (d: Device) =>
      api.post<'/api/v1/devices/{id}/rotate-token', { token: string }>(
        '/api/v1/devices/{id}/rotate-token',
        {},
        { path: { id: d.id } },
      ),
    {
      success: (r, d) => {
        setSecret({ name: d.name, token: r.token });
        return t('devices.rotated', { name: d.name });
      },
    },
  );
  const remove = useAction(
    (d: Device) => api.delete('/api/v1/devices/{id}', { path: { id: d.id } }),
    { success: (_r, d) => t('devices.deleted', { name: d.name }), invalidate: [devicesKey] },
  );
  return (
    <section aria-labelledby="devices-title">
      <AdminTabs />
      <h1 id="devices-title">{t('devices.title')}</h1>
      <p className="muted">{t('devices.intro')}</p>
      {mayWrite && <CreateDevice assets={assets.data ?? []} onCreated={setSecret} />}
      {secret && (
        <div className="panel" data-testid="new-token">
          <p>{t('devices.shownOnce', { name: secret.name })}</p>
          <p className="secret">{secret.token}</p>
        </div>
      )}
      {!mayRead && <Empty>{t('common.noPermission')}</Empty>}
      {mayRead && (
        <div className="card table-wrap">
          <QueryView query={devices} isEmpty={(d) => d.length === 0} empty={t('devices.empty')}>
            {(list) => (
              <ActionTable
                testId="devices-table"
                rows={list}
                rowKey={(d) => d.id}
                columns={[
                  { header: t('common.name'), cell: (d) => d.name },
                  {
                    header: t('devices.asset'),
                    cell: (d) => assetName.get(d.assetId) ?? d.assetId,
                  },
                  {
                    header: t('devices.lastSeen'),
                    cell: (d) => (d.lastSeenAt ? formatDateTime(d.lastSeenAt) : t('devices.never')),
                  },
                  { header: t('common.createdAt'), cell: (d) => formatDateTime(d.createdAt) },
                ]}
                actions={
                  mayWrite
                    ? (d) => (
                        <>
                          <button
                            type="button"
                            disabled={rotate.isPending}
                            onClick={() => rotate.mutate(d)}
                          >
                            {t('devices.rotate')}
                          </button>{' '}
                          <DeleteButton
                            name={d.name}
                            pending={remove.isPending}
                            onDelete={() => remove.mutate(d)}
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

function CreateDevice({
  assets,
  onCreated,
}: {
  assets: AssetRef[];
  onCreated: (s: { name: string; token: string }) => void;
}) {
  const { t } = useTranslation('registry');
  const { fields: f, set, reset } = useFields({ name: '', assetId: '' });
  const chosen = f.assetId || assets[0]?.id || '';
  return (
    <CreateForm
      title={t('devices.create')}
      submit={() =>
        api.post<'/api/v1/devices', Device & { token: string }>('/api/v1/devices', {
          name: f.name,
          assetId: chosen,
        })
      }
      success={(d) => t('devices.created', { name: d.name })}
      invalidate={[devicesKey]}
      onReset={reset}
      onCreated={(d) => onCreated({ name: d.name, token: d.token })}
      incomplete={!chosen}
    >
      <label>
        {t('common.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <label>
        {t('devices.asset')}
        <select value={chosen} onChange={set('assetId')}>
          {assets.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.serial})
            </option>
          ))}
        </select>
      </label>
    </CreateForm>
  );
}
