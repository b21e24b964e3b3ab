// Devices and device tokens (设备令牌): each device writes telemetry for its one asset with a
// token shown once at creation or rotation (rotation revokes the old token at once).
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
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
              <table data-testid="devices-table">
                <thead>
                  <tr>
                    <th>{t('common.name')}</th>
                    <th>{t('devices.asset')}</th>
                    <th>{t('devices.lastSeen')}</th>
                    <th>{t('common.createdAt')}</th>
                    {mayWrite && <th>{t('common.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id}>
                      <td>{d.name}</td>
                      <td>{assetName.get(d.assetId) ?? d.assetId}</td>
                      <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : t('devices.never')}</td>
                      <td>{formatDateTime(d.createdAt)}</td>
                      {mayWrite && (
                        <td className="actions">
                          <button
                            type="button"
                            disabled={rotate.isPending}
                            onClick={() => rotate.mutate(d)}
                          >
                            {t('devices.rotate')}
                          </button>{' '}
                          <button
                            type="button"
                            disabled={remove.isPending}
                            onClick={() => {
                              if (window.confirm(t('common.confirmDelete', { name: d.name })))
                                remove.mutate(d);
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

function CreateDevice({
  assets,
  onCreated,
}: {
  assets: AssetRef[];
  onCreated: (s: { name: string; token: string }) => void;
}) {
  const { t } = useTranslation('registry');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [assetId, setAssetId] = useState('');
  const chosen = assetId || assets[0]?.id || '';
  const create = useAction(
    () =>
      api.post<'/api/v1/devices', Device & { token: string }>('/api/v1/devices', {
        name,
        assetId: chosen,
      }),
    {
      success: (d) => {
        onCreated({ name: d.name, token: d.token });
        setOpen(false);
        setName('');
        return t('devices.created', { name: d.name });
      },
      invalidate: [devicesKey],
    },
  );
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        {t('devices.create')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('devices.create')}>
      <label>
        {t('common.name')}
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('devices.asset')}
        <select value={chosen} onChange={(e) => setAssetId(e.target.value)}>
          {assets.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.serial})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={create.isPending || !chosen}>
        {t('common.submit')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
