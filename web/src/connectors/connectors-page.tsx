// Connectors (设备接入): each connector with its protocol, endpoint, device and asset, where it
// runs and its live status (state, last error, rate), the status of each mapping (last value,
// last error), the create form and delete for roles with device:write.
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { ActionTable, DeleteButton } from '../shell/action-table';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { CreateConnector } from './create-connector';
import { MappingStatusTable, StateBadge } from './status-view';
import {
  connectorsKey,
  deleteConnector,
  fetchConnectors,
  fetchDevices,
  fetchStatus,
  statusKey,
  type Connector,
} from './queries';
import './connectors.css';

type AssetRef = { id: string; name: string; serial: string };

const endpoint = (c: Connector) =>
  c.protocol === 'modbus' ? `${c.host}:${c.port}` : `${c.endpointUrl} (${c.securityMode})`;

export function ConnectorsPage() {
  const { t } = useTranslation('connectors');
  const mayWrite = useCan('device:write');
  const list = useQuery({ queryKey: connectorsKey, queryFn: fetchConnectors });
  const devices = useQuery({ queryKey: ['connectors', 'devices'], queryFn: fetchDevices });
  const assets = useQuery({
    queryKey: ['connectors', 'assets'],
    queryFn: async () =>
      (await api.get('/api/v1/assets', { query: { level: 'asset', pageSize: 500 } }))
        .items as AssetRef[],
  });
  // Connectors being deleted: their status is no longer polled (it would answer 404).
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const qc = useQueryClient();
  const rows = (list.data ?? []).filter((c) => !gone.has(c.id));
  // Status is live: polled while the screen is open.
  const statuses = useQueries({
    queries: rows.map((c) => ({
      queryKey: statusKey(c.id),
      queryFn: () => fetchStatus(c.id),
      refetchInterval: 2000,
    })),
  });
  const status = new Map(rows.map((c, i) => [c.id, statuses[i]?.data]));
  const deviceOf = new Map((devices.data ?? []).map((d) => [d.id, d]));
  const assetName = new Map((assets.data ?? []).map((a) => [a.id, `${a.name} (${a.serial})`]));
  const remove = useAction(
    async (c: Connector) => {
      setGone((g) => new Set(g).add(c.id));
      await qc.cancelQueries({ queryKey: statusKey(c.id) });
      return deleteConnector(c.id).catch((e: unknown) => {
        setGone((g) => new Set([...g].filter((id) => id !== c.id)));
        throw e;
      });
    },
    {
      success: (_r, c) => t('page.deleted', { name: c.name }),
      invalidate: [connectorsKey],
    },
  );
  const rate = (id: string) =>
    (status.get(id)?.mappings ?? []).reduce((s, m) => s + m.rate, 0).toFixed(2);
  return (
    <section aria-labelledby="connectors-title">
      <h1 id="connectors-title">{t('page.title')}</h1>
      <p className="muted">{t('page.intro')}</p>
      {mayWrite && <CreateConnector devices={devices.data ?? []} />}
      <div className="card table-wrap">
        <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('page.empty')}>
          {(items) => (
            <ActionTable
              testId="connectors-table"
              caption={t('page.title')}
              rows={items}
              rowKey={(c) => c.id}
              columns={[
                {
                  header: t('page.name'),
                  cell: (c) => <Link to={`/connectors/${c.id}`}>{c.name}</Link>,
                },
                { header: t('page.protocol'), cell: (c) => t(`protocol.${c.protocol}`) },
                { header: t('page.endpoint'), cell: (c) => <code>{endpoint(c)}</code> },
                {
                  header: t('page.device'),
                  cell: (c) => {
                    const d = deviceOf.get(c.deviceId);
                    return d ? `${d.name} / ${assetName.get(d.assetId) ?? d.assetId}` : c.deviceId;
                  },
                },
                { header: t('page.runOn'), cell: (c) => t(`runOn.${c.runOn}`) },
                { header: t('page.state'), cell: (c) => <StateBadge status={status.get(c.id)} /> },
                {
                  header: t('page.lastError'),
                  cell: (c) => (
                    <span className="connector-error">{status.get(c.id)?.lastError}</span>
                  ),
                },
                { header: t('page.rate'), cell: (c) => rate(c.id) },
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
      {rows.map((c) => (
        <MappingStatusTable
          key={c.id}
          connector={c}
          status={status.get(c.id)}
          assetName={(id) => assetName.get(id) ?? id}
        />
      ))}
    </section>
  );
}
